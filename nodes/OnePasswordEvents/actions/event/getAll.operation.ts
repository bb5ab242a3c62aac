/**
 * Event > Get Many: the events of one type over a time range, through the same poller, filters
 * and simplification as the trigger. Pages stream straight into the node's output; nothing else
 * is held. A read that cannot finish in time says how much it got and how to narrow it.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	addNamesProperty,
	eventTypeOptions,
	filtersProperty,
	outputProperty,
} from '../../shared/descriptions';
import { EVENT_TYPES, isEventTypeKey } from '../../shared/eventTypes';
import type { EventTypeKey } from '../../shared/eventTypes';
import { buildFilters } from '../../shared/filters';
import type { FilterSettings } from '../../shared/filters';
import { MAX_PAGE_SIZE, readOutput, readWholeNumber } from '../../shared/parameterReaders';
import { addNames } from '../../shared/names';
import { drainEvents } from '../../shared/streamReader';
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

/** One execution stops reading after this long; the message then says to narrow the range. */
const GET_MANY_TIME_LIMIT_MS = 5 * 60_000;
/** Connect lookups for names get this long after reading, at most; they never fail the node. */
const NAMES_TIME_LIMIT_MS = 15_000;
export const MAX_LIMIT = 100_000;

const show = { resource: ['event'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		default: 'itemUsages',
		description: 'Which kind of 1Password events to fetch',
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
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	{ ...outputProperty, displayOptions: { show } },
	{ ...addNamesProperty, displayOptions: { show: { ...show, output: ['simplified'] } } },
	{ ...filtersProperty, displayOptions: { show } },
];

interface GetManySettings {
	eventType: EventTypeKey;
	startTime: string;
	endTime: string;
	limit: number;
	returnAll: boolean;
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

function readSettings(context: IExecuteFunctions, itemIndex: number, now: number): GetManySettings {
	const eventType = context.getNodeParameter('eventType', itemIndex, 'itemUsages');
	if (!isEventTypeKey(eventType)) {
		throw new SettingsError(
			`Event Type "${String(eventType)}" is unknown. Use itemUsages, signInAttempts or auditEvents.`,
		);
	}
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	// Return All reads one event past the ceiling, to tell "all" from "cut off".
	const limit = returnAll
		? MAX_LIMIT + 1
		: readWholeNumber(context.getNodeParameter('limit', itemIndex, 50), 'Limit', 1, MAX_LIMIT);
	return { eventType, ...readRange(context, itemIndex, now), limit, returnAll };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const now = Date.now();
	const settings = readSettings(this, itemIndex, now);
	const output = readOutput(this.getNodeParameter('output', itemIndex, 'raw'));
	const filter = buildFilters(this.getNodeParameter('filters', itemIndex, {}) as FilterSettings)[
		settings.eventType
	];
	const spec = EVENT_TYPES[settings.eventType];
	const { token } = await readTokenAccess(this);

	const results: INodeExecutionData[] = [];
	const outcome = await drainEvents(this, {
		spec,
		position: { startTime: settings.startTime },
		endTime: settings.endTime,
		// Without a filter, a limit below a page needs no bigger page.
		pageSize: filter ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, settings.limit),
		maxEvents: Number.MAX_SAFE_INTEGER,
		deadline: now + GET_MANY_TIME_LIMIT_MS,
		filter,
		output,
		pacer: pacerForToken(token),
		onItems: (items) => {
			for (const item of items) {
				if (results.length < settings.limit)
					results.push({ ...item, pairedItem: { item: itemIndex } });
			}
		},
		isSatisfied: () => results.length >= settings.limit,
	});
	if (outcome.stoppedBy) throw outcome.stoppedBy;
	if (settings.returnAll && results.length > MAX_LIMIT) {
		throw new SettingsError(
			`The range holds more than ${MAX_LIMIT} matching ${spec.noun}s, more than one execution returns. Narrow the time range or the filters, or use the 1Password Events Trigger to stream everything.`,
		);
	}
	if (!outcome.caughtUp && results.length < settings.limit) {
		throw new SettingsError(
			`Fetched ${outcome.received} ${spec.noun}s from ${settings.startTime} but the range holds more than one execution can read in ${GET_MANY_TIME_LIMIT_MS / 60_000} minutes. Narrow the time range, set a Limit, or use the 1Password Events Trigger to stream everything.`,
		);
	}
	if (output === 'simplified' && this.getNodeParameter('addNames', itemIndex, false) === true)
		await addNames(this, results, { deadline: Date.now() + NAMES_TIME_LIMIT_MS });
	return results;
}
