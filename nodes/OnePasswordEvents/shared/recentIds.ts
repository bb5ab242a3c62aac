/**
 * A bounded memory of the event uuids most recently taken for one event type, so that a page
 * delivered twice (the API promises nothing about that) or re-read after a retry is emitted once.
 *
 * It lives in workflow static data, which n8n rewrites with every execution, so it is stored
 * compactly: each uuid becomes a 64-bit fingerprint written as 11 base64url characters, the whole
 * memory one string. 1,000 entries (a full page at the largest page size) take 11,000 characters;
 * three event types stay near 33 KB. A false match needs two different uuids to share 64 bits:
 * about one chance in 10^16 per event.
 */

export const RECENT_IDS_CAPACITY = 1000;
const ENTRY_WIDTH = 11;
/** Character codes of the base64url alphabet. */
const BASE64URL = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (char) => char.charCodeAt(0));

/** FNV-1a over the string, twice with different offsets, into 8 bytes written as base64url. */
export function fingerprint(uuid: string): string {
	let high = 0x811c9dc5;
	let low = 0x01000193 ^ 0x5bd1e995;
	for (let index = 0; index < uuid.length; index++) {
		const code = uuid.charCodeAt(index);
		high = Math.imul(high ^ code, 0x01000193);
		low = Math.imul(low ^ code, 0x5bd1e995);
		low ^= low >>> 15;
	}
	// The 8 bytes (high, then low, big-endian) as base64url, written directly: the same 11
	// characters as Buffer's encoder, in one string allocation instead of a Buffer and a native call.
	const middle = ((high & 0xff) << 16) | (low >>> 16);
	const tail = (low & 0xffff) << 2;
	return String.fromCharCode(
		BASE64URL[(high >>> 26) & 63],
		BASE64URL[(high >>> 20) & 63],
		BASE64URL[(high >>> 14) & 63],
		BASE64URL[(high >>> 8) & 63],
		BASE64URL[(middle >>> 18) & 63],
		BASE64URL[(middle >>> 12) & 63],
		BASE64URL[(middle >>> 6) & 63],
		BASE64URL[middle & 63],
		BASE64URL[(tail >>> 12) & 63],
		BASE64URL[(tail >>> 6) & 63],
		BASE64URL[tail & 63],
	);
}

export class RecentIds {
	private readonly order: string[];

	private readonly members: Set<string>;

	constructor(
		stored: unknown = '',
		private readonly capacity = RECENT_IDS_CAPACITY,
	) {
		const text = typeof stored === 'string' ? stored : '';
		const count = Math.floor(text.length / ENTRY_WIDTH);
		this.order = [];
		for (let index = Math.max(0, count - capacity); index < count; index++) {
			this.order.push(text.slice(index * ENTRY_WIDTH, (index + 1) * ENTRY_WIDTH));
		}
		this.members = new Set(this.order);
	}

	/** Remembers the uuid; `false` when it was already remembered (a duplicate). */
	add(uuid: string): boolean {
		const print = fingerprint(uuid);
		if (this.members.has(print)) return false;
		this.members.add(print);
		this.order.push(print);
		if (this.order.length > this.capacity * 2) this.trim();
		return true;
	}

	get size(): number {
		return Math.min(this.order.length, this.capacity);
	}

	/** The newest `capacity` entries as one string, for static data. */
	serialize(): string {
		this.trim();
		return this.order.join('');
	}

	private trim(): void {
		const excess = this.order.length - this.capacity;
		if (excess <= 0) return;
		// `add` never lets a print in twice, so each evicted print leaves the set for good.
		for (const print of this.order.splice(0, excess)) this.members.delete(print);
	}
}
