/**
 * Baseline (a): the least any client must do to read the Events API, with no n8n at all —
 * global fetch (keep-alive), JSON.parse, follow the cursor, one `{json: record}` per event,
 * in the same chunks as the node's polls (each chunk held until it is complete, then dropped).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { EVENTS_PER_POLL, PAGE_SIZE, startTime, tokenForPoll } from './drainSetup';
import type { DrainCounts, DrainSetup } from './drainSetup';

interface Page {
	items: IDataObject[];
	cursor: string;
	has_more: boolean;
}

export async function bareClientDrain(setup: DrainSetup): Promise<DrainCounts> {
	if (setup.eventTypes.length !== 1) throw new Error('the bare client reads one event type');
	const endpoint = `${setup.url}${EVENT_TYPES[setup.eventTypes[0]].endpoint}`;
	const start = startTime();
	let cursor: string | undefined;
	let polls = 0;

	const pollOnce = async (): Promise<INodeExecutionData[]> => {
		const headers = {
			Authorization: `Bearer ${tokenForPoll(setup, polls++)}`,
			'Content-Type': 'application/json',
		};
		const chunk: INodeExecutionData[] = [];
		for (let page = 0; page < EVENTS_PER_POLL / PAGE_SIZE; page++) {
			const body = cursor ? { cursor } : { limit: PAGE_SIZE, start_time: start };
			const response = await fetch(endpoint, {
				method: 'POST',
				headers,
				body: JSON.stringify(body),
			});
			const text = await response.text();
			if (response.status !== 200)
				throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
			const answer = JSON.parse(text) as Page;
			for (const record of answer.items) chunk.push({ json: record });
			cursor = answer.cursor;
			if (!answer.has_more) break;
		}
		return chunk;
	};

	let items = 0;
	for (;;) {
		const chunk = await pollOnce();
		if (chunk.length === 0) break;
		setup.onPollHeld?.(polls);
		items += chunk.length;
	}
	return {
		polls,
		items,
		idlePoll: async () => {
			await pollOnce();
		},
	};
}
