import { parseRfc3339 } from '../../emulator/time';
import {
	BASE_TIME,
	HOUR,
	MINUTE,
	DAY,
	post,
	startHarness,
	stopAll,
	page,
	drain,
	EVERYTHING,
} from './harness';

afterEach(stopAll);

function messageOf(json: unknown): string {
	return (json as { message: string }).message;
}

describe('request body', () => {
	it('refuses a cursor together with reset-cursor fields (400, both shapes)', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		const { cursor } = await page(emu, '/api/v2/itemusages', EVERYTHING, token);
		for (const extra of [
			{ limit: 10 },
			{ start_time: '2026-11-26T10:00:00Z' },
			{ end_time: '2026-11-26T10:00:00Z' },
		]) {
			const v2 = await post(emu, '/api/v2/itemusages', { cursor, ...extra }, token);
			expect(v2.status).toBe(400);
			expect(v2.json).toEqual({ status: 400, message: expect.stringMatching(/cursor/) });
			const v1 = await post(emu, '/api/v1/itemusages', { cursor, ...extra }, token);
			expect(v1.status).toBe(400);
			expect(v1.json).toEqual({ Error: { Message: expect.stringMatching(/cursor/) } });
		}
	});

	it.each([['not json'], ['{"limit":'], ['[]'], ['"text"'], ['42'], ['null']])(
		'refuses the body %s with 400',
		async (body) => {
			const { emu, token } = await startHarness();
			const result = await post(emu, '/api/v2/itemusages', body, token);
			expect(result.status).toBe(400);
			expect(messageOf(result.json)).toMatch(/request body/);
		},
	);

	it('reads an empty body as an empty reset cursor', async () => {
		const { emu, token } = await startHarness();
		expect((await post(emu, '/api/v2/itemusages', '', token)).status).toBe(200);
	});

	it.each([[0], [1001], [-5], [1.5], ['10'], [true]])(
		'refuses limit %p with 400',
		async (limit) => {
			const { emu, token } = await startHarness();
			const result = await post(emu, '/api/v2/itemusages', { limit }, token);
			expect(result.status).toBe(400);
			expect(messageOf(result.json)).toMatch(/limit/);
		},
	);

	it('accepts limits 1 and 1000 and defaults to 100', async () => {
		const { emu, token } = await startHarness({ backlog: 1500 });
		const start = { start_time: '2000-01-01T00:00:00Z' };
		expect(
			(await page(emu, '/api/v2/itemusages', { ...start, limit: 1 }, token)).items,
		).toHaveLength(1);
		expect(
			(await page(emu, '/api/v2/itemusages', { ...start, limit: 1000 }, token)).items,
		).toHaveLength(1000);
		const defaulted = await page(emu, '/api/v2/itemusages', start, token);
		expect(defaulted.items).toHaveLength(100);
		expect(defaulted.has_more).toBe(true);
		// The limit travels in the cursor: the next page is 100 again.
		expect(
			(await page(emu, '/api/v2/itemusages', { cursor: defaulted.cursor }, token)).items,
		).toHaveLength(100);
	});

	it.each([
		['start_time', 'yesterday'],
		['start_time', '2026-13-01T00:00:00Z'],
		['start_time', '2026-02-30T00:00:00Z'],
		['start_time', '2026-11-26 10:00:00'],
		['start_time', '2026-11-26T10:00:00'],
		['end_time', '2026-11-26T25:00:00Z'],
		['end_time', 1764150000],
	])('refuses %s %p with 400', async (field, value) => {
		const { emu, token } = await startHarness();
		const result = await post(emu, '/api/v2/itemusages', { [field]: value }, token);
		expect(result.status).toBe(400);
		expect(messageOf(result.json)).toContain(field);
	});

	it('refuses an end_time before the start_time', async () => {
		const { emu, token } = await startHarness();
		const result = await post(
			emu,
			'/api/v2/itemusages',
			{ start_time: '2026-11-26T10:00:00Z', end_time: '2026-11-26T09:00:00Z' },
			token,
		);
		expect(result.status).toBe(400);
	});

	it('accepts RFC 3339 offsets and fractions', async () => {
		const { emu, token } = await startHarness();
		for (const start_time of [
			'2026-11-26T07:00:00-03:00',
			'2026-11-26T10:00:00.123456789Z',
			'2026-11-26t10:00:00z',
		]) {
			expect((await post(emu, '/api/v2/itemusages', { start_time }, token)).status).toBe(200);
		}
		expect(parseRfc3339('2026-11-26T07:00:00-03:00')).toBe(Date.parse('2026-11-26T10:00:00Z'));
		expect(parseRfc3339('2026-11-26T10:00:00.123456789Z')).toBe(
			Date.parse('2026-11-26T10:00:00.123Z'),
		);
		expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
		expect(parseRfc3339('2025-02-29T00:00:00Z')).toBeNull();
	});
});

describe('time window', () => {
	// One backlog event per minute over the last 7 days, the last one at BASE_TIME.
	const perMinute = { backlog: { itemusages: 7 * 24 * 60 }, backlogSpanMs: 7 * DAY };

	it('without start_time covers the last hour before now', async () => {
		const { emu, token, clock } = await startHarness(perMinute);
		clock.advance(10 * MINUTE);
		const { items } = await drain<{ timestamp: string }>(
			emu,
			'/api/v2/itemusages',
			{ limit: 1000 },
			token,
		);
		// Events at BASE-50min .. BASE (one per minute) are within [now - 1h, now].
		expect(items).toHaveLength(51);
		expect(Date.parse(items[0].timestamp)).toBe(BASE_TIME - 50 * MINUTE);
		expect(Date.parse(items[items.length - 1].timestamp)).toBe(BASE_TIME);
	});

	it('without start_time but with end_time covers the hour before end_time, both ends inclusive', async () => {
		const { emu, token } = await startHarness(perMinute);
		const end = BASE_TIME - 5 * HOUR;
		const { items } = await drain<{ timestamp: string }>(
			emu,
			'/api/v2/itemusages',
			{ end_time: new Date(end).toISOString() },
			token,
		);
		expect(items.map((item) => Date.parse(item.timestamp))).toEqual(
			Array.from({ length: 61 }, (_, i) => end - HOUR + i * MINUTE),
		);
	});
});
