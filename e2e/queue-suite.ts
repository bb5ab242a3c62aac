/**
 * Delivery in n8n's queue mode, with a real PostgreSQL and a real Redis started by the suite
 * (e2e/queue/services.ts) and one main plus two workers (e2e/queue/cluster.ts); the workers reach
 * PostgreSQL through a relay the suite can cut (e2e/queue/tcp-proxy.ts), the main directly. The
 * delivery workflows' triggers have Confirm Delivery on (trigger/deliveryCheck.ts), with an n8n
 * API credential for this main:
 *
 *  1. steady delivery: the stream workflows of the main suite (scenarios/stream.ts) and the one
 *     of scenarios/sigkill.ts start on a backlog larger than one poll and get a live trickle for
 *     two minutes: every event exactly once, every execution run by a worker (none by the main),
 *     and both workers ran some;
 *  2. a worker killed with SIGKILL while it runs an execution that has delivered its batch (the
 *     sink holds the answer) and started again at once: what n8n records for it, the other worker
 *     carries on, nothing is lost (a repeat only of the killed execution's batch, when n8n fails
 *     it with an empty run and the trigger reads it again). While n8n settles
 *     the killed execution (about two minutes), the action node's round runs:
 *  3. the action node in parallel executions on the workers while a trigger polls the same
 *     account, the credential's share set to 3 processes: the account's 600 requests a minute
 *     hold (e2e/queue/action-budget.ts; 'action-budget-unshared' plays it without a share);
 *  4. the main killed with SIGKILL while events stream in, and started again 40 s later: the
 *     positions come back from PostgreSQL, nothing is lost or repeated;
 *  5. Redis restarted empty (no persistence) while events stream in: every process reconnects,
 *     nothing is lost or repeated;
 *  6. PostgreSQL down (fast shutdown) for 75 s while events stream in, so that every workflow
 *     ticks at least once without a database: every process outlives it;
 *  7. the workers cut off from PostgreSQL for 70 s while the main keeps it: the main goes on
 *     polling and queueing, a worker that cannot read an execution fails it, and n8n saves it
 *     with an empty run: the trigger must read that batch again.
 *
 * Every phase ends with a last batch of events and waits for it at the listener (then everything
 * before it was read), and counts each workflow's whole history: nothing may be missing. The
 * batches n8n threw away (e2e/queue/discarded.ts) are noted; 7 must have some. Only the main
 * polls (it is the leader).
 * E2E_QUEUE_PHASES (e.g. "main-restart,workers-cut-off") runs steady delivery and the phases
 * named, for working on one; all but the opt-in ones by default.
 */
import fs from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator, type EventType } from '../emulator';
import { formatDuration } from './n8n/exec';
import { E2E_WORK_DIR } from './n8n/paths';
import { N8N_ENGINES, type N8nEngine } from './n8n/engines';
import type { N8nRuntime } from './n8n/runtime';
import { n8nRelease } from './n8n/versions';
import { Checks, sleep, waitUntil } from './checks';
import { client, type SuiteContext } from './context';
import { EventSource } from './event-source';
import { exitedProcesses, startQueueCluster, type QueueCluster } from './queue/cluster';
import { discardedExecutions } from './queue/discarded';
import {
	ensureQueueServices,
	startPostgres,
	startRedis,
	type PostgresHandle,
	type RedisHandle,
} from './queue/services';
import { postgresOutage } from './queue/postgres-outage';
import { startTcpProxy, type TcpProxy } from './queue/tcp-proxy';
import { actionBudgetRound } from './queue/action-budget';
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
const STEADY_MS = 2 * MINUTE;
/** The main down for over half a cron minute: events wait for it. */
const MAIN_DOWN_MS = 40_000;
/** The workers without PostgreSQL for over a cron minute: every workflow ticks meanwhile. */
const CUT_OFF_MS = 70_000;
/** The action node's round: parallel executions, each reading the whole backlog (1,000 a request). */
const BUDGET_EXECUTIONS = 8;
const BUDGET_BACKLOG = 100_000;
/** Run by default; 'action-budget-unshared' (the same round without a share) only when named. */
const PHASES = [
	'worker-kill',
	'action-budget',
	'main-restart',
	'redis-restart',
	'postgres-outage',
	'workers-cut-off',
];
const OPT_IN_PHASES = ['action-budget-unshared'];
const WORKERS = 2;
/** PostgreSQL down for longer than a cron minute: every workflow ticks at least once meanwhile. */
const OUTAGE_MS = 75_000;

export async function runQueueSuite(
	runtime: N8nRuntime,
	tarball: string,
	log: (line: string) => void,
	engine: N8nEngine = N8N_ENGINES.default,
): Promise<SuiteResult> {
	const started = Date.now();
	const timings: Record<string, number> = {};
	const checks = new Checks(log);
	const workDir = path.join(E2E_WORK_DIR, `queue-n8n-${runtime.version}-${engine.name}`);
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.mkdirSync(workDir, { recursive: true });
	let postgres: PostgresHandle | undefined;
	let redis: RedisHandle | undefined;
	let cluster: QueueCluster | undefined;
	let emulator: Emulator | undefined;
	let sink: Sink | undefined;
	let source: EventSource | undefined;
	let proxy: TcpProxy | undefined;
	const phases = new Set(
		process.env.E2E_QUEUE_PHASES?.split(',').map((name) => name.trim()) ?? PHASES,
	);
	for (const phase of phases)
		if (![...PHASES, ...OPT_IN_PHASES].includes(phase))
			throw new Error(
				`E2E_QUEUE_PHASES: "${phase}" is not one of ${[...PHASES, ...OPT_IN_PHASES].join(', ')}`,
			);
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
		// The workers reach PostgreSQL through a relay that phase 6 cuts; the main directly.
		const relay = await startTcpProxy(postgres.host, postgres.port);
		proxy = relay;
		cluster = await time('package install (main + copies)', () =>
			startQueueCluster({
				runtime,
				tarball,
				workDir,
				postgres: pg,
				redis: rd,
				workers: WORKERS,
				extraEnv: engine.env,
				workerEnv: { DB_POSTGRESDB_PORT: String(relay.port) },
				log,
			}),
		);
		const queue = cluster;
		const { client: mainClient } = await time('main start (fresh PostgreSQL: migrations)', () =>
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
			client: mainClient,
			log,
		};

		// 1. Steady delivery.
		const ev = source;
		const sk = sink;
		for (const type of ALL_TYPES) ev.produce(type, { count: BACKLOG_PER_TYPE });
		// Confirm Delivery on every delivery workflow: n8n's own API tells the triggers what became
		// of each batch, so a batch n8n throws away is read again (trigger/deliveryCheck.ts).
		const n8nCredential = {
			name: 'this n8n (Confirm Delivery)',
			id: await mainClient.createCredential('this n8n (Confirm Delivery)', 'onePasswordN8nApi', {
				baseUrl: `${mainClient.baseUrl}/api/v1`,
				apiKey: await mainClient.newApiKey('Confirm Delivery'),
			}),
		};
		const streams = await createStreamWorkflows(context, n8nCredential);
		const killedStream = await createKilledWorkflow(context, n8nCredential);
		const all = [...streams, killedStream];
		for (const workflow of all) await mainClient.activateWorkflow(workflow.id);
		const steadyStarted = Date.now();
		ev.startTrickle();
		await sleep(STEADY_MS);
		timings['steady: scenario'] = Date.now() - steadyStarted;
		/** Repeats the killed worker's execution may explain (phase 2), per uuid. */
		const cutOffUuids = new Map<string, number>();
		/** Executions killed after they delivered: failed and empty in n8n, but nothing lost. */
		const deliveredBeforeFailing = new Set<string>();
		/** Thrown-away executions already noted by an earlier phase. */
		const notedDiscards = new Set<string>();
		/**
		 * Ends a phase: the trickle stops, a last batch (with late item usages) and a drain, then
		 * every workflow's whole history so far is counted. Nothing may be missing: the batches n8n
		 * threw away (executions failed before they ran, saved empty) are noted, and Confirm
		 * Delivery must have read them again. Repeats only as the killed worker explains.
		 */
		const finishPhase = async (label: string) => {
			ev.stopTrickle();
			const last = [
				...ALL_TYPES.flatMap((type) => ev.produce(type, { count: 3 })),
				...ev.produce('itemusages', { count: 5, late: true }),
			];
			// The last batch arrived: everything before it in 1Password's order was read too, and
			// either delivered or lost inside n8n (which the count below then has to account for).
			const drainStarted = Date.now();
			const drained = await waitUntil(
				() =>
					all.every((workflow) => {
						const received = new Set(sk.uuids(workflow.name));
						return last
							.filter((event) => workflow.types.includes(event.type))
							.every((event) => received.has(event.uuid));
					}),
				// A thrown-away batch is read again at the poll after its failure, once workers run; one
				// left queued ("new") with no job, after Wait for Execution (2 minutes here).
				6 * MINUTE,
				2_000,
			);
			timings[`${label}: final drain`] = Date.now() - drainStarted;
			// Let the executions whose batches just arrived finish and be logged.
			await sleep(3_000);
			for (const workflow of all) {
				const tally = checks.tallyAtLeastOnce(
					`${label}: ${workflow.name}`,
					ev.uuids(workflow.types),
					sk.uuids(workflow.name),
					sk.batches(workflow.name).length,
					workflow === killedStream ? cutOffUuids : new Map(),
				);
				const discarded = (await discardedExecutions(client(context), workflow.id)).filter(
					(execution) => !deliveredBeforeFailing.has(execution.id),
				);
				const fresh = discarded.filter((execution) => !notedDiscards.has(execution.id));
				for (const execution of fresh) notedDiscards.add(execution.id);
				if (fresh.length > 0)
					checks.note(
						`${label}: ${workflow.name}: n8n threw away ${fresh.length} batch(es), failed before they ran and saved empty (${fresh.map((execution) => `${execution.id}: "${execution.error}"`).join(', ')}); Confirm Delivery read them again`,
					);
				checks.check(
					`${label}: ${workflow.name}: nothing lost, no repeat${drained ? '' : ' (the last batch did not arrive)'}`,
					tally.lost === 0 && tally.unexplained === 0 && tally.unexpected === 0,
					`produced ${tally.produced}, received ${tally.received}, lost ${tally.lost}, repeats ${tally.duplicates} (unexplained ${tally.unexplained}), unexpected ${tally.unexpected}` +
						(discarded.length > 0
							? `; n8n's executions failed empty or stuck so far: ${discarded.map((execution) => execution.id).join(', ')}`
							: ''),
				);
			}
			checkWorkerSpread(checks, queue, sk, all, label);
		};
		const processesAlive = async (label: string) => {
			const exited = await exitedProcesses(queue);
			checks.check(
				`${label}: every n8n process outlived it`,
				Object.keys(exited).length === 0,
				JSON.stringify(exited),
			);
		};
		/**
		 * The action node in parallel executions on the workers, while a trigger polls the same
		 * account from the main (e2e/queue/action-budget.ts). With the credential's share set to
		 * the processes that use the token, the account's 600 a minute must hold; with 1 (no
		 * share) the round only reports what happens.
		 */
		const budgetRound = async (processes: number) => {
			const label = `action node budget, share of ${processes} process${processes === 1 ? '' : 'es'}`;
			const round = await time(label, () =>
				actionBudgetRound(context, queue, {
					processes,
					executions: BUDGET_EXECUTIONS,
					backlog: BUDGET_BACKLOG,
					timeoutMs: 8 * MINUTE,
				}),
			);
			const figures = `${round.requests} requests in ${formatDuration(round.ms)}, busiest 60 s ${round.peakPer60s}, 429s ${round.rateLimited}; executions ${JSON.stringify(round.statuses)} on ${JSON.stringify(round.perWorker)}; counted ${[...new Set(round.totals)].join('/')} of ${BUDGET_BACKLOG}`;
			if (processes === 1) {
				// Played only when named: without a share the account is overrun and executions
				// fail, which is what this round is there to show.
				checks.note(`${label} (what happens without a share): ${figures}`);
				return;
			}
			checks.check(
				`${label}: every execution ran on a worker and counted every event`,
				round.statuses.success === BUDGET_EXECUTIONS &&
					!('no worker' in round.perWorker) &&
					round.totals.every((total) => total === BUDGET_BACKLOG),
				figures,
			);
			checks.check(
				`${label}: the load is more than a minute's 600 requests, and 600 a minute held (no 429)`,
				round.requests > 600 && round.peakPer60s <= 600 && round.rateLimited === 0,
				figures,
			);
		};
		await finishPhase('steady');
		if (phases.has('action-budget-unshared')) await budgetRound(1);
		if (phases.has('action-budget') && !phases.has('worker-kill')) await budgetRound(WORKERS + 1);

		// 2. A worker killed with SIGKILL mid-execution. New events, so that the next tick executes.
		if (phases.has('worker-kill')) {
			ev.startTrickle();
			const kill = await killWorkerMidExecution(context, queue, killedStream, 2 * MINUTE);
			const killedWorker = kill.worker;
			timings['worker kill: hold to SIGKILL'] = kill.waitedMs;
			for (const batch of kill.cutOff) {
				deliveredBeforeFailing.add(batch.execution);
				for (const uuid of batch.uuids) cutOffUuids.set(uuid, (cutOffUuids.get(uuid) ?? 0) + 1);
			}
			if (kill.killed && killedWorker) {
				log(
					`${killedWorker.name} killed with SIGKILL while ${kill.cutOff.length} execution(s) of "${killedStream.name}" ran on it (${kill.cutOff.map((batch) => batch.execution).join(', ')})`,
				);
				const othersBefore = otherWorkerCount(queue, killedWorker.name);
				await time(`worker kill: ${killedWorker.name} start again`, () => killedWorker.start());
				// n8n settles the killed execution on its own clock (about 2 minutes): the action
				// node's budget round runs meanwhile.
				if (phases.has('action-budget')) await budgetRound(WORKERS + 1);
				const settled = await settledStatuses(context, kill, 4 * MINUTE);
				timings['worker kill: SIGKILL to execution status settled'] = settled.settledMs;
				// "error" when a live worker's stalled-job check fails it first; "crashed" when the
				// killed worker, started again at once, recovers its own unfinished executions first.
				checks.check(
					'worker kill: n8n records the killed execution as failed ("error" or "crashed"), not as running',
					settled.settled &&
						Object.values(settled.statuses).every(
							(status) => status.startsWith('error') || status.startsWith('crashed'),
						),
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
				const carriedOn = await waitUntil(
					() => otherWorkerCount(queue, killedWorker.name) > othersBefore,
					2 * MINUTE,
					2_000,
				);
				checks.check(
					'worker kill: the other worker went on running executions',
					carriedOn,
					`${otherWorkerCount(queue, killedWorker.name) - othersBefore} executions started on the other worker(s) since the kill`,
				);
			}
			await sleep(30_000);
			await finishPhase('worker kill');
			await checkKilledDeliveries(context, killedStream, kill);
		}

		// 3. The main killed (SIGKILL) mid-stream and started again: positions from PostgreSQL.
		if (phases.has('main-restart')) {
			ev.startTrickle();
			await sleep(20_000);
			await queue.main()?.kill();
			log('main killed with SIGKILL');
			await sleep(MAIN_DOWN_MS);
			const restarted = await time('main restart: start again', () => queue.startMain());
			context.client = restarted.client;
			await processesAlive('main restart: the workers');
			await finishPhase('main restart');
		}

		// 4. Redis restarted empty mid-stream.
		if (phases.has('redis-restart')) {
			ev.startTrickle();
			await sleep(20_000);
			const restarted = Date.now();
			await redis.restart();
			timings['Redis restart'] = Date.now() - restarted;
			await sleep(5_000);
			await processesAlive('Redis restart');
			await finishPhase('Redis restart');
		}

		// 5. PostgreSQL unavailable across a tick of every workflow.
		if (phases.has('postgres-outage')) {
			ev.startTrickle();
			await sleep(20_000);
			const mainLog = () => fs.readFileSync(queue.main()?.logFile ?? '', 'utf8');
			const outage = await postgresOutage(queue, postgres, OUTAGE_MS, mainLog);
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
			await finishPhase('PostgreSQL outage');
		}

		// 6. The workers cut off from PostgreSQL while the main keeps it.
		if (phases.has('workers-cut-off')) {
			const before = new Map<string, number>();
			for (const workflow of all)
				before.set(workflow.id, (await discardedExecutions(client(context), workflow.id)).length);
			ev.startTrickle();
			await sleep(10_000);
			const cutAt = Date.now();
			proxy.cut();
			await sleep(CUT_OFF_MS);
			proxy.restore();
			timings['workers cut off from PostgreSQL'] = Date.now() - cutAt;
			await processesAlive('workers cut off from PostgreSQL');
			await finishPhase('workers cut off from PostgreSQL');
			let failedHere = 0;
			for (const workflow of all)
				failedHere +=
					(await discardedExecutions(client(context), workflow.id)).length -
					(before.get(workflow.id) ?? 0);
			checks.check(
				'workers cut off from PostgreSQL: n8n failed the executions queued meanwhile and saved them empty',
				failedHere > 0,
				`${failedHere} such execution(s) across the workflows`,
			);
		}
		const clashes =
			fs.readFileSync(queue.main()?.logFile ?? '', 'utf8').split('cluster.hostid-clash').length - 1;
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
		await proxy?.close();
		await redis?.stop().catch((error: Error) => log(`stopping Redis: ${error.message}`));
		await postgres?.stop().catch((error: Error) => log(`stopping PostgreSQL: ${error.message}`));
	}
	return {
		version: runtime.version,
		engine: engine.name,
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
