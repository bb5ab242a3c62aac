/**
 * Reads one event type's stream from a position, page by page, the way the Events API wants to
 * be read: a reset cursor once, then only `{cursor}`; follow `has_more`, stop on `has_more:false`
 * (an empty page with `has_more:true` is not the end; the same cursor with no items is idle);
 * take only whole pages, and stop before the event cap or the deadline, keeping the cursor of
 * the last page taken so the next read continues exactly there. Events taken before (a page
 * served twice, a re-read) are dropped; entries that are not records are skipped and counted.
 * Shared by the trigger (stored positions) and the action node (a time range).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EventsApiError, isTransient } from '../transport/errors';
import { oldestRetained, restartAfterRefusal } from './cursorRecovery';
import type { RestartNotice } from './cursorRecovery';
import { takeAsItemJson } from './eventTypes';
import type { EventRecord, EventTypeSpec, OutputMode } from './eventTypes';
import type { EventPredicate } from './filters';
import type { TypePosition } from './streamState';
import type { RequestPacer } from '../transport/requestBudget';
import { SeenEvents } from './seenEvents';
import { toApiTime } from './time';
import { callEventsApi } from '../transport/request';
import type { EventsApiContext } from '../transport/request';

/** Empty pages that still say `has_more` are followed, but not forever within one read. */
const MAX_EMPTY_PAGES = 5;

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

interface DrainOutcome {
	/** The items taken (empty when `onItems` streams them instead). */
	items: INodeExecutionData[];
	/** Where the next read continues. */
	position: TypePosition;
	/** A temporary failure that ended the read early; what was taken before it stands. */
	stoppedBy?: EventsApiError;
	/** The API said there is nothing more for now. */
	caughtUp: boolean;
	requests: number;
	/** Records read (entries that are not records excluded). */
	received: number;
	duplicates: number;
	filteredOut: number;
	/** Entries of `items` that are not records (null, a number...): skipped. */
	malformed: number;
	/** Records not emitted while a re-read after a refused cursor caught up (see cursorRecovery.ts). */
	heldBack: number;
	/** A refused cursor was replaced by a re-read (trigger), to be reported once. */
	restart?: RestartNotice;
}

interface Page {
	items: unknown[];
	cursor: string;
	hasMore: boolean;
}

function validatePage(body: IDataObject): string | undefined {
	if (!Array.isArray(body.items)) return 'it has no "items" list';
	if (typeof body.cursor !== 'string' || body.cursor === '') return 'it has no "cursor"';
	if (body.has_more !== undefined && typeof body.has_more !== 'boolean')
		return '"has_more" is not true or false';
	return undefined;
}

function resetBody(
	position: TypePosition,
	pageSize: number,
	now: number,
	endTime?: string,
): IDataObject {
	const body: IDataObject = { limit: pageSize };
	if (position.startTime) {
		// A start that was never read (an idle stream, n8n down for months) may now be older than
		// what 1Password keeps: those events are gone, so ask for what is still there.
		const floor = oldestRetained(now);
		body.start_time =
			Date.parse(position.startTime) < floor ? toApiTime(floor) : position.startTime;
	}
	if (endTime) body.end_time = endTime;
	return body;
}

function isRecord(value: unknown): value is EventRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What identifies a record for de-duplication: its uuid, or (a record without one: never seen,
 * but not ruled out) its whole content, so that the same record served twice is still caught.
 */
function identityOf(record: EventRecord): string {
	return typeof record.uuid === 'string' && record.uuid !== ''
		? record.uuid
		: `content:${JSON.stringify(record)}`;
}

function timestampOf(record: EventRecord): number {
	return typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
}

function describeRead(position: TypePosition, subject: string): string {
	if (position.cursor)
		return `the page of ${subject} after cursor ...${position.cursor.slice(-12)}`;
	return `the first page of ${subject} from ${position.startTime ?? 'the last hour'}`;
}

/** The horizon to the millisecond (a whole second would hold back a second of new events). */
function horizonText(seen: SeenEvents): string | undefined {
	return Number.isFinite(seen.horizon) && Math.abs(seen.horizon) < 8.64e15
		? new Date(seen.horizon).toISOString()
		: undefined;
}

function isRefusedCursor(failure: EventsApiError, position: TypePosition): boolean {
	return failure.kind === 'badRequest' && failure.httpCode === '400' && !!position.cursor;
}

export async function drainEvents(
	context: EventsApiContext,
	request: DrainRequest,
): Promise<DrainOutcome> {
	const now = request.now ?? Date.now;
	const { spec } = request;
	const subject = `${spec.noun}s`;
	let position: TypePosition = { ...request.position };
	// A new stream has taken nothing after its start; a position without either (0.1 lost its
	// memory's times) trusts its memory for nothing before this read.
	const startHorizon = Date.parse(position.horizon ?? position.startTime ?? '');
	const seen = new SeenEvents(position.seen, Number.isNaN(startHorizon) ? now() : startHorizon);
	const outcome: DrainOutcome = {
		items: [],
		position,
		caughtUp: false,
		requests: 0,
		received: 0,
		duplicates: 0,
		filteredOut: 0,
		malformed: 0,
		heldBack: 0,
	};
	let taken = 0;
	let emptyPages = 0;

	for (;;) {
		const pageSize = position.cursor ? (position.pageSize ?? request.pageSize) : request.pageSize;
		// Always allow one page, so that a cap below an old cursor's page size cannot stall the stream.
		if (outcome.requests > 0 && taken + pageSize > request.maxEvents) break;
		if (now() >= request.deadline) break;
		if (request.isSatisfied?.()) break;

		const sentAt = now();
		const body = position.cursor
			? { cursor: position.cursor }
			: resetBody(position, pageSize, sentAt, request.endTime);
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
			if (isRefusedCursor(failure, position)) {
				if (request.endTime) {
					throw new EventsApiError(context.getNode(), {
						kind: 'badRequest',
						httpCode: '400',
						message: `1Password stopped accepting the paging cursor while reading ${subject}`,
						description: `Nothing outside the requested range was read. Run the node again; if it keeps happening, narrow the time range.${failure.description ? ` (${failure.description})` : ''}`,
					});
				}
				if (outcome.restart) {
					// Refused again right after a restart: not worth a loop within this poll.
					throw new EventsApiError(context.getNode(), {
						kind: 'badRequest',
						httpCode: '400',
						message: `1Password refused the cursor for ${subject} again, right after reading them again from ${outcome.restart.from}`,
						description: `Nothing was delivered twice and the saved position is unchanged; the next poll tries again.${failure.description ? ` (${failure.description})` : ''}`,
					});
				}
				const restart = restartAfterRefusal(
					{ ...position, seen: seen.serialize(), horizon: horizonText(seen) },
					request.pageSize,
					now(),
				);
				context.logger.warn(
					`1Password Events: 1Password refused the saved cursor for ${subject}; reading again from ${restart.notice.from}`,
				);
				position = restart.position;
				outcome.restart = restart.notice;
				continue;
			}
			if (!isTransient(failure.kind)) throw failure;
			outcome.stoppedBy = failure;
			break;
		}
		const page: Page = {
			items: answer.items as unknown[],
			cursor: answer.cursor as string,
			hasMore: answer.has_more === true,
		};

		// Straight into the outcome unless a reader streams pages (no second copy per item).
		const pageItems: INodeExecutionData[] = request.onItems ? [] : outcome.items;
		const recovering = position.recovering ? Date.parse(position.recovering) : undefined;
		let malformed = 0;
		for (const entry of page.items) {
			if (!isRecord(entry)) {
				malformed++;
				continue;
			}
			outcome.received++;
			const timestamp = timestampOf(entry);
			// Re-reading after a refused cursor: at or before the horizon the memory cannot tell
			// what was emitted, so nothing there is emitted again (an unreadable time counts as before).
			if (recovering !== undefined && !(timestamp > recovering)) {
				outcome.heldBack++;
				continue;
			}
			if (!seen.add(identityOf(entry), timestamp)) {
				outcome.duplicates++;
				continue;
			}
			if (request.filter && !request.filter(entry)) {
				outcome.filteredOut++;
				continue;
			}
			pageItems.push({ json: takeAsItemJson(spec, entry, request.output) });
		}
		seen.closeChunk();
		if (malformed > 0) {
			outcome.malformed += malformed;
			context.logger.warn(
				`1Password Events: skipped ${malformed} ${malformed === 1 ? 'entry' : 'entries'} that ${malformed === 1 ? 'is' : 'are'} not an event record in ${describeRead(position, subject)}; the other ${page.items.length - malformed} were read`,
			);
		}
		taken += page.items.length;
		const next: TypePosition = { cursor: page.cursor, pageSize, readAt: position.readAt };
		// Caught up: every event that reached 1Password before this request has now been read.
		if (!page.hasMore) next.readAt = toApiTime(sentAt);
		else if (position.recovering) next.recovering = position.recovering;
		if (position.restart) next.restart = position.restart;
		position = next;
		if (request.onItems) request.onItems(pageItems);

		if (!page.hasMore) {
			outcome.caughtUp = true;
			break;
		}
		if (page.items.length === 0 && ++emptyPages >= MAX_EMPTY_PAGES) break;
	}

	position.seen = seen.serialize();
	if (position.seen.length === 0) delete position.seen;
	position.horizon = horizonText(seen);
	if (!position.horizon) delete position.horizon;
	if (!position.readAt) delete position.readAt;
	outcome.position = position;
	return outcome;
}
