/**
 * A queue-mode worker killed with SIGKILL in the middle of an execution. The sink holds the answer
 * to one workflow's post, so its execution hangs on a worker with its batch already delivered;
 * the suite finds which worker runs it (from the workers' logs) and kills that worker, at a moment
 * when no other execution runs anywhere (so the other workflows keep their exactly-once checks).
 *
 * In queue mode the main polls and saves the trigger's static data before it enqueues the
 * execution, so the poll's position has moved on: the killed execution's events are not read again.
 * n8n runs Bull with `maxStalledCount: 0` (scaling.service.js): the stalled job is failed, never
 * handed to another worker, once its lock runs out (QUEUE_WORKER_LOCK_DURATION, 60 s) and a live
 * worker's stalled check (QUEUE_WORKER_STALLED_INTERVAL, 30 s) sees it. The main's wait for the
 * job then fails with "job stalled more than maxStalledCount"; after a 30 s grace window of
 * re-reading the row (workflow-runner.js processError) it saves the execution with status "error"
 * ("This execution failed to be processed too many times and will no longer retry"). Measured
 * with n8n 2.41.1's defaults: about 2 to 2.5 minutes from the SIGKILL. If the killed worker is
 * started again at once, it may get there first: on start it marks its own unfinished
 * executions "crashed" ("Workflow did not finish, possible out-of-memory issue"), about a minute
 * after the kill. Either way the row keeps no run data.
 */
import { N8nHttpError } from '../n8n/client';
import { sleep, waitUntil } from '../checks';
import { client, type SuiteContext } from '../context';
import type { KillOutcome } from '../scenarios/sigkill';
import type { StreamWorkflow } from '../scenarios/stream';
import type { QueueCluster, QueueWorker } from './cluster';

/** Longest the sink holds a post: over a cron minute, as in scenarios/sigkill.ts. */
const HOLD_MS = 100_000;
const QUIET_TIMEOUT_MS = 15_000;

export interface WorkerKillOutcome extends KillOutcome {
	/** The worker that ran the held execution and was killed. */
	worker?: QueueWorker;
	killedAt: number;
}

const unanswered = (context: SuiteContext, workflow: StreamWorkflow) =>
	context.sink.batches(workflow.name).filter((batch) => !batch.answered);

export async function killWorkerMidExecution(
	context: SuiteContext,
	cluster: QueueCluster,
	workflow: StreamWorkflow,
	timeoutMs: number,
): Promise<WorkerKillOutcome> {
	const started = Date.now();
	const none = (quietBy: string): WorkerKillOutcome => ({
		killed: false,
		cutOff: [],
		othersRunning: [],
		quietBy,
		waitedMs: Date.now() - started,
		killedAt: 0,
	});
	context.sink.hold(workflow.name, HOLD_MS);
	try {
		const caught = await waitUntil(() => unanswered(context, workflow).length > 0, timeoutMs, 500);
		if (!caught) return none('no execution caught');
		const held = unanswered(context, workflow);
		const worker = cluster.workerOf(held[0].execution);
		if (!worker) return none(`no worker log names execution ${held[0].execution}`);
		const server = worker.server();
		if (!server) return none(`${worker.name} is not running`);
		const heldIds = new Set(held.map((batch) => batch.execution));
		const deadline = Date.now() + QUIET_TIMEOUT_MS;
		let othersRunning: string[] = [];
		let quietBy = 'the API listed no other running execution';
		for (;;) {
			try {
				othersRunning = (await client(context).runningExecutions())
					.filter((execution) => !heldIds.has(String(execution.id)))
					.map((execution) => `${execution.workflowId}/${execution.id}`);
			} catch (error) {
				if (!(error instanceof N8nHttpError)) throw error;
				othersRunning = [];
				quietBy = `a 3 s pause (HTTP ${error.status} listing running executions)`;
				await sleep(3_000);
			}
			if (othersRunning.length === 0) break;
			if (Date.now() >= deadline) {
				quietBy = 'no quiet moment found';
				break;
			}
			await sleep(250);
		}
		await server.kill();
		const killedAt = Date.now();
		return {
			killed: true,
			cutOff: unanswered(context, workflow),
			othersRunning,
			quietBy,
			waitedMs: killedAt - started,
			worker,
			killedAt,
		};
	} finally {
		context.sink.release(workflow.name);
	}
}

/**
 * Waits until n8n no longer lists the killed executions as running or new; returns their final
 * statuses (or why none could be read) and how long that took from the kill.
 */
export async function settledStatuses(
	context: SuiteContext,
	outcome: WorkerKillOutcome,
	timeoutMs: number,
): Promise<{ statuses: Record<string, string>; settledMs: number; settled: boolean }> {
	const statuses: Record<string, string> = {};
	const read = async () => {
		for (const batch of outcome.cutOff) {
			try {
				const execution = await client(context).execution(batch.execution);
				const message = execution.data?.resultData.error?.message;
				statuses[batch.execution] = message ? `${execution.status}: ${message}` : execution.status;
			} catch (error) {
				statuses[batch.execution] =
					error instanceof N8nHttpError ? `HTTP ${error.status}` : (error as Error).message;
			}
		}
		return Object.values(statuses).every(
			(status) => !['running', 'new'].includes(status.split(':')[0]),
		);
	};
	const settled = await waitUntil(read, timeoutMs, 5_000);
	return { statuses, settledMs: Date.now() - outcome.killedAt, settled };
}
