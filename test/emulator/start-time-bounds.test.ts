import {
	BASE_TIME,
	DAY,
	HOUR,
	MINUTE,
	drain,
	page,
	post,
	startHarness,
	stopAll,
	uuidsOf,
} from './harness';

/**
 * The undocumented reading of start_time/end_time: do they bound the event's timestamp, or when
 * 1Password received it? The emulator plays both ('timestamp' is the default).
 */

afterEach(stopAll);

const PATH = '/api/v2/itemusages';
type Item = { uuid: string; timestamp: string };

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A backlog over the last two days, then (an hour later) a late item usage stamped six hours
 * before the start, and one on time. Returns their uuids and the time they arrived.
 */
async function lateArrival(options: Parameters<typeof startHarness>[0] = {}) {
	const harness = await startHarness({ backlog: 48, backlogSpanMs: 2 * DAY, ...options });
	harness.clock.advance(HOUR);
	const arrivedAt = harness.clock.ms;
	const [late] = harness.emu.inject('itemusages', [{ timestamp: iso(BASE_TIME - 6 * HOUR) }]);
	const [onTime] = harness.emu.inject('itemusages', { count: 1 });
	return { ...harness, late: late.uuid, onTime: onTime.uuid, arrivedAt };
}

describe("startTimeBounds 'timestamp' (default)", () => {
	it("a window after a late event's timestamp misses it, though it arrived inside the window", async () => {
		const { emu, token, late, onTime } = await lateArrival();
		expect(emu.settings().startTimeBounds).toBe('timestamp');
		const served = uuidsOf(
			(await drain<Item>(emu, PATH, { start_time: iso(BASE_TIME - HOUR), limit: 1000 }, token))
				.items,
		);
		expect(served).toContain(onTime);
		expect(served).not.toContain(late);
	});

	it('a window that ended before a late event arrived still gets it, by its timestamp', async () => {
		const { emu, token, late, onTime } = await lateArrival();
		const window = { start_time: iso(BASE_TIME - 12 * HOUR), end_time: iso(BASE_TIME) };
		const served = uuidsOf((await drain<Item>(emu, PATH, window, token)).items);
		expect(served).toContain(late);
		expect(served).not.toContain(onTime);
		expect(served).toHaveLength(13 + 1); // hourly backlog events from -12 h to 0 h, both ends included
	});
});

describe("startTimeBounds 'arrival'", () => {
	it("a window that starts after a late event's timestamp but before its arrival serves it", async () => {
		const { emu, token, late, onTime } = await lateArrival({ startTimeBounds: 'arrival' });
		const served = (
			await drain<Item>(emu, PATH, { start_time: iso(BASE_TIME - HOUR), limit: 1000 }, token)
		).items;
		expect(uuidsOf(served)).toContain(late);
		expect(uuidsOf(served)).toContain(onTime);
		expect(served.find((item) => item.uuid === late)?.timestamp).toBe(iso(BASE_TIME - 6 * HOUR));
	});

	it('a window that ended before a late event arrived does not serve it, whatever its timestamp says', async () => {
		const { emu, token, late, onTime } = await lateArrival({ startTimeBounds: 'arrival' });
		const window = { start_time: iso(BASE_TIME - 12 * HOUR), end_time: iso(BASE_TIME) };
		const served = uuidsOf((await drain<Item>(emu, PATH, window, token)).items);
		expect(served).not.toContain(late);
		expect(served).not.toContain(onTime);
		expect(served).toHaveLength(13);
	});

	it('bounds the arrival exactly: inclusive at both ends', async () => {
		const { emu, token, late, arrivedAt } = await lateArrival({ startTimeBounds: 'arrival' });
		const at = (start: number, end: number) =>
			drain<Item>(emu, PATH, { start_time: iso(start), end_time: iso(end) }, token).then((d) =>
				uuidsOf(d.items),
			);
		expect(await at(arrivedAt, arrivedAt)).toContain(late);
		expect(await at(arrivedAt - 1000, arrivedAt - 1000)).not.toContain(late);
		expect(await at(arrivedAt + 1000, arrivedAt + 2000)).not.toContain(late);
	});

	it('serves the backlog exactly as the timestamp reading does (a backlog event arrived at its timestamp)', async () => {
		const timestampMode = await startHarness({ backlog: 500, backlogSpanMs: 5 * DAY });
		const arrivalMode = await startHarness({
			backlog: 500,
			backlogSpanMs: 5 * DAY,
			startTimeBounds: 'arrival',
		});
		const window = {
			start_time: iso(BASE_TIME - 3 * DAY),
			end_time: iso(BASE_TIME - DAY),
			limit: 50,
		};
		const a = await drain<Item>(timestampMode.emu, PATH, window, timestampMode.token);
		const b = await drain<Item>(arrivalMode.emu, PATH, window, arrivalMode.token);
		expect(a.items.length).toBeGreaterThan(190);
		expect(b.items).toEqual(a.items);
	});

	it('still drops events past retention by their timestamp, however recently they arrived', async () => {
		const { emu, token } = await startHarness({ startTimeBounds: 'arrival' });
		const [ancient] = emu.inject('itemusages', [{ timestamp: iso(BASE_TIME - 121 * DAY) }]);
		const [old] = emu.inject('itemusages', [{ timestamp: iso(BASE_TIME - 119 * DAY) }]);
		const served = uuidsOf(
			(await page<Item>(emu, PATH, { start_time: iso(BASE_TIME - MINUTE) }, token)).items,
		);
		expect(served).toEqual([old.uuid]);
		expect(served).not.toContain(ancient.uuid);
	});

	it('live late item usages arrive when due: an arrival window from now serves them all', async () => {
		const { emu, token, clock } = await startHarness({
			live: { perSecond: 2, lateRatio: 1 },
			startTimeBounds: 'arrival',
		});
		clock.advance(10_000);
		const window = { start_time: iso(BASE_TIME), limit: 1000 };
		expect((await drain<Item>(emu, PATH, window, token)).items).toHaveLength(20);
		emu.configure({ startTimeBounds: 'timestamp' });
		expect((await drain<Item>(emu, PATH, window, token)).items).toHaveLength(0);
	});
});

describe('switching at run time', () => {
	it('applies from the next request on, to cursors already handed out too (via configure and the admin API)', async () => {
		const { emu, token, clock } = await startHarness();
		const start = await page<Item>(
			emu,
			PATH,
			{ start_time: iso(BASE_TIME), end_time: iso(BASE_TIME + HOUR) },
			token,
		);
		clock.advance(2 * HOUR);
		const [late] = emu.inject('itemusages', [{ timestamp: iso(BASE_TIME + 30 * MINUTE) }]);
		// By timestamp the late event is inside the window; by arrival (two hours on) it is not.
		const switched = await post(emu, '/admin/settings', { startTimeBounds: 'arrival' }, null);
		expect(switched.json).toMatchObject({ startTimeBounds: 'arrival' });
		expect((await page<Item>(emu, PATH, { cursor: start.cursor }, token)).items).toEqual([]);
		expect(emu.configure({ startTimeBounds: 'timestamp' }).startTimeBounds).toBe('timestamp');
		expect(uuidsOf((await page<Item>(emu, PATH, { cursor: start.cursor }, token)).items)).toEqual([
			late.uuid,
		]);
		expect(() => emu.configure({ startTimeBounds: 'received' as 'arrival' })).toThrow(
			/startTimeBounds/,
		);
	});
});
