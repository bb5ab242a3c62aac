/**
 * The memory of the events one stream has taken, kept in workflow static data so that an event
 * is never emitted twice: not when 1Password serves a page again (it promises nothing about
 * that), and not when a refused cursor forces a re-read from a time (see restartFrom in
 * poller.ts).
 *
 * Each event id becomes a 64-bit fingerprint written as 11 base64url characters. Fingerprints are
 * kept in chunks, one per page taken, each with the newest event timestamp in it; when the memory
 * is full the oldest chunks are forgotten and the HORIZON rises to their newest timestamp. The
 * invariant a re-read relies on: every taken event whose timestamp is after the horizon is still
 * remembered. 1,000 entries take 11,000 characters; three event types stay near 34 KB. A false
 * match needs two different ids to share 64 bits: about one chance in 10^16 per event.
 */
export const SEEN_EVENTS_CAPACITY = 1000;
/** Chunks beyond this are merged (small pages would otherwise cost more in timestamps than prints). */
const MAX_CHUNKS = 16;
const ENTRY_WIDTH = 11;
/** Character codes of the base64url alphabet. */
const BASE64URL = Uint8Array.from(
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
	(char) => char.charCodeAt(0),
);

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

/** As stored in a position: chunks of [newest timestamp in epoch milliseconds, fingerprints]. */
export type StoredChunks = Array<[number, string]>;

interface Chunk {
	/** Newest event timestamp in the chunk, epoch ms; -Infinity while none is known. */
	newest: number;
	prints: string[];
}

function readChunks(stored: unknown): Chunk[] {
	if (!Array.isArray(stored)) return [];
	const chunks: Chunk[] = [];
	for (const entry of stored) {
		if (!Array.isArray(entry) || typeof entry[1] !== 'string') continue;
		const newest =
			typeof entry[0] === 'number' && Number.isFinite(entry[0])
				? entry[0]
				: Number.POSITIVE_INFINITY;
		const text = entry[1];
		const prints: string[] = [];
		for (let index = 0; index + ENTRY_WIDTH <= text.length; index += ENTRY_WIDTH)
			prints.push(text.slice(index, index + ENTRY_WIDTH));
		if (prints.length > 0) chunks.push({ newest, prints });
	}
	return chunks;
}

export class SeenEvents {
	private readonly chunks: Chunk[];

	private readonly members = new Set<string>();

	private open: Chunk | undefined;

	private count = 0;

	/**
	 * @param stored the chunks as serialized
	 * @param horizon epoch ms: taken events after it are all in `stored` (for a new stream, its start)
	 */
	constructor(
		stored: unknown,
		public horizon: number,
		private readonly capacity = SEEN_EVENTS_CAPACITY,
	) {
		this.chunks = readChunks(stored);
		for (const chunk of this.chunks) {
			for (const print of chunk.prints) this.members.add(print);
			this.count += chunk.prints.length;
		}
		this.evict(this.capacity);
	}

	/** Whether the event was taken before (as far as the memory reaches: see `horizon`). */
	has(id: string): boolean {
		return this.members.has(fingerprint(id));
	}

	/**
	 * Remembers a taken event; `false` when it was remembered already (a duplicate). `timestamp`
	 * is its time in epoch ms, NaN when the record has none that can be read.
	 */
	add(id: string, timestamp: number): boolean {
		const print = fingerprint(id);
		if (this.members.has(print)) return false;
		this.members.add(print);
		if (!this.open) {
			this.open = { newest: Number.NEGATIVE_INFINITY, prints: [] };
			this.chunks.push(this.open);
		}
		this.open.prints.push(print);
		if (timestamp > this.open.newest) this.open.newest = timestamp;
		this.count++;
		// A long read keeps twice the capacity at most in memory, then forgets the oldest.
		if (this.count > this.capacity * 2) this.evict(this.capacity);
		return true;
	}

	/** Ends the current chunk (one per page): its events are forgotten together. */
	closeChunk(): void {
		this.open = undefined;
	}

	get size(): number {
		return Math.min(this.count, this.capacity);
	}

	/** The newest `capacity` entries, for static data; the horizon rises past what is dropped. */
	serialize(): StoredChunks {
		this.closeChunk();
		this.evict(this.capacity);
		while (this.chunks.length > MAX_CHUNKS) {
			const [first, second] = this.chunks.splice(0, 2);
			this.chunks.unshift({
				newest: Math.max(first.newest, second.newest),
				prints: [...first.prints, ...second.prints],
			});
		}
		return this.chunks.map((chunk) => [
			Number.isFinite(chunk.newest) ? chunk.newest : chunk.newest > 0 ? Number.MAX_SAFE_INTEGER : 0,
			chunk.prints.join(''),
		]);
	}

	private evict(keep: number): void {
		while (this.count > keep && this.chunks.length > 0) {
			const oldest = this.chunks[0];
			const excess = this.count - keep;
			const dropped =
				excess >= oldest.prints.length
					? this.chunks.shift()!.prints
					: oldest.prints.splice(0, excess);
			for (const print of dropped) this.members.delete(print);
			this.count -= dropped.length;
			// Conservative: the chunk's entries have no timestamps of their own.
			if (oldest.newest > this.horizon) this.horizon = oldest.newest;
			if (oldest === this.open && oldest.prints.length === 0) this.open = undefined;
		}
	}
}
