/**
 * n8n's three ways of running a polling trigger, as ../shared/n8n-polling.md describes them,
 * around the REAL trigger (its poll() through n8n-core's real PollContext, real HTTP):
 *
 * - default: one in-memory static data object per process, reused by every tick. Items: static
 *   data saved (deep copy) and the execution delivered. null: memory kept, nothing saved. Throw:
 *   memory kept as it is (NOT rolled back), nothing saved, a failed execution.
 * - scheduler (N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, no durable cursors): every poll starts from a
 *   fresh copy of the saved static data; items: saved; null or throw: discarded.
 * - durable (… with N8N_POLLER_DURABLE_CURSORS_ENABLED): like scheduler, but a null poll's static
 *   data is saved too (cursor-only commit); a throw is discarded.
 *
 * Restart: memory := saved copy, new process (the trigger keeps module state per workflow id, so a
 * new process gets a new workflow id). Re-publish: memory := saved copy, same workflow id. Each is
 * followed by n8n's activation poll. The abstract static data of the oracle (ModelPositions) rides
 * along with the real one and is copied, kept and dropped exactly like it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Emulator, StatsSnapshot } from '../../../emulator';
import { makePollContext, runPoll } from '../n8n/pollContext';
import type { LogLine } from '../n8n/pollContext';
import { VirtualClock } from './clock';
import { cloneModel, emptyModel, mergeModels } from './oracle';
import type { ModelPositions, Oracle, PollRecord, ResolvedSettings, StatsDelta } from './oracle';
import type { EmuType, Engine } from './program';

export interface Copy {
	data: IDataObject;
	model: ModelPositions;
}

function cloneCopy(copy: Copy): Copy {
	return {
		data: JSON.parse(JSON.stringify(copy.data)) as IDataObject,
		model: cloneModel(copy.model),
	};
}

export interface PollOutcome {
	result: INodeExecutionData[][] | null;
	threw: boolean;
	error?: unknown;
}

export interface EngineHost {
	emulator: Emulator;
	oracle: Oracle;
	clock: VirtualClock;
	pollBudgetMs: number;
	token: () => string;
	/** Event types the current token may not read. */
	tokenLacks: () => EmuType[];
	settings: () => ResolvedSettings;
	parameters: () => IDataObject;
	/** Every execution n8n ran (items reached the workflow). */
	onExecution: (items: INodeExecutionData[]) => void;
	/** A line per poll for the run's journal. */
	journal: (line: string) => void;
}

let runCounter = 0;

export class SimulatedN8n {
	/** Static data in the running process (default engine only). */
	memory: Copy = { data: {}, model: emptyModel() };
	/** Static data in n8n's database. */
	saved: Copy = { data: {}, model: emptyModel() };
	private readonly runId = `model-${++runCounter}`;
	private processNumber = 0;
	processId = '';
	private firstPoll = true;
	restarts = 0;
	executions = 0;

	constructor(
		readonly engine: Engine,
		private readonly host: EngineHost,
	) {
		this.newProcess();
	}

	private newProcess(): void {
		this.processId = `${this.runId}-p${++this.processNumber}`;
		this.firstPoll = true;
		this.processModel = undefined;
	}

	/**
	 * What the trigger's in-process progress cache may hold (scheduler engines): the abstract
	 * positions after the last successful poll of this process with the same parameters. The
	 * trigger may resume from it instead of the copy n8n hands over, so the oracle considers both.
	 */
	private processModel: ModelPositions | undefined;
	private processParameters = '';

	/** The copy a poll reads: the process's memory, or a fresh copy of the database row. */
	private base(): Copy {
		if (this.engine === 'default') return this.memory;
		const copy = cloneCopy(this.saved);
		const parameters = JSON.stringify(this.host.parameters());
		if (parameters !== this.processParameters) this.processModel = undefined;
		copy.model = mergeModels(copy.model, this.processModel);
		return copy;
	}

	/** After a poll of this process returned (not threw): what its cache may now hold. */
	private remember(copy: Copy, outcome: PollOutcome): void {
		if (this.engine === 'default' || outcome.threw) return;
		this.processModel = cloneModel(copy.model);
		this.processParameters = JSON.stringify(this.host.parameters());
	}

	private statsDelta(before: StatsSnapshot, after: StatsSnapshot): StatsDelta {
		const byStatus: Record<string, number> = {};
		for (const [status, count] of Object.entries(after.requests.byStatus)) {
			const delta = count - (before.requests.byStatus[status] ?? 0);
			if (delta) byStatus[status] = delta;
		}
		const faults: Record<string, number> = {};
		for (const [kind, count] of Object.entries(after.faultsInjected)) {
			const delta = (count ?? 0) - ((before.faultsInjected as Record<string, number>)[kind] ?? 0);
			if (delta) faults[kind] = delta;
		}
		return { requests: after.requests.total - before.requests.total, byStatus, faults };
	}

	/** Runs the real poll() once on `copy.data`, and tells the oracle. */
	private async poll(
		copy: Copy,
		label: string,
		options: { delivered: boolean; shared?: boolean },
	): Promise<PollOutcome & { logs: LogLine[] }> {
		const settings = this.host.settings();
		const { context, logs } = makePollContext({
			credential: { token: this.host.token(), region: 'custom', customUrl: this.host.emulator.url },
			parameters: this.host.parameters(),
			staticData: copy.data,
			mode: 'trigger',
			workflowId: this.processId,
			pollBudgetMs: this.host.pollBudgetMs,
		});
		const firstInProcess = this.firstPoll;
		this.firstPoll = false;
		const before = options.shared ? undefined : this.host.emulator.stats();
		const startedAt = this.host.clock.now();
		const realStart = VirtualClock.real();
		let outcome: PollOutcome;
		try {
			outcome = { result: await runPoll(context), threw: false };
		} catch (error) {
			outcome = { result: null, threw: true, error };
		}
		const realMs = VirtualClock.real() - realStart;
		const endedAt = this.host.clock.now();
		const record: PollRecord = {
			processId: this.processId,
			label,
			settings,
			startedAt,
			endedAt,
			realMs,
			result: outcome.result,
			threw: outcome.threw,
			error: outcome.error,
			logs,
			staticData: copy.data,
			stats: before ? this.statsDelta(before, this.host.emulator.stats()) : undefined,
			firstInProcess,
			delivered: options.delivered,
			overlapped: !!options.shared,
			tokenLacks: this.host.tokenLacks(),
			model: copy.model,
		};
		this.host.oracle.onPoll(record);
		const items = outcome.result?.[0]?.length ?? 0;
		const description = (outcome.error as { description?: unknown } | undefined)?.description;
		const sentence =
			typeof description === 'string' && /may be missing/.test(description)
				? ` (${description})`
				: '';
		const said = outcome.threw
			? `threw "${String((outcome.error as Error)?.message ?? outcome.error)}"${sentence}`
			: outcome.result
				? `${items} items`
				: 'null';
		const warnings = logs.filter((line) => line.level === 'warn').length;
		this.host.journal(
			`    ${label} [${this.processId}]: ${said}${warnings ? `, ${warnings} warning(s)` : ''}${record.stats ? `, ${record.stats.requests} requests` : ''}, ${realMs} ms`,
		);
		return { ...outcome, logs };
	}

	/** What n8n does with a poll's result under this engine. */
	private settle(copy: Copy, outcome: PollOutcome, options: { save: boolean }): void {
		const items = outcome.result?.[0];
		if (items && items.length > 0) {
			this.executions++;
			this.host.onExecution(items);
			if (options.save) this.saved = cloneCopy(copy);
			return;
		}
		if (this.engine === 'durable' && !outcome.threw && options.save) this.saved = cloneCopy(copy);
		// default: memory already holds whatever the poll left; scheduler: the copy is dropped.
	}

	/** One cron tick. */
	async tick(label = 'tick'): Promise<PollOutcome> {
		const copy = this.base();
		const outcome = await this.poll(copy, label, { delivered: true });
		this.remember(copy, outcome);
		this.settle(copy, outcome, { save: true });
		return outcome;
	}

	/** Two ticks started together (default engine: on the same memory; schedulers lease one poll at a time). */
	async overlap(): Promise<PollOutcome[]> {
		if (this.engine !== 'default') return [await this.tick('tick (overlap: scheduler runs one)')];
		const copy = this.memory;
		const before = this.host.emulator.stats();
		const outcomes = await Promise.all([
			this.poll(copy, 'overlapping tick A', { delivered: true, shared: true }),
			this.poll(copy, 'overlapping tick B', { delivered: true, shared: true }),
		]);
		this.host.oracle.sharedTraffic(this.statsDelta(before, this.host.emulator.stats()));
		for (const outcome of outcomes) this.settle(copy, outcome, { save: true });
		return outcomes;
	}

	/** n8n stops and starts again: memory is lost, the database is what remains; then activation. */
	async restart(label = 'activation after restart'): Promise<PollOutcome> {
		this.memory = cloneCopy(this.saved);
		this.restarts++;
		this.newProcess();
		return await this.tick(label);
	}

	/** The workflow is published again (settings changed): memory := saved, same process; then activation. */
	async republish(): Promise<PollOutcome> {
		this.memory = cloneCopy(this.saved);
		return await this.tick('activation after re-publish');
	}

	/** n8n dies inside a poll: its result never reaches n8n. Then a restart. */
	async crashInPoll(): Promise<void> {
		const scratch = cloneCopy(this.base());
		await this.poll(scratch, 'poll cut off by a crash', { delivered: false });
		await this.restart();
	}

	/** n8n dies after the execution ran but before static data was saved. Then a restart. */
	async crashAfterDelivery(): Promise<INodeExecutionData[]> {
		const copy = this.base();
		const outcome = await this.poll(copy, 'poll delivered, then crash before save', {
			delivered: true,
		});
		this.remember(copy, outcome);
		this.settle(copy, outcome, { save: false });
		const items = outcome.result?.[0] ?? [];
		this.host.oracle.crashedAfterDelivery(items);
		await this.restart();
		return items;
	}

	/** The copy the next poll would read. */
	current(): Copy {
		return this.engine === 'default' ? this.memory : this.saved;
	}
}
