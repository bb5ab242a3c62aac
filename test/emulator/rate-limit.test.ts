import { HOUR, MINUTE, get, post, startHarness, stopAll } from './harness';

afterEach(stopAll);

describe('rate limits', () => {
	it('answer 429 over the per-minute limit, without Retry-After by default, in the endpoint shape', async () => {
		const { emu, token } = await startHarness({ rateLimit: { perMinute: 5 } });
		for (let i = 0; i < 5; i++)
			expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		const v2 = await post(emu, '/api/v2/itemusages', {}, token);
		expect(v2.status).toBe(429);
		expect(v2.json).toEqual({ status: 429, message: expect.any(String) });
		expect(v2.headers.get('retry-after')).toBeNull();
		const v1 = await post(emu, '/api/v1/signinattempts', {}, token);
		expect(v1.status).toBe(429);
		expect(v1.json).toEqual({ Error: { Message: expect.any(String) } });
	});

	it('send Retry-After (seconds until the window frees a slot) when enabled', async () => {
		const { emu, token, clock } = await startHarness({
			rateLimit: { perMinute: 5, retryAfter: true },
		});
		for (let i = 0; i < 5; i++)
			expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		clock.advance(20_000);
		const limited = await post(emu, '/api/v2/itemusages', {}, token);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('40');
	});

	it('use a sliding minute: the budget comes back as old requests slide out', async () => {
		const { emu, token, clock } = await startHarness({ rateLimit: { perMinute: 5 } });
		for (let i = 0; i < 5; i++) {
			expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
			clock.advance(10_000);
		}
		// Requests at t=0,10,20,30,40 s; now t=50 s.
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(429);
		clock.advance(10_000); // t=60 s: the request of t=0 has left the window
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(429);
	});

	it('enforce the hourly limit independently of the minute', async () => {
		const { emu, token, clock } = await startHarness({ rateLimit: { perMinute: 100, perHour: 8 } });
		for (let i = 0; i < 8; i++) {
			expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
			clock.advance(2 * MINUTE);
		}
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(429);
		clock.advance(HOUR - 16 * MINUTE);
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
	});

	it('count per token, event and introspect requests alike', async () => {
		const { emu, token } = await startHarness({ rateLimit: { perMinute: 3 } });
		const other = emu.issueToken();
		expect((await get(emu, '/api/v2/auth/introspect', token)).status).toBe(200);
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		expect((await get(emu, '/api/auth/introspect', token)).status).toBe(200);
		expect((await get(emu, '/api/v2/auth/introspect', token)).status).toBe(429);
		expect((await post(emu, '/api/v2/auditevents', {}, other)).status).toBe(200);
	});

	it('are counted in the stats, with the busiest 60 s per token and overall', async () => {
		const { emu, token, clock } = await startHarness({ rateLimit: { perMinute: 5 } });
		const other = emu.issueToken();
		for (let i = 0; i < 7; i++) await post(emu, '/api/v2/itemusages', {}, token);
		await post(emu, '/api/v2/itemusages', {}, other);
		clock.advance(2 * MINUTE);
		await post(emu, '/api/v2/itemusages', {}, token);
		await post(emu, '/api/v2/itemusages', {}, null);

		const stats = emu.stats();
		expect(stats.tooManyRequests).toEqual({ total: 2, rateLimited: 2, injected: 0 });
		expect(stats.requests.byPath['/api/v2/itemusages']).toEqual({
			total: 10,
			byStatus: { '200': 7, '401': 1, '429': 2 },
		});
		const ids = Object.keys(stats.peakRequestsPer60s.byToken);
		expect(ids).toHaveLength(2);
		expect(Object.values(stats.peakRequestsPer60s.byToken).sort()).toEqual([1, 7]);
		expect(stats.peakRequestsPer60s.overall).toBe(8);
	});

	it('can be switched off', async () => {
		const { emu, token } = await startHarness({ rateLimit: false });
		for (let i = 0; i < 20; i++)
			expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
	});

	it('default to 600 per minute', async () => {
		const { emu, token } = await startHarness({ rateLimit: {} });
		const statuses = await Promise.all(
			Array.from({ length: 601 }, () =>
				post(emu, '/api/v2/itemusages', { limit: 1 }, token).then((r) => r.status),
			),
		);
		expect(statuses.filter((status) => status === 200)).toHaveLength(600);
		expect(statuses.filter((status) => status === 429)).toHaveLength(1);
	});
});
