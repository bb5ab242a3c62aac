import { randomUUID } from 'crypto';
import { join } from 'path';
import { Worker } from 'worker_threads';

import { fingerprint, RECENT_IDS_CAPACITY, RecentIds } from '../nodes/OnePasswordEvents/shared/recentIds';

const ENTRY_WIDTH = 11;
const MODULE_PATH = join(__dirname, '../nodes/OnePasswordEvents/shared/recentIds.ts');

/**
 * Runs `body` (plain JavaScript, with `fingerprint`, `RecentIds` and `randomUUID` in scope) in a
 * worker thread and resolves with what it returns. Jest runs tests inside a vm context where every
 * global lookup (`Math.imul` in the hash loop) is about 100 times slower than in n8n; the
 * large-volume checks below would take seconds there and well under one in a worker. The worker
 * loads the very same TypeScript source through tsx.
 */
function inWorker<T>(body: string): Promise<T> {
	const code = `
		const { parentPort, workerData } = require('worker_threads');
		const { randomUUID } = require('crypto');
		const { fingerprint, RecentIds } = require(workerData.modulePath);
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
	return Array.from({ length: count }, (_, index) => `${prefix}-${index.toString(16).padStart(8, '0')}-4c2b-9f3e`);
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
		const result = await inWorker<{ random: number; sequential: number; sample: string; sampleUuid: string }>(`
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

describe('RecentIds', () => {
	it('add() returns true for a new uuid and false for a duplicate', () => {
		const recent = new RecentIds();
		expect(recent.add('a')).toBe(true);
		expect(recent.add('b')).toBe(true);
		expect(recent.add('a')).toBe(false);
		expect(recent.add('b')).toBe(false);
		expect(recent.add('c')).toBe(true);
		expect(recent.size).toBe(3);
	});

	it('starts empty by default', () => {
		const recent = new RecentIds();
		expect(recent.size).toBe(0);
		expect(recent.serialize()).toBe('');
	});

	it('round-trips through serialize() and the constructor', () => {
		const first = new RecentIds();
		const list = ids(50);
		for (const uuid of list) first.add(uuid);
		const stored = first.serialize();
		expect(stored).toHaveLength(50 * ENTRY_WIDTH);

		const second = new RecentIds(stored);
		expect(second.size).toBe(50);
		for (const uuid of list) expect(second.add(uuid)).toBe(false);
		expect(second.add('never-seen')).toBe(true);
		// Re-serialising keeps the old entries in order and appends the new one.
		expect(second.serialize()).toBe(stored + fingerprint('never-seen'));
	});

	it('serializes as the fingerprints in insertion order, 11 characters each', () => {
		const recent = new RecentIds();
		recent.add('one');
		recent.add('two');
		recent.add('one');
		recent.add('three');
		expect(recent.serialize()).toBe(fingerprint('one') + fingerprint('two') + fingerprint('three'));
	});

	it('keeps only the newest `capacity` entries', () => {
		const recent = new RecentIds('', 5);
		const list = ids(8);
		for (const uuid of list) recent.add(uuid);
		expect(recent.size).toBe(5);
		const stored = recent.serialize();
		expect(stored).toBe(list.slice(3).map(fingerprint).join(''));

		const reloaded = new RecentIds(stored, 5);
		for (const uuid of list.slice(3)) expect(reloaded.add(uuid)).toBe(false);
		// The three oldest were evicted: they count as new again.
		const fresh = new RecentIds(stored, 5);
		for (const uuid of list.slice(0, 3)) expect(fresh.add(uuid)).toBe(true);
	});

	it('always remembers the newest `capacity` entries while adding, before any serialize()', () => {
		const recent = new RecentIds('', 10);
		const list = ids(35);
		for (const uuid of list) recent.add(uuid);
		for (const uuid of list.slice(-10)) expect(recent.add(uuid)).toBe(false);
		expect(recent.size).toBe(10);
	});

	it('keeps the newest entries of a stored value longer than its capacity', () => {
		const list = ids(20);
		const big = new RecentIds('', 20);
		for (const uuid of list) big.add(uuid);
		const small = new RecentIds(big.serialize(), 4);
		expect(small.size).toBe(4);
		expect(small.serialize()).toBe(list.slice(-4).map(fingerprint).join(''));
		expect(small.add(list[19])).toBe(false);
		expect(small.add(list[15])).toBe(true);
	});

	it('uses 1000 entries by default and never stores more than 11,000 characters, even after 100,000 adds', async () => {
		expect(RECENT_IDS_CAPACITY).toBe(1000);
		const id = (index: number) => `evt-${index.toString(16).padStart(8, '0')}-4c2b-9f3e`;
		const result = await inWorker<{ accepted: number; size: number; stored: string; maxLength: number }>(`
			const id = (index) => 'evt-' + index.toString(16).padStart(8, '0') + '-4c2b-9f3e';
			const recent = new RecentIds();
			let accepted = 0;
			let maxLength = 0;
			for (let index = 0; index < 100000; index++) {
				if (recent.add(id(index))) accepted++;
				if (index % 9973 === 0) maxLength = Math.max(maxLength, recent.serialize().length);
			}
			const stored = recent.serialize();
			return { accepted, size: recent.size, stored, maxLength: Math.max(maxLength, stored.length) };
		`);
		expect(result.accepted).toBe(100_000);
		expect(result.size).toBe(1000);
		expect(result.stored).toHaveLength(RECENT_IDS_CAPACITY * ENTRY_WIDTH);
		expect(result.stored).toHaveLength(11_000);
		expect(result.maxLength).toBeLessThanOrEqual(11_000);
		const newest = Array.from({ length: 1000 }, (_, offset) => fingerprint(id(99_000 + offset)));
		expect(result.stored).toBe(newest.join(''));

		const reloaded = new RecentIds(result.stored);
		expect(reloaded.add(id(99_999))).toBe(false);
		expect(reloaded.add(id(99_000))).toBe(false);
		expect(reloaded.add(id(98_999))).toBe(true);
	});

	it('stays at 11 characters per entry after 5,000 adds in the test process', () => {
		const recent = new RecentIds();
		let accepted = 0;
		for (const uuid of ids(5000)) if (recent.add(uuid)) accepted++;
		expect(accepted).toBe(5000);
		expect(recent.serialize()).toHaveLength(11_000);
	});

	it('stays bounded when serialized repeatedly between adds', () => {
		let stored = '';
		const list = ids(3000);
		for (let start = 0; start < list.length; start += 700) {
			const recent = new RecentIds(stored);
			for (const uuid of list.slice(start, start + 700)) recent.add(uuid);
			stored = recent.serialize();
			expect(stored.length).toBeLessThanOrEqual(11_000);
			expect(stored.length % ENTRY_WIDTH).toBe(0);
		}
		expect(stored).toBe(list.slice(-1000).map(fingerprint).join(''));
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['a number', 42],
		['an object', { a: 1 }],
		['an array', ['abc']],
		['a boolean', true],
	])('treats a stored value that is %s as empty', (_label, stored) => {
		const recent = new RecentIds(stored);
		expect(recent.size).toBe(0);
		expect(recent.add('x')).toBe(true);
		expect(recent.serialize()).toBe(fingerprint('x'));
	});

	it('tolerates a truncated or garbled stored string', () => {
		const good = fingerprint('a') + fingerprint('b');
		// A partial trailing entry is dropped; whole entries survive.
		const truncated = new RecentIds(good + 'abc');
		expect(truncated.size).toBe(2);
		expect(truncated.add('a')).toBe(false);
		expect(truncated.add('b')).toBe(false);

		// Too short for even one entry.
		expect(new RecentIds('short').size).toBe(0);

		// Garbage of entry-sized length loads without throwing and does not match real uuids.
		const garbage = new RecentIds('!!!!!!!!!!!@@@@@@@@@@@');
		expect(garbage.size).toBe(2);
		expect(garbage.add('a')).toBe(true);
		expect(() => garbage.serialize()).not.toThrow();
	});
});
