/**
 * The action node on the workers, in parallel executions, while a trigger polls the same account
 * from the main: does the account's 600 requests a minute hold? Each process counts only its own
 * requests (the request budget lives in the process), so the credential says how many processes
 * share the token (n8n Processes Sharing This Token) and each keeps to its share of 500 a minute.
 *
 * An emulator of its own (so its counts are this round's only) holds a backlog of item usages;
 * one workflow's trigger polls it from the main (Start From now: a request per poll), and
 * `executions` webhook calls start as many executions of a second workflow at once, each a
 * Get Many Summary (Counts) over the whole backlog (at most 100,000 events, the most one summary
 * counts): one request per 1,000 events, together more than two workers may send in a minute
 * without a share. The round reports the busiest 60 s the emulator saw and its 429s.
 */
import crypto from 'node:crypto';

import { startEmulator } from '../../emulator';
import { waitUntil } from '../checks';
import { client, type SuiteContext } from '../context';
import { CREDENTIAL_TYPE, emulatorCredentialData } from '../n8n/seed';
import { triggerNode } from '../workflows';
import type { QueueCluster } from './cluster';

const NODE_TYPE = 'n8n-nodes-1password-events.onePasswordEvents';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BudgetRoundOptions {
	/** The credential's n8n Processes Sharing This Token. */
	processes: number;
	/** Parallel executions of the action node. */
	executions: number;
	/** Item usages in the backlog: each execution reads them all, 1,000 per request. */
	backlog: number;
	timeoutMs: number;
}

export interface BudgetRound {
	processes: number;
	/** Executions that ended, by status. */
	statuses: Record<string, number>;
	/** Which worker ran how many of them. */
	perWorker: Record<string, number>;
	/** Event requests the emulator answered, 429s among them, and the busiest 60 s. */
	requests: number;
	rateLimited: number;
	peakPer60s: number;
	/** The counts each execution's summary reported (all equal to the backlog when complete). */
	totals: number[];
	ms: number;
}

interface EmulatorStats {
	eventRequests: { total: number; peakPer60s: number };
	tooManyRequests: { rateLimited: number };
}

export async function actionBudgetRound(
	context: SuiteContext,
	cluster: QueueCluster,
	options: BudgetRoundOptions,
): Promise<BudgetRound> {
	const emulator = await startEmulator({
		port: 0,
		seed: `e2e-queue-budget-${options.processes}`,
		backlog: { itemusages: options.backlog, signinattempts: 0, auditevents: 0 },
		backlogSpanMs: DAY_MS,
		live: false,
	});
	try {
		const n8n = client(context);
		const token = emulator.issueToken();
		context.tokens.push(token);
		const label = `budget, ${options.processes} process share`;
		const credentialId = await n8n.createCredential(label, CREDENTIAL_TYPE, {
			...emulatorCredentialData(emulator.url, token),
			processes: options.processes,
		});
		const credentials = { onePasswordEventsApi: { id: credentialId, name: label } };
		const poller = await n8n.createWorkflow({
			name: `${label}: trigger`,
			nodes: [
				triggerNode(credentialId, label, {
					eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
					startFrom: 'now',
					output: 'raw',
				}),
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		const path = `budget-${options.processes}-${crypto.randomUUID()}`;
		const load = await n8n.createWorkflow({
			name: `${label}: action node`,
			nodes: [
				{
					id: 'webhook',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: crypto.randomUUID(),
					parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
				},
				{
					id: 'summary',
					name: 'Count Item Usages',
					type: NODE_TYPE,
					typeVersion: 1,
					position: [260, 0],
					parameters: {
						resource: 'event',
						operation: 'getAll',
						eventType: 'itemUsages',
						startTime: new Date(Date.now() - 2 * DAY_MS).toISOString(),
						endTime: new Date(Date.now() + 60_000).toISOString(),
						output: 'summary',
					},
					credentials,
				},
			],
			connections: { Webhook: { main: [[{ node: 'Count Item Usages', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		});
		await n8n.activateWorkflow(poller.id);
		await n8n.activateWorkflow(load.id);
		// n8n registers a production webhook a moment after the activation answers (2.41.1's
		// publication service): the first call is repeated until it is taken, then the rest go at once.
		const url = `${n8n.baseUrl}/webhook/${path}`;
		const call = () => fetch(url, { method: 'POST', body: '{}' });
		const started = Date.now();
		let first = await call();
		while (first.status === 404 && Date.now() - started < 30_000) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			first = await call();
		}
		const calls = [
			first,
			...(await Promise.all(Array.from({ length: options.executions - 1 }, call))),
		];
		const refused = calls.filter((answer) => !answer.ok).map((answer) => answer.status);
		if (refused.length > 0) throw new Error(`webhook calls refused: ${refused.join(', ')}`);
		const ended = () =>
			n8n
				.executions(load.id, true)
				.then((executions) =>
					executions.filter(
						(execution) => !['running', 'new', 'waiting'].includes(execution.status),
					),
				);
		let finished = await ended();
		await waitUntil(
			async () => (finished = await ended()).length >= options.executions,
			options.timeoutMs,
			3_000,
		);
		const ms = Date.now() - started;
		await n8n.deactivateWorkflow(poller.id);
		await n8n.deactivateWorkflow(load.id);
		const stats = (await (await fetch(`${emulator.url}/admin/stats`)).json()) as EmulatorStats;
		const statuses: Record<string, number> = {};
		const perWorker: Record<string, number> = {};
		const totals: number[] = [];
		for (const execution of finished) {
			statuses[execution.status] = (statuses[execution.status] ?? 0) + 1;
			const worker = cluster.workerOf(execution.id)?.name ?? 'no worker';
			perWorker[worker] = (perWorker[worker] ?? 0) + 1;
			const summary = execution.data?.resultData.runData['Count Item Usages']?.[0]?.data
				?.main?.[0]?.[0]?.json as { total?: number } | undefined;
			totals.push(summary?.total ?? -1);
		}
		return {
			processes: options.processes,
			statuses,
			perWorker,
			requests: stats.eventRequests.total,
			rateLimited: stats.tooManyRequests.rateLimited,
			peakPer60s: stats.eventRequests.peakPer60s,
			totals,
			ms,
		};
	} finally {
		await emulator.stop();
	}
}
