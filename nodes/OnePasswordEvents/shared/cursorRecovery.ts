/**
 * What to do when 1Password refuses a stored cursor (400 on a `{cursor}` request). Whether it
 * ever does, how long a cursor lives, and whether a reset's `start_time` bounds an event's
 * `timestamp` or the time it reached 1Password are all undocumented, so the restart is built to
 * be right under either reading:
 *
 * - It re-reads from S = the earlier of the memory's horizon H (every taken event timestamped
 *   after H is remembered) and A, the last time the stream was read up to its head (every event
 *   that reached 1Password before A was taken), less a margin for clock skew.
 * - Until that re-read catches up, events timestamped at or before H are not emitted: they may
 *   have been emitted already and the memory cannot tell. Events after H are de-duplicated
 *   against the memory. Nothing that was emitted can come back as new.
 * - What may be missing is exactly this: events timestamped at or before H that reached
 *   1Password after A (late item usages, mostly). The restart is reported once, saying so.
 */
import type { INode } from 'n8n-workflow';

import { EventsApiError } from '../transport/errors';
import type { EventTypeSpec } from './eventTypes';
import type { TypePosition } from './streamState';
import { DAY_MS, HOUR_MS, RETENTION_DAYS, toApiTime } from './time';

/** 1Password's clock and n8n's may differ; the re-read starts this much earlier. */
const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;

/** A restart waiting to be reported (kept in the position until it is). */
export interface RestartNotice {
	/** Where the re-read started. */
	from: string;
	/** Events timestamped at or before this ... */
	before: string;
	/** ... that reached 1Password after this may be missing. */
	after: string;
}

/** The oldest start time 1Password still serves, with an hour to spare. */
export function oldestRetained(now: number): number {
	return now - RETENTION_DAYS * DAY_MS + HOUR_MS;
}

function timeOf(value: string | undefined): number {
	return value ? Date.parse(value) : Number.NaN;
}

/** ISO text for a time that may be unbounded (a damaged memory): never throws. */
function isoOrBound(ms: number, now: number): string {
	if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15)
		return toApiTime(ms > 0 ? now : oldestRetained(now));
	return new Date(ms).toISOString();
}

/** The position to continue from after `position`'s cursor was refused, and what to report. */
export function restartAfterRefusal(
	position: TypePosition,
	pageSize: number,
	now: number,
): { position: TypePosition; notice: RestartNotice } {
	let horizon = timeOf(position.horizon);
	if (Number.isNaN(horizon)) horizon = timeOf(position.startTime);
	// No horizon at all: nothing says which taken events are remembered, so trust none of them.
	if (Number.isNaN(horizon)) horizon = now;
	let readAt = timeOf(position.readAt);
	if (Number.isNaN(readAt)) readAt = Math.min(horizon, now) - HOUR_MS;
	const after = readAt - CLOCK_SKEW_MARGIN_MS;
	const from = Math.max(Math.min(horizon, after), oldestRetained(now));
	const notice: RestartNotice = {
		from: toApiTime(from),
		before: isoOrBound(horizon, now),
		after: toApiTime(after),
	};
	return {
		position: {
			startTime: notice.from,
			pageSize,
			seen: position.seen,
			horizon: notice.before,
			readAt: position.readAt,
			recovering: notice.before,
			restart: notice,
		},
		notice,
	};
}

/** The failed execution that reports a restart, once. */
export function restartReport(
	node: INode,
	spec: EventTypeSpec,
	notice: RestartNotice,
): EventsApiError {
	const subject = `${spec.noun}s`;
	return new EventsApiError(node, {
		kind: 'cursorRefused',
		httpCode: '400',
		message: `1Password no longer accepted the saved position for ${subject}; delivery restarted`,
		description: `The stream was read again from ${notice.from}, and events delivered before were not delivered again. Events timestamped at or before ${notice.before} that reached 1Password after ${notice.after} may be missing: look them up with the 1Password Events node (Event > Get Many) or in 1Password's activity log. This is reported once; delivery goes on.`,
	});
}
