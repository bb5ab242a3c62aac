/**
 * `npm run bench:queue`: a backfill at scale through the real n8n in queue mode (issue 16). The
 * emulator holds N item usages spread over the last 7 days; one workflow (the trigger with Start
 * From 8 days back → an HTTP Request posting each execution's batch to a local listener) is
 * activated on n8n 2.41.1 as one main and two workers, on a private PostgreSQL and Redis
 * (e2e/queue). It prints what the issue asks for: time to drain, events/s end to end, peak
 * memory of the main and of each worker (the n8n process and its task runner), PostgreSQL growth
 * (the database and the execution tables), and what the execution list looks like afterwards
 * (how many executions, their statuses, how long the public API and the editor's list take).
 *
 *   npm run bench:queue [-- --events 1000000 --max-per-poll 50000 --page-size 1000
 *                          --save-success all|none]
 *
 * The trigger polls every minute, the shortest n8n allows a poll trigger ("The polling interval is
 * too short. It has to be at least a minute."), so a backfill drains at most Max Events per Poll a
 * minute: 50,000 by default here (20 polls for a million), not the node's default of 10,000
 * (100 polls). Every figure it prints comes from this run; nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startEmulator } from '../emulator';
import { sleep, waitUntil } from '../e2e/checks';
import { formatDuration } from '../e2e/n8n/exec';
import { buildAndPack } from '../e2e/n8n/package';
import { E2E_WORK_DIR } from '../e2e/n8n/paths';
import { ensureN8n } from '../e2e/n8n/runtime';
import { CREDENTIAL_TYPE, emulatorCredentialData } from '../e2e/n8n/seed';
import { stopAllN8n, type N8nServer } from '../e2e/n8n/process';
import { startQueueCluster, type QueueCluster } from '../e2e/queue/cluster';
import { ensureQueueServices, startPostgres, startRedis } from '../e2e/queue/services';
import { startSink } from '../e2e/sink';
import { deliveryWorkflow } from '../e2e/workflows';

const N8N_VERSION = '2.41.1';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Resident memory of a process and of its descendants (n8n's task runner), in bytes. */
function rssOf(pid: number): { own: number; withChildren: number } {
	const read = (id: number): number => {
		try {
			const status = fs.readFileSync(`/proc/${id}/status`, 'utf8');
			const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
			return kb ? Number(kb) * 1024 : 0;
		} catch {
			return 0;
		}
	};
	const children = (id: number): number[] => {
		try {
			return fs
				.readdirSync(`/proc/${id}/task`)
				.flatMap((task) =>
					fs
						.readFileSync(`/proc/${id}/task/${task}/children`, 'utf8')
						.trim()
						.split(/\s+/)
						.filter(Boolean)
						.map(Number),
				);
		} catch {
			return [];
		}
	};
	const own = read(pid);
	let withChildren = own;
	const queue = children(pid);
	while (queue.length > 0) {
		const child = queue.shift() as number;
		withChildren += read(child);
		queue.push(...children(child));
	}
	return { own, withChildren };
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			events: { type: 'string', default: '1000000' },
			'max-per-poll': { type: 'string', default: '50000' },
			'page-size': { type: 'string', default: '1000' },
			'save-success': { type: 'string', default: 'all' },
			'timeout-minutes': { type: 'string', default: '90' },
		},
	});
	const events = Number(values.events);
	const maxPerPoll = Number(values['max-per-poll']);
	const pageSize = Number(values['page-size']);
	const saveSuccess = values['save-success'];
	if (!(events > 0) || !(maxPerPoll > 0) || !(pageSize > 0))
		throw new Error('--events, --max-per-poll and --page-size must be positive numbers');
	if (saveSuccess !== 'all' && saveSuccess !== 'none')
		throw new Error('--save-success must be all or none');

	const runtime = await ensureN8n(N8N_VERSION);
	const tarball = await buildAndPack();
	const workDir = path.join(E2E_WORK_DIR, 'bench-queue-backfill');
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.mkdirSync(workDir, { recursive: true });
	await ensureQueueServices(path.join(workDir, 'apt.log'));
	const postgres = await startPostgres(path.join(workDir, 'postgres'));
	const redis = await startRedis(path.join(workDir, 'redis'));
	const emulatorStarted = Date.now();
	const emulator = await startEmulator({
		port: 0,
		seed: 'bench-queue-backfill',
		backlog: { itemusages: events, signinattempts: 0, auditevents: 0 },
		backlogSpanMs: 7 * DAY_MS,
		live: false,
	});
	console.log(
		`emulator: ${events.toLocaleString('en-US')} item usages over 7 days (${formatDuration(Date.now() - emulatorStarted)})`,
	);
	const sink = await startSink();
	let cluster: QueueCluster | undefined;
	try {
		cluster = await startQueueCluster({
			runtime,
			tarball,
			workDir,
			postgres,
			redis,
			workers: 2,
			extraEnv: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: saveSuccess },
			log: (line) => console.log(line),
		});
		const queue = cluster;
		const { client } = await queue.startMain();
		await Promise.all(queue.workers.map((worker) => worker.start()));
		const sizeSql =
			"SELECT pg_database_size(current_database()), pg_total_relation_size('execution_entity'), pg_total_relation_size('execution_data')";
		const sizes = async () => (await postgres.query(sizeSql)).split('|').map(Number);
		const sizesBefore = await sizes();

		const name = 'backfill';
		const credentialId = await client.createCredential(
			name,
			CREDENTIAL_TYPE,
			emulatorCredentialData(emulator.url, emulator.issueToken()),
		);
		const workflow = await client.createWorkflow(
			deliveryWorkflow({
				name,
				credentialId,
				sinkUrl: sink.url,
				trigger: {
					eventTypes: ['itemUsages'],
					startFrom: 'lookback',
					lookbackAmount: 8,
					lookbackUnit: 'days',
					output: 'raw',
					options: { maxEventsPerPoll: maxPerPoll, pageSize },
				},
			}),
		);
		const processes = (): Array<[string, N8nServer | undefined]> => [
			['main', queue.main()],
			...queue.workers.map((worker): [string, N8nServer | undefined] => [
				worker.name,
				worker.server(),
			]),
		];
		const peaks = new Map<string, { own: number; withChildren: number }>();
		const sample = () => {
			for (const [label, server] of processes()) {
				if (!server) continue;
				const now = rssOf(server.pid);
				const peak = peaks.get(label) ?? { own: 0, withChildren: 0 };
				peaks.set(label, {
					own: Math.max(peak.own, now.own),
					withChildren: Math.max(peak.withChildren, now.withChildren),
				});
			}
		};
		sample();
		const idle = new Map(peaks);
		const sampler = setInterval(sample, 1_000);

		const started = Date.now();
		await client.activateWorkflow(workflow.id);
		console.log(
			`activated: Max Events per Poll ${maxPerPoll}, page size ${pageSize}, polls every minute, execution data on success: ${saveSuccess}`,
		);
		const unique = () => new Set(sink.uuids(name)).size;
		let lastReport = Date.now();
		const drained = await waitUntil(
			() => {
				if (Date.now() - lastReport > 60_000) {
					lastReport = Date.now();
					console.log(
						`  ${formatDuration(Date.now() - started)}: ${unique().toLocaleString('en-US')} received`,
					);
				}
				return unique() >= events;
			},
			Number(values['timeout-minutes']) * 60_000,
			1_000,
		);
		const batches = sink.batches(name);
		const lastAt = Math.max(...batches.map((batch) => batch.receivedAt));
		const firstAt = Math.min(...batches.map((batch) => batch.receivedAt));
		await sleep(5_000);
		clearInterval(sampler);
		sample();
		const sizesAfter = await sizes();

		const listStarted = Date.now();
		const executions = await client.executions(workflow.id);
		const listMs = Date.now() - listStarted;
		const statuses = new Map<string, number>();
		for (const execution of executions)
			statuses.set(execution.status, (statuses.get(execution.status) ?? 0) + 1);
		const pageStarted = Date.now();
		await client.executions(workflow.id, true).catch(() => []);
		const pageWithDataMs = Date.now() - pageStarted;

		const received = sink.uuids(name).length;
		const seconds = (lastAt - started) / 1000;
		console.log('');
		console.log(
			`## Backfill of ${events.toLocaleString('en-US')} events in queue mode (n8n ${N8N_VERSION}, 1 main + 2 workers)`,
		);
		console.log(
			`- drained: ${drained ? 'yes' : 'NO (timed out)'}; received ${received.toLocaleString('en-US')} (unique ${unique().toLocaleString('en-US')}, repeats ${received - unique()})`,
		);
		console.log(
			`- time to drain (activation → last batch at the listener): ${formatDuration(lastAt - started)}; first batch after ${formatDuration(firstAt - started)}`,
		);
		console.log(`- events/s end to end: ${(unique() / seconds).toFixed(0)}`);
		console.log(
			`- executions delivering: ${batches.length} (≈ ${(unique() / Math.max(1, batches.length)).toFixed(0)} events each)`,
		);
		for (const [label, peak] of peaks)
			console.log(
				`- peak RSS ${label}: ${mib(peak.own)} (with its task runner ${mib(peak.withChildren)}; idle before: ${mib(idle.get(label)?.own ?? 0)})`,
			);
		const growth = (index: number) => mib(sizesAfter[index] - sizesBefore[index]);
		console.log(
			`- PostgreSQL growth: database +${growth(0)} (now ${mib(sizesAfter[0])}), execution_entity +${growth(1)}, execution_data +${growth(2)}`,
		);
		console.log(
			`- execution list: ${executions.length} executions (${[...statuses].map(([status, count]) => `${count} ${status}`).join(', ')}); listing them all through the public API took ${formatDuration(listMs)}, with their data ${formatDuration(pageWithDataMs)}`,
		);
		const stats = (await (await fetch(`${emulator.url}/admin/stats`)).json()) as {
			eventRequests?: { peakPer60s?: number };
		};
		console.log(`- Events API requests: busiest 60 s ${stats.eventRequests?.peakPer60s ?? '?'}`);
		if (!drained) process.exitCode = 1;
	} finally {
		await cluster?.stop();
		await emulator.stop();
		await sink.stop();
		await redis.stop();
		await postgres.stop();
	}
}

// n8n runs in process groups of its own: a Ctrl-C of the bench must stop them too.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.once(signal, () => void stopAllN8n().then(() => process.exit(130)));

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
