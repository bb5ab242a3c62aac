/**
 * The 1Password Events action node, run through n8n-core's real ExecuteContext against the
 * emulator over HTTP: ranges, paging across many pages, limits, filters, output, errors, token info.
 */
import type { IDataObject, IPairedItemData } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { runExecute } from '../harness/n8n/executeContext';

let emu: Emulator;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
	// 3,500 item usages spread over the last 7 days; nothing else.
	emu = await startEmulator({
		port: 0,
		seed: 'action',
		backlog: { itemusages: 3500 },
		rateLimit: false,
	});
});

afterEach(async () => {
	await emu.stop();
});

/** The emulator is reached through Custom URL: its tokens name 127.0.0.1:<port>, not a 1Password host. */
const credential = (token = emu.issueToken()) => ({ token, region: 'custom', customUrl: emu.url });
const getMany = (parameters: IDataObject) => ({
	resource: 'event',
	operation: 'getAll',
	eventType: 'itemUsages',
	...parameters,
});

describe('Event > Get Many', () => {
	it('returns every event of the range across many pages, in arrival order, paired with its input', async () => {
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({ startTime: iso(Date.now() - 8 * 24 * HOUR), returnAll: true }),
		});
		expect(items).toHaveLength(3500);
		expect(new Set(items.map((item) => item.json.uuid)).size).toBe(3500);
		expect(
			items.every(
				(item) =>
					item.json.event_type === 'itemUsage' && (item.pairedItem as IPairedItemData).item === 0,
			),
		).toBe(true);
		expect(emu.stats().requests.byPath['/api/v2/itemusages'].total).toBe(4);
		expect(emu.stats().eventsInPages.itemusages).toBe(3500); // each event served once
	});

	it.each([
		['drop-after-headers'],
		['html-200'],
		['wrong-shape-200'],
		['malformed-records'],
	] as const)(
		'%s on a page mid-range: every event once, and no page read twice (a cut page is asked for again, junk entries are skipped)',
		async (kind) => {
			// The first page is served normally; the fault meets the first cursor request.
			emu.enqueueFaults([{ kind: 'latency', latencyMs: 1 }, { kind }]);
			const items = await runExecute({
				credential: credential(),
				parameters: getMany({ startTime: iso(Date.now() - 8 * 24 * HOUR), returnAll: true }),
			});
			expect(items).toHaveLength(3500);
			expect(new Set(items.map((item) => item.json.uuid)).size).toBe(3500);
			const stats = emu.stats();
			expect(stats.faultsInjected[kind]).toBe(1);
			expect(stats.eventsInPages.itemusages).toBe(3500);
			expect(stats.eventsRedelivered.itemusages).toBe(0);
			if (kind === 'malformed-records')
				expect(stats.junkEntriesServed.itemusages).toBeGreaterThan(0);
		},
	);

	it('fails, rather than restarts, when 1Password refuses its paging cursor', async () => {
		emu.enqueueFaults(['refuse-cursor']);
		const parameters = getMany({ startTime: iso(Date.now() - 8 * 24 * HOUR), returnAll: true });
		await expect(runExecute({ credential: credential(), parameters })).rejects.toThrow(
			/1Password stopped accepting the paging cursor while reading item usages/,
		);
		// The first page came with a reset body; the refused cursor request was the last one sent.
		expect(emu.stats().requests.byPath['/api/v2/itemusages']).toEqual({
			total: 2,
			byStatus: { '200': 1, '400': 1 },
		});
		expect(emu.stats().faultsInjected['refuse-cursor']).toBe(1);
	});

	it("refuses Automatic region with a token that names no 1Password host (the emulator's), before any request", async () => {
		await expect(
			runExecute({
				credential: { token: emu.issueToken(), region: 'auto' },
				parameters: getMany({ limit: 5 }),
			}),
		).rejects.toThrow(/not one of 1Password's Events API hosts[\s\S]*Set Region[\s\S]*Custom URL/);
		expect(emu.stats().requests.total).toBe(0);
	});

	it('keeps to the time range', async () => {
		const start = Date.now() - 48 * HOUR;
		const end = Date.now() - 24 * HOUR;
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({ startTime: iso(start), endTime: iso(end), returnAll: true }),
		});
		expect(items.length).toBeGreaterThan(400);
		expect(items.length).toBeLessThan(600);
		for (const item of items) {
			const at = Date.parse(item.json.timestamp as string);
			expect(at).toBeGreaterThanOrEqual(Math.floor(start / 1000) * 1000);
			expect(at).toBeLessThanOrEqual(Math.ceil(end / 1000) * 1000); // whole seconds, end rounded up
		}
	});

	it('asks for no more than the limit, plus one event to know whether more match', async () => {
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({ startTime: iso(Date.now() - 8 * 24 * HOUR), limit: 10 }),
		});
		expect(items).toHaveLength(10);
		// One request of Limit + 1: the eleventh event says "more match" and is not returned.
		expect(emu.stats().eventsServed.total).toBe(11);
		expect(emu.stats().requests.byPath['/api/v2/itemusages'].total).toBe(1);
	});

	it('with filters reads on until the limit is met, in the simplified output', async () => {
		const alice = emu.inject('itemusages', [
			{ action: 'export' },
			{ action: 'export' },
			{ action: 'export' },
		])[0] as IDataObject;
		const email = (alice.user as IDataObject).email as string;
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({
				startTime: iso(Date.now() - 8 * 24 * HOUR),
				limit: 2,
				output: 'simplified',
				filters: { itemUsageActions: ['export'], userEmails: email },
			}),
		});
		expect(items).toHaveLength(2);
		for (const item of items)
			expect(item.json).toMatchObject({
				eventType: 'itemUsage',
				action: 'export',
				userEmail: email,
			});
	});

	it('runs once per input item', async () => {
		const items = await runExecute({
			credential: credential(),
			parameters: getMany({
				startTime: iso(Date.now() - 8 * 24 * HOUR),
				limit: '={{ $json.howMany }}',
			}),
			input: [{ howMany: 2 }, { howMany: 3 }],
		});
		expect(items.map((item) => (item.pairedItem as IPairedItemData).item)).toEqual([0, 0, 1, 1, 1]);
	});

	it.each([
		[{ startTime: iso(Date.now() - 121 * 24 * HOUR) }, /more than 120 days ago/],
		[
			{ startTime: iso(Date.now() - HOUR), endTime: iso(Date.now() - 2 * HOUR) },
			/must be after Start Time/,
		],
		[{ startTime: 'last tuesday' }, /Start Time "last tuesday" is not a date/],
		[{ limit: 0 }, /Limit must be a whole number from 1/],
		[{ filters: { vaultUuids: 'not-a-vault' } }, /Vault UUIDs filter: "not-a-vault" is not valid/],
	])('refuses %p with a clear message', async (parameters, message) => {
		await expect(
			runExecute({ credential: credential(), parameters: getMany(parameters) }),
		).rejects.toThrow(message);
		expect(emu.stats().requests.total).toBe(0);
	});

	it('explains a revoked token, and with Continue On Fail returns it as an item', async () => {
		const token = emu.issueToken();
		emu.revokeToken(token);
		const parameters = getMany({});
		await expect(runExecute({ credential: credential(token), parameters })).rejects.toThrow(
			/rejected the token when fetching item usages \(401\)/,
		);
		const items = await runExecute({
			credential: credential(token),
			parameters,
			continueOnFail: true,
		});
		expect(items[0].json.error).toMatch(/rejected the token/);
		expect(JSON.stringify(items)).not.toContain(token.split('.')[1]);
	});

	it('Return All refuses, rather than silently cuts, a range over 100,000 matching events', async () => {
		const big = await startEmulator({
			port: 0,
			seed: 'big',
			backlog: { auditevents: 100_001 },
			backlogSpanMs: 2 * HOUR,
			rateLimit: false,
		});
		try {
			await expect(
				runExecute({
					credential: { token: big.issueToken(), region: 'custom', customUrl: big.url },
					parameters: getMany({
						eventType: 'auditEvents',
						startTime: iso(Date.now() - 3 * HOUR),
						returnAll: true,
					}),
				}),
			).rejects.toThrow(/more than 100000 matching audit events/);
		} finally {
			await big.stop();
		}
		// 100,001 events over real HTTP: seconds here, more on a slow or busy machine.
	}, 120_000);
});

describe('Token > Get Info', () => {
	it('tells what the token may read, and never returns the token', async () => {
		const token = emu.issueToken({
			features: ['itemusages', 'auditevents'],
			expiresInSeconds: 30 * 86_400,
		});
		const [item] = await runExecute({
			credential: credential(token),
			parameters: { resource: 'token', operation: 'getInfo' },
		});
		expect(item.json).toMatchObject({
			features: ['itemusages', 'auditevents'],
			canRead: { itemUsages: true, signInAttempts: false, auditEvents: true },
			eventTypes: ['Item Usages', 'Audit Events'],
			accountUuid: emu.accountUuid,
		});
		expect(
			Math.abs(Date.parse(item.json.expiresAt as string) - (Date.now() + 30 * 86_400_000)),
		).toBeLessThan(60_000);
		// 30 days from issue, a moment later: 29 whole days left (rounded down).
		expect(item.json.daysLeft).toBe(29);
		for (const part of token.split('.')) expect(JSON.stringify(item.json)).not.toContain(part);
	});

	it('gives no expiry and no days left for a token that never expires', async () => {
		const [item] = await runExecute({
			credential: credential(emu.issueToken()),
			parameters: { resource: 'token', operation: 'getInfo' },
		});
		expect(item.json).toMatchObject({ expiresAt: null, daysLeft: null });
	});
});
