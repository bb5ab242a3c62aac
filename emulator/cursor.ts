import { createHmac, timingSafeEqual } from 'node:crypto';
import { EVENT_TYPES, type EventType } from './event-types';

/**
 * Cursors are opaque to clients: a base64url payload followed by a truncated HMAC, so a client
 * cannot guess, edit or forge one, and a cursor of one event type is refused by another.
 *
 * The payload remembers the whole query (time window and page size) and two positions in the
 * event log: where the next page starts, and where the page that produced this cursor started.
 * The second lets the fault injector "redeliver" a page the client already received. It also
 * carries the emulator-clock time it was issued, so a cursor lifetime can be enforced.
 *
 * Format 1 (before cursors carried an issue time) is still read: such a cursor counts as issued
 * when this emulator started, so a client holding one from an older emulator keeps working, and
 * under a lifetime it expires one lifetime after the start.
 */
export interface CursorState {
	readonly type: EventType;
	/** Sequence number of the last event the cursor has moved past (0 = before the first). */
	readonly afterSeq: number;
	/** `afterSeq` of the request that produced this cursor (start of the page it closed). */
	readonly previousSeq: number;
	readonly startMs: number;
	/** null: the window has no end, new events keep matching. */
	readonly endMs: number | null;
	readonly limit: number;
	/** Emulator clock (ms) when the cursor was issued. */
	readonly issuedAtMs: number;
}

export type CursorDecodeResult = { ok: true; state: CursorState } | { ok: false; message: string };

const FORMAT_VERSION = 2;
const LEGACY_FORMAT_VERSION = 1;
const MAC_BYTES = 12;
const MAC_CHARS = 16; // base64url length of 12 bytes

type Payload = [
	version: number,
	typeIndex: number,
	afterSeq: number,
	previousSeq: number,
	startMs: number,
	hasEnd: number,
	endMs: number,
	limit: number,
	issuedAtMs: number,
];
const PAYLOAD_LENGTH = { [LEGACY_FORMAT_VERSION]: 8, [FORMAT_VERSION]: 9 } as Record<
	number,
	number | undefined
>;

function isSafeInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value);
}

export class CursorCodec {
	/** `legacyIssuedAtMs`: the issue time assumed for format-1 cursors, which do not carry one. */
	constructor(
		private readonly key: Buffer,
		private readonly legacyIssuedAtMs: number,
	) {}

	encode(state: CursorState): string {
		const payload: Payload = [
			FORMAT_VERSION,
			EVENT_TYPES.indexOf(state.type),
			state.afterSeq,
			state.previousSeq,
			state.startMs,
			state.endMs === null ? 0 : 1,
			state.endMs ?? 0,
			state.limit,
			state.issuedAtMs,
		];
		const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
		return body + this.mac(body).toString('base64url');
	}

	decode(cursor: string, expectedType: EventType): CursorDecodeResult {
		const invalid = { ok: false, message: 'Invalid cursor' } as const;
		if (cursor.length <= MAC_CHARS) return invalid;
		const body = cursor.slice(0, -MAC_CHARS);
		const mac = Buffer.from(cursor.slice(-MAC_CHARS), 'base64url');
		if (mac.length !== MAC_BYTES || !timingSafeEqual(mac, this.mac(body))) return invalid;

		let payload: unknown;
		try {
			payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
		} catch {
			return invalid;
		}
		if (
			!Array.isArray(payload) ||
			!payload.every(isSafeInteger) ||
			payload.length !== PAYLOAD_LENGTH[payload[0] as number]
		) {
			return invalid;
		}
		const [
			,
			typeIndex,
			afterSeq,
			previousSeq,
			startMs,
			hasEnd,
			endMs,
			limit,
			issuedAtMs = this.legacyIssuedAtMs,
		] = payload as Payload;
		const type = EVENT_TYPES[typeIndex];
		if (type !== expectedType) {
			return {
				ok: false,
				message: `Invalid cursor: it was issued for ${type ?? 'another endpoint'}, not ${expectedType}`,
			};
		}
		return {
			ok: true,
			state: {
				type,
				afterSeq,
				previousSeq,
				startMs,
				endMs: hasEnd === 1 ? endMs : null,
				limit,
				issuedAtMs,
			},
		};
	}

	private mac(body: string): Buffer {
		return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
	}
}
