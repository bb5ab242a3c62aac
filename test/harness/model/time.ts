/**
 * Time helpers written for the oracle from RFC 3339 and the API notes, not taken from the node:
 * the oracle must not share the trigger's parsing.
 */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** 1Password keeps events for 120 days (events-api.md). */
export const RETENTION_MS = 120 * DAY_MS;

const RFC3339 =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch for an RFC 3339 date-time (any fraction length, any offset), or NaN. */
export function parseRfc3339(text: unknown): number {
	if (typeof text !== 'string') return NaN;
	const match = RFC3339.exec(text.trim());
	if (!match) return NaN;
	const [, year, month, day, hour, minute, second, fraction, zone] = match;
	const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
	let value = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		ms,
	);
	if (zone !== 'Z' && zone !== 'z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const [zh, zm] = zone.slice(1).split(':').map(Number);
		value -= sign * (zh * HOUR_MS + zm * MINUTE_MS);
	}
	return value;
}

export function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** "3d 4h", "25m", "12s": for readable programs. */
export function duration(ms: number): string {
	if (ms >= DAY_MS) {
		const days = Math.floor(ms / DAY_MS);
		const hours = Math.round((ms - days * DAY_MS) / HOUR_MS);
		return hours ? `${days}d ${hours}h` : `${days}d`;
	}
	if (ms >= HOUR_MS) {
		const hours = Math.floor(ms / HOUR_MS);
		const minutes = Math.round((ms - hours * HOUR_MS) / MINUTE_MS);
		return minutes ? `${hours}h ${minutes}m` : `${hours}h`;
	}
	if (ms >= MINUTE_MS) return `${Math.round(ms / MINUTE_MS)}m`;
	return `${Math.round(ms / SECOND_MS)}s`;
}
