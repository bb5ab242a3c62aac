import { NAMED_FAULT_PROFILES, type FaultSpec } from '../../emulator';
import { parseEmulatorCli } from '../../emulator/cli-options';
import { EVERYTHING, page, post, startHarness, stopAll } from './harness';
import { resilientDrain } from './resilient-client';

/** The faults of issue #11 about cursors and paging: refuse-cursor, empty-has-more with a count. */

afterEach(stopAll);

const PATH = '/api/v2/itemusages';

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

describe('refuse-cursor', () => {
	it('answers a cursor request 400 "Invalid cursor" in the endpoint\'s shape; the same cursor works next time', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		emu.enqueueFaults(['refuse-cursor', 'refuse-cursor']);
		// A reset request has no cursor to refuse: it is served, and the fault waits.
		const first = await page(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
		expect(first.items).toHaveLength(10);
		const refused = await post(emu, PATH, { cursor: first.cursor }, token);
		expect([refused.status, refused.json]).toEqual([
			400,
			{ status: 400, message: 'Invalid cursor' },
		]);
		const v1 = await post(emu, '/api/v1/itemusages', { cursor: first.cursor }, token);
		expect([v1.status, v1.json]).toEqual([400, { Error: { Message: 'Invalid cursor' } }]);
		expect((await page(emu, PATH, { cursor: first.cursor }, token)).items).toHaveLength(10);
		expect(emu.stats().faultsInjected).toEqual({ 'refuse-cursor': 2 });
	});

	it('is never drawn by a random profile for a reset request', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		emu.setFaultProfile({ probability: 1, kinds: ['refuse-cursor'] });
		const first = await page(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
		for (let i = 0; i < 3; i++)
			expect((await post(emu, PATH, { cursor: first.cursor }, token)).status).toBe(400);
		expect((await post(emu, PATH, EVERYTHING, token)).status).toBe(200);
		expect(emu.stats().faultsInjected).toEqual({ 'refuse-cursor': 3 });
	});
});

describe('empty-has-more with a count', () => {
	it('answers the next N requests with an empty "maybe more" page and the same cursor', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		const first = await page(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
		emu.enqueueFaults([{ kind: 'empty-has-more', count: 3 }, '500']);
		for (let remaining = 3; remaining > 0; remaining--) {
			expect(emu.describeFaults().queue).toEqual([
				{ kind: 'empty-has-more', count: remaining },
				{ kind: '500' },
			]);
			expect(await page(emu, PATH, { cursor: first.cursor }, token)).toEqual({
				items: [],
				cursor: first.cursor,
				has_more: true,
			});
		}
		expect((await post(emu, PATH, { cursor: first.cursor }, token)).status).toBe(500);
		expect((await page(emu, PATH, { cursor: first.cursor }, token)).items).toHaveLength(10);
		expect(emu.stats().faultsInjected).toEqual({ 'empty-has-more': 3, '500': 1 });
	});

	it('refuses a count on other kinds and counts below 1', async () => {
		const { emu } = await startHarness();
		expect(() => emu.enqueueFaults([{ kind: '500', count: 2 }])).toThrow(
			/count applies to empty-has-more/,
		);
		expect(() => emu.enqueueFaults([{ kind: 'empty-has-more', count: 0 }])).toThrow(/count/);
		expect(() => emu.enqueueFaults([{ kind: 'empty-has-more', count: 1.5 }])).toThrow(/count/);
		expect(() => emu.enqueueFaults([{ kind: 'stall-body', stallMs: -1 }])).toThrow(/stallMs/);
		expect(emu.describeFaults().queue).toEqual([]);
	});
});

describe('the new kinds through every door', () => {
	it('admin API: queued with their fields, echoed back, and served', async () => {
		const { emu, token } = await startHarness({ backlog: 30 });
		const queue: FaultSpec[] = [
			{ kind: 'html-200' },
			{ kind: 'empty-has-more', count: 2 },
			{ kind: 'stall-body', stallMs: 10 },
		];
		expect((await admin(emu.url, 'POST', '/admin/faults', { queue })).json).toEqual({
			queue,
			profile: null,
		});
		expect((await post(emu, PATH, EVERYTHING, token)).headers.get('content-type')).toBe(
			'text/html',
		);
		expect((await page(emu, PATH, EVERYTHING, token)).items).toEqual([]);
		expect((await admin(emu.url, 'GET', '/admin/faults')).json).toEqual({
			queue: [
				{ kind: 'empty-has-more', count: 1 },
				{ kind: 'stall-body', stallMs: 10 },
			],
			profile: null,
		});
		expect(
			(
				await admin(emu.url, 'POST', '/admin/faults', {
					queue: [{ kind: 'wrong-shape-200', count: 2 }],
				})
			).status,
		).toBe(400);
		const profile = await admin(emu.url, 'POST', '/admin/faults', {
			profile: { probability: 0.5, kinds: ['malformed-records', 'refuse-cursor'], stallMs: 5 },
		});
		expect(profile.json).toMatchObject({
			profile: { kinds: ['malformed-records', 'refuse-cursor'], stallMs: 5 },
		});
		expect(
			(await admin(emu.url, 'POST', '/admin/faults', { profile: 'bad-bodies' })).json,
		).toMatchObject({ profile: { probability: 0.2, stallMs: 30_000 } });
	});

	it("named profiles for the CLI; a profile's stallMs reaches stall-body", async () => {
		expect(parseEmulatorCli(['--faults', 'cursor-trouble'], {}).options.faultProfile).toEqual(
			NAMED_FAULT_PROFILES['cursor-trouble'],
		);
		expect(NAMED_FAULT_PROFILES['bad-bodies']?.kinds).toEqual(
			expect.arrayContaining([
				'drop-after-headers',
				'stall-body',
				'html-200',
				'wrong-shape-200',
				'malformed-records',
			]),
		);
		const { emu, token } = await startHarness({
			backlog: 3,
			faultProfile: { probability: 1, kinds: ['stall-body'], stallMs: 50 },
		});
		const started = Date.now();
		await expect(post(emu, PATH, EVERYTHING, token)).rejects.toThrow();
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('a random profile of only the new lossless kinds still delivers everything to a careful client', async () => {
		const { emu, token } = await startHarness({ backlog: 200 });
		emu.setFaultProfile({
			probability: 0.5,
			seed: 'new-kinds',
			stallMs: 2,
			kinds: [
				'drop-after-headers',
				'stall-body',
				'html-200',
				'wrong-shape-200',
				'malformed-records',
				'refuse-cursor',
			],
		});
		const { received, failures } = await resilientDrain(emu, token, { ...EVERYTHING, limit: 20 });
		expect(new Set(received.map((item) => item.uuid)).size).toBe(200);
		expect(received).toHaveLength(200);
		expect(failures).toBeGreaterThan(3);
		expect(Object.keys(emu.stats().faultsInjected).length).toBeGreaterThanOrEqual(5);
	});
});
