/** RFC 3339 parsing and formatting, strict enough to answer 400 where the real API would. */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The Events API keeps 120 days of data. */
export const RETENTION_MS = 120 * DAY_MS;

const RFC3339 =
	/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch, or null when the text is not a valid RFC 3339 date-time. */
export function parseRfc3339(text: string): number | null {
	const match = RFC3339.exec(text);
	if (!match) return null;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	if (hour > 23 || minute > 59 || second > 59) return null;
	let offsetMinutes = 0;
	if (!match[8]) {
		const offsetHours = Number(match[10]);
		const offsetMins = Number(match[11]);
		if (offsetHours > 23 || offsetMins > 59) return null;
		offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
	}
	// Sub-millisecond digits are dropped: the emulator's clock has millisecond resolution.
	const millis = match[7] ? Number(match[7].slice(1, 4).padEnd(3, '0')) : 0;
	return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * MINUTE_MS;
}

/** `2026-11-26T10:00:00Z`: UTC with second precision, as the introspect endpoint answers. */
export function formatRfc3339Seconds(ms: number): string {
	return new Date(Math.floor(ms / SECOND_MS) * SECOND_MS).toISOString().replace('.000Z', 'Z');
}
