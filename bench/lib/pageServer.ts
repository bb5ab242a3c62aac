/**
 * The server of every throughput drain: pageServerMain.ts in a child process (one core for the
 * client, one for the server), with pre-rendered pages served from memory. This side starts it,
 * reads what it rendered, and talks to its admin API: tokens, request counts, the window of pages
 * a backlog shows, and the server's own CPU time (process.cpuUsage in the server, to the
 * microsecond), read before and after each drain so its share of the wall time is known.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import type { EventType } from '../../emulator';
import type { DrainServer } from './drainSetup';
import { stopOnExit } from './emulatorChild';

export interface PageServer extends DrainServer {
	readonly pid: number;
	/** Seconds the server took to render every page (before anything was timed). */
	readonly renderSeconds: number;
	/** Bytes of rendered items, all types. */
	readonly bytes: number;
	/** Events per type the server can serve at most. */
	readonly backlog: Partial<Record<EventType, number>>;
	/** Shows the first `events` of every type (a multiple of 1000): the backlog of the next drains. */
	setWindow(events: number): Promise<void>;
	memory(): Promise<{ rss: number; heapUsed: number }>;
	stop(): Promise<void>;
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

export async function startPageServer(
	backlog: Partial<Record<EventType, number>>,
): Promise<PageServer> {
	const child = spawn(
		process.execPath,
		[
			// The same loader flags as this process (tsx), minus --expose-gc, which the server does not need.
			...process.execArgv.filter((flag) => flag !== '--expose-gc'),
			resolve(__dirname, 'pageServerMain.ts'),
			'--backlog',
			Object.entries(backlog)
				.map(([type, count]) => `${type}=${count}`)
				.join(','),
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	stopOnExit(child);
	const ready = await new Promise<{ url: string; renderSeconds: number; bytes: number }>(
		(resolveReady, reject) => {
			let text = '';
			child.stdout?.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				const line = text.split('\n')[0];
				if (text.includes('\n')) resolveReady(JSON.parse(line) as typeof ready);
			});
			child.once('exit', (code) =>
				reject(new Error(`page server exited early (${code}):\n${text}`)),
			);
		},
	);
	const { url } = ready;
	return {
		url,
		pid: child.pid as number,
		renderSeconds: ready.renderSeconds,
		bytes: ready.bytes,
		backlog,
		issueToken: async () =>
			(await adminJson<{ token: string }>(`${url}/admin/tokens`, 'POST', {})).token,
		resetStats: async () => {
			await adminJson(`${url}/admin/reset-stats`, 'POST', {});
		},
		apiRequests: async () => {
			const byPath = await adminJson<Record<string, Record<string, number>>>(`${url}/admin/stats`);
			let total = 0;
			for (const [path, statuses] of Object.entries(byPath)) {
				const failed = Object.keys(statuses).filter((status) => status !== '200');
				if (failed.length > 0)
					throw new Error(
						`${path} answered ${JSON.stringify(statuses)}: the figures would be wrong`,
					);
				total += statuses['200'] ?? 0;
			}
			return total;
		},
		cpuSeconds: async () => {
			const { user, system } = await adminJson<{ user: number; system: number }>(
				`${url}/admin/cpu`,
			);
			return (user + system) / 1e6;
		},
		setWindow: async (events) => {
			await adminJson(`${url}/admin/window`, 'POST', { events });
		},
		memory: () => adminJson(`${url}/admin/process`),
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((done) => child.once('exit', done));
			child.kill('SIGTERM');
			await exited;
		},
	};
}
