/**
 * Warn Before Token Expiry with the real trigger through n8n-core's real PollContext against the
 * emulator, whose tokens carry a real `exp`. Time is moved with Date.now, which the trigger and
 * the emulator both read.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../harness/n8n/pollContext';
import type { LogLine } from '../harness/n8n/pollContext';
import { SimulatedWorkflow, uuidsOf } from '../harness/n8n/simulatedWorkflow';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const EXPIRY_MESSAGE =
	/^The Events API token expires in (\d+) days \((\d{4}-\d\d-\d\d)\)\. Issue a new token in 1Password \(Integrations > your Events Reporting integration\) and update the credential\.$/;

let emu: Emulator;
let skew = 0;
let clock: jest.SpyInstance<number, []>;

beforeEach(async () => {
	const realNow = Date.now.bind(Date);
	skew = 0;
	clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
	emu = await startEmulator({
		port: 0,
		seed: 'expiry',
		backlog: 0,
		rateLimit: false,
		now: () => Date.now(),
	});
});

afterEach(async () => {
	await emu.stop();
	clock.mockRestore();
});

const alertsOf = (items: INodeExecutionData[] | undefined) =>
	(items ?? []).filter((item) => item.json.alert !== undefined).map((item) => item.json);
const eventUuidsOf = (items: INodeExecutionData[] | undefined) =>
	(items ?? []).filter((item) => item.json.alert === undefined).map((item) => item.json.uuid);

function expectNoTokenIn(token: string, ...things: unknown[]): void {
	const text = JSON.stringify(things);
	for (const part of token.split('.')) expect(text).not.toContain(part);
}

describe('Warn Before Token Expiry: alert item (the default)', () => {
	it('appends one alert item after the events, not again the same day, again the next day', async () => {
		const token = emu.issueToken({ expiresInSeconds: 30 * 86_400 });
		const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
			exp: number;
		};
		const expiresAt = claims.exp * 1000;
		const flow = new SimulatedWorkflow(emu, { eventTypes: ['itemUsages'] }, token);
		expect(await flow.tick()).toBeNull(); // activation: marks the start

		// 15 days later nothing is said yet (14 days is the default warning).
		skew = 15 * DAY;
		const early = uuidsOf(emu.inject('itemusages', { count: 2 }));
		expect(eventUuidsOf((await flow.tick())?.[0])).toEqual(early);
		expect(alertsOf(flow.executions.at(-1))).toEqual([]);

		// 16.5 days later (13.5 days left): the events first, then the alert.
		skew = 16.5 * DAY;
		const events = uuidsOf(emu.inject('itemusages', { count: 3 }));
		const result = await flow.tick();
		expect(result?.[0]).toHaveLength(4);
		expect(eventUuidsOf(result?.[0])).toEqual(events);
		const alert = result?.[0][3].json as IDataObject;
		expect(Object.keys(alert).sort()).toEqual(['alert', 'daysLeft', 'expiresAt', 'message']);
		expect(alert).toMatchObject({ alert: 'tokenExpiry', daysLeft: 13 });
		expect(Date.parse(alert.expiresAt as string)).toBe(expiresAt);
		const [, days, date] = EXPIRY_MESSAGE.exec(alert.message as string) ?? [];
		expect(days).toBe('13');
		expect(date).toBe(new Date(expiresAt).toISOString().slice(0, 10));

		// The same day: events only, or nothing; an n8n restart does not forget the report.
		skew += 12 * HOUR;
		const later = uuidsOf(emu.inject('itemusages', { count: 1 }));
		expect(eventUuidsOf((await flow.tick())?.[0])).toEqual(later);
		expect(alertsOf(flow.executions.at(-1))).toEqual([]);
		flow.restart();
		expect(await flow.tick()).toBeNull(); // re-arms
		skew += 11 * HOUR;
		expect(await flow.tick()).toBeNull();

		// A day after the report: the alert alone (no events), one day less.
		skew += HOUR + MINUTE;
		const nextDay = await flow.tick();
		expect(nextDay?.[0]).toHaveLength(1);
		expect(nextDay?.[0][0].json).toMatchObject({ alert: 'tokenExpiry', daysLeft: 12 });
		expect(await flow.tick()).toBeNull();

		// Every event once; the token nowhere.
		const delivered = flow.executions.flatMap((items) => eventUuidsOf(items));
		expect(delivered).toEqual([...early, ...events, ...later]);
		expectNoTokenIn(token, flow.executions, flow.logs, flow.memory, flow.persisted);
	});

	it('is not shown by Fetch Test Event, and 0 days switches it off', async () => {
		const token = emu.issueToken({ expiresInSeconds: 10 * 86_400 });
		emu.inject('itemusages', { count: 2 });
		const sample = await runPoll(new SimulatedWorkflow(emu, {}, token).context('manual'));
		expect(sample?.[0]).toHaveLength(2);
		expect(alertsOf(sample?.[0])).toEqual([]);

		const off = new SimulatedWorkflow(emu, { options: { tokenExpiryWarnDays: 0 } }, token);
		await off.tick();
		skew = 2 * DAY;
		emu.inject('itemusages', { count: 1 });
		const result = await off.tick();
		expect(eventUuidsOf(result?.[0]).length).toBeGreaterThan(0);
		expect(alertsOf(result?.[0])).toEqual([]);
		expect(off.memory.tokenExpiry).toBeUndefined();
	});
});

describe('Warn Before Token Expiry: Fail the Poll', () => {
	/**
	 * An engine that keeps nothing a poll wrote unless it returns items (the 2.41 poll scheduler
	 * without durable cursors): every poll gets a fresh copy of what was saved with the last
	 * execution. Same process (and workflow id) throughout.
	 */
	function droppingEngine(token: string, parameters: IDataObject) {
		let saved: IDataObject = {};
		const logs: LogLine[] = [];
		const executions: INodeExecutionData[][] = [];
		const poll = async () => {
			const staticData = JSON.parse(JSON.stringify(saved)) as IDataObject;
			const { context, logs: pollLogs } = makePollContext({
				credential: { token, region: 'custom', customUrl: emu.url },
				parameters,
				staticData,
				workflowId: 'expiry-fail',
			});
			try {
				const result = await runPoll(context);
				if (result) {
					saved = staticData;
					executions.push(result[0]);
				}
				return result;
			} finally {
				logs.push(...pollLogs);
			}
		};
		return { poll, logs, executions, saved: () => saved };
	}

	it('fails one poll a day with the message; the events of that poll are delivered by the next, once', async () => {
		const token = emu.issueToken({ expiresInSeconds: 30 * 86_400 });
		const engine = droppingEngine(token, {
			eventTypes: ['itemUsages', 'auditEvents'],
			startFrom: 'lookback',
			lookbackAmount: 1,
			options: { onTokenExpiry: 'failPoll', tokenExpiryWarnDays: 20 },
		});
		const first = uuidsOf(emu.inject('itemusages', { count: 2 }));
		expect(eventUuidsOf((await engine.poll())?.[0])).toEqual(first);

		// 20 days before expiry (10.5 days in): the poll fails, with the message and without token.
		skew = 10.5 * DAY;
		const pending = [
			...uuidsOf(emu.inject('itemusages', { count: 3 })),
			...uuidsOf(emu.inject('auditevents', { count: 2 })),
		];
		const failure = (await engine.poll().catch((error: unknown) => error)) as {
			message: string;
			description?: string;
			constructor: { name: string };
		};
		expect(failure.constructor.name).toBe('NodeOperationError');
		expect(failure.message).toMatch(EXPIRY_MESSAGE);
		expect(EXPIRY_MESSAGE.exec(failure.message)?.[1]).toBe('19');
		expect(failure.description).toMatch(/the next poll delivers them/);
		expectNoTokenIn(token, failure.message, failure.description);

		// The next poll delivers what was there, and does not fail again: the static data that
		// poll wrote is gone, the process remembers the report.
		skew += MINUTE;
		const next = await engine.poll();
		expect([...eventUuidsOf(next?.[0])].sort()).toEqual([...pending].sort());
		expect(alertsOf(next?.[0])).toEqual([]);

		skew += 22 * HOUR;
		const quiet = uuidsOf(emu.inject('auditevents', { count: 1 }));
		expect(eventUuidsOf((await engine.poll())?.[0])).toEqual(quiet);

		// A day after the report it fails again, one day less; then delivery goes on.
		skew += 2 * HOUR;
		const afterDay = uuidsOf(emu.inject('itemusages', { count: 1 }));
		await expect(engine.poll()).rejects.toThrow(/expires in 18 days/);
		expect(eventUuidsOf((await engine.poll())?.[0])).toEqual(afterDay);

		const delivered = engine.executions.flatMap((items) => eventUuidsOf(items));
		expect([...delivered].sort()).toEqual([...first, ...pending, ...quiet, ...afterDay].sort());
		expectNoTokenIn(token, engine.executions, engine.logs, engine.saved());
	});

	it("under n8n's default engine (what a failing poll wrote stays in memory) no event of the failed poll is lost either", async () => {
		const token = emu.issueToken({ expiresInSeconds: 30 * 86_400 });
		const flow = new SimulatedWorkflow(emu, { options: { onTokenExpiry: 'failPoll' } }, token);
		await flow.tick();
		skew = 20 * DAY;
		const pending = uuidsOf(emu.inject('itemusages', { count: 4 }));
		await expect(flow.tick()).rejects.toThrow(/expires in 9 days/);
		expect(eventUuidsOf((await flow.tick())?.[0])).toEqual(pending);
		skew += 23 * HOUR;
		expect(await flow.tick()).toBeNull();
		skew += HOUR;
		await expect(flow.tick()).rejects.toThrow(/expires in 8 days/);
		expect(flow.executions.flatMap((items) => eventUuidsOf(items))).toEqual(pending);
		expectNoTokenIn(token, flow.executions, flow.logs, flow.memory);
	});

	it('never fails the activation poll (that would block activation); the next poll reports', async () => {
		const token = emu.issueToken({ expiresInSeconds: 5 * 86_400 });
		const backlog = uuidsOf(emu.inject('itemusages', { count: 2 }));
		const flow = new SimulatedWorkflow(
			emu,
			{ startFrom: 'lookback', lookbackAmount: 1, options: { onTokenExpiry: 'failPoll' } },
			token,
		);
		expect(eventUuidsOf((await flow.tick())?.[0])).toEqual(backlog);
		await expect(flow.tick()).rejects.toThrow(/expires in 4 days/);
	});

	it('a 401 for a token past its expiry says so', async () => {
		const token = emu.issueToken({ expiresInSeconds: 30 * 86_400 });
		const flow = new SimulatedWorkflow(emu, {}, token);
		await flow.tick();
		skew = 31 * DAY;
		const failure = (await flow.tick().catch((error: unknown) => error)) as {
			message: string;
			description?: string;
		};
		expect(failure.message).toMatch(
			/^1Password rejected the token when fetching item usages \(401\): the token expired on \d{4}-\d\d-\d\d$/,
		);
		expect(failure.description).toMatch(/expiry date \(\d{4}-\d\d-\d\d\) has passed/);
		expectNoTokenIn(token, failure.message, failure.description);
	});
});
