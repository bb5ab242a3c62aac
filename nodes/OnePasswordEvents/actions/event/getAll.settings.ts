/**
 * Event > Get Many's parameters, read and checked before any request: the event type, the time
 * range, Output, and (unless Output is Summary) Limit, Return All and Order. A value that cannot
 * be used is refused with a message that names the field, rather than guessed at.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { isEventTypeKey } from '../../shared/eventTypes';
import type { EventTypeKey, OutputMode } from '../../shared/eventTypes';
import { readWholeNumber } from '../../shared/parameterReaders';
import {
	checkStartTime,
	DAY_MS,
	notADateMessage,
	parseUserDate,
	toApiTime,
} from '../../shared/time';
import { SettingsError } from '../../transport/errors';

/** Return All and Summary (Counts) refuse a range with more matching events than this. */
export const MAX_LIMIT = 100_000;

export type GetManyOutput = OutputMode | 'summary';
export type GetManyOrder = 'oldest' | 'newest';

export interface GetManySettings {
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

export function readSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	now: number,
): GetManySettings {
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
