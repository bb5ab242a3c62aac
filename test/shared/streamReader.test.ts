import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { drainEvents } from '../../nodes/OnePasswordEvents/shared/streamReader';
import type { DrainRequest } from '../../nodes/OnePasswordEvents/shared/streamReader';
import { HttpFailure, page, records, stubContext } from '../harness/stubContext';

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
		stub.answer(
			page(records('a', 10), 'c1', true),
			page(records('a', 10, 10), 'c2', true),
			page(records('a', 3, 20), 'c3', false),
		);
		const outcome = await drainEvents(stub.context, request());
		expect(stub.requests.map((r) => r.body)).toEqual([
			{ limit: 10, start_time: '2026-11-26T11:00:00Z' },
			{ cursor: 'c1' },
			{ cursor: 'c2' },
		]);
		expect(stub.requests.every((r) => r.url === '/api/v2/itemusages' && r.method === 'POST')).toBe(
			true,
		);
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(
			records('a', 23).map((r) => r.uuid),
		);
		expect(outcome.position.cursor).toBe('c3');
		expect(outcome.position.pageSize).toBe(10);
		expect(outcome.position.startTime).toBeUndefined();
		expect(outcome.caughtUp).toBe(true);
	});

	it('treats an empty page with has_more as not the end', async () => {
		const stub = stubContext();
		stub.answer(page([], 'c1', true), page(records('b', 2), 'c2', false));
		const outcome = await drainEvents(
			stub.context,
			request({ position: { cursor: 'c0', pageSize: 10 } }),
		);
		expect(stub.requests).toHaveLength(2);
		expect(outcome.items).toHaveLength(2);
		expect(outcome.position.cursor).toBe('c2');
	});

	it('makes exactly one request when idle (same cursor, no items, has_more false)', async () => {
		const stub = stubContext();
		stub.answer(page([], 'c0', false));
		const outcome = await drainEvents(
			stub.context,
			request({ position: { cursor: 'c0', pageSize: 10 } }),
		);
		expect(stub.requests).toHaveLength(1);
		expect(outcome.items).toEqual([]);
		expect(outcome.position.cursor).toBe('c0');
		expect(outcome.caughtUp).toBe(true);
	});

	it('gives up on a run of empty has_more pages within one read, keeping the last cursor', async () => {
		const stub = stubContext();
		stub.answerAlways(() => page([], 'stuck', true));
		const outcome = await drainEvents(
			stub.context,
			request({ position: { cursor: 'c0', pageSize: 10 } }),
		);
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
		const outcome = await drainEvents(
			stub.context,
			request({ position: { cursor: 'c0', pageSize: 50 }, maxEvents: 60 }),
		);
		expect(stub.requests).toHaveLength(1);
		expect(outcome.position.pageSize).toBe(50);
	});
});

describe('drainEvents de-duplication and filters', () => {
	it('drops a redelivered page and remembers ids across reads', async () => {
		const stub = stubContext();
		const first = records('f', 5);
		stub.answer(
			page(first, 'c1', true),
			page(first, 'c2', true),
			page(records('f', 2, 5), 'c3', false),
		);
		const outcome = await drainEvents(stub.context, request());
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(records('f', 7).map((r) => r.uuid));
		expect(outcome.duplicates).toBe(5);

		stub.answer(page(records('f', 3, 5), 'c4', false));
		const again = await drainEvents(stub.context, request({ position: outcome.position }));
		expect(again.items.map((item) => item.json.uuid)).toEqual(['f-7']);
	});

	it('advances past filtered-out events without emitting them', async () => {
		const stub = stubContext();
		stub.answer(
			page(
				[...records('g', 3, 0, { action: 'fill' }), ...records('g', 2, 3, { action: 'export' })],
				'c1',
				false,
			),
		);
		const outcome = await drainEvents(
			stub.context,
			request({ filter: (record) => record.action === 'export' }),
		);
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(['g-3', 'g-4']);
		expect(outcome.filteredOut).toBe(3);
		expect(outcome.position.cursor).toBe('c1');
		// Filtered-out events are remembered too: a page served again cannot bring them back.
		expect(outcome.position.seen?.[0][1]).toHaveLength(5 * 11);
	});

	it('emits simplified items when asked', async () => {
		const stub = stubContext();
		stub.answer(page(records('h', 1, 0, { user: { email: 'a@example.com' } }), 'c1', false));
		const outcome = await drainEvents(stub.context, request({ output: 'simplified' }));
		expect(outcome.items[0].json).toMatchObject({
			uuid: 'h-0',
			eventType: 'itemUsage',
			userEmail: 'a@example.com',
			action: 'reveal',
		});
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
		await expect(drainEvents(stub.context, request())).rejects.toMatchObject({
			kind: 'unauthorized',
		});
	});

	it('re-reads from the horizon after a refused cursor, emits nothing it took before, and says what may be missing', async () => {
		const stub = stubContext();
		const inStream = (count: number) =>
			records('j', count).map((record, index) => ({
				...record,
				timestamp: `2026-11-26T11:1${index}:00Z`,
			}));
		// First read: 5 events, the memory keeps them; the horizon stays at the stream start.
		stub.answer(page(inStream(5), 'c1', false));
		const first = await drainEvents(stub.context, request());
		expect(first.position.horizon).toBe('2026-11-26T11:00:00.000Z');
		expect(first.position.readAt).toBe('2026-11-26T12:00:00Z');

		// The cursor is refused; the re-read serves the same 5 again plus 2 new ones.
		stub.answer(
			new HttpFailure(400, { status: 400, message: 'invalid cursor' }),
			page(inStream(7), 'n1', false),
		);
		const second = await drainEvents(stub.context, request({ position: first.position }));
		expect(stub.requests.at(-1)?.body).toEqual({ limit: 10, start_time: '2026-11-26T11:00:00Z' });
		expect(second.items.map((item) => item.json.uuid)).toEqual(['j-5', 'j-6']);
		expect(second.duplicates).toBe(5);
		expect(second.restart).toEqual({
			from: '2026-11-26T11:00:00Z',
			before: '2026-11-26T11:00:00.000Z',
			after: '2026-11-26T11:55:00Z',
		});
		// Caught up: the restart no longer holds events back, and waits in the position to be reported.
		expect(second.position.recovering).toBeUndefined();
		expect(second.position.restart).toEqual(second.restart);
		expect(stub.warnings.join()).toMatch(/refused the saved cursor for item usages/);
	});

	it('holds back events at or before the horizon while the re-read catches up, but not after', async () => {
		const stub = stubContext();
		const old = records('k', 3, 0, { timestamp: '2026-11-26T09:00:00Z' });
		const fresh = records('k', 2, 3, { timestamp: '2026-11-26T11:30:00Z' });
		const position = {
			cursor: 'old',
			pageSize: 10,
			horizon: '2026-11-26T10:00:00Z',
			readAt: '2026-11-26T11:40:00Z',
		};
		stub.answer(
			new HttpFailure(400),
			page([...old, ...fresh], 'n1', true),
			page(records('k', 1, 5, { timestamp: '2026-11-26T08:00:00Z' }), 'n2', false),
		);
		const outcome = await drainEvents(stub.context, request({ position }));
		// min(horizon, last read - 5 min) is the horizon.
		expect(stub.requests[1].body).toEqual({ limit: 10, start_time: '2026-11-26T10:00:00Z' });
		// Page 1 (still catching up): the old ones are held back; page 2 (caught up) is new, whatever its time.
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(['k-3', 'k-4']);
		expect(outcome.heldBack).toBe(4);
		expect(outcome.restart?.before).toBe('2026-11-26T10:00:00.000Z');
		expect(outcome.restart?.after).toBe('2026-11-26T11:35:00Z');
	});

	it('never restarts a read of a fixed range (the action node): it fails and reads nothing before the range', async () => {
		const stub = stubContext();
		stub.answer(
			page(records('m', 10), 'c1', true),
			new HttpFailure(400, { status: 400, message: 'invalid cursor' }),
		);
		await expect(
			drainEvents(stub.context, request({ endTime: '2026-11-26T12:00:00Z' })),
		).rejects.toThrow(/stopped accepting the paging cursor/);
		expect(stub.requests).toHaveLength(2);
		expect(stub.requests.map((r) => (r.body as IDataObject).start_time ?? null)).toEqual([
			'2026-11-26T11:00:00Z',
			null,
		]);
	});

	it("says so, in the trigger's words, when the cursor of the re-read is refused too", async () => {
		const stub = stubContext();
		stub.answer(new HttpFailure(400), page(records('q', 2), 'n1', true), new HttpFailure(400));
		await expect(
			drainEvents(
				stub.context,
				request({ position: { cursor: 'old', pageSize: 10, horizon: '2026-11-26T11:00:00Z' } }),
			),
		).rejects.toThrow(
			/refused the cursor for item usages again, right after reading them again from 2026-11-26T09:55:00Z/,
		);
	});

	it('does not loop when the restarted read is refused too', async () => {
		const stub = stubContext();
		stub.answer(new HttpFailure(400), new HttpFailure(400));
		await expect(
			drainEvents(stub.context, request({ position: { cursor: 'old', pageSize: 10 } })),
		).rejects.toMatchObject({
			kind: 'badRequest',
		});
		expect(stub.requests).toHaveLength(2);
	});

	it('treats an answer that breaks off after its 200 status line as a passing network problem, never a refused cursor', async () => {
		const stub = stubContext();
		const cutOff = Object.assign(new Error('stream has been aborted'), {
			httpCode: '200',
			cause: { code: 'ERR_BAD_RESPONSE', status: 200, response: { status: 200 } },
		});
		stub.answer(() => {
			throw cutOff;
		});
		const outcome = await drainEvents(
			stub.context,
			request({ position: { cursor: 'keep', pageSize: 10 }, deadline: NOW + 100 }),
		);
		expect(outcome.stoppedBy?.kind).toBe('network');
		expect(outcome.stoppedBy?.message).toMatch(/connection broke while receiving item usages/);
		expect(outcome.restart).toBeUndefined();
		expect(outcome.position.cursor).toBe('keep');
		expect(stub.requests).toHaveLength(1);
	});

	it('asks for no start older than 1Password keeps, whatever the stored start says', async () => {
		const stub = stubContext();
		stub.answer(page([], 'c1', false));
		await drainEvents(stub.context, request({ position: { startTime: '2026-01-01T00:00:00Z' } }));
		expect(stub.requests[0].body).toEqual({ limit: 10, start_time: '2026-07-29T13:00:00Z' });
	});
});

describe('drainEvents and entries that are not records', () => {
	it('skips and counts null, numbers, strings and arrays, logs once per page, delivers the rest and moves on', async () => {
		const stub = stubContext();
		const good = records('n', 3);
		stub.answer(page([null, good[0], 42, 'x', good[1], [1], good[2]] as never, 'c1', false));
		const outcome = await drainEvents(stub.context, request());
		expect(outcome.items.map((item) => item.json.uuid)).toEqual(['n-0', 'n-1', 'n-2']);
		expect(outcome.malformed).toBe(4);
		expect(outcome.position.cursor).toBe('c1');
		expect(stub.warnings).toHaveLength(1);
		expect(stub.warnings[0]).toMatch(
			/skipped 4 entries that are not an event record in the first page of item usages/,
		);
	});

	it('delivers records without uuid, timestamp or user once, de-duplicated on their content', async () => {
		const stub = stubContext();
		const bare = { action: 'reveal', vault_uuid: 'v1' };
		const noTime = { uuid: 'o-1', action: 'fill' };
		stub.answer(page([bare, noTime, bare], 'c1', true), page([bare, noTime], 'c2', false));
		const outcome = await drainEvents(stub.context, request({ output: 'simplified' }));
		expect(outcome.items).toHaveLength(2);
		expect(outcome.items[0].json).toMatchObject({
			eventType: 'itemUsage',
			action: 'reveal',
			vaultUuid: 'v1',
		});
		expect(outcome.items[0].json.uuid).toBeUndefined();
		expect(outcome.items[1].json).toMatchObject({ uuid: 'o-1', action: 'fill' });
		expect(outcome.duplicates).toBe(3);
	});
});
