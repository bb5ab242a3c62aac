/**
 * Delivery in n8n's queue mode, with a real PostgreSQL and a real Redis started by the suite
 * (e2e/queue/services.ts) and one main plus two workers (e2e/queue/cluster.ts):
 *
 *  1. steady delivery: the stream workflows of the main suite (scenarios/stream.ts) and the one
 *     of scenarios/sigkill.ts start on a backlog larger than one poll and get a live trickle for
 *     about three minutes, then a last batch and a drain: every event exactly once, every
 *     execution run by a worker (none by the main), and both workers ran some;
 *  2. a worker killed with SIGKILL while it runs an execution that has delivered its batch (the
 *     sink holds the answer): what n8n records for it, the other worker carries on, the killed
 *     worker is started again, and nothing is lost (a repeat only from the killed execution);
 *  3. PostgreSQL down (fast shutdown) for 75 s while events stream in, so that every workflow
 *     ticks at least once without a database: every process outlives it, every workflow delivers
 *     again afterwards, and nothing is lost or repeated.
 *
 * Only the main polls (it is the leader); executions run on the workers.
 */
import fs from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator, type EventType } from '../emulator';
import { formatDuration } from './n8n/exec';
import { E2E_WORK_DIR } from './n8n/paths';
import type { N8nRuntime } from './n8n/runtime';
import { n8nRelease } from './n8n/versions';
import { Checks, sleep, waitUntil } from './checks';
import type { SuiteContext } from './context';
import { EventSource } from './event-source';
import { startQueueCluster, type QueueCluster } from './queue/cluster';
import {
	ensureQueueServices,
	startPostgres,
	startRedis,
	type PostgresHandle,
	type RedisHandle,
} from './queue/services';
import { postgresOutage } from './queue/postgres-outage';
import { killWorkerMidExecution, settledStatuses } from './queue/worker-kill';
import { checkKilledDeliveries, createKilledWorkflow } from './scenarios/sigkill';
import { createStreamWorkflows, type StreamWorkflow } from './scenarios/stream';
import { startSink, type Sink } from './sink';
import type { SuiteResult } from './suite';

const ALL_TYPES: EventType[] = ['itemusages', 'signinattempts', 'auditevents'];
/** Per type, before the workflows are activated: more than one poll of every stream. */
const BACKLOG_PER_TYPE = 700;
const MINUTE = 60_000;
/** How long the live trickle of the steady scenario runs. */
const STEADY_MS = 3 * MINUTE;
const WORKERS = 2;
/** PostgreSQL down for longer than a cron minute: every workflow ticks at least once meanwhile. */
const OUTAGE_MS = 75_000;

export async function runQueueSuite(
	runtime: N8nRuntime,
	tarball: string,
	log: (line: string) => void,
): Promise<SuiteResult> {
	const started = Date.now();
	const timings: Record<string, number> = {};
	const checks = new Checks(log);
	const workDir = path.join(E2E_WORK_DIR, `queue-n8n-${runtime.version}`);
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.mkdirSync(workDir, { recursive: true });
	let postgres: PostgresHandle | undefined;
	let redis: RedisHandle | undefined;
	let cluster: QueueCluster | undefined;
	let emulator: Emulator | undefined;
	let sink: Sink | undefined;
	let source: EventSource | undefined;
	const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
		const from = Date.now();
		const result = await run();
		timings[label] = Date.now() - from;
		return result;
	};

	try {
		const install = await ensureQueueServices(path.join(workDir, 'apt.log'));
		if (install.installed.length > 0)
			timings[`apt-get install ${install.installed.join(' ')}`] = install.ms;
		// One at a time, so that the finally block stops whichever started if the other throws.
		const servicesStarted = Date.now();
		postgres = await startPostgres(path.join(workDir, 'postgres'));
		redis = await startRedis(path.join(workDir, 'redis'));
		timings['PostgreSQL + Redis start'] = Date.now() - servicesStarted;
		log(`PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

		emulator = await startEmulator({
			port: 0,
			seed: `e2e-queue-${runtime.version}`,
			backlog: 0,
			live: false,
		});
		sink = await startSink();
		source = new EventSource(emulator);
		const pg = postgres;
		const rd = redis;
		cluster = await time('package install (main + copies)', () =>
			startQueueCluster({
				runtime,
				tarball,
				workDir,
				postgres: pg,
				redis: rd,
				workers: WORKERS,
				log,
			}),
		);
		const queue = cluster;
		const { client } = await time('main start (fresh PostgreSQL: migrations)', () =>
			queue.startMain(),
		);
		await time('workers start (side by side)', () =>
			Promise.all(queue.workers.map((worker) => worker.start())),
		);
		const readiness = await queue.readiness();
		checks.check(
			'queue: both workers answer 200 on /healthz/readiness',
			Object.values(readiness).every((status) => status === 200),
			JSON.stringify(readiness),
		);
		const context: SuiteContext = {
			release: n8nRelease(runtime.version),
			runtime,
			checks,
			emulator,
			source,
			sink,
			userFolder: queue.mainUserFolder,
			logsDir: queue.logsDir,
			tokens: [],
			client,
			log,
		};

		// 1. Steady delivery.
		const ev = source;
		const sk = sink;
		for (const type of ALL_TYPES) ev.produce(type, { count: BACKLOG_PER_TYPE });
		const streams = await createStreamWorkflows(context);
		const killedStream = await createKilledWorkflow(context);
		const all = [...streams, killedStream];
		for (const workflow of all) await client.activateWorkflow(workflow.id);
		const steadyStarted = Date.now();
		ev.startTrickle();
		await sleep(STEADY_MS);
		ev.stopTrickle();
		for (const type of ALL_TYPES) ev.produce(type, { count: 3 });
		ev.produce('itemusages', { count: 5, late: true });
		const drained = () =>
			all.every(
				(workflow) => ev.uuids(workflow.types).size <= new Set(sk.uuids(workflow.name)).size,
			);
		const drainStarted = Date.now();
		const steadyDrained = await waitUntil(drained, 2 * MINUTE + 10_000, 2_000);
		timings['steady: drain after the trickle'] = Date.now() - drainStarted;
		timings['steady: scenario'] = Date.now() - steadyStarted;
		checks.check(
			'steady: every workflow caught up after the trickle',
			steadyDrained,
			all
				.map(
					(workflow) =>
						`${workflow.name}: ${new Set(sk.uuids(workflow.name)).size}/${ev.uuids(workflow.types).size}`,
				)
				.join(', '),
		);
		// Let the executions whose batches just arrived finish and be logged.
		await sleep(3_000);
		for (const workflow of all)
			checks.tally(
				`steady: ${workflow.name}`,
				ev.uuids(workflow.types),
				sk.uuids(workflow.name),
				sk.batches(workflow.name).length,
			);
		checkWorkerSpread(checks, queue, sk, all, 'steady');

		// 2. A worker killed with SIGKILL mid-execution. New events, so that the next tick executes.
		ev.startTrickle();
		const kill = await killWorkerMidExecution(context, queue, killedStream, 2 * MINUTE);
		const killedWorker = kill.worker;
		timings['worker kill: hold to SIGKILL'] = kill.waitedMs;
		if (kill.killed && killedWorker) {
			log(
				`${killedWorker.name} killed with SIGKILL while ${kill.cutOff.length} execution(s) of "${killedStream.name}" ran on it (${kill.cutOff.map((batch) => batch.execution).join(', ')})`,
			);
			const settled = await settledStatuses(context, kill, 4 * MINUTE);
			timings['worker kill: SIGKILL to execution status settled'] = settled.settledMs;
			checks.check(
				'worker kill: n8n records the killed execution as failed (status "error"), not as running',
				settled.settled &&
					Object.values(settled.statuses).every((status) => status.startsWith('error')),
				`${JSON.stringify(settled.statuses)} ${formatDuration(settled.settledMs)} after the kill`,
			);
			const rerun = kill.cutOff
				.map((batch) => batch.execution)
				.filter((id) =>
					queue.workers.some(
						(worker) => worker !== killedWorker && worker.startedExecutions().includes(id),
					),
				);
			checks.note(
				`worker kill: the killed execution(s) ended as ${JSON.stringify(settled.statuses)} after ${formatDuration(settled.settledMs)}; ` +
					`${rerun.length === 0 ? 'no other worker started them again' : `started again on another worker: ${rerun.join(', ')}`}`,
			);
			const othersBefore = otherWorkerCount(queue, killedWorker.name);
			const carriedOn = await waitUntil(
				() => otherWorkerCount(queue, killedWorker.name) > othersBefore,
				2 * MINUTE,
				2_000,
			);
			checks.check(
				'worker kill: the other worker went on running executions',
				carriedOn || otherWorkerCount(queue, killedWorker.name) > 0,
				`${otherWorkerCount(queue, killedWorker.name)} executions started on the other worker(s) so far`,
			);
			await time(`worker kill: ${killedWorker.name} start again`, () => killedWorker.start());
		}
		await sleep(30_000);
		ev.stopTrickle();
		for (const type of ALL_TYPES) ev.produce(type, { count: 3 });
		ev.produce('itemusages', { count: 5, late: true });
		const finalStarted = Date.now();
		const finalDrained = await waitUntil(drained, 2 * MINUTE + 10_000, 2_000);
		timings['worker kill: final drain'] = Date.now() - finalStarted;
		await sleep(3_000);
		checks.check('worker kill: every workflow caught up at the end', finalDrained);
		for (const workflow of streams)
			checks.tally(
				`end: ${workflow.name}`,
				ev.uuids(workflow.types),
				sk.uuids(workflow.name),
				sk.batches(workflow.name).length,
			);
		await checkKilledDeliveries(context, killedStream, kill);
		checkWorkerSpread(checks, queue, sk, all, 'after worker kill');

		// 3. PostgreSQL unavailable across a tick of every workflow.
		const db = postgres;
		const received = all.map((workflow) => sk.uuids(workflow.name).length);
		ev.startTrickle();
		await sleep(20_000);
		const mainLog = () => fs.readFileSync(queue.main()?.logFile ?? '', 'utf8');
		const outage = await postgresOutage(queue, db, OUTAGE_MS, mainLog);
		timings['PostgreSQL outage'] = outage.upAt - outage.downAt;
		checks.check(
			'PostgreSQL outage: every n8n process outlived it',
			Object.keys(outage.exited).length === 0,
			JSON.stringify(outage.exited),
		);
		const errorKinds = new Map<string, number>();
		for (const line of outage.mainErrors) {
			const message = line
				.replace(/^\S+\s+error\s+/, '')
				.replace(/\s*\{.*$/, '')
				.slice(0, 120);
			if (message) errorKinds.set(message, (errorKinds.get(message) ?? 0) + 1);
		}
		checks.note(
			`PostgreSQL outage: the main logged ${outage.mainErrors.length} error lines: ${[...errorKinds].map(([message, count]) => `${count}x "${message}"`).join('; ') || 'none'}`,
		);
		const resumed = await waitUntil(
			() =>
				all.every((workflow) =>
					sk.batches(workflow.name).some((batch) => batch.receivedAt > outage.upAt),
				),
			2 * MINUTE + 10_000,
			2_000,
		);
		timings['PostgreSQL outage: back to every workflow delivering'] = Date.now() - outage.upAt;
		checks.check(
			'PostgreSQL outage: every workflow delivers again once PostgreSQL is back',
			resumed,
			all
				.map(
					(workflow, index) =>
						`${workflow.name}: +${sk.uuids(workflow.name).length - received[index]}`,
				)
				.join(', '),
		);
		ev.stopTrickle();
		for (const type of ALL_TYPES) ev.produce(type, { count: 3 });
		ev.produce('itemusages', { count: 5, late: true });
		const outageDrainStarted = Date.now();
		await waitUntil(drained, 2 * MINUTE + 10_000, 2_000);
		timings['PostgreSQL outage: final drain'] = Date.now() - outageDrainStarted;
		await sleep(3_000);
		const cutOffUuids = new Map<string, number>();
		for (const batch of kill.cutOff)
			for (const uuid of batch.uuids) cutOffUuids.set(uuid, (cutOffUuids.get(uuid) ?? 0) + 1);
		for (const workflow of all) {
			const tally = checks.tallyAtLeastOnce(
				`PostgreSQL outage: ${workflow.name}`,
				ev.uuids(workflow.types),
				sk.uuids(workflow.name),
				sk.batches(workflow.name).length,
				workflow === killedStream ? cutOffUuids : new Map(),
			);
			const lostUuids = new Set(ev.uuids(workflow.types));
			for (const uuid of sk.uuids(workflow.name)) lostUuids.delete(uuid);
			const lostDuring = ev.produced.filter((event) => lostUuids.has(event.uuid));
			checks.check(
				`PostgreSQL outage: ${workflow.name}: nothing lost, no repeat`,
				tally.lost === 0 && tally.unexplained === 0 && tally.unexpected === 0,
				`produced ${tally.produced}, received ${tally.received}, lost ${tally.lost}` +
					(lostDuring.length
						? ` (produced ${new Date(Math.min(...lostDuring.map((event) => event.at))).toISOString().slice(11, 19)}–${new Date(Math.max(...lostDuring.map((event) => event.at))).toISOString().slice(11, 19)}; outage ${new Date(outage.downAt).toISOString().slice(11, 19)}–${new Date(outage.upAt).toISOString().slice(11, 19)})`
						: '') +
					`, repeats ${tally.duplicates} (unexplained ${tally.unexplained}), unexpected ${tally.unexpected}`,
			);
		}
		checkWorkerSpread(checks, queue, sk, all, 'end');
		const clashes = mainLog().split('cluster.hostid-clash').length - 1;
		if (clashes > 0)
			checks.note(
				`the main warned ${clashes} time(s) "Detected multiple instances sharing the same hostId" (n8n names a worker "worker-<hostname>" when it believes it runs in a container; both workers share this machine's hostname)`,
			);
		const produced = ev.countByType();
		checks.note(
			`produced ${produced.itemusages} item usages, ${produced.signinattempts} sign-in attempts, ${produced.auditevents} audit events`,
		);
	} catch (error) {
		checks.check('queue suite ran to the end', false, (error as Error).stack ?? String(error));
	} finally {
		source?.stopTrickle();
		await cluster?.stop().catch((error: Error) => log(`stopping n8n: ${error.message}`));
		// The services' folders go with them; their logs are kept beside n8n's.
		fs.mkdirSync(path.join(workDir, 'logs'), { recursive: true });
		for (const service of [postgres, redis])
			if (service && fs.existsSync(service.logFile))
				fs.copyFileSync(
					service.logFile,
					path.join(workDir, 'logs', path.basename(service.logFile)),
				);
		await emulator?.stop();
		await sink?.stop();
		await redis?.stop().catch((error: Error) => log(`stopping Redis: ${error.message}`));
		await postgres?.stop().catch((error: Error) => log(`stopping PostgreSQL: ${error.message}`));
	}
	return {
		version: runtime.version,
		engine: 'default',
		suite: 'queue',
		checks,
		wallMs: Date.now() - started,
		timings,
	};
}

function otherWorkerCount(cluster: QueueCluster, name: string): number {
	return cluster.workers
		.filter((worker) => worker.name !== name)
		.reduce((sum, worker) => sum + worker.startedExecutions().length, 0);
}

/**
 * Every batch the sink received came from an execution one worker (and only one) logged as
 * started; and every worker ran some.
 */
function checkWorkerSpread(
	checks: Checks,
	cluster: QueueCluster,
	sink: Sink,
	workflows: StreamWorkflow[],
	label: string,
): void {
	const started = new Map(
		cluster.workers.map((worker) => [worker.name, worker.startedExecutions()]),
	);
	const perWorker = new Map<string, number>(cluster.workers.map((worker) => [worker.name, 0]));
	const unplaced: string[] = [];
	const onTwo: string[] = [];
	for (const workflow of workflows) {
		for (const batch of sink.batches(workflow.name)) {
			const on = [...started].filter(([, ids]) => ids.includes(batch.execution));
			if (on.length === 0) unplaced.push(batch.execution);
			if (on.length > 1) onTwo.push(batch.execution);
			for (const [name] of on) perWorker.set(name, (perWorker.get(name) ?? 0) + 1);
		}
	}
	const spread = [...perWorker].map(([name, count]) => `${name}: ${count}`).join(', ');
	checks.check(
		`${label}: every delivering execution ran on exactly one worker (none on the main)`,
		unplaced.length === 0 && onTwo.length === 0,
		`${spread}; not in any worker log: ${unplaced.join(', ') || 'none'}; on two workers: ${onTwo.join(', ') || 'none'}`,
	);
	checks.check(
		`${label}: executions ran on both workers`,
		[...perWorker.values()].every((count) => count > 0),
		spread,
	);
}
