/**
 * One n8n version, end to end. The scenarios share one n8n and one emulator and run side by side,
 * so the minute-long poll cycles overlap (n8n's Poll Times cannot be shorter than a minute):
 *
 *  1. before n8n starts: package installed from its tarball, a backlog produced, the examples
 *     imported and activated with n8n's CLI;
 *  2. n8n starts (activation polls run); package, node types (canvas subtitles, picker
 *     descriptions), credential test, Fetch Test Event and action node (manual runs of Get Many,
 *     its refusals and Summary, and Get Info) checks;
 *     the stream and revoked-token workflows are created and activated through the public API;
 *  3. a live trickle runs; the revoked-token workflow's token is revoked after its first delivery;
 *  4. once the streams have seen at least two cron ticks and the revoked workflow has failed and
 *     failed silently again, n8n is stopped (the trickle goes on) and started again;
 *  5. after the restart every stream resumes at its next poll; meanwhile one execution of the
 *     "killed" workflow hangs at the sink, and n8n is killed with SIGKILL (scenarios/sigkill.ts),
 *     then started again, and every stream resumes once more;
 *  6. the trickle stops; a last batch (late events included) must arrive by the next tick; then
 *     every delivery is compared.
 */
import path from 'node:path';

import type { EventType } from '../emulator';
import type { ExecutionSummary } from './n8n/client';
import { N8N_ENGINES, type EngineName, type N8nEngine } from './n8n/engines';
import { installIntoN8n } from './n8n/package';
import type { N8nServer } from './n8n/process';
import type { N8nRuntime } from './n8n/runtime';
import { DEMO_WORKFLOW_ID, exampleWorkflows, seedExamples } from './n8n/seed';
import { Checks, sleep, waitUntil } from './checks';
import type { SuiteContext } from './context';
import { checkActionNode } from './scenarios/action-node';
import { checkCredentialTest } from './scenarios/credential-test';
import { checkExampleExecutions, checkExamplesActive } from './scenarios/examples';
import { checkFetchTestEvent } from './scenarios/fetch-test-event';
import { checkNodeTypes } from './scenarios/node-types';
import { checkPackageLoads } from './scenarios/package-loads';
import {
	checkRevokedBeforeRestart,
	createRevokedTokenWorkflows,
	failedExecutions,
	loggedOnlyFailures,
	rejectedRequests,
	REJECTED_MESSAGE,
} from './scenarios/revoked-token';
import { checkNoConnectTokenLeak, checkNoTokenLeaks } from './scenarios/secrets';
import {
	checkKilledDeliveries,
	createKilledWorkflow,
	killMidExecution,
	type KillOutcome,
} from './scenarios/sigkill';
import {
	checkStreamDeliveries,
	createStreamWorkflows,
	storedCursors,
	type StreamWorkflow,
} from './scenarios/stream';
import { openSession } from './session';

const ALL_TYPES: EventType[] = ['itemusages', 'signinattempts', 'auditevents'];
/** Per type, before anything polls: more than one poll of the stream workflows may read. */
const BACKLOG_PER_TYPE = 700;
const MINUTE = 60_000;

export interface SuiteResult {
	version: string;
	/** How n8n ran its poll triggers (e2e/n8n/engines.ts). */
	engine: EngineName;
	/** Which suite, where it is not the main one (e.g. "detections"). */
	suite?: string;
	checks: Checks;
	wallMs: number;
	timings: Record<string, number>;
}

export async function runSuite(
	runtime: N8nRuntime,
	tarball: string,
	log: (line: string) => void,
	engine: N8nEngine = N8N_ENGINES.default,
): Promise<SuiteResult> {
	const started = Date.now();
	const timings: Record<string, number> = {};
	const checks = new Checks(log);
	const session = await openSession({
		runtime,
		engine,
		name: `n8n-${runtime.version}`,
		seed: `e2e-${runtime.version}`,
		checks,
		timings,
		log,
	});
	const { context } = session;
	const { emulator, sink, userFolder } = context;
	const server = () => session.server();
	const start = async (label: string) => {
		await session.start(label);
	};

	try {
		// 1. Before n8n starts.
		const installedVersion = await installIntoN8n(tarball, userFolder);
		log(
			`package ${installedVersion} installed into ${path.relative(process.cwd(), userFolder)}/.n8n/nodes`,
		);
		for (const type of ALL_TYPES) context.source.produce(type, { count: BACKLOG_PER_TYPE });
		const exampleToken = emulator.issueToken();
		// The examples with names use 1Password Connect, whose token is just as secret.
		context.tokens.push(exampleToken, emulator.connectToken);
		const cliStarted = Date.now();
		const examples = await seedExamples(
			session.cli,
			emulator.url,
			exampleToken,
			emulator.connectToken,
		);
		timings['import + activate examples (CLI)'] = Date.now() - cliStarted;
		checks.check(
			'examples: imported and activated with the n8n CLI',
			examples.length === exampleWorkflows().length,
		);

		// 2. n8n starts.
		const firstSpawn = Date.now();
		await start('first start');
		const demoWindow = { activatedFrom: firstSpawn, activatedBy: Date.now() };
		await checkPackageLoads(context);
		await checkNodeTypes(context);
		await checkExamplesActive(context, examples);
		await checkCredentialTest(context);
		await checkFetchTestEvent(context);
		const actionWorkflowId = await checkActionNode(context);
		const streams = await createStreamWorkflows(context);
		const killedStream = await createKilledWorkflow(context);
		const revoked = await createRevokedTokenWorkflows(context);
		const waitingForRevoked = context.source.uuids(['itemusages']);
		for (const workflow of [...streams, killedStream, { id: revoked.workflowId }])
			await context.client?.activateWorkflow(workflow.id);
		const activatedAt = Date.now();

		// 3. Live trickle; revoke once the revoked-token workflow has delivered its start.
		context.source.startTrickle();
		await waitUntil(() => sink.batches(revoked.workflowName).length >= 1, 30_000);
		emulator.revokeToken(revoked.token);
		revoked.revokedAt = Date.now();
		log('token of the "revoked token" workflow revoked');

		// 4. Two cron ticks of every stream, the revocation surfaced once and then silently again.
		const executionsOf = (stream: StreamWorkflow) => sink.batches(stream.name).length;
		let firstFailureAt = 0;
		const readyToRestart = await waitUntil(
			async () => {
				if (!firstFailureAt && (await failedExecutions(context, revoked)).length > 0)
					firstFailureAt = Date.now();
				return (
					streams.every((stream) => executionsOf(stream) >= 3) &&
					firstFailureAt > 0 &&
					loggedOnlyFailures(context) >= 1
				);
			},
			4 * MINUTE,
			2_000,
		);
		checks.check(
			'stream: activation poll and two cron ticks delivered before the restart',
			readyToRestart,
			streams.map((s) => `${s.name}: ${executionsOf(s)} executions`).join(', '),
		);
		timings['activation to restart'] = Date.now() - activatedAt;
		await checkRevokedBeforeRestart(context, revoked, waitingForRevoked);

		// The restart, in the middle of the stream: events keep arriving while n8n is down.
		const cursorsBefore = await Promise.all(
			streams.map((stream) => storedCursors(context, stream)),
		);
		checks.check(
			'restart: a cursor per event type is stored in n8n before the stop',
			streams.every(
				(stream, index) =>
					stream.types.length === Object.values(cursorsBefore[index]).filter(Boolean).length,
			),
			JSON.stringify(cursorsBefore),
		);
		const allStreams = [...streams, killedStream];
		const deliveredBeforeStop = allStreams.map((stream) => sink.uuids(stream.name).length);
		context.source.produce('itemusages', { count: 10, late: true });
		const stopStarted = Date.now();
		await server()?.stop();
		timings['graceful stop'] = Date.now() - stopStarted;
		context.source.produce('itemusages', { count: 5, late: true });
		context.source.produceFilterMatches();
		await sleep(6_000);
		await start('restart');

		// 5. Every stream resumes from its stored cursor at its first poll after the restart (the
		// activation poll, or the first cron tick where the trigger only re-arms at activation).
		// Meanwhile the killed workflow's next execution hangs at the sink: once every stream has
		// resumed, n8n is killed with SIGKILL in the middle of it, and started again.
		const resumedSince = (counts: number[]) => () =>
			allStreams.every((stream, index) => sink.uuids(stream.name).length > counts[index]);
		const restarted = Date.now();
		const kill: KillOutcome = await killMidExecution(
			context,
			killedStream,
			server() as N8nServer,
			resumedSince(deliveredBeforeStop),
			2 * MINUTE + 10_000,
		);
		checks.check(
			'restart: every stream resumed from its stored cursors after the restart',
			resumedSince(deliveredBeforeStop)(),
			allStreams
				.map(
					(stream, index) =>
						`${stream.name}: +${sink.uuids(stream.name).length - deliveredBeforeStop[index]} after restart`,
				)
				.join(', '),
		);
		timings['restart to SIGKILL'] = Date.now() - restarted;
		const deliveredBeforeKill = allStreams.map((stream) => sink.uuids(stream.name).length);
		if (kill.killed) {
			log(
				`n8n ${runtime.version} killed with SIGKILL while ${kill.cutOff.length} execution(s) of "${killedStream.name}" were running`,
			);
			// Events keep arriving while n8n is down, late ones included.
			context.source.produce('auditevents', { count: 5 });
			context.source.produce('itemusages', { count: 5, late: true });
			await sleep(2_000);
			await start('restart after SIGKILL');
		}
		const killedAt = Date.now();
		const resumedAfterKill = await waitUntil(resumedSince(deliveredBeforeKill), 2 * MINUTE, 2_000);
		timings['restart after SIGKILL to every stream resumed'] = Date.now() - killedAt;
		checks.check(
			'SIGKILL: every stream resumed after the restart that followed the kill',
			kill.killed && resumedAfterKill,
			allStreams
				.map(
					(stream, index) =>
						`${stream.name}: +${sink.uuids(stream.name).length - deliveredBeforeKill[index]} after restart`,
				)
				.join(', '),
		);

		// 6. A last batch with late events, then drain.
		context.source.stopTrickle();
		for (const type of ALL_TYPES) context.source.produce(type, { count: 3 });
		context.source.produce('itemusages', { count: 5, late: true });
		context.source.produceFilterMatches();
		const drained = () =>
			allStreams.every(
				(stream) =>
					context.source.uuids(stream.types).size <= new Set(sink.uuids(stream.name)).size,
			);
		const drainStarted = Date.now();
		await waitUntil(drained, 2 * MINUTE + 10_000, 2_000);
		// The demo example and the streams poll on their own ticks; give the demo one more tick too.
		await waitUntil(async () => demoCaughtUp(context), MINUTE + 10_000, 3_000);
		timings['final drain'] = Date.now() - drainStarted;

		// Deliveries, failure behaviour, examples.
		checkStreamDeliveries(context, streams, BACKLOG_PER_TYPE);
		await checkKilledDeliveries(context, killedStream, kill);
		await checkExampleExecutions(context, examples, demoWindow);
		const revokedErrors = sink.errors().filter((error) => error.workflowId === revoked.workflowId);
		checks.note(
			`revoked token after restart: n8n retried activation, ${(await failedExecutions(context, revoked)).length} failed executions in total, ` +
				`${revokedErrors.length} error workflow runs (${revokedErrors.filter((error) => REJECTED_MESSAGE.test(String(error.message))).length} with the clear message), ${loggedOnlyFailures(context)} failing polls logged only, ${rejectedRequests(context)} requests rejected (401)`,
		);
		const allExecutions: ExecutionSummary[] = [];
		for (const id of [
			...allStreams.map((stream) => stream.id),
			revoked.workflowId,
			revoked.errorWorkflowId,
			actionWorkflowId,
			...examples.map((example) => example.id),
		]) {
			allExecutions.push(...((await context.client?.executions(id, true)) ?? []));
		}
		await server()?.stop();
		checkNoTokenLeaks(context, allExecutions);
		checkNoConnectTokenLeak(context, allExecutions);
		const produced = context.source.countByType();
		checks.note(
			`produced ${produced.itemusages} item usages, ${produced.signinattempts} sign-in attempts, ${produced.auditevents} audit events`,
		);
	} catch (error) {
		checks.check('suite ran to the end', false, (error as Error).stack ?? String(error));
	} finally {
		await session.close();
	}
	return {
		version: runtime.version,
		engine: engine.name,
		checks,
		wallMs: Date.now() - started,
		timings,
	};
}

/** Whether the demo example has read every event produced so far (from its executions). */
async function demoCaughtUp(context: SuiteContext): Promise<boolean> {
	const executions = (await context.client?.executions(DEMO_WORKFLOW_ID, false)) ?? [];
	const lastStarted = Math.max(
		0,
		...executions.map((execution) => Date.parse(execution.startedAt)),
	);
	const lastProduced = Math.max(0, ...context.source.produced.map((event) => event.at));
	return lastStarted > lastProduced;
}
