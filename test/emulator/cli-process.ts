import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Runs one of the emulator's TypeScript CLIs the way `npm run` does: through tsx. */

const REPO_ROOT = join(__dirname, '..', '..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export function spawnCli(
	script: string,
	args: readonly string[],
	env: NodeJS.ProcessEnv = {},
): ChildProcess {
	return spawn(TSX, [join(REPO_ROOT, 'emulator', script), ...args], {
		cwd: REPO_ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

export interface CliRun {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

export function runCli(
	script: string,
	args: readonly string[],
	env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
	const child = spawnCli(script, args, env);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
}
