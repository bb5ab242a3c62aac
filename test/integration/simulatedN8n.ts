/**
 * Plays n8n's part around the real trigger, as ../shared/n8n-polling.md describes it: static data
 * lives in memory while the process runs and is written to the database only when a poll
 * returns items (an execution); a restart reloads what the database holds. Every poll runs
 * through a real n8n-core PollContext against the emulator over HTTP.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../../tools/realPollContext';
import type { LogLine } from '../../tools/realPollContext';

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
	private processId = `process-${++processCounter}`;

	constructor(
		readonly emulator: Emulator,
		readonly parameters: IDataObject,
		readonly token: string,
		readonly pollBudgetMs?: number,
	) {}

	context(mode: 'trigger' | 'manual' = 'trigger', staticData: IDataObject = this.memory): IPollFunctions {
		const { context, logs } = makePollContext({
			credential: { token: this.token, region: 'custom', customUrl: this.emulator.url },
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
	}

	/** A poll that is cut off by a crash: whatever it would have returned never reaches n8n. */
	async crashDuringPoll(): Promise<void> {
		const scratch = JSON.parse(JSON.stringify(this.memory)) as IDataObject;
		await runPoll(this.context('trigger', scratch)).catch(() => null);
		this.restart();
	}

	/** Polls until a tick returns nothing, at most `maxTicks` times. */
	async drain(maxTicks = 50): Promise<number> {
		for (let tick = 1; tick <= maxTicks; tick++) {
			if (!(await this.tick())) return tick;
		}
		throw new Error(`still not drained after ${maxTicks} ticks`);
	}

	duplicates(): string[] {
		const seen = new Set<string>();
		return this.delivered.filter((uuid) => (seen.has(uuid) ? true : (seen.add(uuid), false)));
	}

	private collectLogs(): void {
		for (const logs of this.contextLogs.splice(0)) this.logs.push(...logs);
	}
}

/** The uuids of the events the emulator holds for a type, in insertion order, via its own API. */
export function uuidsOf(records: Array<{ uuid: string }>): string[] {
	return records.map((record) => record.uuid);
}
