import type { IDataObject } from 'n8n-workflow';

import { OnePasswordEventsTrigger } from '../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node';
import { pollEventStreams } from '../nodes/OnePasswordEvents/shared/triggerPoll';
import { readTriggerSettings } from '../nodes/OnePasswordEvents/shared/triggerSettings';
import { HttpFailure, page, records, stubContext } from './support/stubContext';
import type { StubOptions } from './support/stubContext';
import { ALL_FEATURES, unsignedJwt } from './support/tokens';

const trigger = new OnePasswordEventsTrigger();
let workflowCounter = 0;

function setup(options: StubOptions & { features?: string[] } = {}) {
	const token = unsignedJwt({ aud: ['127.0.0.1:1'], '1password.com/fts': options.features ?? ALL_FEATURES, jti: `t${workflowCounter}` });
	return {
		token,
		...stubContext({
			workflowId: `wf-${++workflowCounter}`,
			credential: { token, region: 'custom', customUrl: 'http://127.0.0.1:1' },
			...options,
		}),
	};
}

const poll = (stub: ReturnType<typeof setup>) => trigger.poll.call(stub.context);
const uuids = (result: Awaited<ReturnType<typeof poll>>) => (result?.[0] ?? []).map((item) => item.json.uuid);

describe('activation and start settings', () => {
	it('from now: the first poll only marks the start and sends nothing', async () => {
		const stub = setup();
		const before = Date.now();
		expect(await poll(stub)).toBeNull();
		expect(stub.requests).toHaveLength(0);
		const positions = stub.staticData.positions as IDataObject;
		const start = Date.parse((positions.itemUsages as IDataObject).startTime as string);
		expect(start).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(start).toBeLessThanOrEqual(Date.now());
	});

	it('the next poll reads from that start and commits the cursor', async () => {
		const stub = setup();
		await poll(stub);
		const start = ((stub.staticData.positions as IDataObject).itemUsages as IDataObject).startTime;
		stub.answer(page(records('a', 3), 'c1', false));
		expect(uuids(await poll(stub))).toEqual(['a-0', 'a-1', 'a-2']);
		expect(stub.requests[0].body).toEqual({ limit: 1000, start_time: start });
		expect(((stub.staticData.positions as IDataObject).itemUsages as IDataObject).cursor).toBe('c1');
	});

	it('look back: the first poll delivers the backlog at once', async () => {
		const stub = setup({ parameters: { startFrom: 'lookback', lookbackAmount: 2, lookbackUnit: 'days' } });
		stub.answer(page(records('b', 2), 'c1', false));
		expect(uuids(await poll(stub))).toEqual(['b-0', 'b-1']);
		const sent = Date.parse((stub.requests[0].body as IDataObject).start_time as string);
		expect(Math.abs(sent - (Date.now() - 2 * 86_400_000))).toBeLessThan(5000);
	});

	it('a stored position wins over a changed start setting', async () => {
		const stub = setup({
			parameters: { startFrom: 'lookback', lookbackAmount: 5, lookbackUnit: 'days' },
			staticData: { positions: { itemUsages: { cursor: 'kept', pageSize: 1000 } } },
		});
		stub.answer(page([], 'kept', false));
		await poll(stub);
		expect(stub.requests[0].body).toEqual({ cursor: 'kept' });
	});

	it('drops the position of a type no longer selected, keeps each type separately', async () => {
		const stub = setup({
			parameters: { eventTypes: ['signInAttempts', 'auditEvents'] },
			staticData: { positions: { itemUsages: { cursor: 'iu' }, signInAttempts: { cursor: 'si', pageSize: 1000 } } },
		});
		stub.answer(page(records('s', 1), 'si2', false));
		const result = await poll(stub);
		expect(uuids(result)).toEqual(['s-0']);
		expect(stub.requests.map((r) => r.url)).toEqual(['/api/v2/signinattempts']);
		const positions = stub.staticData.positions as IDataObject;
		expect(Object.keys(positions).sort()).toEqual(['auditEvents', 'signInAttempts']);
		expect((positions.signInAttempts as IDataObject).cursor).toBe('si2');
		expect((positions.auditEvents as IDataObject).startTime).toEqual(expect.any(String));
		expect(result?.[0][0].json.event_type).toBe('signInAttempt');
	});
});

describe('commit once, at the end', () => {
	it('a poll that throws leaves stored positions exactly as they were', async () => {
		const staticData = {
			format: 1,
			positions: {
				itemUsages: { cursor: 'c-items', pageSize: 1000 },
				auditEvents: { cursor: 'c-audit', pageSize: 1000 },
			},
		};
		const before = JSON.parse(JSON.stringify(staticData));
		const stub = setup({ parameters: { eventTypes: ['itemUsages', 'auditEvents'] }, staticData });
		stub.answer(page(records('x', 5), 'c-items-2', false), new HttpFailure(401, { status: 401, message: 'Unauthorized' }));
		await expect(poll(stub)).rejects.toThrow(/rejected the token when fetching audit events \(401\)/);
		expect(stub.staticData).toEqual(before);
	});

	it('divides the per-poll cap between the selected types', async () => {
		const stub = setup({
			parameters: { eventTypes: ['itemUsages', 'auditEvents'], startFrom: 'lookback', options: { maxEventsPerPoll: 20, pageSize: 1000 } },
		});
		stub.answer(page(records('p', 10), 'i1', true), page(records('q', 10), 'a1', true));
		const result = await poll(stub);
		expect(stub.requests.map((r) => [r.url, (r.body as IDataObject).limit])).toEqual([
			['/api/v2/itemusages', 10],
			['/api/v2/auditevents', 10],
		]);
		expect(result?.[0]).toHaveLength(20);
	});
});

describe('overlapping ticks', () => {
	it('a tick that starts while the previous poll runs does nothing', async () => {
		const stub = setup({ staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } } });
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => (release = resolve));
		stub.answer(async () => {
			await gate;
			return page(records('o', 2), 'c1', false);
		});
		const first = poll(stub);
		await new Promise((resolve) => setImmediate(resolve));
		expect(await poll(stub)).toBeNull();
		release();
		expect(uuids(await first)).toEqual(['o-0', 'o-1']);
		expect(stub.requests).toHaveLength(1);
	});
});

describe('failure policy', () => {
	it('a token not scoped for a type fails before any request, naming the fix', async () => {
		const stub = setup({ features: ['itemusages'], parameters: { eventTypes: ['auditEvents'], startFrom: 'lookback' } });
		await expect(poll(stub)).rejects.toMatchObject({
			message: 'The token may not read audit events',
			description: expect.stringMatching(/created for: itemusages.*remove Audit Events/),
		});
		expect(stub.requests).toHaveLength(0);
	});

	it('a passing failure is logged twice, then surfaced on the third failing poll', async () => {
		const stub = setup({ pollBudgetMs: 50, staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } } });
		stub.answerAlways(() => {
			throw new HttpFailure(503);
		});
		expect(await poll(stub)).toBeNull();
		expect(await poll(stub)).toBeNull();
		expect(stub.warnings).toHaveLength(2);
		await expect(poll(stub)).rejects.toMatchObject({ kind: 'serverError', httpCode: '503' });
		expect(((stub.staticData.positions as IDataObject).itemUsages as IDataObject).cursor).toBe('c0');
		expect(stub.requests).toHaveLength(3);
	});

	it('a lasting failure is surfaced once, then only logged within the hour', async () => {
		const stub = setup({ staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } } });
		stub.answerAlways(() => {
			throw new HttpFailure(401);
		});
		await expect(poll(stub)).rejects.toMatchObject({ kind: 'unauthorized' });
		expect(await poll(stub)).toBeNull();
		expect(stub.warnings.join()).toMatch(/rejected the token/);
	});

	it('never puts the token into items, static data or errors', async () => {
		const stub = setup({ parameters: { startFrom: 'lookback' } });
		stub.answer(page(records('z', 2), 'c1', false));
		const result = await poll(stub);
		stub.answer(new HttpFailure(401, { status: 401, message: `bad token ${stub.token}` }));
		const error = await poll(stub).catch((caught: Error & { description?: string }) => caught);
		const seen = JSON.stringify([result, stub.staticData, (error as Error).message, (error as { description?: string }).description]);
		for (const part of stub.token.split('.')) expect(seen).not.toContain(part);
	});
});

describe('a credential that cannot work', () => {
	it('fails the activation poll (which sends nothing from now), then is only logged within the hour', async () => {
		const stub = setup({ credential: { token: '', region: 'auto' } });
		await expect(poll(stub)).rejects.toThrow(/has no token/);
		expect(await poll(stub)).toBeNull();
		expect(stub.warnings.join()).toMatch(/has no token/);
		expect(stub.requests).toHaveLength(0);
		expect(stub.staticData).toEqual({});
	});

	it('an old token without a region under Automatic says to pick the region', async () => {
		const stub = setup({ credential: { token: unsignedJwt({ aud: ['com.1password.streamingservice'] }), region: 'auto' } });
		await expect(poll(stub)).rejects.toThrow(/does not say which region/);
	});
});

describe('bad settings', () => {
	it.each([
		[{ eventTypes: [] }, /select at least one event type/],
		[{ startFrom: 'date', startDate: 'yesterday-ish' }, /is not a date/],
		[{ startFrom: 'date', startDate: '2099-01-01T00:00:00Z' }, /is in the future/],
		[{ startFrom: 'lookback', lookbackAmount: 200, lookbackUnit: 'days' }, /Look Back must be a whole number from 1 to 120/],
		[{ options: { pageSize: 1001 } }, /Page Size must be a whole number from 1 to 1000/],
		[{ filters: { userEmails: 'not-an-email' } }, /User Emails filter: "not-an-email" is not valid/],
	])('%p is refused before anything moves', async (parameters, message) => {
		const staticData = { positions: { itemUsages: { cursor: 'c0' } } };
		const stub = setup({ parameters, staticData });
		await expect(poll(stub)).rejects.toThrow(message);
		expect(stub.requests).toHaveLength(0);
		expect(stub.staticData).toEqual({ positions: { itemUsages: { cursor: 'c0' } } });
	});
});

describe('Fetch Test Event (manual mode)', () => {
	it('returns the newest few events and leaves state alone', async () => {
		const staticData = { positions: { itemUsages: { cursor: 'c0' } } };
		const stub = setup({ mode: 'manual', staticData });
		stub.answer(page(records('m', 8), 'x1', false));
		const result = await poll(stub);
		expect(uuids(result)).toEqual(['m-7', 'm-6', 'm-5', 'm-4', 'm-3']);
		expect((stub.requests[0].body as IDataObject).end_time).toBeUndefined();
		expect(stub.staticData).toEqual({ positions: { itemUsages: { cursor: 'c0' } } });
	});

	it('widens the window until it finds events', async () => {
		const stub = setup({ mode: 'manual' });
		stub.answer(page([], 'x1', false), page(records('w', 1), 'x2', false));
		expect(uuids(await poll(stub))).toEqual(['w-0']);
		const [first, second] = stub.requests.map((r) => Date.now() - Date.parse((r.body as IDataObject).start_time as string));
		expect(Math.abs(first - 600_000)).toBeLessThan(5000);
		expect(Math.abs(second - 3_600_000)).toBeLessThan(5000);
	});

	it('says so when there are no events at all', async () => {
		const stub = setup({ mode: 'manual' });
		stub.answerAlways(() => page([], 'x', false));
		await expect(poll(stub)).rejects.toThrow(/No item usages in the last 119 days/);
	});

	it('says so when events exist but none matches the filters', async () => {
		const stub = setup({ mode: 'manual', parameters: { filters: { itemUsageActions: ['export'] } } });
		stub.answerAlways(() => page(records('f', 3, 0, { action: 'fill' }), 'x', false));
		await expect(poll(stub)).rejects.toThrow(/none matches the filters/);
	});
});

describe('Alert After Silence', () => {
	const HOUR = 3_600_000;

	async function pollAt(stub: ReturnType<typeof setup>, at: number) {
		const settings = readTriggerSettings(stub.context, at);
		return await pollEventStreams(stub.context, settings, { now: () => at });
	}

	it('emits one alert item after the silence, then none until events come back', async () => {
		const t0 = Date.now();
		const stub = setup({
			parameters: { options: { silenceHours: 6 } },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answerAlways(() => page([], 'c0', false));
		expect(await pollAt(stub, t0)).toBeNull();
		expect(await pollAt(stub, t0 + 5 * HOUR)).toBeNull();
		const alert = await pollAt(stub, t0 + 6 * HOUR);
		expect(alert?.[0]).toHaveLength(1);
		expect(alert?.[0][0].json).toMatchObject({ alert: 'silence', silentForHours: 6, message: 'No new 1Password events (Item Usages) for 6 hours' });
		expect(await pollAt(stub, t0 + 7 * HOUR)).toBeNull();

		stub.answer(page(records('back', 1), 'c1', false));
		expect(uuids(await pollAt(stub, t0 + 8 * HOUR))).toEqual(['back-0']);
		expect(await pollAt(stub, t0 + 13 * HOUR)).toBeNull();
		expect((await pollAt(stub, t0 + 14 * HOUR))?.[0][0].json.alert).toBe('silence');
	});

	it('events that a filter drops still count as arrivals', async () => {
		const t0 = Date.now();
		const stub = setup({
			parameters: { options: { silenceHours: 1 }, filters: { itemUsageActions: ['export'] } },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answer(page([], 'c0', false), page(records('f', 1, 0, { action: 'fill' }), 'c1', false));
		stub.answerAlways(() => page([], 'c1', false));
		await pollAt(stub, t0);
		expect(await pollAt(stub, t0 + 0.9 * HOUR)).toBeNull();
		expect(await pollAt(stub, t0 + 1.5 * HOUR)).toBeNull();
	});

	it('can fail the poll instead, at most once an hour while silent', async () => {
		const t0 = Date.now();
		const stub = setup({
			parameters: { options: { silenceHours: 2, onSilence: 'failPoll' } },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answerAlways(() => page([], 'c0', false));
		await pollAt(stub, t0);
		await expect(pollAt(stub, t0 + 2 * HOUR)).rejects.toThrow(/No new 1Password events \(Item Usages\) for 2 hours/);
		expect(await pollAt(stub, t0 + 2.5 * HOUR)).toBeNull();
		await expect(pollAt(stub, t0 + 3.1 * HOUR)).rejects.toThrow(/for 3.1 hours/);
	});
});
