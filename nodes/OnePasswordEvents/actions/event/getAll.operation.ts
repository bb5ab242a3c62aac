/**
 * Event > Get Many: the events of one type over a time range, through the same poller, filters
 * and simplification as the trigger. Three ways to read:
 * - Oldest First (the default): pages stream straight into the node's output and a Limit stops
 *   reading as soon as it is met (plus one matching event, to know whether more match).
 * - Newest First: the whole range is read and only the newest `limit` items are held.
 * - Summary (Counts): the whole range is read and only counters are held; one item comes out.
 * A read that cannot finish in time says how much it got and how to narrow it. Filters that do
 * not apply to the chosen event type are refused before any request (see filterScope.ts).
 *
 * This file holds the parameters and the steps of one run; the parts live beside it:
 * getAll.settings.ts reads and checks the parameters, rangeReaders.ts holds the three reads, and
 * limitNotice.ts says when a Limit left events out.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import {
	addNamesProperty,
	eventTypeOptions,
	filtersProperty,
	outputProperty as eventOutputProperty,
} from '../../shared/descriptions';
import { EVENT_TYPES } from '../../shared/eventTypes';
import { buildFilters } from '../../shared/filters';
import type { FilterSettings } from '../../shared/filters';
import { checkFiltersApply } from '../../shared/filterScope';
import { addNames } from '../../shared/names';
import { pacerForToken } from '../../transport/requestBudget';
import { readTokenAccess } from '../../transport/tokenAccess';
import { readSettings } from './getAll.settings';
import { reportLimit } from './limitNotice';
import {
	GET_MANY_TIME_LIMIT_MS,
	readNewestFirst,
	readOldestFirst,
	readSummary,
} from './rangeReaders';
import type { ReadBase } from './rangeReaders';

/** Connect lookups for names get this long after reading, at most; they never fail the node. */
const NAMES_TIME_LIMIT_MS = 15_000;

const show = { resource: ['event'], operation: ['getAll'] };
/** Limit, Return All and Order do not apply to a summary, which counts the whole range. */
const hideForSummary = { output: ['summary'] };

/**
 * Get Many's own Output: the trigger's two values (shared/descriptions.ts, unchanged there) and
 * the summary, which only a query over a range can give.
 */
export const outputProperty: INodeProperties = {
	...eventOutputProperty,
	description:
		'What to return: one item per event, or one item of counts over the whole range (best for questions such as who did something most often)',
	options: [
		...(eventOutputProperty.options as INodePropertyOptions[]),
		{
			name: 'Summary (Counts)',
			value: 'summary',
			description:
				'One item of counts over the whole range: total, first and last event time, and the top 25 actions, users, vaults (item usages), countries, outcomes (sign-in attempts) and object types (audit events), each list with an "other" count for the rest. Limit and Order do not apply.',
		},
	],
};

export const description: INodeProperties[] = [
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		default: 'itemUsages',
		description:
			'Which kind of 1Password events to fetch. Filters for another kind are refused with a message.',
		options: eventTypeOptions,
		displayOptions: { show },
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		description:
			'Events from this time on (workflow time zone unless the value has an offset). Empty means 24 hours ago. At most 120 days ago.',
		displayOptions: { show },
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		description: 'Events up to this time. Empty means now.',
		displayOptions: { show },
	},
	{ ...outputProperty, displayOptions: { show } },
	{ ...addNamesProperty, displayOptions: { show: { ...show, output: ['simplified'] } } },
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show, hide: hideForSummary },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] }, hide: hideForSummary },
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		default: 'oldest',
		description:
			'Which events Limit keeps and in what order they come. When Limit leaves out matching events, the output says so.',
		options: [
			{
				name: 'Newest First',
				value: 'newest',
				description:
					'The newest events by time, newest first. The whole range is read first, so this takes as long as Return All.',
			},
			{
				name: 'Oldest First',
				value: 'oldest',
				description:
					'In the order 1Password received the events: oldest first, except item usages a client uploaded late. Reading stops as soon as Limit is met.',
			},
		],
		displayOptions: { show, hide: hideForSummary },
	},
	{
		...filtersProperty,
		description:
			'Return only matching events. User Emails and Match User Emails Against apply to every event type; every other filter applies to one event type only, and a filter for another type than Event Type is refused with a message.',
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const now = Date.now();
	const settings = readSettings(this, itemIndex, now);
	const filterSettings = this.getNodeParameter('filters', itemIndex, {}) as FilterSettings;
	// Before any request, and before the filters' own checks: the first thing to fix.
	checkFiltersApply(filterSettings, settings.eventType);
	const filter = buildFilters(filterSettings)[settings.eventType];
	const spec = EVENT_TYPES[settings.eventType];
	const { token, processes } = await readTokenAccess(this);
	const base: ReadBase = {
		spec,
		position: { startTime: settings.startTime },
		endTime: settings.endTime,
		maxEvents: Number.MAX_SAFE_INTEGER,
		deadline: now + GET_MANY_TIME_LIMIT_MS,
		filter,
		pacer: pacerForToken(token, processes),
	};

	if (settings.output === 'summary') {
		const summary = await readSummary(this, base, settings);
		return [{ json: summary, pairedItem: { item: itemIndex } }];
	}
	const output = settings.output;
	const result =
		settings.order === 'newest'
			? await readNewestFirst(this, base, settings, output)
			: await readOldestFirst(this, base, settings, filter, output);
	if (output === 'simplified' && this.getNodeParameter('addNames', itemIndex, false) === true)
		await addNames(this, result.items, { deadline: Date.now() + NAMES_TIME_LIMIT_MS });
	reportLimit(this, spec, settings, result);
	// Fresh objects from the reader (and the notice): paired in place, without a second copy.
	for (const item of result.items) item.pairedItem = { item: itemIndex };
	return result.items;
}
