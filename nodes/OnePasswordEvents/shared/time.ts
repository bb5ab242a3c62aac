/**
 * Times as the Events API wants them (RFC 3339, UTC, whole seconds) and the checks every start
 * time must pass: not in the future, not older than the 120 days 1Password keeps.
 */
import { SettingsError } from '../transport/errors';

export const RETENTION_DAYS = 120;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** `2026-11-26T10:00:00Z`: UTC with second precision. */
export function toApiTime(epochMs: number): string {
	return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (positive east of Greenwich). */
function zoneOffsetMs(timeZone: string, epochMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(epochMs));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Reads a date as n8n's date picker gives it: with an offset or `Z` it is absolute; without one
 * it is wall-clock time in the workflow's time zone. Returns epoch milliseconds or undefined.
 */
export function parseUserDate(value: unknown, timeZone = 'UTC'): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
	const asUtc = Date.parse(hasZone ? text : `${text.length === 10 ? `${text}T00:00:00` : text}Z`);
	if (Number.isNaN(asUtc)) return undefined;
	// Date.parse rolls 2026-02-30 over to March; a date that does not exist is not a date.
	if (!hasZone && new Date(asUtc).toISOString().slice(0, 10) !== text.slice(0, 10))
		return undefined;
	if (hasZone) return asUtc;
	let zone = timeZone;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		zone = 'UTC';
	}
	// Two passes settle the offset across a daylight-saving change.
	const first = asUtc - zoneOffsetMs(zone, asUtc);
	return asUtc - zoneOffsetMs(zone, first);
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
