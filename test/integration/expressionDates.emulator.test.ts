/**
 * Dates written as n8n expressions, e.g. `={{ $now.minus({ days: 1 }) }}`: the parameter is
 * evaluated by n8n-workflow's real expression engine (through the real Workflow in the harness),
 * so the nodes receive what n8n would hand them (a luxon DateTime, or text), in a workflow time
 * zone other than UTC. The real trigger and the real action node then read the emulator over HTTP.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { runExecute } from '../harness/n8n/executeContext';
import { makePollContext, runPoll } from '../harness/n8n/pollContext';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The backlog: 3,500 item usages spread evenly over the 7 days before the emulator started. */
const PER_DAY = 500;

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({
		port: 0,
		seed: 'expression-dates',
		backlog: { itemusages: 7 * PER_DAY },
		rateLimit: false,
	});
});

afterEach(async () => {
	await emu.stop();
});

const credential = () => ({ token: emu.issueToken(), region: 'custom', customUrl: emu.url });
const requestsSoFar = () => emu.stats().requests.total ?? 0;
const timestamps = (items: INodeExecutionData[]) =>
	items.map((item) => Date.parse(item.json.timestamp as string));
/** The API takes whole seconds: a start is rounded down to its second. */
const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** One poll of the real trigger in `timezone`, through a real n8n-core PollContext. */
async function poll(startDate: string, timezone: string, staticData: IDataObject = {}) {
	const { context } = makePollContext({
		credential: credential(),
		parameters: { eventTypes: ['itemUsages'], startFrom: 'date', startDate },
		staticData,
		timezone,
		pollBudgetMs: 30_000,
	});
	return await runPoll(context);
}

/** What a poll that fails says, with the staticData it left. */
async function pollFailure(startDate: string, timezone: string) {
	const staticData: IDataObject = {};
	const error = await poll(startDate, timezone, staticData).then(
		() => undefined,
		(thrown: Error) => thrown,
	);
	expect(error).toBeDefined();
	return { message: (error as Error).message, staticData };
}

describe('trigger, Start From = Date, Start Date as an expression', () => {
	it('={{ $now.minus({ days: 1 }) }} (a luxon DateTime) starts the stream one day back', async () => {
		const before = Date.now();
		const staticData: IDataObject = {};
		const result = await poll('={{ $now.minus({ days: 1 }) }}', 'America/New_York', staticData);
		const after = Date.now();
		const items = result?.[0] ?? [];
		expect(items.length).toBeGreaterThanOrEqual(PER_DAY - 2);
		expect(items.length).toBeLessThanOrEqual(PER_DAY + 2);
		const times = timestamps(items);
		expect(Math.min(...times)).toBeGreaterThanOrEqual(floorSecond(before - DAY));
		expect(Math.min(...times)).toBeLessThan(after - DAY + 10 * 60_000);
		expect((staticData.positions as IDataObject).itemUsages).toBeDefined();
	});

	it('an expression giving local text without an offset is read in the workflow time zone', async () => {
		// Tokyo is UTC+9: read as UTC, this start would be 9 hours later and miss ~190 events.
		const before = Date.now();
		const result = await poll(
			'={{ $now.minus({ days: 1 }).toISO({ includeOffset: false }) }}',
			'Asia/Tokyo',
		);
		const items = result?.[0] ?? [];
		expect(items.length).toBeGreaterThanOrEqual(PER_DAY - 2);
		expect(items.length).toBeLessThanOrEqual(PER_DAY + 2);
		expect(Math.min(...timestamps(items))).toBeGreaterThanOrEqual(floorSecond(before - DAY));
	});

	it('a DateTime in the future is refused as a date, naming the time', async () => {
		const { message, staticData } = await pollFailure(
			'={{ $now.plus({ days: 1 }) }}',
			'Europe/Berlin',
		);
		expect(message).toMatch(/^Start Date \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) is in the future/);
		expect(staticData).toEqual({});
		expect(requestsSoFar()).toBe(0);
	});

	it.each([
		[
			'an invalid DateTime',
			'={{ DateTime.fromISO("yesterday") }}',
			'Start Date is an invalid DateTime (the input "yesterday" can\'t be parsed as ISO 8601), not a date.',
		],
		['a number', '={{ 42 }}', 'Start Date is the number 42, not a date.'],
		['text', '={{ "last friday" }}', 'Start Date "last friday" is not a date.'],
	])(
		'%s is refused with what was received and what is accepted; nothing is stored or requested',
		async (_label, startDate, received) => {
			const { message, staticData } = await pollFailure(startDate, 'Europe/Berlin');
			expect(message.startsWith(received)).toBe(true);
			expect(message).toContain('Pick a date and time, e.g. 2026-11-01T00:00:00');
			expect(staticData).toEqual({});
			expect(requestsSoFar()).toBe(0);
		},
	);
});

describe('action node, Event > Get Many, Start Time and End Time as expressions', () => {
	const getMany = (parameters: IDataObject) => ({
		resource: 'event',
		operation: 'getAll',
		eventType: 'itemUsages',
		returnAll: true,
		...parameters,
	});

	it('reads the range between two luxon DateTimes', async () => {
		const before = Date.now();
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({
				startTime: '={{ $now.minus({ days: 2 }) }}',
				endTime: '={{ $now.minus({ days: 1 }) }}',
			}),
			timezone: 'Europe/Berlin',
		});
		const after = Date.now();
		expect(items.length).toBeGreaterThanOrEqual(PER_DAY - 2);
		expect(items.length).toBeLessThanOrEqual(PER_DAY + 2);
		for (const at of timestamps(items)) {
			expect(at).toBeGreaterThanOrEqual(floorSecond(before - 2 * DAY));
			expect(at).toBeLessThanOrEqual(floorSecond(after - DAY) + 1000);
		}
	});

	it("reads a DateTime's toString() (text with an offset) as absolute, in any workflow time zone", async () => {
		const before = Date.now();
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({
				startTime: '={{ $now.setZone("Asia/Kolkata").minus({ hours: 12 }).toString() }}',
			}),
			timezone: 'America/New_York',
		});
		expect(items.length).toBeGreaterThanOrEqual(PER_DAY / 2 - 2);
		expect(items.length).toBeLessThanOrEqual(PER_DAY / 2 + 2);
		expect(Math.min(...timestamps(items))).toBeGreaterThanOrEqual(floorSecond(before - 12 * HOUR));
	});

	it.each([
		[
			{ startTime: '={{ DateTime.fromISO("2026-02-30") }}' },
			/^Start Time is an invalid DateTime \(.*\), not a date\. Pick a date and time, e\.g\. 2026-11-20T00:00:00 .*\$now\.minus/,
		],
		[
			{ startTime: '={{ $now.minus({ days: 1 }) }}', endTime: '={{ {} }}' },
			/^End Time is an object, not a date\./,
		],
		[
			{ startTime: '={{ $now.minus({ hours: 1 }) }}', endTime: '={{ $now.minus({ hours: 2 }) }}' },
			/must be after Start Time/,
		],
	])('refuses %p with a clear message, before any request', async (parameters, message) => {
		await expect(
			runExecute({
				credential: credential(),
				parameters: getMany(parameters),
				timezone: 'Europe/Berlin',
			}),
		).rejects.toThrow(message);
		expect(requestsSoFar()).toBe(0);
	});
});
