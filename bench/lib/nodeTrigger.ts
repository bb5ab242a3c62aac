/**
 * The node under test: the real trigger's poll() in n8n-core's real PollContext
 * (test/harness/n8n/pollContext.ts), called back to back as n8n's cron would call it on a backlog, with its
 * static data kept between polls. Only the token changes, every few hundred requests, so the
 * node's per-token pacer never stops a throughput drain (see drainSetup.ts).
 */
import type { IDataObject, INodeExecutionData, INodeType, IPollFunctions } from 'n8n-workflow';

import { OnePasswordEventsTrigger } from '../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.ts';
import { makePollContext } from '../../test/harness/n8n/pollContext';
import { EVENTS_PER_POLL, LOOKBACK_DAYS, PAGE_SIZE, tokenForPoll } from './drainSetup';
import type { DrainCounts, DrainSetup } from './drainSetup';

/** The node's maximum; a poll of 10,000 events takes well under a second here. */
const POLL_BUDGET_MS = 45_000;

export interface NodeVariant {
	output: 'raw' | 'simplified';
	/** The node's `filters` parameter; empty for none. */
	filters?: IDataObject;
	/** Another build of the trigger (bench:compare loads one from a second checkout). */
	triggerClass?: new () => INodeType;
}

export function nodeParameters(
	setup: Pick<DrainSetup, 'eventTypes'>,
	variant: NodeVariant,
): IDataObject {
	return {
		eventTypes: setup.eventTypes,
		startFrom: 'lookback',
		lookbackAmount: LOOKBACK_DAYS,
		lookbackUnit: 'days',
		output: variant.output,
		filters: variant.filters ?? {},
		options: { maxEventsPerPoll: EVENTS_PER_POLL, pageSize: PAGE_SIZE },
	};
}

/** The stored cursors, read from the node's static data layout (positions.ts), as one string. */
function cursorsOf(staticData: IDataObject): string {
	const positions = (staticData.positions ?? {}) as Record<string, { cursor?: string } | undefined>;
	return Object.values(positions)
		.map((position) => position?.cursor ?? '')
		.join('|');
}

export function nodeTriggerDrain(variant: NodeVariant) {
	return async (setup: DrainSetup): Promise<DrainCounts> => {
		// One node type instance, as n8n keeps one per process.
		const trigger = new (variant.triggerClass ?? OnePasswordEventsTrigger)();
		const poll = trigger.poll;
		if (!poll) throw new Error('the trigger has no poll()');
		const parameters = nodeParameters(setup, variant);
		const staticData: IDataObject = {};
		let polls = 0;
		let context: IPollFunctions | undefined;
		let contextToken = '';
		const pollOnce = async (): Promise<INodeExecutionData[][] | null> => {
			const token = tokenForPoll(setup, polls++);
			if (!context || token !== contextToken) {
				contextToken = token;
				context = makePollContext({
					credential: { token, region: 'custom', customUrl: setup.url },
					parameters,
					staticData,
					workflowId: setup.workflowId,
					pollBudgetMs: POLL_BUDGET_MS,
				}).context;
			}
			return await poll.call(context);
		};
		let items = 0;
		for (;;) {
			const before = cursorsOf(staticData);
			const result = await pollOnce();
			if (result) {
				setup.onPollHeld?.(polls);
				items += result[0].length;
			}
			// A filtered poll can return null while the stream still moves (every event of its pages
			// filtered out): the drain is over only when a poll returns nothing and moves no cursor.
			else if (cursorsOf(staticData) === before) break;
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
