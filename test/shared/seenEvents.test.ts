import { randomUUID } from 'crypto';
import { join } from 'path';
import { Worker } from 'worker_threads';

import fc from 'fast-check';

import {
	fingerprint,
	SEEN_EVENTS_CAPACITY,
	SeenEvents,
} from '../../nodes/OnePasswordEvents/shared/seenEvents';

const MODULE_PATH = join(__dirname, '../../nodes/OnePasswordEvents/shared/seenEvents.ts');

/**
 * Runs `body` (plain JavaScript, with `fingerprint`, `SeenEvents` and `randomUUID` in scope) in a
 * worker thread and resolves with what it returns. Jest runs tests inside a vm context where every
 * global lookup (`Math.imul` in the hash loop) is about 100 times slower than in n8n; the
 * large-volume checks below would take seconds there and well under one in a worker. The worker
 * loads the very same TypeScript source through tsx.
 */
function inWorker<T>(body: string): Promise<T> {
	const code = `
		const { parentPort, workerData } = require('worker_threads');
		const { randomUUID } = require('crypto');
		const { fingerprint, SeenEvents } = require(workerData.modulePath);
		parentPort.postMessage((() => { ${body} })());
	`;
	return new Promise<T>((resolve, reject) => {
		const worker = new Worker(code, {
			eval: true,
			execArgv: ['--require', require.resolve('tsx/cjs')],
			workerData: { modulePath: MODULE_PATH },
		});
		worker.once('message', (value: T) => {
			resolve(value);
			void worker.terminate();
		});
		worker.once('error', reject);
		worker.once('exit', (code) => {
			if (code !== 0) reject(new Error(`worker exited with code ${code}`));
		});
	});
}

/** `count` distinct uuid-shaped ids, deterministic so failures can be reproduced. */
function ids(count: number, prefix = 'evt'): string[] {
	return Array.from(
		{ length: count },
		(_, index) => `${prefix}-${index.toString(16).padStart(8, '0')}-4c2b-9f3e`,
	);
}

describe('fingerprint', () => {
	it('is 11 base64url characters', () => {
		for (const uuid of ['', 'a', randomUUID(), 'jaqxqf5qylslqiitnduawrndc5', 'x'.repeat(500)]) {
			expect(fingerprint(uuid)).toMatch(/^[A-Za-z0-9_-]{11}$/);
		}
	});

	it('is stable for the same uuid, across calls and across releases', () => {
		const uuid = '56YE2TYN2VFYRLNSHKPW5NVT5E';
		expect(fingerprint(uuid)).toBe(fingerprint(uuid));
		expect(fingerprint(uuid.slice(0, 13) + uuid.slice(13))).toBe(fingerprint(uuid));
		// Pinned: fingerprints live in static data, so a changed hash would make every stored
		// memory forget its entries after an upgrade (and let a re-read page through twice).
		expect(fingerprint(uuid)).toBe('8wjHehH2LfM');
		expect(fingerprint('c1d2e3f4-0000-4000-8000-000000000001')).toBe('2gtfktrusCc');
		expect(fingerprint('')).toBe('gRydxVrR6AY');
	});

	it('holds the standard 32-bit FNV-1a hash in its first four bytes', () => {
		// Published FNV-1a test vectors.
		const high = (text: string) => Buffer.from(fingerprint(text), 'base64url').readUInt32BE(0);
		expect(high('')).toBe(0x811c9dc5);
		expect(high('a')).toBe(0xe40c292c);
		expect(high('foobar')).toBe(0xbf9cf968);
		expect(Buffer.from(fingerprint('a'), 'base64url')).toHaveLength(8);
	});

	it('differs for uuids that differ in one character or in case', () => {
		const uuid = 'c1d2e3f4-0000-4000-8000-000000000001';
		expect(fingerprint(uuid)).not.toBe(fingerprint(uuid.replace(/1$/, '2')));
		expect(fingerprint(uuid)).not.toBe(fingerprint(uuid.toUpperCase()));
		expect(fingerprint('ab')).not.toBe(fingerprint('ba'));
	});

	it('has no collision among 200,000 random uuids, nor among 200,000 near-identical sequential ids', async () => {
		const result = await inWorker<{
			random: number;
			sequential: number;
			sample: string;
			sampleUuid: string;
		}>(`
			const random = new Set();
			for (let index = 0; index < 200000; index++) random.add(fingerprint(randomUUID()));
			const sequential = new Set();
			for (let index = 0; index < 200000; index++) {
				sequential.add(fingerprint('qqqqqqqqqqqqqqqqqqqq' + index.toString(36).padStart(6, '0')));
			}
			const sampleUuid = randomUUID();
			return { random: random.size, sequential: sequential.size, sample: fingerprint(sampleUuid), sampleUuid };
		`);
		expect(result.random).toBe(200_000);
		expect(result.sequential).toBe(200_000);
		// The worker hashed with the same function as the test: same input, same fingerprint.
		expect(result.sample).toBe(fingerprint(result.sampleUuid));
	});

	it('has no collision among 20,000 random uuids (in the test process)', () => {
		const prints = new Set<string>();
		for (let index = 0; index < 20_000; index++) prints.add(fingerprint(randomUUID()));
		expect(prints.size).toBe(20_000);
	});
});

const T0 = Date.UTC(2026, 10, 1);
const at = (seconds: number) => T0 + seconds * 1000;
const prints = (stored: Array<[number, string]>) => stored.map(([, text]) => text).join('');

describe('SeenEvents', () => {
	it('add() returns true for a new id and false for a duplicate', () => {
		const seen = new SeenEvents(undefined, T0);
		expect(seen.add('a', at(1))).toBe(true);
		expect(seen.add('b', at(2))).toBe(true);
		expect(seen.add('a', at(1))).toBe(false);
		expect(seen.add('c', at(3))).toBe(true);
		expect(seen.size).toBe(3);
		expect(seen.has('b')).toBe(true);
		expect(seen.has('d')).toBe(false);
	});

	it('stores one chunk per page with its newest timestamp (epoch milliseconds)', () => {
		const seen = new SeenEvents(undefined, T0);
		seen.add('a', at(5));
		seen.add('b', at(3) + 200);
		seen.closeChunk();
		seen.add('c', at(9) + 1);
		expect(seen.serialize()).toEqual([
			[at(5), fingerprint('a') + fingerprint('b')],
			[at(9) + 1, fingerprint('c')],
		]);
	});

	it('round-trips through serialize() and the constructor', () => {
		const first = new SeenEvents(undefined, T0);
		const list = ids(50);
		list.forEach((id, index) => first.add(id, at(index)));
		const stored = first.serialize();
		const second = new SeenEvents(stored, T0);
		expect(second.size).toBe(50);
		for (const id of list) expect(second.add(id, at(0))).toBe(false);
		expect(second.horizon).toBe(T0);
	});

	it('forgets the oldest chunks first and raises the horizon to their newest timestamp', () => {
		const seen = new SeenEvents(undefined, T0, 4);
		['a', 'b'].forEach((id) => seen.add(id, at(10)));
		seen.closeChunk();
		['c', 'd'].forEach((id) => seen.add(id, at(20)));
		seen.closeChunk();
		['e', 'f'].forEach((id) => seen.add(id, at(30)));
		const stored = seen.serialize();
		expect(prints(stored)).toBe(['c', 'd', 'e', 'f'].map(fingerprint).join(''));
		expect(seen.horizon).toBe(at(10));
		const reloaded = new SeenEvents(stored, seen.horizon, 4);
		expect(reloaded.has('a')).toBe(false);
		expect(reloaded.has('c')).toBe(true);
	});

	it('raises the horizon to the whole chunk when only part of it is forgotten', () => {
		const seen = new SeenEvents(undefined, T0, 3);
		['a', 'b', 'c'].forEach((id, index) => seen.add(id, at(index)));
		seen.closeChunk();
		seen.add('d', at(100));
		seen.serialize();
		expect(seen.has('a')).toBe(false);
		expect(seen.has('b')).toBe(true);
		// 'b' and 'c' are still there, but their chunk's newest time is the safe bound.
		expect(seen.horizon).toBe(at(2));
	});

	it('keeps every taken event timestamped after the horizon (property, random pages and late events)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.integer({ min: -3600, max: 86_400 }), { maxLength: 40 }), {
					maxLength: 60,
				}),
				fc.integer({ min: 1, max: 50 }),
				(pages, capacity) => {
					let stored: unknown = undefined;
					let horizon = T0;
					const taken: Array<[string, number]> = [];
					let counter = 0;
					for (const pageTimes of pages) {
						const seen = new SeenEvents(stored, horizon, capacity);
						for (const seconds of pageTimes) {
							const id = `e${counter++}`;
							seen.add(id, at(seconds));
							taken.push([id, at(seconds)]);
						}
						stored = seen.serialize();
						horizon = seen.horizon;
						const reloaded = new SeenEvents(stored, horizon, capacity);
						for (const [id, time] of taken) if (time > horizon) expect(reloaded.has(id)).toBe(true);
						expect(reloaded.size).toBeLessThanOrEqual(capacity);
						expect((stored as unknown[]).length).toBeLessThanOrEqual(16);
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	it('ignores an unreadable timestamp for the horizon', () => {
		const seen = new SeenEvents(undefined, T0, 1);
		seen.add('a', Number.NaN);
		seen.closeChunk();
		seen.add('b', at(5));
		seen.serialize();
		expect(seen.horizon).toBe(T0);
	});

	it('uses 1000 entries by default and stays near 11,000 characters, even after 100,000 adds', async () => {
		expect(SEEN_EVENTS_CAPACITY).toBe(1000);
		const result = await inWorker<{
			accepted: number;
			size: number;
			length: number;
			chunks: number;
		}>(`
			const id = (index) => 'evt-' + index.toString(16).padStart(8, '0') + '-4c2b-9f3e';
			const seen = new SeenEvents(undefined, 0);
			let accepted = 0;
			for (let index = 0; index < 100000; index++) {
				if (seen.add(id(index), index * 1000)) accepted++;
				if (index % 1000 === 999) seen.closeChunk();
			}
			const stored = seen.serialize();
			return { accepted, size: seen.size, length: JSON.stringify(stored).length, chunks: stored.length };
		`);
		expect(result.accepted).toBe(100_000);
		expect(result.size).toBe(1000);
		expect(result.length).toBeLessThanOrEqual(11_100);
		expect(result.chunks).toBeLessThanOrEqual(2);
	});

	it('merges chunks beyond 16 (pages of one event) without forgetting any', () => {
		const seen = new SeenEvents(undefined, T0, 100);
		for (let index = 0; index < 100; index++) {
			seen.add(`p${index}`, at(index));
			seen.closeChunk();
		}
		const stored = seen.serialize();
		expect(stored.length).toBeLessThanOrEqual(16);
		const reloaded = new SeenEvents(stored, seen.horizon, 100);
		for (let index = 0; index < 100; index++) expect(reloaded.has(`p${index}`)).toBe(true);
		expect(JSON.stringify(stored).length).toBeLessThan(1100 + 16 * 25);
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['a string (0.1 format, migrated by positions.ts)', 'abcdefghijk'],
		['an object', { a: 1 }],
		['an array of junk', [1, 'x', [2], [null, 'abc']]],
	])('treats a stored value that is %s as empty', (_label, stored) => {
		const seen = new SeenEvents(stored, T0);
		expect(seen.size).toBe(0);
		expect(seen.add('x', at(1))).toBe(true);
	});
});
