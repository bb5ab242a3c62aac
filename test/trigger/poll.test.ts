import type { IDataObject } from 'n8n-workflow';

import { OnePasswordEventsTrigger } from '../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node';
import { pollEventStreams } from '../../nodes/OnePasswordEvents/trigger/poll';
import { readTriggerSettings } from '../../nodes/OnePasswordEvents/trigger/settings';
import { HttpFailure, page, records, stubContext } from '../harness/stubContext';
import type { StubOptions } from '../harness/stubContext';
import { ALL_FEATURES, unsignedJwt } from '../harness/tokens';

const trigger = new OnePasswordEventsTrigger();
let workflowCounter = 0;

function setup(options: StubOptions & { features?: string[] } = {}) {
	const token = unsignedJwt({
		aud: ['127.0.0.1:1'],
		'1password.com/fts': options.features ?? ALL_FEATURES,
		jti: `t${workflowCounter}`,
	});
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

/**
 * A workflow that already has positions, as after an n8n restart: its first poll in this process
 * (the activation poll) only activates it, sending nothing and changing nothing.
 */
async function resumed(options: Parameters<typeof setup>[0]) {
	const stub = setup(options);
	const before = JSON.stringify(stub.staticData);
	expect(await poll(stub)).toBeNull();
	expect(stub.requests).toHaveLength(0);
	expect(JSON.stringify(stub.staticData)).toBe(before);
	return stub;
}
const uuids = (result: Awaited<ReturnType<typeof poll>>) =>
	(result?.[0] ?? []).map((item) => item.json.uuid);

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
		expect(((stub.staticData.positions as IDataObject).itemUsages as IDataObject).cursor).toBe(
			'c1',
		);
	});

	it('look back: the first poll delivers the backlog at once', async () => {
		const stub = setup({
			parameters: { startFrom: 'lookback', lookbackAmount: 2, lookbackUnit: 'days' },
		});
		stub.answer(page(records('b', 2), 'c1', false));
		expect(uuids(await poll(stub))).toEqual(['b-0', 'b-1']);
		const sent = Date.parse((stub.requests[0].body as IDataObject).start_time as string);
		expect(Math.abs(sent - (Date.now() - 2 * 86_400_000))).toBeLessThan(5000);
	});

	it('a stored position wins over a changed start setting', async () => {
		const stub = await resumed({
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
			staticData: {
				positions: {
					itemUsages: { cursor: 'iu' },
					signInAttempts: { cursor: 'si', pageSize: 1000 },
				},
			},
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
		const stub = await resumed({
			parameters: { eventTypes: ['itemUsages', 'auditEvents'] },
			staticData,
		});
		stub.answer(
			page(records('x', 5), 'c-items-2', false),
			new HttpFailure(401, { status: 401, message: 'Unauthorized' }),
		);
		await expect(poll(stub)).rejects.toThrow(
			/rejected the token when fetching audit events \(401\)/,
		);
		expect(stub.staticData).toEqual(before);
	});

	it('divides the per-poll cap between the selected types', async () => {
		const stub = setup({
			parameters: {
				eventTypes: ['itemUsages', 'auditEvents'],
				startFrom: 'lookback',
				options: { maxEventsPerPoll: 20, pageSize: 1000 },
			},
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
		const stub = await resumed({
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
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
		const stub = setup({
			features: ['itemusages'],
			parameters: { eventTypes: ['auditEvents'], startFrom: 'lookback' },
		});
		await expect(poll(stub)).rejects.toMatchObject({
			message: 'The token may not read audit events',
			description: expect.stringMatching(/created for: itemusages.*remove Audit Events/),
		});
		expect(stub.requests).toHaveLength(0);
	});

	it('a passing failure is logged twice, then surfaced on the third failing poll', async () => {
		const stub = await resumed({
			pollBudgetMs: 50,
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answerAlways(() => {
			throw new HttpFailure(503);
		});
		expect(await poll(stub)).toBeNull();
		expect(await poll(stub)).toBeNull();
		expect(stub.warnings).toHaveLength(2);
		await expect(poll(stub)).rejects.toMatchObject({ kind: 'serverError', httpCode: '503' });
		expect(((stub.staticData.positions as IDataObject).itemUsages as IDataObject).cursor).toBe(
			'c0',
		);
		expect(stub.requests).toHaveLength(3);
	});

	it('a lasting failure is surfaced once, then only logged within the hour', async () => {
		const stub = await resumed({
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
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
		const seen = JSON.stringify([
			result,
			stub.staticData,
			(error as Error).message,
			(error as { description?: string }).description,
		]);
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
		const stub = setup({
			credential: {
				token: unsignedJwt({ aud: ['com.1password.streamingservice'] }),
				region: 'auto',
			},
		});
		await expect(poll(stub)).rejects.toThrow(/does not say which region/);
	});
});

describe('bad settings', () => {
	it.each([
		[{ eventTypes: [] }, /select at least one event type/],
		[
			{ startFrom: 'lookback', lookbackAmount: 200, lookbackUnit: 'days' },
			/Look Back must be a whole number from 1 to 120/,
		],
		[{ options: { pageSize: 1001 } }, /Page Size must be a whole number from 1 to 1000/],
		[
			{ filters: { userEmails: 'not-an-email' } },
			/User Emails filter: "not-an-email" is not valid/,
		],
	])('%p is refused before anything moves', async (parameters, message) => {
		const staticData = { positions: { itemUsages: { cursor: 'c0' } } };
		const stub = setup({ parameters, staticData });
		await expect(poll(stub)).rejects.toThrow(message);
		expect(stub.requests).toHaveLength(0);
		expect(stub.staticData).toEqual({ positions: { itemUsages: { cursor: 'c0' } } });
	});
});

describe('Start From = Date', () => {
	it.each([
		[{ startFrom: 'date', startDate: 'yesterday-ish' }, /is not a date/],
		[{ startFrom: 'date', startDate: '2099-01-01T00:00:00Z' }, /is in the future/],
		[{ startFrom: 'date', startDate: '2020-01-01T00:00:00Z' }, /is more than 120 days ago/],
	])(
		'%p fails a stream that has no position yet, and starts nothing',
		async (parameters, message) => {
			const stub = setup({ parameters });
			await expect(poll(stub)).rejects.toThrow(message);
			expect(stub.requests).toHaveLength(0);
			expect(stub.staticData).toEqual({});
		},
	);

	it('never stops a stream that has a position, however old the date has become (was: a failure every minute after 120 days)', async () => {
		const parameters = { startFrom: 'date', startDate: '2020-01-01T00:00:00Z' };
		const stub = await resumed({
			parameters,
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answer(page(records('d', 2), 'c1', false));
		expect(uuids(await poll(stub))).toEqual(['d-0', 'd-1']);
		expect(stub.requests[0].body).toEqual({ cursor: 'c0' });
	});

	it('fails only the type that needs a start; a type with a position goes on', async () => {
		const stub = await resumed({
			parameters: {
				startFrom: 'date',
				startDate: '2020-01-01T00:00:00Z',
				eventTypes: ['itemUsages'],
			},
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		// The user adds a type 200 days after picking the date: that type cannot start there.
		const added = setup({
			workflowId: stub.context.getWorkflow().id,
			parameters: {
				startFrom: 'date',
				startDate: '2020-01-01T00:00:00Z',
				eventTypes: ['itemUsages', 'auditEvents'],
			},
			staticData: stub.staticData,
		});
		added.answer(page(records('e', 1), 'c1', false));
		await expect(poll(added)).rejects.toThrow(
			/Start Date \(2020-01-01T00:00:00Z\) is more than 120 days ago/,
		);
		expect(added.requests.map((r) => r.url)).toEqual(['/api/v2/itemusages']);
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
		const [first, second] = stub.requests.map(
			(r) => Date.now() - Date.parse((r.body as IDataObject).start_time as string),
		);
		expect(Math.abs(first - 600_000)).toBeLessThan(5000);
		expect(Math.abs(second - 3_600_000)).toBeLessThan(5000);
	});

	it('says so when there are no events at all', async () => {
		const stub = setup({ mode: 'manual' });
		stub.answerAlways(() => page([], 'x', false));
		await expect(poll(stub)).rejects.toThrow(/No item usages in the last 119 days/);
	});

	it('says so when events exist but none matches the filters', async () => {
		const stub = setup({
			mode: 'manual',
			parameters: { filters: { itemUsageActions: ['export'] } },
		});
		stub.answerAlways(() => page(records('f', 3, 0, { action: 'fill' }), 'x', false));
		await expect(poll(stub)).rejects.toThrow(/none matches the filters/);
	});
});

describe('Alert After Silence', () => {
	const HOUR = 3_600_000;

	async function pollAt(stub: ReturnType<typeof setup>, at: number) {
		const settings = readTriggerSettings(stub.context);
		return await pollEventStreams(stub.context, settings, { now: () => at });
	}

	it('emits one alert item after the silence, then none until events come back', async () => {
		const t0 = Date.now();
		const stub = await resumed({
			parameters: { options: { silenceHours: 6 } },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answerAlways(() => page([], 'c0', false));
		expect(await pollAt(stub, t0)).toBeNull();
		expect(await pollAt(stub, t0 + 5 * HOUR)).toBeNull();
		const alert = await pollAt(stub, t0 + 6 * HOUR);
		expect(alert?.[0]).toHaveLength(1);
		expect(alert?.[0][0].json).toMatchObject({
			alert: 'silence',
			silentForHours: 6,
			message: 'No new 1Password events (Item Usages) for 6 hours',
		});
		expect(await pollAt(stub, t0 + 7 * HOUR)).toBeNull();

		stub.answer(page(records('back', 1), 'c1', false));
		expect(uuids(await pollAt(stub, t0 + 8 * HOUR))).toEqual(['back-0']);
		expect(await pollAt(stub, t0 + 13 * HOUR)).toBeNull();
		expect((await pollAt(stub, t0 + 14 * HOUR))?.[0][0].json.alert).toBe('silence');
	});

	it('events that a filter drops still count as arrivals', async () => {
		const t0 = Date.now();
		const stub = await resumed({
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
		const stub = await resumed({
			parameters: { options: { silenceHours: 2, onSilence: 'failPoll' } },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answerAlways(() => page([], 'c0', false));
		await pollAt(stub, t0);
		await expect(pollAt(stub, t0 + 2 * HOUR)).rejects.toThrow(
			/No new 1Password events \(Item Usages\) for 2 hours/,
		);
		expect(await pollAt(stub, t0 + 2.5 * HOUR)).toBeNull();
		await expect(pollAt(stub, t0 + 3.1 * HOUR)).rejects.toThrow(/for 3.1 hours/);
	});
});

describe('after an n8n restart (the activation poll of a workflow with positions)', () => {
	it('activates without a request even when the token no longer works; the next tick reports it under the policy', async () => {
		const stub = await resumed({
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answerAlways(() => {
			throw new HttpFailure(401);
		});
		await expect(poll(stub)).rejects.toMatchObject({ kind: 'unauthorized' });
		expect(stub.requests).toHaveLength(1);
	});

	it('activates without reading the credential at all (a credential broken while n8n was down)', async () => {
		const stub = await resumed({
			credential: { token: '', region: 'auto' },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		await expect(poll(stub)).rejects.toThrow(/has no token/);
	});

	it('reads at once when a selected type has no position yet (a new type, or a first activation)', async () => {
		const stub = setup({
			parameters: { eventTypes: ['itemUsages', 'auditEvents'], startFrom: 'lookback' },
			staticData: { positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } },
		});
		stub.answer(page([], 'c0', false), page(records('a', 1), 'a1', false));
		expect(uuids(await poll(stub))).toEqual(['a-0']);
	});
});

describe('a refused cursor', () => {
	const refusedStream = () => ({
		positions: {
			itemUsages: {
				cursor: 'old',
				pageSize: 1000,
				horizon: '2026-11-19T23:00:00Z',
				readAt: '2026-11-20T00:10:00Z',
				seen: [[1_795_564_800_000, '']],
			},
		},
	});

	it('is read again at once; the next poll reports it once, saying which events may be missing; then delivery goes on', async () => {
		const stub = await resumed({ staticData: refusedStream() });
		stub.answer(
			new HttpFailure(400, { status: 400, message: 'Invalid cursor' }),
			page(records('r', 3), 'n1', false),
		);
		expect(uuids(await poll(stub))).toEqual(['r-0', 'r-1', 'r-2']);
		expect(stub.requests[1].body).toEqual({ limit: 1000, start_time: '2026-11-19T23:00:00Z' });

		const report = await poll(stub).catch((error: Error & { description?: string }) => error);
		expect(report).toMatchObject({
			message:
				'1Password no longer accepted the saved position for item usages; delivery restarted',
		});
		expect((report as { description?: string }).description).toMatch(
			/Events timestamped at or before 2026-11-19T23:00:00.000Z that reached 1Password after 2026-11-20T00:05:00Z may be missing/,
		);
		expect(stub.requests).toHaveLength(2);

		stub.answer(page(records('r', 1, 3), 'n2', false));
		expect(uuids(await poll(stub))).toEqual(['r-3']);
		expect(
			((stub.staticData.positions as IDataObject).itemUsages as IDataObject).restart,
		).toBeUndefined();
	});

	it('is reported once even where n8n drops what a failing poll wrote (the 2.41 scheduler)', async () => {
		const stub = await resumed({ staticData: refusedStream() });
		stub.answer(new HttpFailure(400), page(records('s', 2), 'n1', false));
		await poll(stub);
		const saved = JSON.stringify(stub.staticData);
		await expect(poll(stub)).rejects.toMatchObject({ kind: 'cursorRefused' });
		// The scheduler hands the next poll the saved copy again, report included.
		for (const name of Object.keys(stub.staticData)) delete stub.staticData[name];
		Object.assign(stub.staticData, JSON.parse(saved));
		stub.answer(page(records('s', 1, 2), 'n2', false));
		expect(uuids(await poll(stub))).toEqual(['s-2']);
	});
});

describe('progress of polls that emit nothing', () => {
	it('is kept for the next poll even where n8n hands every poll the saved copy (scheduler without durable cursors)', async () => {
		const saved = { positions: { itemUsages: { cursor: 'c0', pageSize: 10 } } };
		const stub = await resumed({
			parameters: { filters: { itemUsageActions: ['export'] }, options: { maxEventsPerPoll: 10 } },
			staticData: JSON.parse(JSON.stringify(saved)),
		});
		const schedulerTick = async () => {
			for (const name of Object.keys(stub.staticData)) delete stub.staticData[name];
			Object.assign(stub.staticData, JSON.parse(JSON.stringify(saved)));
			return await poll(stub);
		};
		stub.answer(
			page(records('u', 10, 0, { action: 'fill' }), 'c1', true),
			page(records('u', 10, 10, { action: 'fill' }), 'c2', true),
		);
		stub.answer(page(records('u', 1, 20, { action: 'export' }), 'c3', false));
		expect(await schedulerTick()).toBeNull();
		expect(await schedulerTick()).toBeNull();
		expect(uuids(await schedulerTick())).toEqual(['u-20']);
		// Each poll went on from the last one's cursor; without the cache all three would send c0.
		expect(stub.requests.map((r) => r.body)).toEqual([
			{ cursor: 'c0' },
			{ cursor: 'c1' },
			{ cursor: 'c2' },
		]);
	});

	it('is not carried over to changed parameters (a new filter starts from what n8n saved)', async () => {
		const saved = { positions: { itemUsages: { cursor: 'c0', pageSize: 10 } } };
		const stub = await resumed({
			parameters: { filters: { itemUsageActions: ['export'] } },
			staticData: JSON.parse(JSON.stringify(saved)),
		});
		stub.answer(page(records('v', 3, 0, { action: 'fill' }), 'c1', false));
		expect(await poll(stub)).toBeNull();
		(stub.context.getNode().parameters as IDataObject).filters = { itemUsageActions: ['fill'] };
		for (const name of Object.keys(stub.staticData)) delete stub.staticData[name];
		Object.assign(stub.staticData, JSON.parse(JSON.stringify(saved)));
		stub.answer(page([], 'c0', false));
		await poll(stub);
		expect(stub.requests[1].body).toEqual({ cursor: 'c0' });
	});
});

describe('Retry-After', () => {
	it('is a pause, not a failure, and is honoured by every later poll of the same token in this process', async () => {
		const positions = () => ({ positions: { itemUsages: { cursor: 'c0', pageSize: 1000 } } });
		const first = await resumed({ pollBudgetMs: 2000, staticData: positions() });
		first.answer(
			new HttpFailure(
				429,
				{ status: 429, message: 'Too many requests' },
				{ 'retry-after': '3600' },
			),
		);
		// Three polls: a failure would be surfaced on the third; a pause never is.
		for (let tick = 0; tick < 3; tick++) expect(await poll(first)).toBeNull();
		expect(first.requests).toHaveLength(1);
		expect(first.warnings.join()).not.toMatch(/rate limiting/);

		// Another workflow with the same token sends nothing before the hour has passed either.
		const credential = { token: first.token, region: 'custom', customUrl: 'http://127.0.0.1:1' };
		const second = await resumed({ credential, staticData: positions() });
		expect(await poll(second)).toBeNull();
		expect(second.requests).toHaveLength(0);
	});
});
