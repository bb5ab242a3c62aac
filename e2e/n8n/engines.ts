/**
 * The ways an n8n release can run a polling trigger, as the environment that selects each. Read
 * from n8n 2.41.1's source (@n8n/config SchedulerConfig and WorkflowsConfig, n8n's
 * scheduling/poll-trigger-node): the durable scheduler takes over poll triggers only when all
 * three of its variables are set (isDurablePollerChainEnabled); durable cursors on top of it only
 * when the scheduler is on (PollCursorService warns and stays off otherwise).
 */
import { n8nRelease } from './versions';

export type EngineName = 'default' | 'scheduler' | 'scheduler-durable';

export interface N8nEngine {
	readonly name: EngineName;
	/** For the report. */
	readonly description: string;
	/** Set on every n8n process of the run (server and CLI). */
	readonly env: Readonly<Record<string, string>>;
	/** n8n major lines that have this engine. */
	readonly lines: readonly string[];
}

const SCHEDULER = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	// On by default in 2.41.1 (WorkflowsConfig), but required: without it the scheduler leaves poll
	// triggers to the in-memory crons (PollJobProvider warns), so it is set rather than assumed.
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

export const N8N_ENGINES: Readonly<Record<EngineName, N8nEngine>> = {
	default: {
		name: 'default',
		description: 'in-memory crons, one poll context per activation',
		// Off explicitly (n8n's defaults), so that a shell that happens to export them cannot turn the
		// default run into another. The publication service is left alone: 2.41.1 has it on by default.
		env: {
			N8N_SCHEDULER_ENABLED: 'false',
			N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'false',
			N8N_POLLER_DURABLE_CURSORS_ENABLED: 'false',
		},
		lines: ['1.x', '2.x'],
	},
	scheduler: {
		name: 'scheduler',
		description:
			'durable poll scheduler: leased tasks, a fresh context per poll, static data saved only with an execution',
		env: { ...SCHEDULER, N8N_POLLER_DURABLE_CURSORS_ENABLED: 'false' },
		lines: ['2.x'],
	},
	'scheduler-durable': {
		name: 'scheduler-durable',
		description:
			'durable poll scheduler with durable cursors: static data committed with the execution, or alone after a null poll',
		env: { ...SCHEDULER, N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true' },
		lines: ['2.x'],
	},
};

export function n8nEngine(name: string): N8nEngine {
	const engine = N8N_ENGINES[name as EngineName];
	if (!engine)
		throw new Error(`unknown n8n engine "${name}": one of ${Object.keys(N8N_ENGINES).join(', ')}`);
	return engine;
}

/** Whether the release has the engine (the scheduler variables mean nothing to 1.x). */
export function engineRunsOn(engine: N8nEngine, version: string): boolean {
	return engine.lines.includes(n8nRelease(version).line);
}
