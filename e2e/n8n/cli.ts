/**
 * n8n's own CLI, for what has to happen before `n8n start`: importing credentials and workflows
 * and activating them (n8n activates every active workflow when it starts). Each command boots
 * n8n's container and database, so each takes a few seconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { n8nEnv, type N8nEnvOptions } from './env';
import { runLogged, tailOf } from './exec';
import { n8nRelease } from './versions';

export interface N8nCliOptions extends Omit<N8nEnvOptions, 'port' | 'brokerPort'> {
	/** Where command output goes. */
	logFile: string;
}

async function runCli(options: N8nCliOptions, args: string[]): Promise<string> {
	// Ports are irrelevant to CLI commands but must not collide with a running server's defaults.
	const env = n8nEnv({ ...options, port: 0, brokerPort: 0 });
	const result = await runLogged(options.runtime.node.binary, [options.runtime.cli, ...args], {
		cwd: options.userFolder,
		env,
		logFile: options.logFile,
	});
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} failed (exit ${result.code}); log: ${options.logFile}\n${tailOf(result.output)}`,
		);
	}
	return result.output;
}

/**
 * Imports credentials given with plain data (n8n encrypts them on import). The file holding the
 * secrets exists only for the duration of the command, outside the user folder.
 */
export async function importCredentials(
	options: N8nCliOptions,
	credentials: object[],
): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-credentials-'));
	const file = path.join(dir, 'credentials.json');
	try {
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		await runCli(options, ['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** Imports every `*.json` workflow file of a folder in one command. */
export async function importWorkflowFolder(options: N8nCliOptions, folder: string): Promise<void> {
	await runCli(options, ['import:workflow', '--separate', `--input=${folder}`]);
}

/** 2.x publishes the workflow's current version; 1.x sets it active. */
export async function activateWorkflow(options: N8nCliOptions, workflowId: string): Promise<void> {
	await runCli(options, n8nRelease(options.runtime.version).activateCommand(workflowId));
}
