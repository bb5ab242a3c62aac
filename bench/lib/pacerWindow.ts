/**
 * The node's own request budget, seen from the server. With the emulator's rate limit lifted,
 * two workflows on ONE token poll a large backlog back to back (far more often than n8n's
 * one-minute cron ever would) for longer than a minute; the emulator records the busiest sliding
 * 60 s window. The node must stay within the API's 600 a minute (it aims for 500) whatever its
 * callers do, because 1Password shares that budget across the account.
 */
import type { IDataObject } from 'n8n-workflow';

import { OnePasswordEventsTrigger } from '../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.ts';
import { makePollContext } from '../../test/harness/n8n/pollContext';
import type { EmulatorChild } from './emulatorChild';
import { nodeParameters } from './nodeTrigger';

/** After a poll that emitted nothing or failed, wait this long before the next (no busy loop). */
const PAUSE_AFTER_EMPTY_POLL_MS = 1000;
const WORKFLOWS = 2;

export interface PacerWindow {
	seconds: number;
	workflows: number;
	/** Busiest sliding 60 s window of the one token, as the emulator counted it. */
	peakPer60s: number;
	requests: number;
	items: number;
	polls: number;
	/** Polls that returned null or failed because the token's budget was used up. */
	emptyOrFailedPolls: number;
	/** Warnings the node logged (the pacer says when it paused). */
	warnings: string[];
}

export async function measurePacerWindow(
	emulator: EmulatorChild,
	seconds: number,
): Promise<PacerWindow> {
	const token = await emulator.issueToken();
	await emulator.resetStats();
	const trigger = new OnePasswordEventsTrigger();
	const parameters = nodeParameters({ eventTypes: ['itemUsages'] }, { output: 'raw' });
	const endAt = Date.now() + seconds * 1000;
	const totals = { items: 0, polls: 0, emptyOrFailedPolls: 0 };
	const warnings = new Set<string>();

	const runWorkflow = async (index: number): Promise<void> => {
		const staticData: IDataObject = {};
		while (Date.now() < endAt) {
			const { context, logs } = makePollContext({
				credential: { token, region: 'custom', customUrl: emulator.url },
				parameters,
				staticData,
				workflowId: `pacer-${index}`,
				// Never past the end of the measurement, so the run ends on time.
				pollBudgetMs: Math.max(1000, Math.min(45_000, endAt - Date.now())),
			});
			totals.polls++;
			let emitted = 0;
			try {
				emitted = (await trigger.poll.call(context))?.[0].length ?? 0;
			} catch (error) {
				warnings.add(`poll failed: ${(error as Error).message}`);
			}
			for (const line of logs) if (line.level === 'warn') warnings.add(line.message);
			totals.items += emitted;
			if (emitted === 0) {
				totals.emptyOrFailedPolls++;
				await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_EMPTY_POLL_MS));
			}
		}
	};
	const started = Date.now();
	await Promise.all(Array.from({ length: WORKFLOWS }, (_, index) => runWorkflow(index)));
	const elapsed = (Date.now() - started) / 1000;

	const stats = await emulator.stats();
	return {
		seconds: elapsed,
		workflows: WORKFLOWS,
		peakPer60s: Math.max(0, ...Object.values(stats.peakRequestsPer60s.byToken)),
		requests: stats.requests.total,
		...totals,
		warnings: [...warnings],
	};
}
