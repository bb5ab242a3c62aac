/**
 * n8n killed with SIGKILL in the middle of an execution, while events stream in. A graceful stop
 * (SIGTERM) lets running executions finish; a crash does not, and it is the crash that decides
 * whether delivery is at-least-once. One workflow of its own is killed mid-execution: the sink
 * holds the answer to its post, so its execution is still running (its batch already delivered)
 * when n8n dies. After the restart nothing may be lost, and an event may arrive twice only if a
 * killed execution had delivered it: n8n saves the trigger's static data without waiting for it,
 * so a crash can beat that save and the restart reads those events again. That is the bounded
 * cost; anything more is a bug.
 *
 * The other workflows are left alone: n8n is killed only at a moment when none of their
 * executions runs, so their exactly-once checks still hold.
 */
import type { EventType } from '../../emulator';
import { N8nHttpError } from '../n8n/client';
import type { N8nServer } from '../n8n/process';
import { emulatorCredentialData, CREDENTIAL_TYPE } from '../n8n/seed';
import { sleep, waitUntil } from '../checks';
import { client, type SuiteContext } from '../context';
import type { DeliveredBatch } from '../sink';
import { deliveryWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';
import { LOOKBACK_DAYS, type StreamWorkflow } from './stream';

const KILLED = {
	name: 'stream killed mid-execution',
	types: ['signinattempts', 'auditevents'] as EventType[],
	trigger: {
		eventTypes: ['signInAttempts', 'auditEvents'],
		output: 'raw',
		options: { maxEventsPerPoll: 900, pageSize: 50 },
	},
	cap: 900,
};

/**
 * Longest the sink holds one of its posts: over a cron minute, so that the other workflows' ticks
 * (each at its own random second) can come and go while one execution of it hangs.
 */
const HOLD_MS = 100_000;
/** How long to look for a moment when no other execution runs. */
const QUIET_TIMEOUT_MS = 15_000;

export async function createKilledWorkflow(
	context: SuiteContext,
	confirmDelivery?: CredentialRef,
): Promise<StreamWorkflow> {
	const token = context.emulator.issueToken();
	context.tokens.push(token);
	const credentialId = await client(context).createCredential(
		KILLED.name,
		CREDENTIAL_TYPE,
		emulatorCredentialData(context.emulator.url, token),
	);
	const workflow = await client(context).createWorkflow(
		deliveryWorkflow({
			name: KILLED.name,
			credentialId,
			sinkUrl: context.sink.url,
			confirmDelivery,
			trigger: {
				...KILLED.trigger,
				startFrom: 'lookback',
				lookbackAmount: LOOKBACK_DAYS,
				lookbackUnit: 'days',
			},
		}),
	);
	return { name: KILLED.name, id: workflow.id, types: KILLED.types, cap: KILLED.cap };
}

export interface KillOutcome {
	/** Whether n8n was killed (false: no execution of the workflow was caught in time). */
	killed: boolean;
	/** Executions of the workflow that had posted their batch and were still running at the kill. */
	cutOff: DeliveredBatch[];
	/** Executions of other workflows the API still listed as running at the kill (should be none). */
	othersRunning: string[];
	/** How the quiet moment was found. */
	quietBy: string;
	waitedMs: number;
}

const unanswered = (context: SuiteContext, workflow: StreamWorkflow) =>
	context.sink.batches(workflow.name).filter((batch) => !batch.answered);

/**
 * Holds the workflow's posts at the sink, waits until one of its executions hangs there and
 * `ready()` holds, then for a moment when no other execution runs, and SIGKILLs n8n.
 */
export async function killMidExecution(
	context: SuiteContext,
	workflow: StreamWorkflow,
	server: N8nServer,
	ready: () => boolean,
	timeoutMs: number,
): Promise<KillOutcome> {
	const started = Date.now();
	context.sink.hold(workflow.name, HOLD_MS);
	try {
		const caught = await waitUntil(
			() => unanswered(context, workflow).length > 0 && ready(),
			timeoutMs,
			500,
		);
		if (!caught)
			return {
				killed: false,
				cutOff: [],
				othersRunning: [],
				quietBy: 'no execution caught',
				waitedMs: Date.now() - started,
			};
		const { othersRunning, quietBy } = await quietMoment(context, workflow);
		await server.kill();
		// The connections of the hung posts closed with n8n: those batches stay unanswered.
		return {
			killed: true,
			cutOff: unanswered(context, workflow),
			othersRunning,
			quietBy,
			waitedMs: Date.now() - started,
		};
	} finally {
		context.sink.release(workflow.name);
	}
}

/**
 * Waits until n8n lists no running execution but the held ones. Cron ticks land at random
 * seconds, and an execution of another workflow cut off by the kill would wrongly fail its
 * exactly-once check. Where the API cannot list running executions (older n8n), a short pause
 * after the hold is the best that can be done: executions without a hold end in well under it.
 */
async function quietMoment(
	context: SuiteContext,
	workflow: StreamWorkflow,
): Promise<{ othersRunning: string[]; quietBy: string }> {
	const deadline = Date.now() + QUIET_TIMEOUT_MS;
	let othersRunning: string[] = [];
	for (;;) {
		const held = new Set(unanswered(context, workflow).map((batch) => batch.execution));
		try {
			const running = await client(context).runningExecutions();
			othersRunning = running
				.filter((execution) => !held.has(String(execution.id)))
				.map((execution) => `${execution.workflowId}/${execution.id}`);
		} catch (error) {
			if (!(error instanceof N8nHttpError)) throw error;
			await sleep(3_000);
			return {
				othersRunning: [],
				quietBy: `a 3 s pause (the API cannot list running executions: HTTP ${error.status})`,
			};
		}
		if (othersRunning.length === 0)
			return { othersRunning, quietBy: 'the API listed no other running execution' };
		if (Date.now() >= deadline) return { othersRunning, quietBy: 'no quiet moment found' };
		await sleep(250);
	}
}

/**
 * At the sink: every event of the workflow's types arrived, and each one that arrived more than
 * once was in the batch of a killed execution (at most one repeat per such execution).
 */
export async function checkKilledDeliveries(
	context: SuiteContext,
	workflow: StreamWorkflow,
	outcome: KillOutcome,
): Promise<void> {
	const { checks } = context;
	const heldEvents = outcome.cutOff.reduce((sum, batch) => sum + batch.uuids.length, 0);
	checks.check(
		'SIGKILL: n8n was killed while an execution that had delivered its events was still running, and no other',
		outcome.killed &&
			outcome.cutOff.length > 0 &&
			heldEvents > 0 &&
			outcome.othersRunning.length === 0,
		`${outcome.cutOff.length} execution(s) cut off (${outcome.cutOff.map((batch) => `${batch.execution}: ${batch.uuids.length} events`).join(', ') || 'none'}); ` +
			`quiet moment: ${outcome.quietBy}${outcome.othersRunning.length ? ` (${outcome.othersRunning.join(', ')})` : ''}; ${Math.round(outcome.waitedMs / 1000)} s from hold to kill`,
	);
	const statuses: string[] = [];
	for (const batch of outcome.cutOff) {
		try {
			statuses.push(
				`${batch.execution}: ${(await client(context).execution(batch.execution)).status}`,
			);
		} catch (error) {
			statuses.push(
				`${batch.execution}: ${error instanceof N8nHttpError ? `HTTP ${error.status}` : (error as Error).message}`,
			);
		}
	}
	if (statuses.length > 0)
		checks.note(`SIGKILL: n8n records the killed execution(s) as ${statuses.join(', ')}`);

	const expected = context.source.uuids(workflow.types);
	const received = context.sink.uuids(workflow.name);
	const inCutOff = new Map<string, number>();
	for (const batch of outcome.cutOff)
		for (const uuid of batch.uuids) inCutOff.set(uuid, (inCutOff.get(uuid) ?? 0) + 1);
	const tally = checks.tallyAtLeastOnce(
		KILLED.name,
		expected,
		received,
		context.sink.batches(workflow.name).length,
		inCutOff,
	);
	checks.check(
		`${workflow.name}: nothing lost, and every repeat was delivered by an execution the SIGKILL cut off`,
		outcome.killed &&
			tally.lost === 0 &&
			tally.unexpected === 0 &&
			tally.unexplained === 0 &&
			tally.duplicates <= heldEvents,
		`produced ${tally.produced}, received ${tally.received}, lost ${tally.lost}, repeats ${tally.duplicates} ` +
			`(bound: ${heldEvents} events in the killed executions; unexplained ${tally.unexplained}), unexpected ${tally.unexpected}`,
	);
}
