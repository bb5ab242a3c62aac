/**
 * One n8n server process: `n8n start` on Node.js 24, output appended to a log file, ready when it
 * prints "Editor is now accessible via" (after migrations and after it activated every active
 * workflow, which is when the activation polls have run). Stopped with SIGTERM, which n8n handles
 * as a graceful shutdown (crons off, running executions finished); SIGKILL for the whole process
 * group only if that takes too long. `kill()` is the crash: SIGKILL at once, nothing finished.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import { n8nEnv, type N8nEnvOptions } from './env';

const READY_LINE = 'Editor is now accessible via';
/** What `n8n worker` prints once it takes jobs from the queue (n8n 2.41.1, commands/worker.js). */
export const WORKER_READY_LINE = 'n8n worker is now ready';

/** The n8n command a server process runs: the main instance, or a queue-mode worker. */
export type N8nCommand = 'start' | 'worker';

/**
 * Every server started by this process and not yet gone. n8n runs in its own process group, so a
 * Ctrl-C of ours does not reach it: whoever handles the signal stops these.
 */
const running = new Set<N8nServer>();

export async function stopAllN8n(): Promise<void> {
	await Promise.all([...running].map((server) => server.stop()));
}

export interface N8nServer {
	readonly url: string;
	readonly pid: number;
	readonly logFile: string;
	/** Milliseconds from spawn to ready. */
	readonly startupMs: number;
	/** Resolves with the exit code once the process has gone (whoever ended it). */
	readonly exited: Promise<number | null>;
	stop(timeoutMs?: number): Promise<void>;
	/**
	 * SIGKILL to n8n and its task runner (the whole process group) at once, as the OOM killer or a
	 * pulled plug would: no shutdown, running executions cut off. Resolves once n8n has gone.
	 */
	kill(): Promise<void>;
}

export interface StartN8nOptions extends N8nEnvOptions {
	/** stdout+stderr of the process. */
	consoleLogFile: string;
	readyTimeoutMs?: number;
	/** `start` (the default) or `worker` (queue mode: takes executions from Redis, serves no editor). */
	command?: N8nCommand;
}

function waitForReady(
	readyLine: string,
	logFile: string,
	offset: number,
	child: ChildProcess,
	timeoutMs: number,
): Promise<void> {
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + timeoutMs;
		const timer = setInterval(() => {
			const text = fs.readFileSync(logFile).subarray(offset).toString('utf8');
			if (text.includes(readyLine)) {
				clearInterval(timer);
				resolve();
			} else if (child.exitCode !== null || child.signalCode !== null) {
				clearInterval(timer);
				reject(
					new Error(
						`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logFile}`,
					),
				);
			} else if (Date.now() > deadline) {
				clearInterval(timer);
				reject(new Error(`n8n was not ready after ${timeoutMs / 1000}s; see ${logFile}`));
			}
		}, 250);
	});
}

export async function startN8n(options: StartN8nOptions): Promise<N8nServer> {
	const started = Date.now();
	const command = options.command ?? 'start';
	const log = fs.openSync(options.consoleLogFile, 'a');
	fs.writeSync(
		log,
		`\n===== n8n ${options.runtime.version} ${command} ${new Date().toISOString()} =====\n`,
	);
	const offset = fs.fstatSync(log).size;
	// Its own process group, so a last-resort kill also reaches n8n's task-runner child.
	const child = spawn(options.runtime.node.binary, [options.runtime.cli, command], {
		cwd: options.userFolder,
		env: n8nEnv(options),
		stdio: ['ignore', log, log],
		detached: true,
	});
	fs.closeSync(log);
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code)),
	);
	const killGroup = () => {
		try {
			process.kill(-(child.pid as number), 'SIGKILL');
		} catch {
			// already gone
		}
	};
	try {
		await waitForReady(
			command === 'worker' ? WORKER_READY_LINE : READY_LINE,
			options.consoleLogFile,
			offset,
			child,
			options.readyTimeoutMs ?? 180_000,
		);
	} catch (error) {
		killGroup();
		await exited;
		throw error;
	}
	let stopping: Promise<void> | undefined;
	const kill = () => {
		stopping ??= (async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killGroup();
			await exited;
		})();
		return stopping;
	};
	const server: N8nServer = {
		url: `http://127.0.0.1:${options.port}`,
		pid: child.pid as number,
		logFile: options.consoleLogFile,
		startupMs: Date.now() - started,
		exited,
		stop: (timeoutMs = 45_000) => {
			stopping ??= (async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				child.kill('SIGTERM');
				const timer = setTimeout(killGroup, timeoutMs);
				await exited;
				clearTimeout(timer);
				// n8n stops its task runner itself; make sure nothing of the group outlives it.
				killGroup();
			})();
			return stopping;
		},
		kill,
	};
	running.add(server);
	void exited.then(() => running.delete(server));
	return server;
}
