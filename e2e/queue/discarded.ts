/**
 * Executions n8n failed before any node ran, and whose batch it threw away: a worker took the job
 * but could not read the execution from PostgreSQL ("Driver not Connected" while its connection
 * monitor reconnects), the job failed, and the main's processError saved the row with the error
 * and an empty run: no run data and an empty node execution stack. The trigger's items were only
 * in that row, so n8n's Retry has nothing to run (a retry tried here failed the same way), and
 * the trigger's position had moved on when the main queued the job.
 *
 * A worker killed mid-execution ends the same way ("error" from the stalled-job check, or
 * "crashed" when it is started again at once and recovers its own unfinished executions).
 *
 * And a third way, seen once through a full PostgreSQL outage: the worker failed the job, but the
 * main could not record that, so the row stays "new" (queued) with its events and no job behind
 * it; nothing runs it (n8n's queue recovery looks for such rows every 180 minutes by default).
 * The main may also keep such a row in memory as running (no processError logged for it), and
 * the default listing leaves those out: they are asked for by status as well.
 *
 * The suite notes these and checks that the cut-off phase made some; the triggers' Confirm
 * Delivery must then have read each such batch again, so nothing is missing at the sink.
 */
import type { N8nClient } from '../n8n/client';

/** A queued execution no worker took in this long never will: its job is gone. */
const STUCK_AFTER_MS = 2 * 60_000;

export interface DiscardedExecution {
	id: string;
	error: string;
}

interface RawExecution {
	id: string;
	workflowId?: string;
	status: string;
	mode: string;
	createdAt?: string;
	retryOf?: string | null;
	data?: {
		resultData?: { runData?: Record<string, unknown>; error?: { message?: string } };
		executionData?: { nodeExecutionStack?: unknown[] };
	};
}

export async function discardedExecutions(
	client: N8nClient,
	workflowId: string,
): Promise<DiscardedExecution[]> {
	const executions = (await client.executions(workflowId, true)) as unknown as RawExecution[];
	const stuckBefore = Date.now() - STUCK_AFTER_MS;
	const stuck = (execution: RawExecution) => Date.parse(execution.createdAt ?? '') < stuckBefore;
	const discarded = executions
		.filter(
			(execution) =>
				execution.mode === 'trigger' &&
				(((execution.status === 'error' || execution.status === 'crashed') &&
					Object.keys(execution.data?.resultData?.runData ?? {}).length === 0 &&
					(execution.data?.executionData?.nodeExecutionStack ?? []).length === 0) ||
					(execution.status === 'new' && stuck(execution))),
		)
		.map((execution) => ({
			id: execution.id,
			error:
				execution.status === 'new'
					? 'still queued ("new"), its job gone'
					: (execution.data?.resultData?.error?.message ?? '(no message)'),
		}));
	// Rows the main still holds as running are left out of the default listing.
	let running: RawExecution[] = [];
	try {
		running = (await client.runningExecutions()) as unknown as RawExecution[];
	} catch {
		running = [];
	}
	for (const execution of running)
		if (
			execution.workflowId === workflowId &&
			execution.mode === 'trigger' &&
			stuck(execution) &&
			!discarded.some((known) => known.id === execution.id)
		)
			discarded.push({ id: execution.id, error: 'listed as running for minutes, its job gone' });
	return discarded;
}
