/**
 * The emulator in its own process, as `npm run emulator` runs it, for the one measurement that
 * needs a real server's bookkeeping: the node's own request budget (pacerWindow.ts), counted by
 * the emulator in sliding 60 s windows. Throughput drains use the page server (pageServer.ts).
 * Also stops every child process of the benchmark if it is interrupted (stopOnExit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { EventType, StatsSnapshot } from '../../emulator';

export interface EmulatorChildOptions {
	backlog: Partial<Record<EventType, number>>;
	/** false lifts the emulator's 600/min limit, so only the node's own pacing shows. */
	rateLimit: boolean;
}

export interface EmulatorChild {
	readonly url: string;
	readonly pid: number;
	/** A fresh token with every feature: each gets its own 500/min budget in the node's pacer. */
	issueToken(): Promise<string>;
	stats(): Promise<StatsSnapshot>;
	resetStats(): Promise<void>;
	stop(): Promise<void>;
}

/** Children still running, stopped if the benchmark is interrupted (they would outlive it). */
const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Stops `child` if this process exits or is interrupted first (used by pageServer.ts too). */
export function stopOnExit(child: ChildProcess): void {
	stopChildrenOnExit();
	running.add(child);
	child.once('exit', () => running.delete(child));
}

function stopChildrenOnExit(): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.once('exit', () => {
		for (const child of running) child.kill('SIGTERM');
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			for (const child of running) child.kill('SIGTERM');
			process.exit(130);
		});
	}
}

function backlogFlag(backlog: Partial<Record<EventType, number>>): string {
	return Object.entries(backlog)
		.map(([type, count]) => `${type}=${count}`)
		.join(',');
}

async function adminJson<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
	const response = await fetch(url, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok)
		throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

export async function startEmulatorChild(options: EmulatorChildOptions): Promise<EmulatorChild> {
	const keyDir = mkdtempSync(join(tmpdir(), 'drain-bench-'));
	const child: ChildProcess = spawn(
		process.execPath,
		[
			// The same loader flags as this process (tsx), minus --expose-gc, which the emulator does not need.
			...process.execArgv.filter((flag) => flag !== '--expose-gc'),
			resolve(__dirname, '../../emulator/cli.ts'),
			'--port',
			'0',
			'--backlog',
			backlogFlag(options.backlog),
			'--live',
			'0',
			options.rateLimit ? '--rate-limit' : '--no-rate-limit',
			'--no-print-token',
			'--key-file',
			join(keyDir, 'key.pem'),
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	stopOnExit(child);
	const url = await new Promise<string>((resolveUrl, reject) => {
		let text = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const match = /listening on (\S+)/.exec(text);
			if (match && text.includes('admin API')) resolveUrl(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`emulator exited early (${code}):\n${text}`)));
	});
	const pid = child.pid as number;
	return {
		url,
		pid,
		issueToken: async () =>
			(await adminJson<{ token: string }>(`${url}/admin/tokens`, 'POST', {})).token,
		stats: () => adminJson<StatsSnapshot>(`${url}/admin/stats`),
		resetStats: async () => {
			await adminJson(`${url}/admin/reset-stats`, 'POST');
		},
		stop: async () => {
			const exited = new Promise((done) => child.once('exit', done));
			child.kill('SIGTERM');
			await exited;
			rmSync(keyDir, { recursive: true, force: true });
		},
	};
}
