import type { Emulator, FaultKind } from '../../emulator';
import { FAULT_KINDS } from '../../emulator';
import { EVERYTHING, drain, get, page, post, startHarness, stopAll, uuidsOf } from './harness';
import { resilientDrain, type Item } from './resilient-client';

afterEach(stopAll);

const PATH = '/api/v2/itemusages';

/** Two pages in: returns the cursors and items, so a fault can be tried on a cursor request. */
async function twoPages(emu: Emulator, token: string) {
	const first = await page<Item>(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
	const second = await page<Item>(emu, PATH, { cursor: first.cursor }, token);
	return { first, second };
}

describe('fault kinds, one at a time', () => {
	it('429: no Retry-After, endpoint error shape', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		emu.enqueueFaults(['429', '429']);
		const v2 = await post(emu, PATH, {}, token);
		expect([v2.status, v2.json, v2.headers.get('retry-after')]).toEqual([
			429,
			{ status: 429, message: expect.any(String) },
			null,
		]);
		const v1 = await post(emu, '/api/v1/itemusages', {}, token);
		expect([v1.status, v1.json]).toEqual([429, { Error: { Message: expect.any(String) } }]);
		expect(emu.stats().tooManyRequests).toEqual({ total: 2, rateLimited: 0, injected: 2 });
	});

	it('429-retry-after: with Retry-After seconds', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		emu.enqueueFaults([{ kind: '429-retry-after', retryAfterSeconds: 7 }, '429-retry-after']);
		const first = await post(emu, PATH, {}, token);
		expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
		expect((await post(emu, PATH, {}, token)).headers.get('retry-after')).toBe('1');
	});

	it('500: endpoint error shape', async () => {
		const { emu, token } = await startHarness();
		emu.enqueueFaults(['500', '500']);
		expect((await post(emu, PATH, {}, token)).json).toEqual({
			status: 500,
			message: expect.any(String),
		});
		const v1 = await post(emu, '/api/v1/auditevents', {}, token);
		expect([v1.status, v1.json]).toEqual([500, { Error: { Message: expect.any(String) } }]);
	});

	it('502 and 503: proxy bodies that are not JSON', async () => {
		const { emu, token } = await startHarness();
		emu.enqueueFaults(['502', '503']);
		const badGateway = await post(emu, PATH, {}, token);
		expect([badGateway.status, badGateway.headers.get('content-type'), badGateway.json]).toEqual([
			502,
			'text/html',
			undefined,
		]);
		expect(badGateway.text).toContain('502 Bad Gateway');
		const unavailable = await post(emu, PATH, {}, token);
		expect([unavailable.status, unavailable.headers.get('content-type'), unavailable.json]).toEqual(
			[503, 'text/plain', undefined],
		);
	});

	it('latency: answers normally after the delay', async () => {
		const { emu, token } = await startHarness({ backlog: 3 });
		emu.enqueueFaults([{ kind: 'latency', latencyMs: 150 }]);
		const started = Date.now();
		const slow = await page(emu, PATH, EVERYTHING, token);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(slow.items).toHaveLength(3);
	});

	it('reset: the connection is dropped without an answer', async () => {
		const { emu, token } = await startHarness({ backlog: 3 });
		emu.enqueueFaults(['reset']);
		await expect(post(emu, PATH, EVERYTHING, token)).rejects.toThrow();
		expect((await page(emu, PATH, EVERYTHING, token)).items).toHaveLength(3);
		expect(emu.stats().requests.byStatus).toEqual({ 'no-response': 1, '200': 1 });
	});

	it('truncated-json: a 200 whose body is cut off', async () => {
		const { emu, token } = await startHarness({ backlog: 3 });
		const whole = await post(emu, PATH, EVERYTHING, token);
		emu.enqueueFaults(['truncated-json']);
		const cut = await post(emu, PATH, EVERYTHING, token);
		expect(cut.status).toBe(200);
		expect(cut.json).toBeUndefined();
		expect(cut.text.length).toBeGreaterThan(10);
		expect(whole.text.startsWith(cut.text)).toBe(true);
	});

	it('empty-has-more: no items, has_more true, the cursor does not move', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		const { first, second } = await twoPages(emu, token);
		emu.enqueueFaults(['empty-has-more']);
		expect(await page(emu, PATH, { cursor: first.cursor }, token)).toEqual({
			items: [],
			cursor: first.cursor,
			has_more: true,
		});
		expect(await page(emu, PATH, { cursor: first.cursor }, token)).toEqual(second);

		emu.enqueueFaults(['empty-has-more']);
		const fromReset = await page(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
		expect([fromReset.items, fromReset.has_more]).toEqual([[], true]);
		expect(await page(emu, PATH, { cursor: fromReset.cursor }, token)).toEqual(first);
	});

	it('redeliver: the previous page again with the same cursor, then normal progress', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		const { second } = await twoPages(emu, token);
		emu.enqueueFaults(['redeliver']);
		const again = await page<Item>(emu, PATH, { cursor: second.cursor }, token);
		expect(again).toEqual({ items: second.items, cursor: second.cursor, has_more: true });
		const third = await page<Item>(emu, PATH, { cursor: second.cursor }, token);
		expect(third.items).toHaveLength(10);
		expect(uuidsOf(third.items).some((uuid) => uuidsOf(second.items).includes(uuid))).toBe(false);
	});

	it('redeliver waits for a cursor request (a reset request has no previous page)', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		emu.enqueueFaults(['redeliver']);
		const first = await page<Item>(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
		expect(first.items).toHaveLength(10);
		expect(await page(emu, PATH, { cursor: first.cursor }, token)).toEqual(first);
	});
});

describe('fault injection', () => {
	it('applies to event endpoints only, after authentication', async () => {
		const { emu, token } = await startHarness();
		emu.enqueueFaults(['500']);
		expect((await get(emu, '/api/v2/auth/introspect', token)).status).toBe(200);
		expect((await post(emu, PATH, {}, null)).status).toBe(401);
		expect((await post(emu, PATH, { limit: 0 }, token)).status).toBe(400);
		expect((await post(emu, PATH, {}, token)).status).toBe(500);
		expect((await post(emu, PATH, {}, token)).status).toBe(200);
	});

	it('loses nothing: a client retrying from its last good cursor gets every event through every kind of fault', async () => {
		const { emu, token } = await startHarness({ backlog: 95 });
		const expected = uuidsOf(
			(await drain<Item>(emu, PATH, { ...EVERYTHING, limit: 10 }, token)).items,
		);
		emu.enqueueFaults(
			FAULT_KINDS.map((kind) =>
				kind === 'latency'
					? { kind, latencyMs: 5 }
					: kind === 'stall-body'
						? { kind, stallMs: 5 }
						: { kind },
			),
		);
		emu.resetStats();
		const { received } = await resilientDrain(emu, token, { ...EVERYTHING, limit: 10 });
		expect([...new Set(uuidsOf(received))].sort()).toEqual([...expected].sort());
		expect(uuidsOf(received).length - new Set(uuidsOf(received)).size).toBe(10); // one page redelivered
		const stats = emu.stats();
		expect(stats.faultsInjected).toEqual(Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 1])));
		// Served = produced + redelivered; cut-off and stalled pages count nothing; junk is not events.
		expect([
			stats.eventsInPages.itemusages,
			stats.eventsRedelivered.itemusages,
			stats.eventsServed.total,
		]).toEqual([95, 10, 105]);
		expect(stats.junkEntriesServed).toEqual({
			total: 4,
			itemusages: 4,
			signinattempts: 0,
			auditevents: 0,
		});
	});

	it('loses nothing under a random profile either, and replays the same way from the same seed', async () => {
		const run = async () => {
			const { emu, token } = await startHarness({ backlog: 400 });
			const expected = uuidsOf(
				(await drain<Item>(emu, PATH, { ...EVERYTHING, limit: 20 }, token)).items,
			);
			emu.setFaultProfile({ probability: 0.5, seed: 'replay', latencyMs: 2, stallMs: 2 });
			const { received, failures } = await resilientDrain(emu, token, { ...EVERYTHING, limit: 20 });
			expect(new Set(uuidsOf(received))).toEqual(new Set(expected));
			return { received: uuidsOf(received), failures, faults: emu.stats().faultsInjected };
		};
		const first = await run();
		expect(first.failures).toBeGreaterThan(5);
		expect(Object.keys(first.faults).length).toBeGreaterThanOrEqual(6);
		expect(await run()).toEqual(first);
	});

	it('can be cleared and refuses nonsense', async () => {
		const { emu, token } = await startHarness();
		emu.enqueueFaults(['500']);
		emu.setFaultProfile({ probability: 1, kinds: ['503'] });
		expect(emu.describeFaults()).toEqual({
			queue: [{ kind: '500' }],
			profile: { probability: 1, kinds: ['503'] },
		});
		emu.clearFaults();
		expect(emu.describeFaults()).toEqual({ queue: [], profile: null });
		expect((await post(emu, PATH, {}, token)).status).toBe(200);
		expect(() => emu.enqueueFaults(['418' as FaultKind])).toThrow(/Unknown fault/);
		expect(() => emu.setFaultProfile({ probability: 2 })).toThrow(/probability/);
		expect(() => emu.setFaultProfile({ probability: 0.5, kinds: ['nope' as FaultKind] })).toThrow(
			/nope/,
		);
	});

	it('a pending long latency does not keep stop() waiting', async () => {
		const { emu, token } = await startHarness();
		emu.enqueueFaults([{ kind: 'latency', latencyMs: 60_000 }]);
		const pending = post(emu, PATH, {}, token).then(
			() => 'answered',
			() => 'connection closed',
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = Date.now();
		await emu.stop();
		expect(await pending).toBe('connection closed');
		expect(Date.now() - started).toBeLessThan(1000);
	});
});
