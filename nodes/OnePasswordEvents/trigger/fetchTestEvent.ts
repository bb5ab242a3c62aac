/**
 * "Fetch Test Event" in the editor: a few of the newest events of each selected type, found by
 * looking back in widening windows, with the user's filters and output mode applied. Stored
 * positions are neither read nor written.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EVENT_TYPES } from '../shared/eventTypes';
import { addNames } from '../shared/names';
import { drainEvents } from '../shared/streamReader';
import { pacerForToken } from '../transport/requestBudget';
import { DAY_MS, HOUR_MS, RETENTION_DAYS, toApiTime } from '../shared/time';
import type { PollClock } from './poll';
import { readTokenAccess } from '../transport/tokenAccess';
import { pollBudgetMs } from './poll';
import type { TriggerSettings } from './settings';

const SAMPLE_SIZE_PER_TYPE = 5;
/** Events read per window at most: enough to find matches, little enough to stay quick. */
const MAX_EVENTS_PER_WINDOW = 2000;
// Small windows first: the newest events are usually recent, and a small window reaches them in few pages.
const WINDOWS_MS = [
	HOUR_MS / 6,
	HOUR_MS,
	DAY_MS,
	7 * DAY_MS,
	30 * DAY_MS,
	(RETENTION_DAYS - 1) * DAY_MS,
];

/** Only ever used for the widest window, which is days long. */
function windowLabel(ms: number): string {
	return `${Math.round(ms / DAY_MS)} days`;
}

export async function sampleNewestEvents(
	context: IPollFunctions,
	settings: TriggerSettings,
	clock: PollClock = { now: Date.now },
): Promise<INodeExecutionData[][]> {
	const access = await readTokenAccess(context);
	const pacer = pacerForToken(access.token, access.processes);
	const started = clock.now();
	const deadline = started + pollBudgetMs(context);
	const sample: INodeExecutionData[] = [];
	let readWithoutMatch = 0;

	for (const key of settings.eventTypes) {
		for (const windowMs of WINDOWS_MS) {
			let newest: INodeExecutionData[] = [];
			const outcome = await drainEvents(context, {
				spec: EVENT_TYPES[key],
				// No end time: events that arrive while we read are the newest of all.
				position: { startTime: toApiTime(started - windowMs) },
				pageSize: 1000,
				maxEvents: MAX_EVENTS_PER_WINDOW,
				deadline,
				filter: settings.filters[key],
				output: settings.output,
				pacer,
				onItems: (items) => {
					newest = [...newest, ...items].slice(-SAMPLE_SIZE_PER_TYPE);
				},
				now: clock.now,
			});
			if (outcome.stoppedBy) throw outcome.stoppedBy;
			if (newest.length > 0) {
				sample.push(...newest.reverse());
				break;
			}
			readWithoutMatch += outcome.received;
			if (clock.now() >= deadline) break;
		}
	}

	if (sample.length === 0) {
		const types = settings.eventTypes
			.map((key) => EVENT_TYPES[key].displayName.toLowerCase())
			.join(', ');
		const searched = windowLabel(WINDOWS_MS[WINDOWS_MS.length - 1]);
		throw new NodeOperationError(
			context.getNode(),
			readWithoutMatch > 0
				? `Found ${readWithoutMatch} recent events of the selected types (${types}), but none matches the filters`
				: `No ${types} in the last ${searched}`,
			{
				description:
					readWithoutMatch > 0
						? 'Loosen the filters to see a sample. Once the workflow is active, only events that match are emitted.'
						: 'Once the workflow is active, new events are emitted as they arrive. To test now, cause one in 1Password (for example, sign in or reveal an item).',
			},
		);
	}
	// A sample is small: names get a few seconds even past the reading budget, so the editor
	// shows what the active workflow will deliver.
	if (settings.names)
		await addNames(context, sample, {
			deadline: Math.max(deadline, clock.now() + 5_000),
			now: clock.now,
		});
	return [sample];
}
