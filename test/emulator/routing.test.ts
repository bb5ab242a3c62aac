import { EVENT_TYPES } from '../../emulator';
import { EVERYTHING, get, post, startHarness, stopAll } from './harness';

afterEach(stopAll);

describe('routing', () => {
	it('binds to 127.0.0.1 by default and reports its URL and audience', async () => {
		const { emu } = await startHarness();
		expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
		expect(emu.port).toBeGreaterThan(0);
		expect(emu.audience).toBe(`127.0.0.1:${emu.port}`);
	});

	it.each(EVENT_TYPES.flatMap((type) => [1, 2].map((version) => `/api/v${version}/${type}`)))(
		'POST %s answers a page',
		async (path) => {
			const { emu, token } = await startHarness({ backlog: 3 });
			const result = await post(emu, path, EVERYTHING, token);
			expect(result.status).toBe(200);
			expect(result.headers.get('content-type')).toBe('application/json');
			const body = result.json as { items: unknown[]; cursor: unknown; has_more: unknown };
			expect(Object.keys(body).sort()).toEqual(['cursor', 'has_more', 'items']);
			expect(body.items).toHaveLength(3);
			expect(typeof body.cursor).toBe('string');
			expect(body.has_more).toBe(false);
		},
	);

	it('GET /api/v2/auth/introspect answers uuid, issued_at, features and account_uuid', async () => {
		const { emu, clock } = await startHarness();
		const token = emu.issueToken({ features: ['itemusages', 'auditevents'] });
		const result = await get(emu, '/api/v2/auth/introspect', token);
		expect(result.status).toBe(200);
		expect(result.json).toEqual({
			uuid: expect.stringMatching(/^[A-Z2-7]{26}$/),
			issued_at: new Date(clock.ms).toISOString().replace('.000Z', 'Z'),
			features: ['itemusages', 'auditevents'],
			account_uuid: emu.accountUuid,
		});
	});

	it('GET /api/auth/introspect (deprecated) answers UUID, IssuedAt and Features', async () => {
		const { emu, token } = await startHarness();
		const v2 = (await get(emu, '/api/v2/auth/introspect', token)).json as {
			uuid: string;
			issued_at: string;
		};
		const result = await get(emu, '/api/auth/introspect', token);
		expect(result.status).toBe(200);
		expect(result.json).toEqual({
			UUID: v2.uuid,
			IssuedAt: v2.issued_at,
			Features: ['itemusages', 'signinattempts', 'auditevents'],
		});
	});

	const notFound: Array<[string, string]> = [
		['GET', '/'],
		['GET', '/api/v2/nothing'],
		['POST', '/api/v3/itemusages'],
		['POST', '/api/v2/itemusages/'],
		['GET', '/api/v2/itemusages'],
		['PUT', '/api/v1/auditevents'],
		['POST', '/api/v2/auth/introspect'],
		['DELETE', '/api/auth/introspect'],
	];
	it.each(notFound)('%s %s is the plain Go-style 404', async (method, path) => {
		const { emu, token } = await startHarness();
		const response = await fetch(emu.url + path, {
			method,
			headers: { Authorization: `Bearer ${token}` },
			body: method === 'GET' ? undefined : '{}',
		});
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await response.text()).toBe('404 page not found\n');
	});

	it('answers 404 before looking at the token', async () => {
		const { emu } = await startHarness();
		const result = await post(emu, '/api/v2/unknown', {}, null);
		expect(result.status).toBe(404);
	});
});
