/**
 * What the user sees: filters, both output modes, Fetch Test Event, and the request budget,
 * with the real trigger against the emulator's realistic records.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../../tools/realPollContext';
import { SimulatedWorkflow, uuidsOf } from './simulatedN8n';

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ port: 0, seed: 'output', backlog: 0, rateLimit: false });
});

afterEach(async () => {
	await emu.stop();
});

describe('filters', () => {
	it('emits only matching events and still moves past the others', async () => {
		const flow = new SimulatedWorkflow(
			emu,
			{ eventTypes: ['itemUsages', 'signInAttempts'], filters: { itemUsageActions: ['export', 'reveal'], signInResult: 'failures' } },
			emu.issueToken(),
		);
		await flow.tick();
		const usages = emu.inject('itemusages', [{ action: 'export' }, { action: 'fill' }, { action: 'reveal' }, { action: 'brand-new-action' }]);
		const signIns = emu.inject('signinattempts', [
			{ category: 'success' },
			{ category: 'credentials_failed' },
			{ category: 'firewall_reported_success' },
			{ category: 'some_future_failure' },
		]);
		await flow.tick();
		expect(flow.delivered).toEqual([usages[0].uuid, usages[2].uuid, signIns[1].uuid, signIns[3].uuid]);
		emu.resetStats();
		expect(await flow.tick()).toBeNull();
		expect(emu.stats().eventsServed.total).toBe(0);
	});
});

describe('output modes', () => {
	it('raw keeps the record as 1Password sends it, plus event_type', async () => {
		const flow = new SimulatedWorkflow(emu, { eventTypes: ['auditEvents'] }, emu.issueToken());
		await flow.tick();
		const [record] = emu.inject('auditevents', { count: 1 });
		const result = await flow.tick();
		expect(result?.[0][0].json).toEqual({ ...record, event_type: 'auditEvent' });
	});

	it('simplified gives flat readable fields for each type', async () => {
		const flow = new SimulatedWorkflow(
			emu,
			{ eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'], output: 'simplified' },
			emu.issueToken(),
		);
		await flow.tick();
		const [usage] = emu.inject('itemusages', { count: 1 }) as IDataObject[];
		const [signIn] = emu.inject('signinattempts', { count: 1 }) as IDataObject[];
		const [audit] = emu.inject('auditevents', { count: 1 }) as IDataObject[];
		const items = (await flow.tick())?.[0].map((item) => item.json) ?? [];
		const user = usage.user as IDataObject;
		expect(items[0]).toMatchObject({
			uuid: usage.uuid,
			eventType: 'itemUsage',
			action: usage.action,
			userEmail: user.email,
			vaultUuid: usage.vault_uuid,
			ipAddress: (usage.client as IDataObject).ip_address,
		});
		expect(items[1]).toMatchObject({ uuid: signIn.uuid, eventType: 'signInAttempt', outcome: signIn.category });
		expect(typeof items[1].success).toBe('boolean');
		expect(items[2]).toMatchObject({
			uuid: audit.uuid,
			eventType: 'auditEvent',
			action: audit.action,
			objectType: audit.object_type,
			userEmail: (audit.actor_details as IDataObject).email,
		});
		for (const item of items) expect(Object.values(item).some((value) => typeof value === 'object' && value !== null)).toBe(false);
	});
});

describe('Fetch Test Event', () => {
	it('shows the newest events of the backlog and stores nothing', async () => {
		const backlog = await startEmulator({ port: 0, seed: 'manual', backlog: { itemusages: 3000 }, rateLimit: false });
		try {
			const staticData: IDataObject = {};
			const { context } = makePollContext({
				credential: { token: backlog.issueToken(), region: 'auto' },
				mode: 'manual',
				staticData,
			});
			const newest = backlog.inject('itemusages', { count: 2 });
			const result = await runPoll(context);
			expect(uuidsOf(newest).reverse()).toEqual(result?.[0].slice(0, 2).map((item) => item.json.uuid));
			expect(result?.[0]).toHaveLength(5);
			expect(staticData).toEqual({});
		} finally {
			await backlog.stop();
		}
	});
});

describe('request budget', () => {
	it('honours the API rate limit: a 429 with Retry-After beyond the poll is left for later polls, nothing lost', async () => {
		let now = Date.now();
		const limited = await startEmulator({
			port: 0,
			seed: 'limited',
			backlog: 0,
			now: () => now,
			rateLimit: { perMinute: 3, perHour: 1000, retryAfter: true },
		});
		try {
			const flow = new SimulatedWorkflow(limited, { startFrom: 'lookback', lookbackAmount: 1, options: { pageSize: 10 } }, limited.issueToken());
			const produced = uuidsOf(limited.inject('itemusages', { count: 45 }));
			for (let tick = 0; tick < 6 && flow.delivered.length < produced.length; tick++) {
				await flow.tick();
				now += 61_000; // the emulator's rate window moves on between cron ticks
			}
			expect(flow.delivered).toEqual(produced);
			expect(limited.stats().tooManyRequests.rateLimited).toBeGreaterThan(0);
			expect(flow.executions.length).toBeGreaterThan(1); // spread over several polls
		} finally {
			await limited.stop();
		}
	});
});
