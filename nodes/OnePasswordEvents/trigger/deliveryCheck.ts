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
 * execution id of the workflow when the batch was returned; the batch's execution is the first
 * trigger execution after the mark (the trigger waits for each batch, so there is one). At the
 * next poll: still queued or running, it waits (returns nothing, reads nothing); failed with
 * nothing run, it goes back to the positions from before the batch, so the same events are read
 * and emitted again; anything else (success, a workflow error after the trigger, deleted because
 * successful executions are not kept), it reads on. A batch that waits longer than HOLD_LIMIT_MS
 * is let go with a warning, so a stuck execution cannot stop the stream for good.
 *
 * A worker killed mid-execution leaves a row that looks the same (n8n saves a run only at the
 * end by default), so that batch is emitted again: at least once, never lost; the uuid tells the
 * repeat apart.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { compareIds, executionFate, recentExecutions } from '../transport/n8nExecutions';
import { MINUTE_MS } from '../shared/time';

/** A batch's execution not finished after this long no longer holds the stream. */
export const HOLD_LIMIT_MS = 30 * MINUTE_MS;

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
	| { kind: 'delivered'; id?: string }
	| { kind: 'discarded'; id: string; error: string }
	| { kind: 'waiting'; id?: string; status: string }
	| { kind: 'letGo'; id?: string; status: string };

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

/** What became of the execution that carried the pending batch. */
export async function settlePendingBatch(
	context: IPollFunctions,
	pending: PendingBatch,
	now: number,
): Promise<Settlement> {
	const executions = await recentExecutions(context, workflowIdOf(context));
	const carrier = executions
		.filter(
			(execution) => execution.mode === 'trigger' && compareIds(execution.id, pending.mark) > 0,
		)
		.sort((a, b) => compareIds(a.id, b.id))[0];
	// None: not kept (successful executions deleted when n8n keeps none), or never created.
	if (!carrier) return { kind: 'delivered' };
	if (FINISHED_WITHOUT_REPLAY.has(carrier.status)) return { kind: 'delivered', id: carrier.id };
	if (FAILED.has(carrier.status)) {
		const fate = await executionFate(context, carrier.id);
		if (fate.ran) return { kind: 'delivered', id: carrier.id };
		return { kind: 'discarded', id: carrier.id, error: fate.error ?? '(no message)' };
	}
	// 'new', 'running' or a status this code does not know: not finished yet.
	const heldFor = now - Date.parse(pending.emittedAt);
	if (heldFor >= HOLD_LIMIT_MS) return { kind: 'letGo', id: carrier.id, status: carrier.status };
	return { kind: 'waiting', id: carrier.id, status: carrier.status };
}

/** The mark for a batch about to be returned: the newest execution id of the workflow now. */
export async function markForNewBatch(context: IPollFunctions): Promise<string> {
	const executions = await recentExecutions(context, workflowIdOf(context));
	return executions[0]?.id ?? '0';
}

/** A line for n8n's log about a settlement that is not plain delivery. */
export function describeSettlement(settlement: Settlement, pending: PendingBatch): string {
	const execution = settlement.id ? `execution ${settlement.id}` : 'the last execution';
	switch (settlement.kind) {
		case 'waiting':
			return `waiting for n8n to finish ${execution} (${settlement.status}) with the last ${pending.items} events before reading on (Confirm Delivery)`;
		case 'letGo':
			return `${execution} with the last ${pending.items} events is still ${settlement.status} after ${HOLD_LIMIT_MS / MINUTE_MS} minutes; reading on without knowing whether n8n ran it. Check it in the workflow's executions`;
		case 'discarded':
			return `n8n failed ${execution} before it ran ("${settlement.error}"); its ${pending.items} events are read and emitted again`;
		default:
			return `${execution} ran`;
	}
}
