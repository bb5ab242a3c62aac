/**
 * The trigger under one of n8n's opt-in poll engines (e2e/n8n/engines.ts): a focused run of
 * what decides delivery, not the whole suite (that runs under the default engine, suite.ts).
 *
 *  1. the package installed, n8n started with the engine's variables, and three workflows created
 *     and activated through the public API: the two stream workflows of scenarios/stream.ts (all
 *     three event types, backlogs bigger than a poll) and the rare filter (scenarios/rare-filter.ts);
 *  2. a live trickle; once every stream has had its activation poll and two cron ticks and the rare
 *     filter has worked through its backlog and a burst produced after it, n8n is stopped with
 *     SIGTERM (events keep arriving) and started again;
 *  3. every stream resumes; the trickle stops; a last batch must arrive; then every delivery is
 *     compared, exactly once, and the rare filter's emulator says how much was read twice.
 *
 * Along the way it notes what n8n does differently under the engine: where the trigger's static
 * data ends up, what it records as executions, what its log says about the polls.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import type { EventType } from '../emulator';
import type { ExecutionSummary } from './n8n/client';
import type { N8nEngine } from './n8n/engines';
import { installIntoN8n } from './n8n/package';
import type { N8nRuntime } from './n8n/runtime';
import { Checks, sleep, waitUntil } from './checks';
import { client, type SuiteContext } from './context';
import { checkPackageLoads } from './scenarios/package-loads';
import {
	checkRareFilterDeliveries,
	createRareFilterWorkflow,
	noteRareFilterAtStop,
	produceRareBurst,
	produceRareLastBatch,
	produceRareWhileDown,
	rareMatchesDelivered,
	type RareFilterStream,
} from './scenarios/rare-filter';
import { checkNoTokenLeaks } from './scenarios/secrets';
import {
	checkStreamDeliveries,
	createStreamWorkflows,
	storedCursors,
	type StreamWorkflow,
} from './scenarios/stream';
import { openSession } from './session';
import type { SuiteResult } from './suite';

const ALL_TYPES: EventType[] = ['itemusages', 'signinattempts', 'auditevents'];
/** As in suite.ts: more than one poll of the stream workflows may read. */
const BACKLOG_PER_TYPE = 700;
const MINUTE = 60_000;

export async function runEngineSuite(
	runtime: N8nRuntime,
	tarball: string,
	engine: N8nEngine,
	log: (line: string) => void,
): Promise<SuiteResult> {
	const started = Date.now();
	const timings: Record<string, number> = {};
	const checks = new Checks(log);
	const name = `n8n-${runtime.version}-${engine.name}`;
	const session = await openSession({
		runtime,
		engine,
		name,
		seed: `e2e-${name}`,
		checks,
		timings,
		log,
	});
	const { context } = session;
	const { sink } = context;
	let rare: RareFilterStream | undefined;
	try {
		// 1. Install, start, create and activate.
		await installIntoN8n(tarball, context.userFolder);
		for (const type of ALL_TYPES) context.source.produce(type, { count: BACKLOG_PER_TYPE });
		await session.start('first start');
		checks.note(
			`engine ${engine.name}: ${engine.description} (${Object.entries(engine.env)
				.map(([key, value]) => `${key}=${value}`)
				.join(' ')})`,
		);
		await checkPackageLoads(context);
		checkEngineInEffect(context, engine);
		const streams = await createStreamWorkflows(context);
		rare = await createRareFilterWorkflow(context);
		const workflows = [...streams, rare];
		const activateStarted = Date.now();
		for (const workflow of workflows) await client(context).activateWorkflow(workflow.id);
		timings['activate through the API'] = Date.now() - activateStarted;
		const activatedAt = Date.now();

		// 2. Live trickle until every stream has had its activation poll and two ticks, and the rare
		// filter is through its backlog (two polls, the first of which matched nothing) and through a
		// burst that again takes two polls, the first a null poll past which it must get.
		context.source.startTrickle();
		const executionsOf = (stream: StreamWorkflow) => sink.batches(stream.name).length;
		const rareStream = rare;
		let burstAt = 0;
		const readyToRestart = await waitUntil(
			() => {
				if (!burstAt && rareMatchesDelivered(context, rareStream)) {
					produceRareBurst(rareStream);
					burstAt = Date.now();
				}
				return (
					burstAt > 0 &&
					streams.every((stream) => executionsOf(stream) >= 3) &&
					rareMatchesDelivered(context, rareStream)
				);
			},
			6 * MINUTE,
			2_000,
		);
		timings['activation to restart'] = Date.now() - activatedAt;
		checks.check(
			'stream: activation poll and two cron ticks delivered before the restart',
			streams.every((stream) => executionsOf(stream) >= 3),
			streams.map((s) => `${s.name}: ${executionsOf(s)} executions`).join(', '),
		);
		checks.check(
			`${rare.name}: past its backlog and a burst bigger than a poll (each behind a null poll) before the restart`,
			readyToRestart,
			`${sink.batches(rare.name).length} executions, burst produced ${burstAt ? `${Math.round((Date.now() - burstAt) / 1000)} s` : 'never'} before the stop`,
		);
		await noteFirstExecutions(context, workflows, activatedAt);
		await checkStoredState(context, engine, streams);

		// The restart (SIGTERM), in the middle of the stream: events keep arriving while n8n is down.
		const deliveredBeforeStop = streams.map((stream) => sink.uuids(stream.name).length);
		const stopStarted = Date.now();
		await session.server()?.stop();
		timings['graceful stop'] = Date.now() - stopStarted;
		noteRareFilterAtStop(context, rare);
		context.source.produce('itemusages', { count: 5, late: true });
		context.source.produce('auditevents', { count: 5 });
		produceRareWhileDown(rare);
		await sleep(6_000);
		await session.start('restart');

		// 3. Every stream resumes from its stored position (under the scheduler there is no
		// activation poll after a restart, and the trigger's first tick only re-arms: two ticks).
		const restarted = Date.now();
		const resumed = await waitUntil(
			() =>
				streams.every(
					(stream, index) => sink.uuids(stream.name).length > deliveredBeforeStop[index],
				),
			3 * MINUTE,
			2_000,
		);
		timings['restart to every stream resumed'] = Date.now() - restarted;
		checks.check(
			'restart: every stream resumed from its stored position after the restart',
			resumed,
			streams
				.map(
					(stream, index) =>
						`${stream.name}: +${sink.uuids(stream.name).length - deliveredBeforeStop[index]} after restart`,
				)
				.join(', '),
		);

		context.source.stopTrickle();
		rare.stopTrickle();
		for (const type of ALL_TYPES) context.source.produce(type, { count: 3 });
		context.source.produce('itemusages', { count: 5, late: true });
		produceRareLastBatch(rare);
		const drainStarted = Date.now();
		const drained = await waitUntil(
			() =>
				streams.every(
					(stream) =>
						context.source.uuids(stream.types).size <= new Set(sink.uuids(stream.name)).size,
				) && rareMatchesDelivered(context, rareStream),
			3 * MINUTE,
			2_000,
		);
		timings['final drain'] = Date.now() - drainStarted;
		if (!drained)
			log(
				'not everything arrived by the end of the drain; the delivery checks say what is missing',
			);

		checkStreamDeliveries(context, streams, BACKLOG_PER_TYPE);
		checkRareFilterDeliveries(context, rare);
		const allExecutions: ExecutionSummary[] = [];
		for (const workflow of workflows)
			allExecutions.push(...(await client(context).executions(workflow.id, true)));
		noteExecutions(context, workflows, allExecutions);
		await session.server()?.stop();
		checkPollLog(context, engine);
		checkNoTokenLeaks(context, allExecutions);
	} catch (error) {
		checks.check('suite ran to the end', false, (error as Error).stack ?? String(error));
	} finally {
		await session.close();
		await rare?.stop();
	}
	return {
		version: runtime.version,
		engine: engine.name,
		checks,
		wallMs: Date.now() - started,
		timings,
	};
}

/** n8n's log says which engine took the poll triggers: a scheduler run that fell back proves nothing. */
function checkEngineInEffect(context: SuiteContext, engine: N8nEngine): void {
	const text = fs.readFileSync(path.join(context.logsDir, 'n8n.log'), 'utf8');
	const fallbacks = text
		.split('\n')
		.filter((line) =>
			/cannot take over poll triggers|durable poll cursors stay disabled/.test(line),
		);
	context.checks.check(
		`engine ${engine.name}: n8n took the settings without falling back`,
		fallbacks.length === 0,
		fallbacks.slice(0, 2).join(' | '),
	);
}

/** How long after activation each workflow's first execution came (the activation poll, if any). */
async function noteFirstExecutions(
	context: SuiteContext,
	workflows: Array<{ name: string; id: string }>,
	activatedAt: number,
): Promise<void> {
	const firsts = workflows.map((workflow) => {
		const first = context.sink.batches(workflow.name)[0];
		return `${workflow.name} ${first ? `${Math.round((first.receivedAt - activatedAt) / 1000)} s` : 'none'}`;
	});
	context.checks.note(`first delivery after activation: ${firsts.join(', ')}`);
}

/**
 * Where the trigger's positions live before the stop: static data in the workflow row (default
 * engine, scheduler), or the poller_state table (durable cursors, which stage the node's static
 * data apart from the workflow and commit it there).
 */
async function checkStoredState(
	context: SuiteContext,
	engine: N8nEngine,
	streams: StreamWorkflow[],
): Promise<void> {
	const inRow = await Promise.all(streams.map((stream) => storedCursors(context, stream)));
	const rowHasAll = streams.every(
		(stream, index) => stream.types.length === Object.values(inRow[index]).filter(Boolean).length,
	);
	const durable = engine.env.N8N_POLLER_DURABLE_CURSORS_ENABLED === 'true';
	const table = pollerStateCursors(context);
	// Positions are keyed by the trigger's event type names (itemUsages), as in the workflow row.
	const tableHasAll = streams.every((stream) => {
		const positions =
			(table.get(stream.id) as { positions?: Record<string, { cursor?: string }> } | undefined)
				?.positions ?? {};
		return (
			stream.types.length ===
			Object.values(positions).filter(
				(position) => typeof position.cursor === 'string' && position.cursor.length > 0,
			).length
		);
	});
	const inTable = streams.map(
		(stream) =>
			Object.keys(
				(table.get(stream.id) as { positions?: object } | undefined)?.positions ?? {},
			).join('+') || 'none',
	);
	const detail = `workflow row: ${JSON.stringify(inRow)}; poller_state: ${table.size} row(s), stream positions ${inTable.join(', ')}${table.error ? ` (${table.error})` : ''}`;
	if (durable) {
		context.checks.check(
			'restart: a cursor per event type is committed in poller_state before the stop',
			tableHasAll,
			detail,
		);
	} else {
		context.checks.check(
			'restart: a cursor per event type is stored in the workflow static data before the stop',
			rowHasAll,
			detail,
		);
	}
	context.checks.note(`stored state before the stop: ${detail}`);
}

/** poller_state's cursor per workflow id (read with Node.js 24's built-in SQLite; n8n uses WAL). */
function pollerStateCursors(context: SuiteContext): Map<string, unknown> & { error?: string } {
	const database = path.join(context.userFolder, '.n8n', 'database.sqlite');
	const script = [
		"const { DatabaseSync } = require('node:sqlite');",
		'const db = new DatabaseSync(process.argv[1], { readOnly: true });',
		"const has = db.prepare(\"SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'poller_state'\").get();",
		"process.stdout.write(JSON.stringify(has ? db.prepare('SELECT workflowId, cursor FROM poller_state').all() : []));",
	].join('\n');
	const result = spawnSync(context.runtime.node.binary, ['--no-warnings', '-e', script, database], {
		encoding: 'utf8',
		timeout: 30_000,
	});
	const cursors: Map<string, unknown> & { error?: string } = new Map();
	if (result.status !== 0) {
		cursors.error = (result.stderr || String(result.error)).trim().split('\n')[0];
		return cursors;
	}
	for (const row of JSON.parse(result.stdout) as Array<{ workflowId: string; cursor: string }>) {
		try {
			cursors.set(row.workflowId, JSON.parse(row.cursor));
		} catch {
			cursors.set(row.workflowId, row.cursor);
		}
	}
	return cursors;
}

function noteExecutions(
	context: SuiteContext,
	workflows: Array<{ name: string; id: string }>,
	executions: ExecutionSummary[],
): void {
	const parts = workflows.map((workflow) => {
		const own = executions.filter((execution) => execution.workflowId === workflow.id);
		const byStatus = new Map<string, number>();
		for (const execution of own)
			byStatus.set(
				`${execution.mode}/${execution.status}`,
				(byStatus.get(`${execution.mode}/${execution.status}`) ?? 0) + 1,
			);
		return `${workflow.name}: ${own.length} (${[...byStatus].map(([key, count]) => `${count} ${key}`).join(', ')}), ${context.sink.batches(workflow.name).length} at the sink`;
	});
	context.checks.note(`executions n8n recorded: ${parts.join('; ')}`);
}

/**
 * What n8n logged about the polls (debug level), to compare the engines; and the proof that the
 * scheduler ran the cron polls (its task handler logs every poll's outcome), not the in-memory crons.
 */
function checkPollLog(context: SuiteContext, engine: N8nEngine): void {
	const text = fs.readFileSync(path.join(context.logsDir, 'n8n.log'), 'utf8');
	const count = (pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;
	const scheduled = count(/Poll returned (new|no new) data/);
	context.checks.check(
		`engine ${engine.name}: the scheduler ran the polls after activation`,
		scheduled > 0,
		`${scheduled} scheduler polls logged`,
	);
	const figures = [
		`${count(/Poll trigger initiated/)} polls by the in-memory crons`,
		`${count(/Poll returned new data/)} scheduler polls with data`,
		`${count(/Poll returned no new data/)} scheduler polls without`,
		`${count(/cursor-only commit skipped/)} cursor-only commits refused`,
		`${count(/Poll is backing off/)} polls skipped for back-off`,
		`${count(/active again; reading resumes/)} re-arming polls after a start`,
	];
	context.checks.note(`n8n log (${engine.name}): ${figures.join(', ')}`);
}
