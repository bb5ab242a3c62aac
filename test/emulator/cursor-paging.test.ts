import {
	BASE_TIME,
	DAY,
	EVERYTHING,
	HOUR,
	drain,
	page,
	post,
	startHarness,
	stopAll,
	uuidsOf,
} from './harness';

afterEach(stopAll);

type Timestamped = { uuid: string; timestamp: string };

describe('paging with cursors', () => {
	it('walks events in insertion order with has_more until the end', async () => {
		const { emu, token } = await startHarness({ backlog: 250 });
		const first = await page<Timestamped>(
			emu,
			'/api/v2/itemusages',
			{ ...EVERYTHING, limit: 100 },
			token,
		);
		const second = await page<Timestamped>(
			emu,
			'/api/v2/itemusages',
			{ cursor: first.cursor },
			token,
		);
		const third = await page<Timestamped>(
			emu,
			'/api/v2/itemusages',
			{ cursor: second.cursor },
			token,
		);
		expect([first, second, third].map((p) => [p.items.length, p.has_more])).toEqual([
			[100, true],
			[100, true],
			[50, false],
		]);
		const all = [...first.items, ...second.items, ...third.items];
		expect(new Set(uuidsOf(all)).size).toBe(250);
		const times = all.map((item) => Date.parse(item.timestamp));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(times[times.length - 1]).toBe(BASE_TIME);
	});

	it('answers has_more false when the page ends exactly at the last event', async () => {
		const { emu, token } = await startHarness({ backlog: 200 });
		const first = await page(emu, '/api/v2/itemusages', { ...EVERYTHING, limit: 100 }, token);
		const second = await page(emu, '/api/v2/itemusages', { cursor: first.cursor }, token);
		expect([first.has_more, second.items.length, second.has_more]).toEqual([true, 100, false]);
	});

	it('with nothing new, answers the same cursor, no items and has_more false, then delivers what arrives later', async () => {
		const { emu, token } = await startHarness({ backlog: 10 });
		const drained = await drain(emu, '/api/v2/itemusages', EVERYTHING, token);
		expect(drained.items).toHaveLength(10);
		for (let i = 0; i < 3; i++) {
			const idle = await page(emu, '/api/v2/itemusages', { cursor: drained.cursor }, token);
			expect(idle).toEqual({ items: [], cursor: drained.cursor, has_more: false });
		}
		const injected = emu.inject('itemusages', { count: 3 });
		const next = await page(emu, '/api/v2/itemusages', { cursor: drained.cursor }, token);
		expect(uuidsOf(next.items)).toEqual(uuidsOf(injected));
		expect(next.cursor).not.toBe(drained.cursor);
		expect(next.has_more).toBe(false);
	});

	it('keeps the time window of the reset cursor: events after end_time never come', async () => {
		const { emu, token, clock } = await startHarness({ backlog: 10 });
		const window = {
			start_time: '2000-01-01T00:00:00Z',
			end_time: new Date(BASE_TIME).toISOString(),
		};
		const drained = await drain(emu, '/api/v2/itemusages', window, token);
		expect(drained.items).toHaveLength(10);
		clock.advance(1000);
		emu.inject('itemusages', { count: 5 });
		expect(await page(emu, '/api/v2/itemusages', { cursor: drained.cursor }, token)).toMatchObject({
			items: [],
			has_more: false,
		});
	});

	it('delivers a late event (old timestamp, received now) through the cursor; resuming from a timestamp loses it', async () => {
		const { emu, token, clock } = await startHarness({ backlog: 48, backlogSpanMs: 2 * DAY });
		const drained = await drain<Timestamped>(
			emu,
			'/api/v2/itemusages',
			{ start_time: new Date(BASE_TIME - 3 * DAY).toISOString() },
			token,
		);
		const newestSeen = drained.items[drained.items.length - 1].timestamp;
		clock.advance(HOUR);
		const lateTimestamp = new Date(BASE_TIME - 6 * HOUR).toISOString();
		const [late] = emu.inject('itemusages', [{ timestamp: lateTimestamp }]);

		const byCursor = await page<Timestamped>(
			emu,
			'/api/v2/itemusages',
			{ cursor: drained.cursor },
			token,
		);
		expect(byCursor.items).toEqual([
			expect.objectContaining({ uuid: late.uuid, timestamp: lateTimestamp }),
		]);

		const byTimestamp = await drain<Timestamped>(
			emu,
			'/api/v2/itemusages',
			{ start_time: newestSeen },
			token,
		);
		expect(uuidsOf(byTimestamp.items)).not.toContain(late.uuid);
	});

	it('delivers late item usages from the live generator by cursor', async () => {
		const { emu, token, clock } = await startHarness({ live: { perSecond: 2, lateRatio: 1 } });
		const { cursor } = await page(
			emu,
			'/api/v2/itemusages',
			{ start_time: new Date(BASE_TIME - 2 * DAY).toISOString() },
			token,
		);
		clock.advance(10_000);
		const { items } = await drain<Timestamped>(emu, '/api/v2/itemusages', { cursor }, token);
		expect(items).toHaveLength(20);
		for (const item of items) {
			const age = clock.ms - Date.parse(item.timestamp);
			expect(age).toBeGreaterThanOrEqual(HOUR / 2);
			expect(age).toBeLessThanOrEqual(24 * HOUR + 10_000);
		}
	});
});

describe('cursors are opaque', () => {
	it('look like base64url and not like the query', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		const { cursor } = await page(emu, '/api/v2/itemusages', { ...EVERYTHING, limit: 2 }, token);
		expect(cursor).toMatch(/^[A-Za-z0-9_-]{20,}$/);
		expect(cursor).not.toContain('2000');
	});

	it('refuse a tampered cursor with 400', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		const { cursor } = await page(emu, '/api/v2/itemusages', { ...EVERYTHING, limit: 2 }, token);
		const flip = (text: string, at: number) =>
			text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
		for (const bad of [
			flip(cursor, 3),
			flip(cursor, cursor.length - 1),
			cursor.slice(0, -1),
			`${cursor}x`,
			'abc',
			'x'.repeat(60),
		]) {
			const result = await post(emu, '/api/v2/itemusages', { cursor: bad }, token);
			expect(result.status).toBe(400);
			expect(result.json).toEqual({ status: 400, message: 'Invalid cursor' });
		}
		const v1 = await post(emu, '/api/v1/itemusages', { cursor: 'abc' }, token);
		expect(v1.json).toEqual({ Error: { Message: 'Invalid cursor' } });
	});

	it('refuse a cursor of another event type with 400 and say why', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		const { cursor } = await page(emu, '/api/v2/itemusages', EVERYTHING, token);
		const result = await post(emu, '/api/v2/signinattempts', { cursor }, token);
		expect(result.status).toBe(400);
		expect((result.json as { message: string }).message).toMatch(/itemusages.*signinattempts/);
	});

	it('refuse a cursor issued by another emulator (other key)', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		const other = await startHarness({ backlog: 5 });
		const { cursor } = await page(other.emu, '/api/v2/itemusages', EVERYTHING, other.token);
		expect((await post(emu, '/api/v2/itemusages', { cursor }, token)).status).toBe(400);
	});

	it('work across API versions of the same type', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		const first = await page(emu, '/api/v2/itemusages', { ...EVERYTHING, limit: 2 }, token);
		const next = await page(emu, '/api/v1/itemusages', { cursor: first.cursor }, token);
		expect(next.items).toHaveLength(2);
	});
});

describe('retention', () => {
	it('never returns events older than 120 days, following the emulator clock', async () => {
		// One event per day, at BASE-6d .. BASE.
		const { emu, token, clock } = await startHarness({ backlog: 7, backlogSpanMs: 7 * DAY });
		const { cursor } = await page(emu, '/api/v2/itemusages', { ...EVERYTHING, limit: 2 }, token);
		clock.advance(116.5 * DAY); // the floor is now BASE - 3.5 days
		const fresh = await drain<Timestamped>(emu, '/api/v2/itemusages', EVERYTHING, token);
		expect(fresh.items.map((item) => (Date.parse(item.timestamp) - BASE_TIME) / DAY)).toEqual([
			-3, -2, -1, 0,
		]);
		// A cursor taken earlier skips what expired since.
		const resumed = await drain<Timestamped>(emu, '/api/v2/itemusages', { cursor }, token);
		expect(uuidsOf(resumed.items)).toEqual(uuidsOf(fresh.items));
		clock.advance(4 * DAY);
		expect((await drain(emu, '/api/v2/itemusages', EVERYTHING, token)).items).toHaveLength(0);
	});

	it('hides the part of a backlog configured beyond 120 days', async () => {
		const { emu, token } = await startHarness({ backlog: 200, backlogSpanMs: 200 * DAY });
		const { items } = await drain<Timestamped>(emu, '/api/v2/itemusages', EVERYTHING, token);
		// One event per day; the one exactly 120 days old is the oldest still kept.
		expect(items.length).toBe(121);
		expect(Date.parse(items[0].timestamp)).toBe(BASE_TIME - 120 * DAY);
	});
});
