/**
 * Plays n8n's part around the real trigger, as ../shared/n8n-polling.md describes it: static data
 * lives in memory while the process runs and is written to the database only when a poll
 * returns items (an execution); a restart reloads what the database holds. Every poll runs
 * through a real n8n-core PollContext against the emulator over HTTP.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import { makePollContext, runPoll } from './pollContext';
import type { LogLine } from './pollContext';

let processCounter = 0;

export class SimulatedWorkflow {
	/** Static data as the running process holds it. */
	memory: IDataObject = {};
	/** Static data as n8n's database holds it. */
	persisted: IDataObject = {};
	/** Every item uuid the workflow received, in order. */
	readonly delivered: string[] = [];
	readonly executions: INodeExecutionData[][] = [];
	readonly logs: LogLine[] = [];
	/**
	 * Polls run by this process so far. The trigger's first poll after an n8n (re)start may only
	 * re-arm (null, no request) when every type has a stored position, so callers that need a poll
	 * that reads check this rather than assume the next tick reads.
	 */
	pollsSinceStart = 0;
	protected processId = `process-${++processCounter}`;

	constructor(
		readonly emulator: Emulator,
		readonly parameters: IDataObject,
		readonly token: string,
		readonly pollBudgetMs?: number,
		/** A 1Password Connect API credential, for workflows that add names. */
		readonly connectCredential?: IDataObject,
		/** An n8n API credential, for workflows that confirm delivery. */
		readonly n8nCredential?: IDataObject,
	) {}

	context(
		mode: 'trigger' | 'manual' = 'trigger',
		staticData: IDataObject = this.memory,
	): IPollFunctions {
		const { context, logs } = makePollContext({
			credential: { token: this.token, region: 'custom', customUrl: this.emulator.url },
			connectCredential: this.connectCredential as ICredentialDataDecryptedObject | undefined,
			n8nCredential: this.n8nCredential as ICredentialDataDecryptedObject | undefined,
			parameters: this.parameters,
			staticData,
			mode,
			workflowId: this.processId,
			pollBudgetMs: this.pollBudgetMs,
		});
		this.contextLogs.push(logs);
		return context;
	}

	private readonly contextLogs: LogLine[][] = [];

	/** One cron tick: poll, and when items come back, save static data and run the execution. */
	async tick(): Promise<INodeExecutionData[][] | null> {
		this.pollsSinceStart++;
		const result = await runPoll(this.context());
		this.collectLogs();
		if (result) {
			this.persisted = JSON.parse(JSON.stringify(this.memory));
			this.executions.push(result[0]);
			for (const item of result[0]) this.delivered.push(String(item.json.uuid));
		}
		return result;
	}

	/** n8n stops and starts again: memory is lost, the database is what remains. */
	restart(): void {
		this.memory = JSON.parse(JSON.stringify(this.persisted));
		this.processId = `process-${++processCounter}`;
		this.pollsSinceStart = 0;
	}

	/** A poll that is cut off by a crash: whatever it would have returned never reaches n8n. */
	async crashDuringPoll(): Promise<void> {
		const scratch = JSON.parse(JSON.stringify(this.memory)) as IDataObject;
		await runPoll(this.context('trigger', scratch)).catch(() => null);
		this.restart();
	}

	/**
	 * n8n dies between running an execution and saving static data: the poll returns items, the
	 * workflow receives them (they count as delivered, e.g. already posted to a SIEM), but the
	 * database still holds the position from before the poll, and n8n starts again from it. n8n
	 * saves static data without waiting for it (../shared/n8n-polling.md), so this window exists;
	 * the events of this poll are then read and delivered again: the bounded cost of
	 * at-least-once delivery, which the trigger cannot avoid because it never sees the save.
	 * Returns what the crashed poll delivered; a poll that throws still ends in the restart.
	 */
	async crashAfterDelivery(): Promise<INodeExecutionData[][] | null> {
		try {
			this.pollsSinceStart++;
			const result = await runPoll(this.context());
			if (result) {
				this.executions.push(result[0]);
				for (const item of result[0]) this.delivered.push(String(item.json.uuid));
			}
			return result;
		} finally {
			this.collectLogs();
			this.restart();
		}
	}

	/**
	 * Polls until a tick returns nothing, at most `maxTicks` times. The first poll of a fresh
	 * process returning nothing does not end it: it may only have re-armed the trigger.
	 */
	async drain(maxTicks = 50): Promise<number> {
		for (let tick = 1; tick <= maxTicks; tick++) {
			const fresh = this.pollsSinceStart === 0;
			if (!(await this.tick()) && !fresh) return tick;
		}
		throw new Error(`still not drained after ${maxTicks} ticks`);
	}

	duplicates(): string[] {
		const seen = new Set<string>();
		return this.delivered.filter((uuid) => (seen.has(uuid) ? true : (seen.add(uuid), false)));
	}

	protected collectLogs(): void {
		for (const logs of this.contextLogs.splice(0)) this.logs.push(...logs);
	}
}

/** The uuids of the events the emulator holds for a type, in insertion order, via its own API. */
export function uuidsOf(records: Array<{ uuid: string }>): string[] {
	return records.map((record) => record.uuid);
}
