/**
 * Baseline (b): the thinnest possible trigger over n8n's real request helper — a poll() that
 * sends pages of 1000 through `httpRequestWithAuthentication` (so the credential's authenticate
 * and n8n-core's axios stack run exactly as for the node, `disableFollowRedirect` included) and
 * does nothing else: no retries, pacing, de-duplication, filters or simplification. Same chunks,
 * same PollContext as the node.
 */
import type {
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { CREDENTIAL_TYPE } from '../../nodes/OnePasswordEvents/transport/request';
import { makePollContext } from '../../test/harness/n8n/pollContext';
import { EVENTS_PER_POLL, PAGE_SIZE, startTime, tokenForPoll } from './drainSetup';
import type { DrainCounts, DrainSetup } from './drainSetup';

function thinPoll(endpoint: string, start: string) {
	return async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node');
		const items: INodeExecutionData[] = [];
		for (let page = 0; page < EVENTS_PER_POLL / PAGE_SIZE; page++) {
			const request: IHttpRequestOptions = {
				method: 'POST',
				url: endpoint,
				body: state.cursor ? { cursor: state.cursor } : { limit: PAGE_SIZE, start_time: start },
				json: true,
				// As the node sends it: the Events API never redirects.
				disableFollowRedirect: true,
			};
			const answer = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				request,
			)) as IDataObject;
			for (const record of answer.items as IDataObject[]) items.push({ json: record });
			state.cursor = answer.cursor;
			if (answer.has_more !== true) break;
		}
		return items.length > 0 ? [items] : null;
	};
}

export function thinTriggerDrain() {
	return async (setup: DrainSetup): Promise<DrainCounts> => {
		if (setup.eventTypes.length !== 1) throw new Error('the thin trigger reads one event type');
		const poll = thinPoll(EVENT_TYPES[setup.eventTypes[0]].endpoint, startTime());
		const staticData: IDataObject = {};
		let polls = 0;
		let context: IPollFunctions | undefined;
		let contextToken = '';
		const pollOnce = async (): Promise<INodeExecutionData[][] | null> => {
			// One PollContext per token, rebuilt exactly as for the node (n8n builds one per tick).
			const token = tokenForPoll(setup, polls++);
			if (!context || token !== contextToken) {
				contextToken = token;
				context = makePollContext({
					credential: { token, region: 'custom', customUrl: setup.url },
					staticData,
					workflowId: setup.workflowId,
				}).context;
			}
			return await poll.call(context);
		};
		let items = 0;
		for (;;) {
			const result = await pollOnce();
			if (!result) break;
			setup.onPollHeld?.(polls);
			items += result[0].length;
		}
		return {
			polls,
			items,
			staticDataBytes: JSON.stringify(staticData).length,
			idlePoll: async () => {
				await pollOnce();
			},
		};
	};
}
