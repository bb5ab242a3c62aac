import { Random, mixSeed } from './prng';
import type { TimestampStyle } from './settings';

/**
 * How a record's `timestamp` is written. The reference's examples are UTC, but its own sample
 * carries an offset (`2020-06-11T16:32:50-03:00`) and other integrations' recorded data has
 * nanoseconds: a client must read every form as the same instant.
 */

/** Offsets in use somewhere in the world (minutes east of UTC); never 0, so each one shows. */
const OFFSETS_MINUTES = [-180, -300, -480, 60, 330, 540, 600];
const STYLE_SALT = 0x7153;

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** `2026-11-26T09:00:00.123-03:00`: the same instant as local time at an offset (no `.000`). */
function withOffset(ms: number, offsetMinutes: number): string {
	const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1);
	const trimmed = local.endsWith('.000') ? local.slice(0, -4) : local;
	const sign = offsetMinutes < 0 ? '-' : '+';
	const magnitude = Math.abs(offsetMinutes);
	return `${trimmed}${sign}${pad(Math.floor(magnitude / 60))}:${pad(magnitude % 60)}`;
}

/** `2026-11-26T12:00:00.123456789Z`: nine fractional digits, the first three the milliseconds. */
function withNanos(ms: number, random: Random): string {
	return `${new Date(ms).toISOString().slice(0, -1)}${pad(random.int(1_000_000), 6)}Z`;
}

/**
 * Deterministic per record: the same (seed, type, sequence) always gets the same form, so pages
 * served twice are identical. Uses its own random stream, leaving the record's fields unchanged.
 */
export function formatTimestamp(
	ms: number,
	style: TimestampStyle,
	seedHash: number,
	typeIndex: number,
	seq: number,
): string {
	if (style === 'utc') return new Date(ms).toISOString();
	const random = new Random(mixSeed(seedHash, STYLE_SALT, typeIndex, seq));
	const chosen = style === 'mixed' ? random.pick(['utc', 'offset', 'nanos'] as const) : style;
	if (chosen === 'offset') return withOffset(ms, random.pick(OFFSETS_MINUTES));
	if (chosen === 'nanos') return withNanos(ms, random);
	return new Date(ms).toISOString();
}
