import {
	BASE_TIME,
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

type Item = { uuid: string; timestamp: string; action?: string; user?: { email: string } };

describe('live generator', () => {
	it('appends perSecond events per type as the clock moves, stamped with their arrival time', async () => {
		const { emu, token, clock } = await startHarness({ live: { perSecond: 5 } });
		const start = await page(emu, '/api/v2/signinattempts', EVERYTHING, token);
		expect(start.items).toEqual([]);

		clock.advance(10_000);
		const { items } = await drain<Item>(
			emu,
			'/api/v2/signinattempts',
			{ cursor: start.cursor },
			token,
		);
		expect(items).toHaveLength(50);
		expect(Date.parse(items[0].timestamp)).toBe(BASE_TIME + 200);
		expect(Date.parse(items[49].timestamp)).toBe(BASE_TIME + 10_000);
		expect(emu.logSize('auditevents')).toBe(50);
		expect(emu.logSize('itemusages')).toBe(50);
	});

	it('makes about lateRatio of the item usages late, and only item usages', async () => {
		const { emu, token, clock } = await startHarness({ live: { perSecond: 100, lateRatio: 0.3 } });
		clock.advance(10_000);
		const window = { start_time: new Date(BASE_TIME - 2 * 24 * HOUR).toISOString(), limit: 1000 };
		const usages = await drain<Item>(emu, '/api/v2/itemusages', window, token);
		const late = usages.items.filter((item) => Date.parse(item.timestamp) < BASE_TIME);
		expect(usages.items).toHaveLength(1000);
		expect(late.length).toBeGreaterThan(240);
		expect(late.length).toBeLessThan(360);
		const attempts = await drain<Item>(emu, '/api/v2/signinattempts', window, token);
		expect(attempts.items.filter((item) => Date.parse(item.timestamp) < BASE_TIME)).toEqual([]);
	});

	it('is off unless asked for', async () => {
		const { emu, clock } = await startHarness({ backlog: 7 });
		clock.advance(HOUR);
		expect(emu.logSize('itemusages')).toBe(7);
	});
});

describe('injection', () => {
	it('appends a count of generated events now, or late', async () => {
		const { emu, token, clock } = await startHarness();
		const { cursor } = await page(emu, '/api/v2/itemusages', EVERYTHING, token);
		clock.advance(5000);
		const now = emu.inject('itemusages', { count: 3 });
		const late = emu.inject('itemusages', { count: 2, late: true });
		expect(now.map((item) => item.timestamp)).toEqual(
			Array(3).fill(new Date(clock.ms).toISOString()),
		);
		for (const item of late)
			expect(Date.parse(item.timestamp)).toBeLessThanOrEqual(clock.ms - HOUR / 2);

		const { items } = await drain<Item>(emu, '/api/v2/itemusages', { cursor }, token);
		expect(uuidsOf(items)).toEqual(uuidsOf([...now, ...late]));
		expect(items).toEqual([...now, ...late]);
	});

	it('takes explicit records whose fields override a generated one', async () => {
		const { emu, token } = await startHarness();
		const [record] = emu.inject('itemusages', [
			{
				action: 'export',
				user: {
					uuid: 'U',
					name: 'Eve',
					email: 'eve@example.com',
					user_type: 'user',
					user_account_uuid: 'A',
				},
			},
		]);
		expect(record).toMatchObject({
			action: 'export',
			user: { email: 'eve@example.com' },
			vault_uuid: expect.any(String),
		});
		const v1 = await page<Item>(emu, '/api/v1/itemusages', {}, token);
		expect(v1.items).toEqual(
			[
				{
					...record,
					account_uuid: undefined,
					user: { uuid: 'U', name: 'Eve', email: 'eve@example.com' },
				},
			].map((item) => JSON.parse(JSON.stringify(item))),
		);
	});

	it('refuses bad input without appending anything', async () => {
		const { emu } = await startHarness();
		expect(() =>
			emu.inject('itemusages', [{ action: 'fill' }, { timestamp: 'yesterday' }]),
		).toThrow(/timestamp/);
		expect(() => emu.inject('itemusages', { count: 0 })).toThrow(/count/);
		expect(emu.logSize('itemusages')).toBe(0);
	});

	it('is available on the admin API', async () => {
		const { emu, token } = await startHarness();
		const result = await post(emu, '/admin/events', { type: 'auditevents', count: 4 }, null);
		expect(result.status).toBe(200);
		expect(result.json).toMatchObject({ injected: 4, items: expect.any(Array) });
		const explicit = await post(
			emu,
			'/admin/events',
			{ type: 'auditevents', records: [{ action: 'suspend', object_type: 'user' }] },
			null,
		);
		expect(explicit.json).toMatchObject({
			injected: 1,
			items: [{ action: 'suspend', object_type: 'user' }],
		});
		expect((await page(emu, '/api/v2/auditevents', {}, token)).items).toHaveLength(5);
		expect((await post(emu, '/admin/events', { type: 'nope', count: 1 }, null)).status).toBe(400);
		expect(
			(await post(emu, '/admin/events', { type: 'auditevents', count: -1 }, null)).status,
		).toBe(400);
	});
});
