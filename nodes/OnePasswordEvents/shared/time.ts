/**
 * Times as the Events API wants them (RFC 3339, UTC, whole seconds), the dates users give (text
 * or, from an expression, a luxon DateTime), and the checks every start time must pass: not in the
 * future, not older than the 120 days 1Password keeps. Time zones are luxon's (n8n ships it).
 */
import { DateTime, Info } from 'luxon';
import type { Zone } from 'luxon';

import { SettingsError } from '../transport/errors';

export const RETENTION_DAYS = 120;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** An expression users can copy; the hint in messages about values that are not dates. */
const EXPRESSION_EXAMPLE = '{{ $now.minus({ days: 1 }) }}';

/** RFC 3339 and Java both stop at ±18:00; real offsets stay within ±14:00. */
const MAX_OFFSET_MINUTES = 18 * 60;

/** Whole days from `now` until `untilMs`, rounded down (negative once it has passed). */
export function wholeDaysUntil(untilMs: number, now: number): number {
	return Math.floor((untilMs - now) / DAY_MS);
}

/** `2026-11-26T10:00:00Z`: UTC with second precision. */
export function toApiTime(epochMs: number): string {
	return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The workflow's zone as luxon knows it; UTC when it names no zone luxon can use. */
function zoneOrUtc(timeZone: string): Zone | 'UTC' {
	if (typeof timeZone !== 'string' || timeZone.trim() === '') return 'UTC';
	const zone = Info.normalizeZone(timeZone.trim());
	return zone.isValid ? zone : 'UTC';
}

function isJsDate(value: unknown): value is Date {
	return Object.prototype.toString.call(value) === '[object Date]';
}

/**
 * Reads a date as n8n gives it. Text (the date picker, or an expression's ISO string, e.g. a
 * DateTime's toString `2026-12-01T10:00:00.000+01:00`): with an offset or `Z` it is absolute;
 * without one it is wall-clock time in the workflow's time zone, daylight saving included. A luxon
 * DateTime (what `{{ $now.minus({ days: 1 }) }}` evaluates to) or a JS Date is absolute.
 * Returns epoch milliseconds, or undefined for anything else.
 */
export function parseUserDate(value: unknown, timeZone = 'UTC'): number | undefined {
	// isDateTime checks a marker, not the class: a DateTime from n8n's own copy of luxon passes too.
	if (DateTime.isDateTime(value)) return value.isValid ? value.toMillis() : undefined;
	if (isJsDate(value)) {
		const epochMs = value.getTime();
		return Number.isNaN(epochMs) ? undefined : epochMs;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// Calendar dates only: luxon would also read week dates, ordinal dates and a bare year-month.
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	const iso = text.replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T');
	// Invalid (so undefined) for dates that do not exist, such as 30 February.
	const parsed = DateTime.fromISO(iso, { zone: zoneOrUtc(timeZone), setZone: true });
	// setZone keeps the text's own offset; luxon takes any two digits, no place uses over 14 hours.
	if (!parsed.isValid || Math.abs(parsed.offset) > MAX_OFFSET_MINUTES) return undefined;
	return parsed.toMillis();
}

/** What a value that is not a date was, for a message: the text itself, or its kind. */
export function describeDateValue(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (DateTime.isDateTime(value))
		return `an invalid DateTime (${value.invalidExplanation ?? value.invalidReason ?? 'unknown reason'})`;
	if (isJsDate(value)) return 'an invalid Date';
	if (value === undefined || value === null) return 'empty';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `the ${typeof value} ${String(value)}`;
}

/**
 * The refusal for a value parseUserDate could not read: what was received, and what is accepted.
 * `example` is a date in the format the field takes, e.g. 2026-11-01T00:00:00.
 */
export function notADateMessage(what: string, value: unknown, example: string): string {
	const accepted = `Pick a date and time, e.g. ${example}`;
	if (typeof value === 'string') return `${what} "${value}" is not a date. ${accepted}.`;
	return `${what} is ${describeDateValue(value)}, not a date. ${accepted} (in the workflow's time zone, or with an offset such as ${example}Z), or an expression giving a date, e.g. ${EXPRESSION_EXAMPLE}.`;
}

/** Refuses start times the API cannot serve; `what` names the setting in the message. */
export function checkStartTime(epochMs: number, now: number, what: string): void {
	if (epochMs > now + 60_000) {
		throw new SettingsError(
			`${what} (${toApiTime(epochMs)}) is in the future. Choose a time in the past, or "Now" to start with new events.`,
		);
	}
	if (epochMs < now - RETENTION_DAYS * DAY_MS) {
		throw new SettingsError(
			`${what} (${toApiTime(epochMs)}) is more than ${RETENTION_DAYS} days ago. 1Password keeps events for ${RETENTION_DAYS} days; choose a later start.`,
		);
	}
}
