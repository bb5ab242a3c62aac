/**
 * Event > Get Many's three ways to read a range, each one pass of drainEvents:
 * - Oldest First: pages stream into the output and reading stops once a Limit is met.
 * - Newest First: the whole range is read and only the newest `limit` items are held.
 * - Summary (Counts): the whole range is read and only counters are held.
 * A read that cannot give its answer (Return All or a summary over more than MAX_LIMIT matching
 * events, or no answer within GET_MANY_TIME_LIMIT_MS) is refused with how much it got and how to
 * narrow the range.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EventTypeSpec, OutputMode } from '../../shared/eventTypes';
import type { EventPredicate } from '../../shared/filters';
import { MAX_PAGE_SIZE } from '../../shared/parameterReaders';
import { drainEvents } from '../../shared/streamReader';
import type { DrainRequest } from '../../shared/streamReader';
import { SettingsError } from '../../transport/errors';
import { MAX_LIMIT } from './getAll.settings';
import type { GetManySettings } from './getAll.settings';
import { NewestEvents } from './newestFirst';
import { EventSummarizer, SUMMARY_LIMITS } from './summarize';

/** One execution stops reading after this long; the message then says to narrow the range. */
export const GET_MANY_TIME_LIMIT_MS = 5 * 60_000;

/** What a read gave: the items in output order, and why a Limit may have left events out. */
export interface ReadResult {
	items: INodeExecutionData[];
	/** Set when a Limit (not Return All) left out matching events, or may have. */
	cut?: { more: 'yes' | 'maybe'; matched?: number };
}

/** What every read shares (type, range, deadline, filter, pacer); each adds its own paging. */
export type ReadBase = Omit<DrainRequest, 'pageSize' | 'onItems' | 'isSatisfied' | 'output'>;

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
export async function readOldestFirst(
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
export async function readNewestFirst(
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
export async function readSummary(
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
