import { WindowPeak } from '../../emulator/window-peak';
import { BASE_TIME, EVERYTHING, get, page, post, startHarness, stopAll } from './harness';
import { resilientDrain } from './resilient-client';

/** Stats a client's tests assert on: served = produced + redelivered, and the busiest 60 s of requests. */

afterEach(stopAll);

const PATH = '/api/v2/signinattempts';

describe('events served, by how they were served', () => {
	it('separates normal pages from redeliveries and counts junk entries apart', async () => {
		const { emu, token } = await startHarness({ backlog: 40 });
		emu.enqueueFaults(['malformed-records', 'redeliver', 'redeliver', 'truncated-json']);
		const { received } = await resilientDrain(emu, token, { ...EVERYTHING, limit: 15 }, PATH);
		const stats = emu.stats();
		expect(stats.eventsInPages).toEqual({
			total: 40,
			itemusages: 0,
			signinattempts: 40,
			auditevents: 0,
		});
		expect(stats.eventsRedelivered.signinattempts).toBe(30);
		expect(stats.eventsServed.signinattempts).toBe(
			stats.eventsInPages.signinattempts + stats.eventsRedelivered.signinattempts,
		);
		expect(received).toHaveLength(stats.eventsServed.total);
		expect(stats.junkEntriesServed.signinattempts).toBe(4);
		emu.resetStats();
		expect(emu.stats()).toMatchObject({
			eventsInPages: { total: 0 },
			eventsRedelivered: { total: 0 },
			junkEntriesServed: { total: 0 },
		});
	});
});

describe('event requests in emulator time', () => {
	it('finds the busiest sliding 60 s window exactly, across clock-minute boundaries', async () => {
		const { emu, token, clock } = await startHarness();
		const send = async (count: number) => {
			for (let i = 0; i < count; i++) await post(emu, PATH, {}, token);
		};
		clock.ms = BASE_TIME + 30_000; // 12:00:30
		await send(6);
		clock.ms = BASE_TIME + 89_999; // 12:01:29.999: same 60 s window as 12:00:30, another clock minute
		await send(6);
		clock.ms = BASE_TIME + 90_000; // exactly 60 s after the first six: they have left the window
		await send(5);
		expect(emu.peakEventRequestsPer60s()).toBe(12);
		clock.ms = BASE_TIME + 149_999;
		await send(7);
		expect(emu.peakEventRequestsPer60s()).toBe(12); // (12:01:29.999, 12:02:29.999] holds 5 + 7
		await send(1);
		expect(emu.peakEventRequestsPer60s()).toBe(13);
		expect(emu.stats().eventRequests).toEqual({
			total: 25,
			peakPer60s: 13,
			byMinute: { '2026-11-26T12:00Z': 6, '2026-11-26T12:01Z': 11, '2026-11-26T12:02Z': 8 },
		});
	});

	it('counts every event request on arrival, whatever the answer; introspect and unknown paths are not event requests', async () => {
		const { emu, token } = await startHarness({ rateLimit: { perMinute: 2 } });
		await post(emu, PATH, {}, token);
		await post(emu, PATH, {}, 'not a token'); // 404
		await post(emu, PATH, {}, null); // 401
		await post(emu, PATH, { limit: 5000 }, token); // 400
		await post(emu, PATH, {}, token); // 429
		await get(emu, '/api/v2/auth/introspect', token);
		await post(emu, '/api/v2/nothing', {}, token);
		expect(emu.stats().eventRequests.total).toBe(5);
		expect(emu.peakEventRequestsPer60s()).toBe(5);
		emu.resetStats();
		expect(emu.peakEventRequestsPer60s()).toBe(0);
		await page(emu, PATH, {}, emu.issueToken());
		expect(emu.peakEventRequestsPer60s()).toBe(1);
	});
});

describe('WindowPeak', () => {
	/** The plain definition: for every request, how many requests fall in the 60 s ending with it. */
	function bruteForce(times: readonly number[], windowMs: number): number {
		return Math.max(
			0,
			...times.map((end) => times.filter((t) => t > end - windowMs && t <= end).length),
		);
	}

	it('matches the brute-force maximum, also when the clock runs back by less than a window', () => {
		let state = 7;
		const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let run = 0; run < 40; run++) {
			const times: number[] = [];
			let now = 0;
			let newest = 0;
			const peak = new WindowPeak(60_000);
			for (let i = 0; i < 300; i++) {
				// Mostly forward, in bursts and lulls, sometimes back, but never a whole window behind the newest.
				now +=
					next() < 0.1
						? -Math.floor(next() * 50_000)
						: Math.floor(next() * (next() < 0.5 ? 500 : 20_000));
				now = Math.max(now, newest - 59_999);
				newest = Math.max(newest, now);
				times.push(now);
				peak.add(now);
				expect(peak.peak).toBe(bruteForce(times, 60_000));
			}
		}
	});

	it('stays exact past thousands of requests (old times are dropped in batches)', () => {
		const peak = new WindowPeak(60_000);
		for (let i = 0; i < 20_000; i++) peak.add(i * 100); // 600 per 60 s
		expect(peak.peak).toBe(600);
		for (let i = 0; i < 900; i++) peak.add(3_000_000 + i * 75); // 800 per 60 s
		expect(peak.peak).toBe(800);
	});
});
