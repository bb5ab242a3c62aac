import type { FailureKind } from '../../nodes/OnePasswordEvents/transport/errors';
import {
	clearFailures,
	FAILING_POLLS_BEFORE_SURFACING,
	RESURFACE_AFTER_MS,
	shouldSurface,
} from '../../nodes/OnePasswordEvents/trigger/failurePolicy';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 26, 10, 0, 0);

const PERMANENT: FailureKind[] = ['unauthorized', 'forbidden', 'notFound', 'badRequest', 'setup'];
const TRANSIENT: FailureKind[] = ['rateLimited', 'serverError', 'network', 'invalidResponse'];

// The ledger is module state shared by the whole file: every test uses keys of its own.
let keyCounter = 0;
function freshKey(label: string): string {
	keyCounter++;
	return `workflow-${keyCounter}:${label}`;
}

/** Runs one failing poll per minute from `from`, returning which ones surfaced. */
function polls(key: string, kind: FailureKind, count: number, from = START): boolean[] {
	return Array.from({ length: count }, (_, index) =>
		shouldSurface(key, kind, from + index * MINUTE),
	);
}

describe('policy constants', () => {
	it('surfaces passing problems on the 3rd failing poll and repeats at most hourly', () => {
		expect(FAILING_POLLS_BEFORE_SURFACING).toBe(3);
		expect(RESURFACE_AFTER_MS).toBe(HOUR);
	});
});

describe.each(PERMANENT)('permanent kind %s', (kind) => {
	it('surfaces on the first failing poll', () => {
		expect(shouldSurface(freshKey(kind), kind, START)).toBe(true);
	});

	it('does not surface again within the hour, then does after an hour', () => {
		const key = freshKey(kind);
		expect(shouldSurface(key, kind, START)).toBe(true);
		expect(polls(key, kind, 59, START + MINUTE).some(Boolean)).toBe(false);
		expect(shouldSurface(key, kind, START + HOUR - 1)).toBe(false);
		expect(shouldSurface(key, kind, START + HOUR)).toBe(true);
		expect(shouldSurface(key, kind, START + HOUR + MINUTE)).toBe(false);
		expect(shouldSurface(key, kind, START + 2 * HOUR)).toBe(true);
	});
});

describe.each(TRANSIENT)('transient kind %s', (kind) => {
	it('surfaces on the 3rd consecutive failing poll, not before', () => {
		expect(polls(freshKey(kind), kind, 3)).toEqual([false, false, true]);
	});

	it('then stays quiet for an hour and surfaces again after it', () => {
		const key = freshKey(kind);
		expect(polls(key, kind, 3)).toEqual([false, false, true]);
		const surfacedAt = START + 2 * MINUTE;
		expect(shouldSurface(key, kind, surfacedAt + MINUTE)).toBe(false);
		expect(shouldSurface(key, kind, surfacedAt + HOUR - 1)).toBe(false);
		expect(shouldSurface(key, kind, surfacedAt + HOUR)).toBe(true);
		expect(shouldSurface(key, kind, surfacedAt + HOUR + MINUTE)).toBe(false);
	});
});

describe('clearFailures', () => {
	it('resets the count of a transient problem', () => {
		const key = freshKey('transient-reset');
		expect(polls(key, 'network', 2)).toEqual([false, false]);
		clearFailures(key);
		expect(polls(key, 'network', 3, START + 10 * MINUTE)).toEqual([false, false, true]);
	});

	it('lets a permanent problem surface again at once after a successful poll', () => {
		const key = freshKey('permanent-reset');
		expect(shouldSurface(key, 'unauthorized', START)).toBe(true);
		expect(shouldSurface(key, 'unauthorized', START + MINUTE)).toBe(false);
		clearFailures(key);
		expect(shouldSurface(key, 'unauthorized', START + 2 * MINUTE)).toBe(true);
	});

	it('lets a transient problem surface again after a successful poll, on its 3rd poll', () => {
		const key = freshKey('transient-after-surface');
		expect(polls(key, 'serverError', 3)).toEqual([false, false, true]);
		clearFailures(key);
		expect(polls(key, 'serverError', 3, START + 5 * MINUTE)).toEqual([false, false, true]);
	});

	it('is harmless for a key with no failures', () => {
		expect(() => clearFailures(freshKey('never-failed'))).not.toThrow();
	});
});

describe('keys', () => {
	it('are independent', () => {
		const first = freshKey('a');
		const second = freshKey('b');
		expect(polls(first, 'rateLimited', 2)).toEqual([false, false]);
		expect(shouldSurface(second, 'rateLimited', START + 2 * MINUTE)).toBe(false);
		expect(shouldSurface(first, 'rateLimited', START + 2 * MINUTE)).toBe(true);
		expect(shouldSurface(second, 'unauthorized', START + 3 * MINUTE)).toBe(true);
		// Clearing one key leaves the other's hourly quiet period alone.
		clearFailures(second);
		expect(shouldSurface(first, 'rateLimited', START + 4 * MINUTE)).toBe(false);
	});
});

describe('mixed kinds in one failure streak', () => {
	it('surfaces a permanent problem at once even after transient failures', () => {
		const key = freshKey('mixed');
		expect(polls(key, 'network', 1)).toEqual([false]);
		expect(shouldSurface(key, 'unauthorized', START + MINUTE)).toBe(true);
	});

	it('counts transient failures of different kinds together', () => {
		const key = freshKey('mixed-transient');
		expect(shouldSurface(key, 'network', START)).toBe(false);
		expect(shouldSurface(key, 'serverError', START + MINUTE)).toBe(false);
		expect(shouldSurface(key, 'rateLimited', START + 2 * MINUTE)).toBe(true);
	});
});
