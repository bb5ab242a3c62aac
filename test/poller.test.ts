import { EVENT_TYPES } from '../nodes/OnePasswordEvents/shared/eventTypes';
import { drainEvents, restartTime } from '../nodes/OnePasswordEvents/shared/poller';
import type { DrainRequest } from '../nodes/OnePasswordEvents/shared/poller';
import { HttpFailure, page, records, stubContext } from './support/stubContext';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function request(overrides: Partial<DrainRequest> = {}): DrainRequest {
	return {
		spec: EVENT_TYPES.itemUsages,
		position: { startTime: '2026-11-26T11:00:00Z' },
		pageSize: 10,
		maxEvents: 1000,
		deadline: NOW + 30_000,
		output: 'raw',
		now: () => NOW,
		...overrides,
	};
}

describe('drainEvents paging', () => {
	it('sends a reset cursor first, then only the cursor, and follows has_more', async () => {
		const stub = stubContext();
		stub.answer(page(records('a', 10), 'c1', true), page(records('a', 10, 10), 'c2', true), page(records('a', 3, 20), 'c3', false));
		const outcome = await drainEvents(stub.context, request());
		expect(stub.requests.map((r) => r.body)).toEqual([
			{ limit: 10, start_time: '2026-11-26T11:00:00Z' },
			{ cursor: 'c1' },
			{ cursor: 'c2' },
		]);
		expect(stub.requests.every((r) => r.url === '/api/v2/itemusages' && r.method === 'POST')).toBe(true);
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(records('a', 23).map((r) => r.uuid));
		expect(outcome.position.cursor).toBe('c3');
		expect(outcome.position.pageSize).toBe(10);
		expect(outcome.position.startTime).toBeUndefined();
		expect(outcome.caughtUp).toBe(true);
	});

	it('treats an empty page with has_more as not the end', async () => {
		const stub = stubContext();
		stub.answer(page([], 'c1', true), page(records('b', 2), 'c2', false));
		const outcome = await drainEvents(stub.context, request({ position: { cursor: 'c0', pageSize: 10 } }));
		expect(stub.requests).toHaveLength(2);
		expect(outcome.items).toHaveLength(2);
		expect(outcome.position.cursor).toBe('c2');
	});

	it('makes exactly one request when idle (same cursor, no items, has_more false)', async () => {
		const stub = stubContext();
		stub.answer(page([], 'c0', false));
		const outcome = await drainEvents(stub.context, request({ position: { cursor: 'c0', pageSize: 10 } }));
		expect(stub.requests).toHaveLength(1);
		expect(outcome.items).toEqual([]);
		expect(outcome.position.cursor).toBe('c0');
		expect(outcome.caughtUp).toBe(true);
	});

	it('gives up on a run of empty has_more pages within one read, keeping the last cursor', async () => {
		const stub = stubContext();
		stub.answerAlways(() => page([], 'stuck', true));
		const outcome = await drainEvents(stub.context, request({ position: { cursor: 'c0', pageSize: 10 } }));
		expect(stub.requests).toHaveLength(5);
		expect(outcome.caughtUp).toBe(false);
		expect(outcome.position.cursor).toBe('stuck');
	});

	it('stops before a page could pass the cap and keeps the cursor of the last page taken', async () => {
		const stub = stubContext();
		stub.answer(page(records('c', 10), 'c1', true), page(records('c', 10, 10), 'c2', true));
		const outcome = await drainEvents(stub.context, request({ maxEvents: 25 }));
		expect(stub.requests).toHaveLength(2);
		expect(outcome.items).toHaveLength(20);
		expect(outcome.position.cursor).toBe('c2');
		expect(outcome.caughtUp).toBe(false);
	});

	it('starts no request after the deadline', async () => {
		let now = NOW;
		const stub = stubContext();
		stub.answer(() => {
			now += 40_000;
			return page(records('d', 10), 'c1', true);
		});
		const outcome = await drainEvents(stub.context, request({ now: () => now }));
		expect(stub.requests).toHaveLength(1);
		expect(outcome.position.cursor).toBe('c1');
	});

	it('uses the page size a stored cursor was made with', async () => {
		const stub = stubContext();
		stub.answer(page(records('e', 50), 'c1', true));
		const outcome = await drainEvents(stub.context, request({ position: { cursor: 'c0', pageSize: 50 }, maxEvents: 60 }));
		expect(stub.requests).toHaveLength(1);
		expect(outcome.position.pageSize).toBe(50);
	});
});

describe('drainEvents de-duplication and filters', () => {
	it('drops a redelivered page and remembers ids across reads', async () => {
		const stub = stubContext();
		const first = records('f', 5);
		stub.answer(page(first, 'c1', true), page(first, 'c2', true), page(records('f', 2, 5), 'c3', false));
		const outcome = await drainEvents(stub.context, request());
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(records('f', 7).map((r) => r.uuid));
		expect(outcome.duplicates).toBe(5);

		stub.answer(page(records('f', 3, 5), 'c4', false));
		const again = await drainEvents(stub.context, request({ position: outcome.position }));
		expect(again.items.map((item) => item.json.uuid)).toEqual(['f-7']);
	});

	it('advances past filtered-out events without emitting them', async () => {
		const stub = stubContext();
		stub.answer(page([...records('g', 3, 0, { action: 'fill' }), ...records('g', 2, 3, { action: 'export' })], 'c1', false));
		const outcome = await drainEvents(stub.context, request({ filter: (record) => record.action === 'export' }));
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(['g-3', 'g-4']);
		expect(outcome.filteredOut).toBe(3);
		expect(outcome.position.cursor).toBe('c1');
		expect(outcome.position.lastEventAt).toBe(records('g', 5)[4].timestamp);
	});

	it('emits simplified items when asked', async () => {
		const stub = stubContext();
		stub.answer(page(records('h', 1, 0, { user: { email: 'a@example.com' } }), 'c1', false));
		const outcome = await drainEvents(stub.context, request({ output: 'simplified' }));
		expect(outcome.items[0].json).toMatchObject({ uuid: 'h-0', eventType: 'itemUsage', userEmail: 'a@example.com', action: 'reveal' });
	});
});

describe('drainEvents failures', () => {
	it('keeps the pages taken before a lasting temporary failure and reports it', async () => {
		const stub = stubContext();
		stub.answer(page(records('i', 10), 'c1', true), new HttpFailure(503));
		// A deadline too close for a retry: the failure ends the read at once.
		const outcome = await drainEvents(stub.context, request({ deadline: NOW + 100 }));
		expect(outcome.items).toHaveLength(10);
		expect(outcome.position.cursor).toBe('c1');
		expect(outcome.stoppedBy?.kind).toBe('serverError');
	});

	it('throws a lasting failure such as 401', async () => {
		const stub = stubContext();
		stub.answer(new HttpFailure(401, { status: 401, message: 'Unauthorized' }));
		await expect(drainEvents(stub.context, request())).rejects.toMatchObject({ kind: 'unauthorized' });
	});

	it('restarts shortly before the last event when a stored cursor is refused', async () => {
		const stub = stubContext();
		stub.answer(new HttpFailure(400, { status: 400, message: 'invalid cursor' }), page(records('j', 2), 'n1', false));
		const outcome = await drainEvents(
			stub.context,
			request({ position: { cursor: 'old', pageSize: 10, lastEventAt: '2026-11-26T10:30:00Z' } }),
		);
		expect(stub.requests[1].body).toEqual({ limit: 10, start_time: '2026-11-26T09:30:00Z' });
		expect(outcome.restarted).toBe(true);
		expect(outcome.items).toHaveLength(2);
		expect(stub.warnings.join()).toMatch(/refused the stored cursor/);
	});

	it('does not loop when the restarted read is refused too', async () => {
		const stub = stubContext();
		stub.answer(new HttpFailure(400), new HttpFailure(400));
		await expect(drainEvents(stub.context, request({ position: { cursor: 'old', pageSize: 10 } }))).rejects.toMatchObject({
			kind: 'badRequest',
		});
		expect(stub.requests).toHaveLength(2);
	});

	it('restartTime never goes past the retention window or into the future', () => {
		expect(restartTime({ lastEventAt: '2020-01-01T00:00:00Z' }, NOW)).toBe('2026-07-30T12:00:00Z');
		expect(restartTime({}, NOW)).toBe('2026-11-26T11:00:00Z');
	});
});
