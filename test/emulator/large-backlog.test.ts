import { BASE_TIME, DAY, MINUTE, drain, page, startHarness, stopAll } from './harness';

afterEach(stopAll);

describe('a backlog of 1,000,000 events per type', () => {
	it('costs no memory and serves its last pages quickly, without draining it', async () => {
		global.gc?.();
		const heapBefore = process.memoryUsage().heapUsed;
		const started = Date.now();
		const { emu, token } = await startHarness({ backlog: 1_000_000, backlogSpanMs: 7 * DAY });
		expect(emu.logSize('itemusages')).toBe(1_000_000);
		expect(emu.logSize('auditevents')).toBe(1_000_000);

		// 7 days / 1,000,000 = one event every 604.8 ms: the last 30 minutes (ends inclusive) hold 2977.
		const lastHalfHour = {
			start_time: new Date(BASE_TIME - 30 * MINUTE).toISOString(),
			limit: 1000,
		};
		const tail = await drain<{ timestamp: string }>(emu, '/api/v2/itemusages', lastHalfHour, token);
		expect(tail.pages).toBe(3);
		expect(tail.items.length).toBe(2977);
		expect(Date.parse(tail.items[tail.items.length - 1].timestamp)).toBe(BASE_TIME);

		// The very first event is reachable too, without touching the 999,999 others.
		const head = await page<{ timestamp: string }>(
			emu,
			'/api/v2/auditevents',
			{ start_time: '2000-01-01T00:00:00Z', limit: 1 },
			token,
		);
		expect(Date.parse(head.items[0].timestamp)).toBe(BASE_TIME - 7 * DAY + 604);
		expect(head.has_more).toBe(true);

		expect(Date.now() - started).toBeLessThan(3000);
		// Storing 3 million records would take gigabytes; the lazy backlog takes next to nothing.
		expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
	});
});
