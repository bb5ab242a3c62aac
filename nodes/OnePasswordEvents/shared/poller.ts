/**
 * Reads one event type's stream from a position, page by page, the way the Events API wants to
 * be read: a reset cursor once, then only `{cursor}`; follow `has_more`, stop on `has_more:false`
 * (an empty page with `has_more:true` is not the end; the same cursor with no items is idle);
 * take only whole pages, and stop before the event cap or the deadline, keeping the cursor of
 * the last page taken so the next read continues exactly there. Redelivered uuids are dropped.
 * Shared by the trigger (stored positions) and the action node (a time range).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EventsApiError, isTransient } from './apiErrors';
import { takeAsItemJson } from './eventTypes';
import type { EventRecord, EventTypeSpec, OutputMode } from './eventTypes';
import type { EventPredicate } from './filters';
import type { TypePosition } from './positions';
import { RecentIds } from './recentIds';
import type { RequestPacer } from './requestPacer';
import { DAY_MS, HOUR_MS, RETENTION_DAYS, toApiTime } from './timeWindow';
import { callEventsApi } from './transport';
import type { EventsApiContext } from './transport';

/** Empty pages that still say `has_more` are followed, but not forever within one read. */
const MAX_EMPTY_PAGES = 5;
/** When a refused cursor forces a restart from the last event time, reread this much before it. */
const RESTART_OVERLAP_MS = HOUR_MS;

export interface DrainRequest {
	spec: EventTypeSpec;
	position: TypePosition;
	/** Page size for a new (reset) cursor; an existing cursor keeps its own. */
	pageSize: number;
	/** The read stops before a page could take it past this many events. */
	maxEvents: number;
	/** Epoch milliseconds: no new request starts after this. */
	deadline: number;
	/** Only for reads of a fixed range (the action node). */
	endTime?: string;
	filter?: EventPredicate;
	output: OutputMode;
	pacer?: RequestPacer;
	/** Called with each page's items as soon as it is taken (streaming readers). */
	onItems?: (items: INodeExecutionData[]) => void;
	/** Checked before each request: true ends the read (the caller has all it needs). */
	isSatisfied?: () => boolean;
	now?: () => number;
}

export interface DrainOutcome {
	/** The items taken (empty when `onItems` streams them instead). */
	items: INodeExecutionData[];
	/** Where the next read continues. */
	position: TypePosition;
	/** A temporary failure that ended the read early; what was taken before it stands. */
	stoppedBy?: EventsApiError;
	/** The API said there is nothing more for now. */
	caughtUp: boolean;
	requests: number;
	received: number;
	duplicates: number;
	filteredOut: number;
	/** A refused cursor was replaced by a restart from the last event time. */
	restarted: boolean;
}

interface Page {
	items: EventRecord[];
	cursor: string;
	hasMore: boolean;
}

function validatePage(body: IDataObject): string | undefined {
	if (!Array.isArray(body.items)) return 'it has no "items" list';
	if (typeof body.cursor !== 'string' || body.cursor === '') return 'it has no "cursor"';
	return undefined;
}

function resetBody(position: TypePosition, pageSize: number, endTime?: string): IDataObject {
	const body: IDataObject = { limit: pageSize };
	if (position.startTime) body.start_time = position.startTime;
	if (endTime) body.end_time = endTime;
	return body;
}

/** Where to restart when 1Password refuses a stored cursor: shortly before the last event taken. */
export function restartTime(position: TypePosition, now: number): string {
	const last = position.lastEventAt ? Date.parse(position.lastEventAt) : Number.NaN;
	const from = Number.isNaN(last) ? now - HOUR_MS : last - RESTART_OVERLAP_MS;
	const oldestKept = now - (RETENTION_DAYS - 1) * DAY_MS;
	return toApiTime(Math.min(now, Math.max(from, oldestKept)));
}

/** Same-length UTC times in the API's RFC 3339 form ("2026-11-26T10:00:00Z") order as strings. */
function comparableAsText(a: string, b: string): boolean {
	return (
		a.length === b.length &&
		a.charCodeAt(a.length - 1) === 90 && // Z
		b.charCodeAt(b.length - 1) === 90 &&
		a.charCodeAt(10) === 84 && // T
		b.charCodeAt(10) === 84 &&
		a.charCodeAt(4) === 45 && // -
		b.charCodeAt(4) === 45
	);
}

/** The newest event time of a read, without parsing a date per event in the usual case. */
class NewestTime {
	constructor(public value: string | undefined) {}

	offer(timestamp: unknown): void {
		if (typeof timestamp !== 'string') return;
		const current = this.value;
		if (!current) {
			this.value = timestamp;
			return;
		}
		const later = comparableAsText(timestamp, current) ? timestamp > current : Date.parse(timestamp) > Date.parse(current);
		if (later) this.value = timestamp;
	}
}

export async function drainEvents(context: EventsApiContext, request: DrainRequest): Promise<DrainOutcome> {
	const now = request.now ?? Date.now;
	const { spec } = request;
	const subject = `${spec.noun}s`;
	const recent = new RecentIds(request.position.recent);
	let position: TypePosition = { ...request.position };
	const outcome: DrainOutcome = {
		items: [],
		position,
		caughtUp: false,
		requests: 0,
		received: 0,
		duplicates: 0,
		filteredOut: 0,
		restarted: false,
	};
	let taken = 0;
	let emptyPages = 0;

	for (;;) {
		const pageSize = position.cursor ? (position.pageSize ?? request.pageSize) : request.pageSize;
		// Always allow one page, so that a cap below an old cursor's page size cannot stall the stream.
		if (outcome.requests > 0 && taken + pageSize > request.maxEvents) break;
		if (now() >= request.deadline) break;
		if (request.isSatisfied?.()) break;

		const body = position.cursor ? { cursor: position.cursor } : resetBody(position, pageSize, request.endTime);
		outcome.requests++;
		let answer: IDataObject | undefined;
		let failure: unknown;
		try {
			answer = await callEventsApi(context, {
				method: 'POST',
				url: spec.endpoint,
				body,
				deadline: request.deadline,
				subject,
				pacer: request.pacer,
				validate: validatePage,
				now,
			});
		} catch (error) {
			failure = error;
		}
		if (!answer) {
			if (!(failure instanceof EventsApiError)) throw failure;
			if (failure.kind === 'badRequest' && position.cursor && !outcome.restarted) {
				// The API gives no lifetime for cursors. A refused one is replaced by a restart a little
				// before the last event taken; the recent-ids memory drops what is read twice.
				const from = restartTime(position, now());
				context.logger.warn(`1Password refused the stored cursor for ${subject}; restarting from ${from}`);
				position = { ...position, cursor: undefined, startTime: from, pageSize: request.pageSize };
				outcome.restarted = true;
				continue;
			}
			if (!isTransient(failure.kind)) throw failure;
			outcome.stoppedBy = failure;
			break;
		}
		const page: Page = {
			items: answer.items as EventRecord[],
			cursor: answer.cursor as string,
			hasMore: answer.has_more === true,
		};

		// Straight into the outcome unless a reader streams pages (no second copy per item).
		const pageItems: INodeExecutionData[] = request.onItems ? [] : outcome.items;
		const newest = new NewestTime(position.lastEventAt);
		for (const record of page.items) {
			outcome.received++;
			const uuid = typeof record.uuid === 'string' ? record.uuid : undefined;
			if (uuid !== undefined && !recent.add(uuid)) {
				outcome.duplicates++;
				continue;
			}
			newest.offer(record.timestamp);
			if (request.filter && !request.filter(record)) {
				outcome.filteredOut++;
				continue;
			}
			pageItems.push({ json: takeAsItemJson(spec, record, request.output) });
		}
		taken += page.items.length;
		position = { cursor: page.cursor, pageSize, lastEventAt: newest.value };
		if (request.onItems) request.onItems(pageItems);

		if (!page.hasMore) {
			outcome.caughtUp = true;
			break;
		}
		if (page.items.length === 0 && ++emptyPages >= MAX_EMPTY_PAGES) break;
	}

	// Keep the stored shape minimal: a read that took nothing leaves the position as it was.
	const remembered = recent.serialize();
	if (remembered) position.recent = remembered;
	else delete position.recent;
	if (!position.lastEventAt) delete position.lastEventAt;
	outcome.position = position;
	return outcome;
}
