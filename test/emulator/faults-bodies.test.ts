import { EVERYTHING, page, post, startHarness, stopAll } from './harness';
import { rawPost } from './raw-http';
import type { Item } from './resilient-client';

/** The faults of issue #11 that spoil a 200: cut-off and stalled bodies, HTML, wrong JSON, junk entries. */

afterEach(stopAll);

const PATH = '/api/v2/itemusages';
const FIRST_PAGE = { ...EVERYTHING, limit: 10 };

describe('drop-after-headers', () => {
	it('sends 200 and the headers of the whole page, part of the body, then drops the connection', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		// The fake clock stands still, so the same reset request gives the very same page.
		const whole = await rawPost(emu, PATH, FIRST_PAGE, token);
		emu.enqueueFaults(['drop-after-headers']);
		const cut = await rawPost(emu, PATH, FIRST_PAGE, token);
		expect([
			cut.status,
			cut.headers['content-type'],
			cut.headers['content-length'],
			cut.ending,
		]).toEqual([200, 'application/json', String(Buffer.byteLength(whole.body)), 'aborted']);
		expect(cut.body.length).toBeGreaterThan(0);
		expect(cut.body.length).toBeLessThan(whole.body.length);
		expect(whole.body.startsWith(cut.body)).toBe(true);
		// Lossless: the retry gets the page, and the dropped answer counts no events served.
		expect((await page(emu, PATH, FIRST_PAGE, token)).items).toHaveLength(10);
		expect(emu.stats()).toMatchObject({
			faultsInjected: { 'drop-after-headers': 1 },
			eventsServed: { itemusages: 20 },
		});
		expect(emu.stats().requests.byStatus).toEqual({ '200': 2, 'no-response': 1 });
	});
});

describe('stall-body', () => {
	it('sends part of the body, then nothing until stallMs has passed, then drops the connection', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		const whole = await rawPost(emu, PATH, FIRST_PAGE, token);
		emu.enqueueFaults([{ kind: 'stall-body', stallMs: 400 }]);
		const stalled = await rawPost(emu, PATH, FIRST_PAGE, token);
		expect([stalled.status, stalled.headers['content-length'], stalled.ending]).toEqual([
			200,
			String(Buffer.byteLength(whole.body)),
			'aborted',
		]);
		expect(whole.body.startsWith(stalled.body) && stalled.body.length < whole.body.length).toBe(
			true,
		);
		expect(stalled.firstBytesMs).toBeLessThan(300);
		expect(stalled.elapsedMs).toBeGreaterThanOrEqual(380);
		expect(stalled.elapsedMs).toBeLessThan(3000);
	});

	it('hangs 60 s by default, and stop() ends the stall at once', async () => {
		const { emu, token } = await startHarness({ backlog: 3 });
		emu.enqueueFaults(['stall-body']);
		expect(emu.describeFaults().queue).toEqual([{ kind: 'stall-body' }]);
		let settled = false;
		const pending = rawPost(emu, PATH, EVERYTHING, token).finally(() => (settled = true));
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(settled).toBe(false);
		const stopping = Date.now();
		await emu.stop();
		const result = await pending;
		expect([result.status, result.ending]).toEqual([200, 'aborted']);
		expect(result.body.length).toBeGreaterThan(0);
		expect(Date.now() - stopping).toBeLessThan(1000);
	});
});

describe('html-200 and wrong-shape-200', () => {
	it('html-200: a 200 that is a web page, like a captive portal', async () => {
		const { emu, token } = await startHarness({ backlog: 3 });
		emu.enqueueFaults(['html-200']);
		const portal = await post(emu, PATH, EVERYTHING, token);
		expect([portal.status, portal.headers.get('content-type'), portal.json]).toEqual([
			200,
			'text/html',
			undefined,
		]);
		expect(portal.text).toMatch(/^<!DOCTYPE html>/);
		expect((await page(emu, PATH, EVERYTHING, token)).items).toHaveLength(3);
		expect(emu.stats().eventsServed.total).toBe(3);
	});

	it('wrong-shape-200: valid JSON without items, cursor or has_more', async () => {
		const { emu, token } = await startHarness({ backlog: 3 });
		emu.enqueueFaults(['wrong-shape-200']);
		const wrong = await post(emu, '/api/v1/itemusages', EVERYTHING, token);
		expect([wrong.status, wrong.headers.get('content-type'), wrong.json]).toEqual([
			200,
			'application/json',
			{ data: [], next: null },
		]);
		expect(emu.stats().eventsServed.total).toBe(0);
	});
});

describe('malformed-records', () => {
	it('serves the normal page with null, a number, a string and an array mixed into items', async () => {
		const { emu, token } = await startHarness({ backlog: 25 });
		const normal = await page<Item>(emu, PATH, FIRST_PAGE, token);
		emu.enqueueFaults(['malformed-records']);
		const spoiled = await page<unknown>(emu, PATH, FIRST_PAGE, token);
		expect(spoiled.cursor).toBe(normal.cursor);
		expect(spoiled.has_more).toBe(true);
		const records = spoiled.items.filter(
			(entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry),
		);
		expect(records).toEqual(normal.items);
		const junk = spoiled.items.filter((entry) => !records.includes(entry));
		expect(junk).toEqual([null, expect.any(Number), expect.any(String), expect.any(Array)]);
		// Mixed in, not just appended: junk before the first record and between records.
		expect(spoiled.items[0]).toBeNull();
		expect(spoiled.items.at(-1)).toEqual(expect.any(Array));
		expect(spoiled.items.slice(1, -1).some((entry) => !records.includes(entry))).toBe(true);
		expect(emu.stats()).toMatchObject({
			eventsInPages: { itemusages: 20 },
			junkEntriesServed: { total: 4, itemusages: 4 },
		});
	});

	it('on an empty page, items are junk only', async () => {
		const { emu, token } = await startHarness();
		emu.enqueueFaults(['malformed-records']);
		expect((await page<unknown>(emu, '/api/v2/auditevents', {}, token)).items).toEqual([
			null,
			expect.any(Number),
			expect.any(String),
			expect.any(Array),
		]);
		expect(emu.stats().eventsServed.total).toBe(0);
	});
});
