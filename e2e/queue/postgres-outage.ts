/**
 * PostgreSQL unavailable for longer than a cron minute while events stream in: every workflow's
 * trigger ticks at least once with the database down. In queue mode the main polls (the trigger
 * only talks to the Events API), then saves static data (fire-and-forget) and creates the
 * execution row before it enqueues the job: both need the database. What n8n does with such a
 * poll's events is what this scenario measures: delivered after the outage, or lost.
 *
 * Seen with n8n 2.41.1: a poll during the outage fails at once, before any request to the Events
 * API, because n8n reads the node's credential from the database on every poll
 * (CredentialsHelper.getCredentials); recording it as a failed execution fails too ("Failed to
 * record failed trigger execution": Driver not Connected). The trigger's position does not move,
 * so the first poll after the outage reads those events. A loss would need the database to go
 * away in the moment between a poll's credential read and its execution row being written.
 * Every process stays up and reconnects by itself.
 */
import { sleep } from '../checks';
import { exitedProcesses, type QueueCluster } from './cluster';
import type { PostgresHandle } from './services';

export interface OutageOutcome {
	/** When the database went down and came back. */
	downAt: number;
	upAt: number;
	/** n8n processes that exited during the outage (name: exit code). */
	exited: Record<string, number | null>;
	/** Lines n8n's main logged as errors during and just after the outage (ANSI codes removed). */
	mainErrors: string[];
}

export async function postgresOutage(
	cluster: QueueCluster,
	postgres: PostgresHandle,
	downMs: number,
	mainLog: () => string,
): Promise<OutageOutcome> {
	const logBefore = mainLog().length;
	const downAt = Date.now();
	await postgres.unavailableFor(downMs);
	const upAt = Date.now();
	// A few seconds for the processes to notice that it is back (or to give up).
	await sleep(5_000);
	const exited = await exitedProcesses(cluster);
	const mainErrors = mainLog()
		.slice(logBefore)
		.replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex
		.split('\n')
		.filter((line) => /\berror\b/.test(line.slice(0, 40)));
	return { downAt, upAt, exited, mainErrors };
}
