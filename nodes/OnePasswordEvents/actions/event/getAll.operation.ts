/**
 * Event > Get Many: the events of one type over a time range, through the same poller, filters
 * and simplification as the trigger. Three ways to read:
 * - Oldest First (the default): pages stream straight into the node's output and a Limit stops
 *   reading as soon as it is met (plus one matching event, to know whether more match).
 * - Newest First: the whole range is read and only the newest `limit` items are held.
 * - Summary (Counts): the whole range is read and only counters are held; one item comes out.
 * A read that cannot finish in time says how much it got and how to narrow it. Filters that do
 * not apply to the chosen event type are refused before any request (see filterScope.ts).
 */
import type {
	IDataObject,
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
import { EVENT_TYPES, isEventTypeKey } from '../../shared/eventTypes';
import type { EventTypeKey, EventTypeSpec, OutputMode } from '../../shared/eventTypes';
import { buildFilters } from '../../shared/filters';
import type { EventPredicate, FilterSettings } from '../../shared/filters';
import { checkFiltersApply } from '../../shared/filterScope';
import { MAX_PAGE_SIZE, readWholeNumber } from '../../shared/parameterReaders';
import { addNames } from '../../shared/names';
import { drainEvents } from '../../shared/streamReader';
import type { DrainRequest } from '../../shared/streamReader';
import { pacerForToken } from '../../transport/requestBudget';
import { SettingsError } from '../../transport/errors';
import {
	checkStartTime,
	DAY_MS,
	notADateMessage,
	parseUserDate,
	toApiTime,
} from '../../shared/time';
import { readTokenAccess } from '../../transport/tokenAccess';
import { NewestEvents } from './newestFirst';
import { EventSummarizer, SUMMARY_LIMITS } from './summarize';

/** One execution stops reading after this long; the message then says to narrow the range. */
const GET_MANY_TIME_LIMIT_MS = 5 * 60_000;
/** Connect lookups for names get this long after reading, at most; they never fail the node. */
const NAMES_TIME_LIMIT_MS = 15_000;
/** Return All and Summary (Counts) refuse a range with more matching events than this. */
export const MAX_LIMIT = 100_000;

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

export type GetManyOutput = OutputMode | 'summary';
export type GetManyOrder = 'oldest' | 'newest';

interface GetManySettings {
	eventType: EventTypeKey;
	startTime: string;
	endTime: string;
	output: GetManyOutput;
	/** At most this many items (Return All: one more than MAX_LIMIT, to tell "all" from "cut"). */
	limit: number;
	returnAll: boolean;
	order: GetManyOrder;
}

/** An empty field (or an expression that gave nothing) means the default. */
function isUnset(value: unknown): boolean {
	return value === '' || value === undefined || value === null;
}

function readRange(
	context: IExecuteFunctions,
	itemIndex: number,
	now: number,
): { startTime: string; endTime: string } {
	const timeZone = context.getTimezone();
	// Text from the date picker, or whatever an expression gave (e.g. a luxon DateTime).
	const rawStart: unknown = context.getNodeParameter('startTime', itemIndex, '');
	const rawEnd: unknown = context.getNodeParameter('endTime', itemIndex, '');
	const start = isUnset(rawStart) ? now - DAY_MS : parseUserDate(rawStart, timeZone);
	if (start === undefined)
		throw new SettingsError(notADateMessage('Start Time', rawStart, '2026-11-20T00:00:00'));
	const end = isUnset(rawEnd) ? now : parseUserDate(rawEnd, timeZone);
	if (end === undefined)
		throw new SettingsError(notADateMessage('End Time', rawEnd, '2026-11-21T00:00:00'));
	checkStartTime(start, now, 'Start Time');
	if (end <= start) {
		throw new SettingsError(
			`End Time (${toApiTime(end)}) must be after Start Time (${toApiTime(start)}).`,
		);
	}
	// The API takes whole seconds: round the end up so the range's last second is kept whole.
	return { startTime: toApiTime(start), endTime: toApiTime(Math.min(end, now) + 999) };
}

/** Raw and simplified as before (anything unknown reads as raw, as it always has), or summary. */
function readGetManyOutput(value: unknown): GetManyOutput {
	if (value === 'summary' || value === 'simplified') return value;
	return 'raw';
}

/** An AI agent may fill Order itself: a value that is neither is refused, not guessed. */
function readOrder(value: unknown): GetManyOrder {
	if (isUnset(value) || value === 'oldest') return 'oldest';
	if (value === 'newest') return 'newest';
	throw new SettingsError(
		`Order must be Oldest First (oldest) or Newest First (newest); it is "${String(value)}".`,
	);
}

function readSettings(context: IExecuteFunctions, itemIndex: number, now: number): GetManySettings {
	const eventType = context.getNodeParameter('eventType', itemIndex, 'itemUsages');
	if (!isEventTypeKey(eventType)) {
		throw new SettingsError(
			`Event Type "${String(eventType)}" is unknown. Use itemUsages, signInAttempts or auditEvents.`,
		);
	}
	const output = readGetManyOutput(context.getNodeParameter('output', itemIndex, 'raw'));
	const range = readRange(context, itemIndex, now);
	if (output === 'summary') {
		// Limit, Return All and Order are hidden: a summary always counts the whole range.
		return { eventType, ...range, output, limit: MAX_LIMIT, returnAll: true, order: 'oldest' };
	}
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	// Return All reads one event past the ceiling, to tell "all" from "cut off".
	const limit = returnAll
		? MAX_LIMIT + 1
		: readWholeNumber(context.getNodeParameter('limit', itemIndex, 50), 'Limit', 1, MAX_LIMIT);
	const order = readOrder(context.getNodeParameter('order', itemIndex, 'oldest'));
	return { eventType, ...range, output, limit, returnAll, order };
}

/** What a read gave: the items in output order, and why a Limit may have left events out. */
interface ReadResult {
	items: INodeExecutionData[];
	/** Set when a Limit (not Return All) left out matching events, or may have. */
	cut?: { more: 'yes' | 'maybe'; matched?: number };
}

type ReadBase = Omit<DrainRequest, 'pageSize' | 'onItems' | 'isSatisfied' | 'output'>;

function tooSlow(
	received: number,
	spec: EventTypeSpec,
	startTime: string,
	advice: string,
): SettingsError {
	return new SettingsError(
		`Fetched ${received} ${spec.noun}s from ${startTime} but the range holds more than one execution can read in ${GET_MANY_TIME_LIMIT_MS / 60_000} minutes. ${advice}`,
	);
}

function tooMany(spec: EventTypeSpec, what: string, advice: string): SettingsError {
	return new SettingsError(
		`The range holds more than ${MAX_LIMIT} matching ${spec.noun}s, more than ${what}. ${advice}`,
	);
}

/**
 * Oldest first: pages stream into the output in the order 1Password received them, and reading
 * stops once the Limit is met and one more matching event has been seen (or the range ends), so
 * that a cut result can say so. Without a filter the first page asks for Limit + 1 events, which
 * answers that in the same request.
 */
async function readOldestFirst(
	context: IExecuteFunctions,
	base: ReadBase,
	settings: GetManySettings,
	filter: EventPredicate | undefined,
	output: OutputMode,
): Promise<ReadResult> {
	const { limit, returnAll } = settings;
	const items: INodeExecutionData[] = [];
	let more = false;
	const outcome = await drainEvents(context, {
		...base,
		output,
		pageSize: filter ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit + 1),
		onItems: (page) => {
			for (const item of page) {
				if (items.length < limit) items.push(item);
				else more = true;
			}
		},
		// Return All stops at its ceiling (then refuses); a Limit reads on until "more" is known.
		isSatisfied: () => items.length >= limit && (returnAll || more),
	});
	const full = items.length >= limit;
	// A failure while looking for the event past the Limit leaves what was read whole.
	if (outcome.stoppedBy && !full) throw outcome.stoppedBy;
	if (returnAll && full) {
		throw tooMany(
			base.spec,
			'one execution returns',
			'Narrow the time range or the filters, set Output to Summary (Counts), or use the 1Password Events Trigger to stream everything.',
		);
	}
	if (!outcome.caughtUp && !full) {
		throw tooSlow(
			outcome.received,
			base.spec,
			settings.startTime,
			'Narrow the time range, set a Limit, or use the 1Password Events Trigger to stream everything.',
		);
	}
	if (returnAll || !full) return { items };
	if (more) return { items, cut: { more: 'yes' } };
	// Full, but reading stopped before the range's end (time, a failure): more may match.
	return outcome.caughtUp ? { items } : { items, cut: { more: 'maybe' } };
}

/**
 * Newest first: the Events API only pages forward, so the whole range is read and only the newest
 * `limit` items are held (NewestEvents), then returned newest first.
 */
async function readNewestFirst(
	context: IExecuteFunctions,
	base: ReadBase,
	settings: GetManySettings,
	output: OutputMode,
): Promise<ReadResult> {
	const newest = new NewestEvents(settings.limit);
	const outcome = await drainEvents(context, {
		...base,
		output,
		pageSize: MAX_PAGE_SIZE,
		onItems: (page) => {
			for (const item of page) newest.offer(item);
		},
		// Only Return All stops early: past its ceiling it refuses anyway.
		isSatisfied: () => settings.returnAll && newest.offered > MAX_LIMIT,
	});
	if (outcome.stoppedBy) throw outcome.stoppedBy;
	if (settings.returnAll && newest.offered > MAX_LIMIT) {
		throw tooMany(
			base.spec,
			'one execution returns',
			'Narrow the time range or the filters, set Output to Summary (Counts), or use the 1Password Events Trigger to stream everything.',
		);
	}
	if (!outcome.caughtUp) {
		// The newest events are at the end of the range: without it there is no answer.
		throw tooSlow(
			outcome.received,
			base.spec,
			settings.startTime,
			'Narrow the time range, or choose Order: Oldest First.',
		);
	}
	const items = newest.newestFirst();
	return !settings.returnAll && newest.offered > settings.limit
		? { items, cut: { more: 'yes', matched: newest.offered } }
		: { items };
}

/** Summary (Counts): the whole range is read and only counters are held; one item comes out. */
async function readSummary(
	context: IExecuteFunctions,
	base: ReadBase,
	settings: GetManySettings,
): Promise<IDataObject> {
	const summarizer = new EventSummarizer(settings.eventType, { ...SUMMARY_LIMITS });
	const outcome = await drainEvents(context, {
		...base,
		// Raw: the records as sent (simplifying each one would cost time and change nothing).
		output: 'raw',
		pageSize: MAX_PAGE_SIZE,
		onItems: (page) => {
			for (const item of page) summarizer.add(item.json);
		},
		isSatisfied: () => summarizer.total > MAX_LIMIT,
	});
	if (outcome.stoppedBy) throw outcome.stoppedBy;
	if (summarizer.total > MAX_LIMIT) {
		throw tooMany(base.spec, 'one summary counts', 'Narrow the time range or the filters.');
	}
	if (!outcome.caughtUp) {
		throw tooSlow(
			outcome.received,
			base.spec,
			settings.startTime,
			'Narrow the time range or the filters.',
		);
	}
	return summarizer.result({ startTime: settings.startTime, endTime: settings.endTime });
}

/**
 * Whether the node runs as an AI agent's tool. n8n runs a tool either through a context whose
 * isToolExecution() says so (a supply-data context on the ai_tool connection), or, in n8n 2's
 * agents, as an ordinary execution of the tool variant of the node, whose type n8n names
 * `<package>.<node>Tool` (n8n-workflow's own isToolType reads it the same way). Hosts without
 * isToolExecution() are read by the type alone.
 */
export function runsAsTool(context: IExecuteFunctions): boolean {
	if (typeof context.isToolExecution === 'function' && context.isToolExecution()) return true;
	const type = context.getNode().type;
	return typeof type === 'string' && /Tool$/.test(type.split('.').pop() ?? '');
}

function limitMessage(spec: EventTypeSpec, settings: GetManySettings, result: ReadResult): string {
	const count = result.items.length;
	const noun = `${spec.noun}${count === 1 ? '' : 's'}`;
	const advice =
		'Raise Limit, narrow the range or the filters, or set Output to Summary (Counts) to count them all.';
	if (settings.order === 'newest') {
		return `Showing the newest ${count} of ${result.cut?.matched} matching ${spec.noun}s between ${settings.startTime} and ${settings.endTime}. ${advice}`;
	}
	const more =
		result.cut?.more === 'yes'
			? 'more match'
			: 'more may match (reading stopped before the end of the range)';
	return `Showing the first ${count} ${noun} from ${settings.startTime}; ${more}. ${advice}`;
}

/**
 * Says that a Limit left out matching events, to a person and to an AI agent.
 *
 * Items are data that flows on into other nodes: a saved workflow with Limit 50 expects at most
 * 50 items, all events. So in a workflow the items stay exactly as they were and the node adds an
 * execution hint, which n8n shows above the output (where people look, and where n8n puts its own
 * notes about a run). An agent sees none of that, only the items' JSON, and a model that is not
 * told would read a cut list as the whole answer ("Alice revealed 3 items"). So when the node runs
 * as a tool, one last item says so: { notice: 'limitReached', message, returned } (and `matched`
 * when Newest First counted them all). No field is added to the event items in either case.
 */
function reportLimit(
	context: IExecuteFunctions,
	spec: EventTypeSpec,
	settings: GetManySettings,
	result: ReadResult,
): void {
	if (!result.cut) return;
	const message = limitMessage(spec, settings, result);
	// Feature-tested: hosts older than execution hints have no such function.
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, type: 'info', location: 'outputPane' });
	if (!runsAsTool(context)) return;
	const notice: IDataObject = { notice: 'limitReached', message, returned: result.items.length };
	if (result.cut.matched !== undefined) notice.matched = result.cut.matched;
	result.items.push({ json: notice });
}

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
	const { token } = await readTokenAccess(this);
	const base: ReadBase = {
		spec,
		position: { startTime: settings.startTime },
		endTime: settings.endTime,
		maxEvents: Number.MAX_SAFE_INTEGER,
		deadline: now + GET_MANY_TIME_LIMIT_MS,
		filter,
		pacer: pacerForToken(token),
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
