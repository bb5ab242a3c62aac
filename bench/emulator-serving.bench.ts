/**
 * How fast does the emulator serve pages? Drains a large backlog of one event type over HTTP
 * with a plain keep-alive client (global fetch), pages of 1000, following cursors, and prints
 * events/s, requests and memory. A benchmark that prints figures, not a test.
 *
 *   npx tsx bench/emulator-serving.bench.ts [--events 1000000] [--type itemusages] [--version 2] [--in-process]
 *
 * By default the emulator runs in a child process (as `npm run emulator` would), so client
 * and server each get a core; --in-process runs both on one event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { readFlags, numberFlag, stringFlag, booleanFlag } from '../emulator/cli-args';
import { isEventType } from '../emulator/event-types';

interface Target {
	readonly url: string;
	readonly token: string;
	stop(): Promise<void>;
}

interface Page {
	items: unknown[];
	cursor: string;
	has_more: boolean;
}

interface ProcessInfo {
	rss: number;
	heapUsed: number;
}

const flags = readFlags(
	process.argv.slice(2),
	{},
	{
		events: {},
		type: {},
		version: {},
		'in-process': { boolean: true },
	},
);
const totalEvents = numberFlag(flags, 'events', 1_000_000, (n) => Number.isInteger(n) && n > 0);
const type = stringFlag(flags, 'type', 'itemusages');
const version = numberFlag(flags, 'version', 2, (n) => n === 1 || n === 2);
const inProcess = booleanFlag(flags, 'in-process', false);
if (!isEventType(type)) throw new Error(`unknown --type ${type}`);

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function startInProcess(): Promise<Target> {
	const emulator: Emulator = await startEmulator({
		port: 0,
		backlog: { [type]: totalEvents },
		rateLimit: false,
	});
	return { url: emulator.url, token: emulator.issueToken(), stop: () => emulator.stop() };
}

/** Runs `emulator/cli.ts` with this process's own tsx loader flags, reading URL and token from its output. */
async function startChild(): Promise<Target> {
	const keyDir = mkdtempSync(join(tmpdir(), 'emulator-bench-'));
	const child: ChildProcess = spawn(
		process.execPath,
		[
			...process.execArgv,
			resolve(__dirname, '../emulator/cli.ts'),
			'--port',
			'0',
			'--backlog',
			`${type}=${totalEvents}`,
			'--live',
			'0',
			'--no-rate-limit',
			'--key-file',
			join(keyDir, 'key.pem'),
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const output = await new Promise<string>((resolveOutput, reject) => {
		let text = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (/^Try:/m.test(text)) resolveOutput(text);
		});
		child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
	});
	const url = /listening on (\S+)/.exec(output)?.[1];
	const token = /^(eyJ\S+)$/m.exec(output)?.[1];
	if (!url || !token) throw new Error(`could not read URL and token from:\n${output}`);
	return {
		url,
		token,
		stop: async () => {
			const exited = new Promise((done) => child.once('exit', done));
			child.kill('SIGTERM');
			await exited;
			rmSync(keyDir, { recursive: true, force: true });
		},
	};
}

async function main(): Promise<void> {
	const target = inProcess ? await startInProcess() : await startChild();
	const headers = {
		Authorization: `Bearer ${target.token}`,
		'Content-Type': 'application/json',
		'User-Agent': 'emulator-bench/1.0',
	};
	const endpoint = `${target.url}/api/v${version}/${type}`;
	const serverMemory = async (): Promise<ProcessInfo> =>
		(await (await fetch(`${target.url}/admin/process`)).json()) as ProcessInfo;

	const before = await serverMemory();
	let body = JSON.stringify({ limit: 1000, start_time: '2000-01-01T00:00:00Z' });
	let requests = 0;
	let events = 0;
	let bytes = 0;
	let peakRss = before.rss;
	const started = process.hrtime.bigint();
	for (;;) {
		const response = await fetch(endpoint, { method: 'POST', headers, body });
		const text = await response.text();
		if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
		const page = JSON.parse(text) as Page;
		requests++;
		events += page.items.length;
		bytes += text.length;
		if (requests % 200 === 0) peakRss = Math.max(peakRss, (await serverMemory()).rss);
		if (!page.has_more) break;
		body = JSON.stringify({ cursor: page.cursor });
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const after = await serverMemory();
	peakRss = Math.max(peakRss, after.rss);
	await target.stop();

	const figures = {
		mode: inProcess ? 'in-process' : 'child process',
		endpoint: `/api/v${version}/${type}`,
		events,
		requests,
		seconds: Number(seconds.toFixed(2)),
		eventsPerSecond: Math.round(events / seconds),
		requestsPerSecond: Math.round(requests / seconds),
		megabytesPerSecond: Number((bytes / 1024 / 1024 / seconds).toFixed(1)),
		serverRss: `${mb(before.rss)} before, ${mb(after.rss)} after, ${mb(peakRss)} peak sampled`,
		serverHeapUsed: `${mb(before.heapUsed)} before, ${mb(after.heapUsed)} after`,
		clientRss: mb(process.memoryUsage().rss),
	};
	console.log(JSON.stringify(figures, null, 2));
	if (events !== totalEvents)
		console.log(`WARNING: drained ${events} events, expected ${totalEvents}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
