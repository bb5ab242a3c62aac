/**
 * Deterministic randomness. Every synthetic record is a pure function of (seed, type, sequence
 * number), so a backlog of millions of events never has to be stored: any event can be rebuilt
 * on demand from its index.
 */

export type RandomSource = () => number;

/** 32-bit FNV-1a: turns the user-facing seed (string or number) into a number. */
export function hashString(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the whole 32-bit result. */
function finalise(value: number): number {
	let h = value >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** Combines integers (each may exceed 32 bits, up to 2^53) into one well-mixed 32-bit seed. */
export function mixSeed(...parts: number[]): number {
	let h = 0x9e3779b9;
	for (const part of parts) {
		const low = part >>> 0;
		const high = Math.floor(part / 0x100000000) >>> 0;
		h = finalise(h ^ low);
		h = finalise(h ^ high ^ 0x27d4eb2f);
	}
	return h;
}

/** mulberry32: tiny, fast and good enough for synthetic test data (not for secrets). */
export function mulberry32(seed: number): RandomSource {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Convenience wrapper with the few draws the record generator needs. */
export class Random {
	private readonly next: RandomSource;

	constructor(seed: number) {
		this.next = mulberry32(seed);
	}

	float(): number {
		return this.next();
	}

	/** Integer in [0, bound). */
	int(bound: number): number {
		return Math.floor(this.next() * bound);
	}

	/** Integer in [min, max]. */
	between(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(values: readonly T[]): T {
		return values[Math.floor(this.next() * values.length)];
	}

	/** 1Password object ids are 26 upper-case base32 characters (e.g. 56YE2TYN2VFYRLNSHKPW5NVT5E). */
	id(): string {
		// Six 5-bit characters per 32-bit draw: five draws instead of 26 (ids dominate generation cost).
		let id = '';
		for (let draw = 0; draw < 5; draw++) {
			let bits = (this.next() * 4294967296) >>> 0;
			for (let i = 0; i < 6 && id.length < 26; i++, bits >>>= 5) id += BASE32_ALPHABET[bits & 31];
		}
		return id;
	}
}

const TWO_30 = 2 ** 30;

function base32(value: number, characters: number): string {
	let text = '';
	for (let i = 0; i < characters; i++, value = Math.floor(value / 32))
		text += BASE32_ALPHABET[value % 32];
	return text;
}

/**
 * An event's uuid: 26 base32 characters, unique for each (type, sequence) by construction. The
 * first 14 characters look random (seeded); the last 12 encode the type and the sequence number
 * exactly, XOR-masked with seed-derived bits so they do not read as a counter. A purely random id
 * from 32 bits of PRNG state would repeat about once in 100,000 events.
 */
export function eventId(seedHash: number, typeIndex: number, seq: number): string {
	const head = new Random(mixSeed(seedHash, typeIndex + 1, seq, 0x1d)).id().slice(0, 14);
	const low = (seq % TWO_30) ^ (mixSeed(seedHash, 0x10) % TWO_30);
	const high = (Math.floor(seq / TWO_30) * 4 + typeIndex) ^ (mixSeed(seedHash, 0x20) % TWO_30);
	return head + base32(low >>> 0, 6) + base32(high >>> 0, 6);
}

/** A random (non-deterministic) 1Password-style id, for token ids. */
export function randomId(bytes: Buffer): string {
	let id = '';
	for (let i = 0; i < 26; i++) {
		id += BASE32_ALPHABET[bytes[i % bytes.length] & 31];
	}
	return id;
}
