import {
	pacerForToken,
	RequestPacer,
	REQUESTS_PER_HOUR,
	REQUESTS_PER_MINUTE,
} from '../../nodes/OnePasswordEvents/transport/requestBudget';
import { unsignedJwt } from '../harness/tokens';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 10, 26, 10, 0, 0);

/** A clock the test moves by hand. */
function manualClock(start = START) {
	let time = start;
	return {
		now: () => time,
		advance: (ms: number) => {
			time += ms;
		},
	};
}

describe('RequestPacer budget', () => {
	it('stays below the API limits of 600 a minute and 30,000 an hour', () => {
		expect(REQUESTS_PER_MINUTE).toBeLessThan(600);
		expect(REQUESTS_PER_MINUTE).toBeGreaterThan(0);
		expect(REQUESTS_PER_HOUR).toBeLessThan(30_000);
		expect(REQUESTS_PER_HOUR).toBeGreaterThanOrEqual(REQUESTS_PER_MINUTE);
	});
});

describe('RequestPacer with a manual clock (no waiting)', () => {
	it('grants perMinute requests at once, then refuses when the next slot is after the deadline', async () => {
		const clock = manualClock();
		const pacer = new RequestPacer(5, 1000, clock.now);
		for (let index = 0; index < 5; index++)
			await expect(pacer.acquire(START + 10_000)).resolves.toBe(true);
		expect(pacer.inLastMinute()).toBe(5);
		// The sixth slot opens at START + 60 s, after the 10 s deadline: refused at once, not claimed.
		await expect(pacer.acquire(START + 10_000)).resolves.toBe(false);
		expect(pacer.inLastMinute()).toBe(5);
	});

	it('puts the next slot at the oldest request of the window plus 60 s', async () => {
		const clock = manualClock();
		const pacer = new RequestPacer(3, 1000, clock.now);
		expect(pacer.nextSlot()).toBe(START);
		await pacer.acquire(START);
		clock.advance(10_000);
		await pacer.acquire(START + 10_000);
		clock.advance(10_000);
		await pacer.acquire(START + 20_000);
		expect(pacer.inLastMinute()).toBe(3);
		expect(pacer.nextSlot()).toBe(START + MINUTE);

		// Once the first request is a minute old, its slot is free again; the next follows the second.
		clock.advance(40_000);
		expect(pacer.nextSlot()).toBe(START + MINUTE);
		await expect(pacer.acquire(START + MINUTE)).resolves.toBe(true);
		expect(pacer.nextSlot()).toBe(START + 10_000 + MINUTE);
		expect(pacer.inLastMinute()).toBe(3);
	});

	it('grants immediately when the slot is exactly now and refuses when the deadline has passed', async () => {
		const clock = manualClock();
		const pacer = new RequestPacer(1, 1000, clock.now);
		await expect(pacer.acquire(START)).resolves.toBe(true);
		clock.advance(MINUTE);
		expect(pacer.nextSlot()).toBe(START + MINUTE);
		await expect(pacer.acquire(START + MINUTE)).resolves.toBe(true);
		await expect(pacer.acquire(START + MINUTE - 1)).resolves.toBe(false);
	});

	it('counts the hour window separately from the minute window', async () => {
		const clock = manualClock();
		const pacer = new RequestPacer(2, 4, clock.now);
		await pacer.acquire(START);
		await pacer.acquire(START);
		clock.advance(MINUTE);
		await expect(pacer.acquire(START + MINUTE)).resolves.toBe(true);
		await expect(pacer.acquire(START + MINUTE)).resolves.toBe(true);
		clock.advance(MINUTE);
		// The minute window is free again, but 4 requests in the hour fill the hour window.
		expect(pacer.inLastMinute()).toBe(0);
		expect(pacer.nextSlot()).toBe(START + HOUR);
		await expect(pacer.acquire(START + 30 * MINUTE)).resolves.toBe(false);

		clock.advance(HOUR - 2 * MINUTE);
		expect(pacer.nextSlot()).toBe(START + HOUR);
		await expect(pacer.acquire(START + HOUR)).resolves.toBe(true);
		await expect(pacer.acquire(START + HOUR)).resolves.toBe(true);
		// Two more taken at START + HOUR: the minute window is full again.
		expect(pacer.nextSlot()).toBe(START + HOUR + MINUTE);
	});

	it('forgets requests older than an hour', async () => {
		const clock = manualClock();
		const pacer = new RequestPacer(10, 10, clock.now);
		for (let index = 0; index < 10; index++) await pacer.acquire(START);
		expect(pacer.nextSlot()).toBe(START + HOUR);
		clock.advance(HOUR);
		expect(pacer.nextSlot()).toBe(START + HOUR);
		expect(pacer.inLastMinute()).toBe(0);
		for (let index = 0; index < 10; index++)
			await expect(pacer.acquire(START + HOUR)).resolves.toBe(true);
	});
});

describe('RequestPacer waiting for a slot (fake timers)', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: START });
	});

	afterEach(() => {
		jest.useRealTimers();
	});

	it('waits until the oldest request is a minute old when the deadline allows', async () => {
		const pacer = new RequestPacer(2, 1000, () => Date.now());
		await expect(pacer.acquire(START + 2 * MINUTE)).resolves.toBe(true);
		jest.advanceTimersByTime(15_000);
		await expect(pacer.acquire(START + 2 * MINUTE)).resolves.toBe(true);

		let granted: boolean | undefined;
		const waiting = pacer.acquire(START + 2 * MINUTE).then((result) => {
			granted = result;
		});
		await jest.advanceTimersByTimeAsync(MINUTE - 15_000 - 1);
		expect(granted).toBeUndefined();
		await jest.advanceTimersByTimeAsync(1);
		await waiting;
		expect(granted).toBe(true);
		expect(Date.now()).toBe(START + MINUTE);
		expect(pacer.inLastMinute()).toBe(2);
	});

	it('serves concurrent waiters one slot each, in turn', async () => {
		const pacer = new RequestPacer(2, 1000, () => Date.now());
		const grantedAt: number[] = [];
		const requests = Array.from({ length: 5 }, () =>
			pacer.acquire(START + 5 * MINUTE).then((result) => {
				expect(result).toBe(true);
				grantedAt.push(Date.now() - START);
			}),
		);
		await jest.advanceTimersByTimeAsync(3 * MINUTE);
		await Promise.all(requests);
		expect(grantedAt).toEqual([0, 0, MINUTE, MINUTE, 2 * MINUTE]);
	});

	it('does not wait at all when the slot is after the deadline', async () => {
		const pacer = new RequestPacer(1, 1000, () => Date.now());
		await pacer.acquire(START + MINUTE);
		const result = pacer.acquire(START + MINUTE - 1);
		await expect(result).resolves.toBe(false);
		expect(Date.now()).toBe(START);
		expect(jest.getTimerCount()).toBe(0);
	});
});

describe('RequestPacer when the clock changes under it', () => {
	const DAY = 24 * HOUR;

	afterEach(() => {
		jest.useRealTimers();
		jest.restoreAllMocks();
	});

	it('reads the clock that is current at each call, not the one current when it was made', async () => {
		const pacer = new RequestPacer(1, 1000);
		const later = Date.now() + 30 * DAY;
		jest.spyOn(Date, 'now').mockImplementation(() => later);
		await pacer.acquire(later + MINUTE);
		expect(pacer.nextSlot()).toBe(later + MINUTE);
	});

	it('forgets request times from the future when the clock is set back, instead of blocking the token until it catches up', async () => {
		const clock = manualClock();
		const pacer = new RequestPacer(2, 1000, clock.now);
		await pacer.acquire(START + MINUTE);
		await pacer.acquire(START + MINUTE);
		clock.advance(-DAY);
		await expect(pacer.acquire(START - DAY + 30_000)).resolves.toBe(true);
	});

	it('never waits longer than the deadline allowed when the clock is set back during a wait', async () => {
		jest.useFakeTimers({ now: START });
		const pacer = new RequestPacer(1, 1000, () => Date.now());
		await pacer.acquire(START + 2 * MINUTE);
		let granted: boolean | undefined;
		const waiting = pacer.acquire(START + 2 * MINUTE).then((result) => {
			granted = result;
		});
		await jest.advanceTimersByTimeAsync(30_000);
		jest.setSystemTime(START + 30_000 - DAY);
		await jest.advanceTimersByTimeAsync(2 * MINUTE);
		expect(granted).toBeDefined();
		await waiting;
		expect(jest.getTimerCount()).toBe(0);
	});
});

describe('pacerForToken', () => {
	const tokenA = unsignedJwt({ aud: ['events.1password.com'], sub: 'a' });
	const tokenB = unsignedJwt({ aud: ['events.1password.com'], sub: 'b' });

	it('returns the same pacer for the same token and another for another token', () => {
		const first = pacerForToken(tokenA);
		expect(first).toBeInstanceOf(RequestPacer);
		expect(pacerForToken(tokenA)).toBe(first);
		expect(pacerForToken(`${tokenA}`)).toBe(first);
		const other = pacerForToken(tokenB);
		expect(other).toBeInstanceOf(RequestPacer);
		expect(other).not.toBe(first);
	});

	it('shares the budget between callers of the same token', async () => {
		const token = unsignedJwt({ aud: ['events.1password.com'], sub: 'shared-budget' });
		await pacerForToken(token).acquire(Date.now() + 1000);
		await pacerForToken(token).acquire(Date.now() + 1000);
		expect(pacerForToken(token).inLastMinute()).toBe(2);
		expect(pacerForToken(`${token}x`).inLastMinute()).toBe(0);
	});

	it('gives each of several n8n processes its share of the budget (queue mode)', async () => {
		const token = unsignedJwt({ aud: ['events.1password.com'], sub: 'three-processes' });
		const share = pacerForToken(token, 3);
		expect(share).not.toBe(pacerForToken(token));
		expect(pacerForToken(token, 3)).toBe(share);
		// One process of three: 166 requests in a minute, then nothing before the window frees.
		const deadline = Date.now() + 1000;
		let granted = 0;
		while (await share.acquire(deadline)) granted++;
		expect(granted).toBe(Math.floor(REQUESTS_PER_MINUTE / 3));
		// Three such processes together stay under the API's 600 a minute.
		expect(3 * granted).toBeLessThanOrEqual(600);
	});

	it('keeps nothing of the token on the pacer it returns', () => {
		// The map of pacers is private to the module; what can be checked is the pacer itself.
		const pacer = pacerForToken(tokenA);
		const kept = JSON.stringify(pacer);
		for (const part of tokenA.split('.')) expect(kept).not.toContain(part);
		expect(Object.values(pacer as unknown as Record<string, unknown>)).not.toContain(tokenA);
	});
});
