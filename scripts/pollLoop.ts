/**
 * Runs the real trigger's poll() on a schedule, the way n8n's cron would, and prints what n8n
 * would receive. Shared by `npm run poll` and `npm run demo`.
 */
import type { IDataObject } from 'n8n-workflow';

import { makePollContext, runPoll } from '../test/harness/n8n/pollContext';

export interface PollLoopOptions {
	url: string;
	token: string;
	parameters: IDataObject;
	/** How many polls; Infinity runs until the process stops. */
	ticks: number;
	intervalMs: number;
	manual?: boolean;
	/** Print whole items (true) or one summary line per item. */
	full?: boolean;
	/** A 1Password Connect server for names (turns on Add Vault and Item Names). */
	connect?: { serverUrl: string; token: string };
}

function summary(json: IDataObject): string {
	// Simplified items carry their own sentence.
	if (typeof json.summary === 'string') return `${String(json.timestamp)}  ${json.summary}`;
	const who = json.userEmail ?? (json.user as IDataObject | undefined)?.email ?? '';
	const what = json.action ?? json.outcome ?? json.category ?? '';
	return `${String(json.timestamp)}  ${String(json.eventType ?? json.event_type).padEnd(13)} ${String(what).padEnd(22)} ${String(who)}`;
}

export async function runPollLoop(options: PollLoopOptions): Promise<void> {
	const staticData: IDataObject = {};
	for (let tick = 1; tick <= options.ticks; tick++) {
		const { context, logs } = makePollContext({
			credential: { token: options.token, region: 'custom', customUrl: options.url },
			connectCredential: options.connect,
			parameters: options.connect ? { ...options.parameters, addNames: true } : options.parameters,
			staticData,
			mode: options.manual ? 'manual' : 'trigger',
			workflowId: 'poll-tool',
		});
		const started = Date.now();
		try {
			const result = await runPoll(context);
			const items = result?.[0] ?? [];
			console.log(
				`# poll ${tick}: ${items.length} item(s) in ${Date.now() - started} ms${result ? '' : ' (null: no execution)'}`,
			);
			if (options.full && result) console.log(JSON.stringify(result, null, 2));
			else for (const item of items) console.log(`  ${summary(item.json)}`);
		} catch (error) {
			const failure = error as Error & { description?: string };
			console.log(
				`# poll ${tick} failed: ${failure.message}${failure.description ? `\n#   ${failure.description}` : ''}`,
			);
		}
		for (const line of logs.filter((entry) => entry.level !== 'debug'))
			console.log(`# ${line.level}: ${line.message}`);
		console.log(`# static data: ${JSON.stringify(staticData).length} bytes`);
		if (options.manual) return;
		if (tick < options.ticks)
			await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
	}
}
