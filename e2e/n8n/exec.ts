/**
 * Running child commands (npm, the n8n CLI) with their output in a log file rather than a pipe:
 * an n8n CLI command whose output pipe closes early can spin for minutes, and npm installs are
 * too chatty to show. Long steps print a heartbeat so a first run that takes minutes shows life.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface RunOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** stdout and stderr are appended here. */
	logFile: string;
	/** Printed every `heartbeatMs` while the command runs, e.g. "… 1m30s". */
	heartbeat?: { label: string; everyMs?: number; detail?: () => string };
}

export interface RunResult {
	code: number;
	/** What this command wrote (not the whole log file). */
	output: string;
}

/**
 * The environment children get: ours minus what `npm run` and tsx inject (npm_config_* from the
 * project's .npmrc, NODE_OPTIONS loaders), which would otherwise leak into n8n or a nested npm.
 */
export function cleanChildEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^npm_/i.test(key) ||
			key === 'NODE_OPTIONS' ||
			key.startsWith('TSX_') ||
			key === 'INIT_CWD'
		)
			continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

export function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds < 60
		? `${seconds}s`
		: `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

export function runLogged(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const log = fs.openSync(options.logFile, 'a');
		fs.writeSync(log, `\n$ ${command} ${args.join(' ')}\n`);
		const startOffset = fs.fstatSync(log).size;
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', log, log],
		});
		const started = Date.now();
		const { heartbeat } = options;
		const timer = heartbeat
			? setInterval(() => {
					const detail = heartbeat.detail?.() ?? '';
					console.log(
						`  … ${heartbeat.label}: ${formatDuration(Date.now() - started)}${detail ? `, ${detail}` : ''}`,
					);
				}, heartbeat.everyMs ?? 15_000)
			: undefined;
		child.once('error', (error) => {
			if (timer) clearInterval(timer);
			fs.closeSync(log);
			reject(error);
		});
		child.once('close', (code) => {
			if (timer) clearInterval(timer);
			fs.closeSync(log);
			const output = fs.readFileSync(options.logFile).subarray(startOffset).toString('utf8');
			resolve({ code: code ?? 1, output });
		});
	});
}

/** The last lines of a log, for an error message that says why without opening the file. */
export function tailOf(text: string, lines = 25): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}
