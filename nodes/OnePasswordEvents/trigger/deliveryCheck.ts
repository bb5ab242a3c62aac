/**
 * Confirm Delivery: the trigger reads on only once n8n has run the execution that carried its
 * last batch, and reads that batch again when n8n failed the execution before any node ran.
 *
 * Why: in queue mode n8n can throw a batch away after the trigger returned it. A worker whose
 * database connection is down takes the job, fails it ("Driver not Connected"), and the main
 * saves the execution as failed with an empty run; the events were only in that row, n8n's Retry
 * has nothing to run, and the trigger's position had already moved on. Nothing a node is given
 * tells it an execution's fate, so this asks n8n's public API (an n8n API credential).
 *
 * How: with each batch it keeps the positions from before the batch and a mark, the newest
 * execution id of this n8n just before the batch was returned. n8n numbers executions in one
 * series and creates the batch's execution right after, so it is the first execution of this
 * workflow in trigger mode after the mark (the trigger waits for each batch, so there is no
 * other). It is looked up by id, one id after another from the mark: n8n's listings leave out an
 * execution the main holds as running while its row says otherwise ("new" before a worker takes
 * it, "crashed" once a restarted worker gave it up), and such an execution must not be taken for
 * a deleted one. At the next poll: still queued or running, it waits (returns nothing, reads
 * nothing); failed with nothing run, it goes back to the positions from before the batch, so the
 * same events are read and emitted again; anything else (success, a workflow error after the
 * trigger, deleted because successful executions are not kept), it reads on. A batch waits at
 * most Wait for Execution: then, never taken by a worker ("new"), it is read again; taken, it is
 * let go with a warning. So a stuck execution cannot stop the stream for good.
 *
 * A worker killed mid-execution: given up by the restarted worker ("crashed"), n8n keeps the run
 * so far and the batch counts as delivered; failed by n8n's stalled-job check ("error"), the row
 * has no run (n8n saves it only at the end by default) and the batch is emitted again: at least
 * once, never lost; the uuid tells the repeat apart.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import {
	compareIds,
	executionById,
	executionFate,
	newestExecutionId,
} from '../transport/n8nExecutions';
import type { ExecutionState } from '../transport/n8nExecutions';
import { MINUTE_MS } from '../shared/time';

/** How long a batch waits for its execution by default (Wait for Execution), and at most. */
export const DEFAULT_WAIT_MINUTES = 30;
export const MAX_WAIT_MINUTES = 24 * 60;
/** Ids looked up after the mark at most: n8n creates the batch's execution right after it. */
export const MAX_LOOKUPS = 100;
/**
 * Past n8n's newest listed id, this many ids in a row without an execution end the search (other
 * workflows' executions deleted on success leave gaps before the batch's).
 */
const MISSES_PAST_NEWEST = 10;

const STATE_KEY = 'delivery';

/** Kept in static data beside the positions while a batch waits for its execution's fate. */
export interface PendingBatch {
	/** The newest execution id of the workflow when the batch was returned ('0' for none). */
	mark: string;
	/** The stored positions from before the batch, as static data holds them. */
	before: IDataObject;
	/** When the batch was returned (RFC 3339). */
	emittedAt: string;
	/** Items in the batch. */
	items: number;
}

export type Settlement =
	| { kind: 'delivered'; id?: string; status?: string }
	| { kind: 'discarded'; id: string; error: string }
	| { kind: 'waiting'; id?: string; status: string }
	| { kind: 'letGo'; id?: string; status: string; waitMs: number }
	| { kind: 'requeued'; id: string; waitMs: number };

const FINISHED_WITHOUT_REPLAY = new Set(['success', 'waiting', 'canceled']);
const FAILED = new Set(['error', 'crashed']);

export function readPendingBatch(staticData: IDataObject): PendingBatch | undefined {
	const stored = staticData[STATE_KEY] as IDataObject | undefined;
	if (
		!stored ||
		typeof stored.mark !== 'string' ||
		typeof stored.emittedAt !== 'string' ||
		typeof stored.before !== 'object' ||
		stored.before === null
	)
		return undefined;
	return {
		mark: stored.mark,
		before: stored.before as IDataObject,
		emittedAt: stored.emittedAt,
		items: typeof stored.items === 'number' ? stored.items : 0,
	};
}

/** Replaces the pending batch in one assignment (none: the key is removed). */
export function commitPendingBatch(
	staticData: IDataObject,
	pending: PendingBatch | undefined,
): void {
	if (pending) staticData[STATE_KEY] = JSON.parse(JSON.stringify(pending)) as IDataObject;
	else delete staticData[STATE_KEY];
}

function workflowIdOf(context: IPollFunctions): string {
	return String(context.getWorkflow().id ?? '');
}

/**
 * The execution that carried the pending batch: the first of this workflow in trigger mode after
 * the mark, looked up id by id. None: n8n did not keep it (successful executions deleted) or
 * never created it.
 */
async function findCarrier(
	context: IPollFunctions,
	pending: PendingBatch,
): Promise<ExecutionState | undefined> {
	const workflowId = workflowIdOf(context);
	// Also checks the credential: a wrong Base URL fails here rather than look like "none".
	const newest = Number(await newestExecutionId(context));
	const mark = Number(pending.mark);
	if (!Number.isSafeInteger(mark)) return undefined;
	let misses = 0;
	for (let id = mark + 1; id <= mark + MAX_LOOKUPS; id++) {
		const execution = await executionById(context, String(id));
		if (!execution) {
			if (id > newest && ++misses >= MISSES_PAST_NEWEST) return undefined;
			continue;
		}
		misses = 0;
		if (execution.workflowId === workflowId && execution.mode === 'trigger') return execution;
	}
	return undefined;
}

/** What became of the execution that carried the pending batch. */
export async function settlePendingBatch(
	context: IPollFunctions,
	pending: PendingBatch,
	now: number,
	waitMs: number,
): Promise<Settlement> {
	const carrier = await findCarrier(context, pending);
	if (!carrier) return { kind: 'delivered' };
	if (FINISHED_WITHOUT_REPLAY.has(carrier.status))
		return { kind: 'delivered', id: carrier.id, status: carrier.status };
	if (FAILED.has(carrier.status)) {
		const fate = await executionFate(context, carrier.id);
		if (fate.ran) return { kind: 'delivered', id: carrier.id, status: carrier.status };
		return { kind: 'discarded', id: carrier.id, error: fate.error ?? '(no message)' };
	}
	// 'new', 'running' or a status this code does not know: not finished yet.
	if (now - Date.parse(pending.emittedAt) < waitMs)
		return { kind: 'waiting', id: carrier.id, status: carrier.status };
	// Never taken by a worker this long: its job may be gone (seen once after a database outage,
	// the row "new" with no job behind it), so the batch is read again. Taken: it ran or runs.
	if (carrier.status === 'new') return { kind: 'requeued', id: carrier.id, waitMs };
	return { kind: 'letGo', id: carrier.id, status: carrier.status, waitMs };
}

/**
 * The mark for a batch about to be returned: the newest execution id of this n8n now, or `floor`
 * (the last batch's execution, else its mark) where that is newer: a listing can leave out an
 * execution the main holds, and an older execution of this workflow that shows up later must
 * never be taken for the new batch's.
 */
export async function markForNewBatch(context: IPollFunctions, floor?: string): Promise<string> {
	const newest = await newestExecutionId(context);
	return floor !== undefined && compareIds(floor, newest) > 0 ? floor : newest;
}

/** A line for n8n's log about a settlement that is not plain delivery. */
export function describeSettlement(settlement: Settlement, pending: PendingBatch): string {
	const execution = settlement.id ? `execution ${settlement.id}` : 'the last execution';
	switch (settlement.kind) {
		case 'waiting':
			return `waiting for n8n to finish ${execution} (${settlement.status}) with the last ${pending.items} events before reading on (Confirm Delivery)`;
		case 'letGo':
			return `${execution} with the last ${pending.items} events is still ${settlement.status} after ${settlement.waitMs / MINUTE_MS} minutes; reading on without knowing whether n8n ran it. Check it in the workflow's executions`;
		case 'requeued':
			return `${execution} with the last ${pending.items} events is still queued ("new") after ${settlement.waitMs / MINUTE_MS} minutes; its events are read and emitted again (should n8n still run it, they arrive twice)`;
		case 'discarded':
			return `n8n failed ${execution} before any node after the trigger ran ("${settlement.error}"); its ${pending.items} events are read and emitted again`;
		default:
			return settlement.id
				? `${execution} with the last ${pending.items} events ended ${settlement.status ?? 'as run'}; reading on`
				: `no execution of the last ${pending.items} events is kept (n8n keeps no successful executions?); reading on`;
	}
}
