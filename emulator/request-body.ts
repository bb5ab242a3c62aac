import { HOUR_MS, parseRfc3339 } from './time';

/**
 * The body of an event request: a reset cursor (a new query) or a cursor (continue a query).
 * The messages are what the client sees in the 400 body.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export type EventRequest =
	| {
			readonly kind: 'reset';
			readonly limit: number;
			readonly startMs: number;
			readonly endMs: number | null;
	  }
	| { readonly kind: 'cursor'; readonly cursor: string };

export type ParseResult = { ok: true; request: EventRequest } | { ok: false; message: string };

const RESET_FIELDS = ['limit', 'start_time', 'end_time'] as const;

function fail(message: string): ParseResult {
	return { ok: false, message };
}

function present(value: unknown): boolean {
	// Go's JSON decoding treats an explicit null like an absent field.
	return value !== undefined && value !== null;
}

function parseTime(
	body: Record<string, unknown>,
	field: 'start_time' | 'end_time',
): number | null | string {
	const value = body[field];
	if (!present(value)) return null;
	if (typeof value !== 'string') return `Invalid ${field}: expected an RFC 3339 date-time string`;
	const ms = parseRfc3339(value);
	return ms === null
		? `Invalid ${field}: "${value.slice(0, 64)}" is not an RFC 3339 date-time`
		: ms;
}

/**
 * An empty body is read as an empty reset cursor (all fields optional): the last hour, 100 per
 * page. Anything else must be a JSON object.
 */
export function parseEventRequest(raw: string, nowMs: number): ParseResult {
	let parsed: unknown = {};
	if (raw.trim() !== '') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			return fail('Invalid request body: not valid JSON');
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return fail('Invalid request body: expected a JSON object');
	}
	const body = parsed as Record<string, unknown>;

	if (present(body.cursor)) {
		if (RESET_FIELDS.some((field) => present(body[field]))) {
			return fail(
				'Invalid request body: send either a cursor or a reset cursor (limit, start_time, end_time), not both',
			);
		}
		if (typeof body.cursor !== 'string' || body.cursor === '') return fail('Invalid cursor');
		return { ok: true, request: { kind: 'cursor', cursor: body.cursor } };
	}

	let limit = DEFAULT_LIMIT;
	if (present(body.limit)) {
		if (
			typeof body.limit !== 'number' ||
			!Number.isInteger(body.limit) ||
			body.limit < 1 ||
			body.limit > MAX_LIMIT
		) {
			return fail(`Invalid limit: must be an integer between 1 and ${MAX_LIMIT}`);
		}
		limit = body.limit;
	}
	const endMs = parseTime(body, 'end_time');
	if (typeof endMs === 'string') return fail(endMs);
	const startMs = parseTime(body, 'start_time');
	if (typeof startMs === 'string') return fail(startMs);
	const start = startMs ?? (endMs ?? nowMs) - HOUR_MS;
	if (endMs !== null && endMs < start)
		return fail('Invalid time range: end_time is before start_time');
	return { ok: true, request: { kind: 'reset', limit, startMs: start, endMs } };
}
