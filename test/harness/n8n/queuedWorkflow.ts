/**
 * n8n in queue mode around the real trigger: the main polls and saves static data when a poll
 * returns items, then an execution row carries the batch to a worker, and the test decides what
 * becomes of it, as n8n 2.41.1 was seen to do (e2e/queue/discarded.ts):
 * - ran: a worker ran it (delivered) and it is listed as success;
 * - deleted: ran, then deleted (n8n keeps no successful executions);
 * - workflowError: ran, and a node after the trigger failed;
 * - discarded: a worker without its database failed it before anything ran: error, empty run,
 *   nothing delivered;
 * - killedAfterDelivery: a worker delivered it and was killed: error, empty run (n8n saves the
 *   run only at the end), yet delivered;
 * - killedBeforeDelivery: a worker killed before the node after the trigger started, given up by
 *   the restarted worker: "crashed", the trigger alone in the run, nothing delivered;
 * - killedHeld: as killedAfterDelivery, but a restarted worker gave it up first: its row says
 *   "crashed" while the main still holds it as running (in no listing), until `finishOpen`;
 * - queued / heldRunning: not finished yet, held by the main as running while the row says "new"
 *   (in no listing) or "running", until `finishOpen` says how it ends.
 * Executions of another workflow can take ids between a poll and its batch's execution.
 * The executions live in a real HTTP server with n8n's public API (executionsApi.ts).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import type { ExecutionsApi } from './executionsApi';
import { runPoll } from './pollContext';
import { SimulatedWorkflow } from './simulatedWorkflow';

export type BatchFate =
	| 'ran'
	| 'deleted'
	| 'workflowError'
	| 'discarded'
	| 'killedAfterDelivery'
	| 'killedBeforeDelivery'
	| 'killedHeld'
	| 'queued'
	| 'heldRunning';

/** What becomes of another workflow's execution: kept, held by the main, or deleted. */
export type OtherFate = 'kept' | 'held' | 'deleted';

export interface Batch {
	executionId: string;
	uuids: string[];
	fate: BatchFate;
	/** Whether the items reached the workflow's nodes (so far). */
	delivered: boolean;
}

const DELIVERED_AT_ONCE: ReadonlySet<BatchFate> = new Set([
	'ran',
	'deleted',
	'workflowError',
	'killedAfterDelivery',
	'killedHeld',
]);
const OPEN: ReadonlySet<BatchFate> = new Set(['queued', 'heldRunning', 'killedHeld']);

export class QueuedWorkflow extends SimulatedWorkflow {
	readonly batches: Batch[] = [];

	/**
	 * Executions created while another of this workflow was still queued or running (never with
	 * the hold). One whose row already says "crashed" does not count: that is final in n8n's
	 * database, and the trigger goes by it.
	 */
	overlaps = 0;

	/** Uuids of batches delivered just before a crash lost their static data. */
	private readonly crashRepeats = new Set<string>();

	constructor(
		emulator: Emulator,
		parameters: IDataObject,
		token: string,
		readonly api: ExecutionsApi,
	) {
		super(emulator, parameters, token, undefined, undefined, {
			baseUrl: api.url,
			apiKey: api.apiKey,
		});
	}

	/**
	 * One cron tick in queue mode; a batch's execution then meets `fate`, after other workflows'
	 * executions (`others`) took the ids in between.
	 */
	async tickWith(
		fate: BatchFate,
		others: OtherFate[] = [],
	): Promise<INodeExecutionData[][] | null> {
		this.pollsSinceStart++;
		const result = await runPoll(this.context());
		this.collectLogs();
		if (result) {
			this.persisted = JSON.parse(JSON.stringify(this.memory));
			for (const other of others) this.otherExecution(other);
			this.carry(result[0], fate);
		}
		return result;
	}

	private otherExecution(fate: OtherFate): void {
		const execution = this.api.create({
			workflowId: 'another-workflow',
			mode: 'webhook',
			status: fate === 'held' ? 'new' : 'success',
			ran: fate !== 'held',
			heldInMemory: fate === 'held',
		});
		if (fate === 'deleted') this.api.delete(execution.id);
	}

	/**
	 * n8n dies after the batch's execution ran but before static data reached the database: the
	 * workflow got the events, and the restarted process starts from the positions saved before.
	 */
	async crashAfterDelivery(): Promise<INodeExecutionData[][] | null> {
		try {
			this.pollsSinceStart++;
			const result = await runPoll(this.context());
			if (result) {
				this.carry(result[0], 'ran');
				for (const item of result[0]) this.crashRepeats.add(String(item.json.uuid));
			}
			return result;
		} finally {
			this.collectLogs();
			this.restart();
		}
	}

	/** Every execution not finished yet ends: run by a worker, or failed before it ran. */
	finishOpen(outcome: 'ran' | 'discarded'): void {
		for (const batch of this.batches) {
			if (!OPEN.has(batch.fate)) continue;
			if (batch.fate === 'killedHeld') {
				// The main's stalled-job check ends it: error, still empty.
				batch.fate = 'killedAfterDelivery';
				this.api.update(batch.executionId, { status: 'error', heldInMemory: false });
				continue;
			}
			batch.fate = outcome;
			if (outcome === 'ran') {
				this.api.update(batch.executionId, { status: 'success', ran: true, heldInMemory: false });
				this.deliver(batch);
			} else {
				this.api.update(batch.executionId, {
					status: 'error',
					ran: false,
					error: 'Driver not Connected',
					heldInMemory: false,
				});
			}
		}
	}

	restart(): void {
		const before = this.processId;
		super.restart();
		// The workflow keeps its id; the harness gives each process its own (see context()).
		for (const execution of this.api.executions.values())
			if (execution.workflowId === before) execution.workflowId = this.processId;
	}

	/** Uuids of batches that reached the workflow twice by design (a kill or crash after delivery). */
	repeatable(): Set<string> {
		return new Set([
			...this.crashRepeats,
			...this.batches
				.filter((batch) => batch.fate === 'killedAfterDelivery' || batch.fate === 'killedHeld')
				.flatMap((batch) => batch.uuids),
		]);
	}

	private carry(items: INodeExecutionData[], fate: BatchFate): void {
		const open = this.batches.some(
			(batch) => batch.fate === 'queued' || batch.fate === 'heldRunning',
		);
		if (open) this.overlaps++;
		const status = {
			ran: 'success',
			deleted: 'success',
			workflowError: 'error',
			discarded: 'error',
			killedAfterDelivery: 'error',
			killedHeld: 'crashed',
			killedBeforeDelivery: 'crashed',
			queued: 'new',
			heldRunning: 'running',
		} as const;
		const execution = this.api.create({
			workflowId: this.processId,
			mode: 'trigger',
			status: status[fate],
			ran: fate === 'ran' || fate === 'workflowError',
			heldInMemory: OPEN.has(fate),
			triggerRan: fate === 'killedBeforeDelivery',
			error:
				fate === 'discarded'
					? 'Driver not Connected'
					: fate === 'killedBeforeDelivery'
						? 'Workflow did not finish, possible out-of-memory issue'
						: fate === 'killedAfterDelivery' || fate === 'killedHeld'
							? 'This execution failed to be processed too many times and will no longer retry.'
							: fate === 'workflowError'
								? 'The Slack node failed'
								: undefined,
		});
		const batch: Batch = {
			executionId: execution.id,
			uuids: items.map((item) => String(item.json.uuid)),
			fate,
			delivered: false,
		};
		this.batches.push(batch);
		if (DELIVERED_AT_ONCE.has(fate)) this.deliver(batch);
		if (fate === 'deleted') this.api.delete(execution.id);
	}

	private deliver(batch: Batch): void {
		batch.delivered = true;
		for (const uuid of batch.uuids) this.delivered.push(uuid);
	}
}
