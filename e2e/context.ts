import type { Emulator } from '../emulator';
import type { N8nClient } from './n8n/client';
import type { N8nRuntime } from './n8n/runtime';
import type { N8nRelease } from './n8n/versions';
import type { Checks } from './checks';
import type { EventSource } from './event-source';
import type { Sink } from './sink';

/** What every scenario of one n8n version's run shares. */
export interface SuiteContext {
	release: N8nRelease;
	runtime: N8nRuntime;
	checks: Checks;
	emulator: Emulator;
	source: EventSource;
	sink: Sink;
	/** The n8n user folder (database, config, installed package, n8n's own log file). */
	userFolder: string;
	/** Console output of n8n and its CLI commands. */
	logsDir: string;
	/** Every bearer token handed to n8n in this run: none may show up in its data or logs. */
	tokens: string[];
	/** Set once n8n runs; replaced after a restart (same URL). */
	client?: N8nClient;
	log(line: string): void;
}

export function client(context: SuiteContext): N8nClient {
	if (!context.client) throw new Error('n8n is not running');
	return context.client;
}
