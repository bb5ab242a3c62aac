import { networkInterfaces } from 'node:os';
import { startEmulator } from '../../emulator';
import { EVERYTHING, get, page, post, startHarness, stopAll } from './harness';

afterEach(stopAll);

async function admin(
	url: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(url + path, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('admin API', () => {
	it('POST /admin/tokens issues tokens that work', async () => {
		const { emu, clock } = await startHarness({ backlog: 2 });
		const issued = await admin(emu.url, 'POST', '/admin/tokens', {
			features: ['auditevents'],
			expires_in: '30d',
		});
		expect(issued.status).toBe(200);
		expect(issued.json).toEqual({
			token: expect.stringMatching(/^eyJ/),
			uuid: expect.stringMatching(/^[A-Z2-7]{26}$/),
			features: ['auditevents'],
			audience: [emu.audience],
			issued_at: new Date(clock.ms).toISOString().replace('.000Z', 'Z'),
			expires_at: new Date(clock.ms + 30 * 86_400_000).toISOString().replace('.000Z', 'Z'),
		});
		const token = issued.json.token as string;
		expect((await page(emu, '/api/v2/auditevents', EVERYTHING, token)).items).toHaveLength(2);
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(401);

		const defaults = await admin(emu.url, 'POST', '/admin/tokens');
		expect(defaults.json).toMatchObject({
			features: ['itemusages', 'signinattempts', 'auditevents'],
			expires_at: null,
		});
		expect((await admin(emu.url, 'POST', '/admin/tokens', { expires_in: 'soon' })).status).toBe(
			400,
		);
	});

	it('POST /admin/revoke revokes by token or by jti', async () => {
		const { emu } = await startHarness();
		const first = emu.issueToken();
		const second = emu.issueToken();
		expect((await admin(emu.url, 'POST', '/admin/revoke', { token: first })).status).toBe(200);
		const secondId = ((await get(emu, '/api/v2/auth/introspect', second)).json as { uuid: string })
			.uuid;
		expect((await admin(emu.url, 'POST', '/admin/revoke', { jti: secondId })).json).toEqual({
			revoked: secondId,
		});
		expect((await post(emu, '/api/v2/itemusages', {}, first)).status).toBe(401);
		expect((await post(emu, '/api/v2/itemusages', {}, second)).status).toBe(401);
		expect((await admin(emu.url, 'POST', '/admin/revoke', {})).status).toBe(400);
	});

	it('POST/GET/DELETE /admin/faults manage the queue and the profile', async () => {
		const { emu, token } = await startHarness();
		expect(
			(
				await admin(emu.url, 'POST', '/admin/faults', {
					queue: ['503', { kind: 'latency', latencyMs: 1 }],
				})
			).json,
		).toEqual({
			queue: [{ kind: '503' }, { kind: 'latency', latencyMs: 1 }],
			profile: null,
		});
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(503);
		expect(
			(await admin(emu.url, 'POST', '/admin/faults', { profile: 'rate-limited' })).json,
		).toMatchObject({
			profile: { kinds: ['429', '429-retry-after'] },
		});
		expect((await admin(emu.url, 'GET', '/admin/faults')).json).toMatchObject({
			queue: [{ kind: 'latency' }],
			profile: { probability: 0.3 },
		});
		expect((await admin(emu.url, 'DELETE', '/admin/faults')).json).toEqual({
			queue: [],
			profile: null,
		});
		expect(
			(await admin(emu.url, 'POST', '/admin/faults', { profile: 'no-such-profile' })).status,
		).toBe(400);
		expect((await admin(emu.url, 'POST', '/admin/faults', { queue: ['teapot'] })).status).toBe(400);
		expect((await admin(emu.url, 'POST', '/admin/faults', {})).status).toBe(400);
	});

	it('GET /admin/stats reports requests, statuses and events served; POST /admin/reset-stats zeroes them', async () => {
		const { emu, token } = await startHarness({ backlog: 7 });
		await page(emu, '/api/v2/itemusages', EVERYTHING, token);
		await page(emu, '/api/v1/auditevents', EVERYTHING, token);
		const tokenId = ((await get(emu, '/api/v2/auth/introspect', token)).json as { uuid: string })
			.uuid;
		await post(emu, '/api/v2/itemusages', { limit: 5000 }, token);
		await get(emu, '/nowhere');
		await admin(emu.url, 'GET', '/admin/stats'); // admin calls are not counted

		const stats = (await admin(emu.url, 'GET', '/admin/stats')).json;
		expect(stats).toEqual({
			requests: {
				total: 5,
				byPath: {
					'/api/v2/itemusages': { total: 2, byStatus: { '200': 1, '400': 1 } },
					'/api/v1/auditevents': { total: 1, byStatus: { '200': 1 } },
					'/api/v2/auth/introspect': { total: 1, byStatus: { '200': 1 } },
					'(unmatched)': { total: 1, byStatus: { '404': 1 } },
				},
				byStatus: { '200': 3, '400': 1, '404': 1 },
			},
			tooManyRequests: { total: 0, rateLimited: 0, injected: 0 },
			faultsInjected: {},
			eventsServed: { total: 14, itemusages: 7, signinattempts: 0, auditevents: 7 },
			eventsInPages: { total: 14, itemusages: 7, signinattempts: 0, auditevents: 7 },
			eventsRedelivered: { total: 0, itemusages: 0, signinattempts: 0, auditevents: 0 },
			junkEntriesServed: { total: 0, itemusages: 0, signinattempts: 0, auditevents: 0 },
			// The 404 is counted, but not in the peaks: those describe traffic to real endpoints.
			peakRequestsPer60s: { overall: 4, byToken: { [tokenId]: 4 } },
			// Event endpoints only (introspect is not an event request), whatever the answer.
			eventRequests: { total: 3, peakPer60s: 3, byMinute: { '2026-11-26T12:00Z': 3 } },
		});
		expect(emu.stats()).toEqual(stats);

		const reset = (await admin(emu.url, 'POST', '/admin/reset-stats')).json;
		expect(reset).toMatchObject({
			requests: { total: 0, byPath: {} },
			eventsServed: { total: 0 },
			peakRequestsPer60s: { overall: 0, byToken: {} },
			eventRequests: { total: 0, peakPer60s: 0, byMinute: {} },
		});
		expect(emu.peakEventRequestsPer60s()).toBe(0);
	});

	it('GET/POST /admin/settings read and change the run-time settings; a bad update changes nothing', async () => {
		const { emu } = await startHarness({ sparseRecords: true });
		const defaults = {
			startTimeBounds: 'timestamp',
			cursorLifetimeMs: null,
			timestampStyle: 'utc',
			sparseRecords: true,
			garbledTokenStatus: 404,
		};
		expect((await admin(emu.url, 'GET', '/admin/settings')).json).toEqual(defaults);
		const changed = await admin(emu.url, 'POST', '/admin/settings', {
			startTimeBounds: 'arrival',
			cursorLifetimeMs: 600_000,
			timestampStyle: 'mixed',
			garbledTokenStatus: 401,
		});
		const expected = {
			...defaults,
			startTimeBounds: 'arrival',
			cursorLifetimeMs: 600_000,
			timestampStyle: 'mixed',
			garbledTokenStatus: 401,
		};
		expect([changed.status, changed.json]).toEqual([200, expected]);
		expect(emu.settings()).toEqual(expected);
		for (const bad of [
			{ startTimeBounds: 'received' },
			{ cursorLifetimeMs: -5 },
			{ timestampStyle: 'local' },
			{ sparseRecords: 'yes' },
			{ garbledTokenStatus: 500 },
			{ timestampStyle: 'utc', colour: 'blue' },
		]) {
			const refused = await admin(emu.url, 'POST', '/admin/settings', bad);
			expect([refused.status, refused.json]).toEqual([400, { error: expect.any(String) }]);
		}
		expect((await admin(emu.url, 'GET', '/admin/settings')).json).toEqual(expected);
		expect(
			(await admin(emu.url, 'POST', '/admin/settings', { cursorLifetimeMs: null })).json,
		).toMatchObject({ cursorLifetimeMs: null });
	});

	it('GET /admin/process reports memory; unknown admin paths are 404', async () => {
		const { emu } = await startHarness();
		expect((await admin(emu.url, 'GET', '/admin/process')).json).toMatchObject({
			rss: expect.any(Number),
			heapUsed: expect.any(Number),
		});
		expect((await fetch(`${emu.url}/admin/nothing`)).status).toBe(404);
	});

	const externalAddress = Object.values(networkInterfaces())
		.flat()
		.find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

	(externalAddress ? it : it.skip)('refuses admin calls from a non-loopback address', async () => {
		const emu = await startEmulator({ port: 0, host: '0.0.0.0', backlog: 0 });
		try {
			const remoteUrl = `http://${externalAddress}:${emu.port}`;
			expect((await fetch(`${remoteUrl}/admin/stats`)).status).toBe(403);
			expect((await fetch(`http://127.0.0.1:${emu.port}/admin/stats`)).status).toBe(200);
		} finally {
			await emu.stop();
		}
	});
});
