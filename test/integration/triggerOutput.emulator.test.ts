/**
 * What the user sees: filters, both output modes, Fetch Test Event, and the request budget,
 * with the real trigger against the emulator's realistic records.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../harness/n8n/pollContext';
import { SimulatedWorkflow, uuidsOf } from '../harness/n8n/simulatedWorkflow';

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
			{
				eventTypes: ['itemUsages', 'signInAttempts'],
				filters: { itemUsageActions: ['export', 'reveal'], signInResult: 'failures' },
			},
			emu.issueToken(),
		);
		await flow.tick();
		const usages = emu.inject('itemusages', [
			{ action: 'export' },
			{ action: 'fill' },
			{ action: 'reveal' },
			{ action: 'brand-new-action' },
		]);
		const signIns = emu.inject('signinattempts', [
			{ category: 'success' },
			{ category: 'credentials_failed' },
			{ category: 'firewall_reported_success' },
			{ category: 'some_future_failure' },
		]);
		await flow.tick();
		expect(flow.delivered).toEqual([
			usages[0].uuid,
			usages[2].uuid,
			signIns[1].uuid,
			signIns[3].uuid,
		]);
		// Every event read once, the filtered-out ones included (moved past, not re-read).
		expect(emu.stats().eventsInPages).toMatchObject({ itemusages: 4, signinattempts: 4, total: 8 });
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
		expect(items[1]).toMatchObject({
			uuid: signIn.uuid,
			eventType: 'signInAttempt',
			outcome: signIn.category,
		});
		expect(typeof items[1].success).toBe('boolean');
		expect(items[2]).toMatchObject({
			uuid: audit.uuid,
			eventType: 'auditEvent',
			action: audit.action,
			objectType: audit.object_type,
			userEmail: (audit.actor_details as IDataObject).email,
		});
		for (const item of items)
			expect(Object.values(item).some((value) => typeof value === 'object' && value !== null)).toBe(
				false,
			);
		expect(emu.stats().eventsInPages.total).toBe(3);
	});
});

describe('Fetch Test Event', () => {
	it('shows the newest events of the backlog and stores nothing', async () => {
		const backlog = await startEmulator({
			port: 0,
			seed: 'manual',
			backlog: { itemusages: 3000 },
			rateLimit: false,
		});
		try {
			const staticData: IDataObject = {};
			const { context } = makePollContext({
				credential: { token: backlog.issueToken(), region: 'custom', customUrl: backlog.url },
				mode: 'manual',
				staticData,
			});
			const newest = backlog.inject('itemusages', { count: 2 });
			const result = await runPoll(context);
			expect(uuidsOf(newest).reverse()).toEqual(
				result?.[0].slice(0, 2).map((item) => item.json.uuid),
			);
			expect(result?.[0]).toHaveLength(5);
			expect(staticData).toEqual({});
		} finally {
			await backlog.stop();
		}
	});
});

describe('request budget', () => {
	it('honours the API rate limit: a 429 with Retry-After is a pause for the token, no request before it passes, nothing lost', async () => {
		// The Retry-After hold is kept in real time by the trigger; the emulator's rate window in its
		// own clock. Both read one clock here, which the test moves on between cron ticks.
		const realNow = Date.now;
		let skew = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
		const limited = await startEmulator({
			port: 0,
			seed: 'limited',
			backlog: 0,
			now: () => Date.now(),
			rateLimit: { perMinute: 3, perHour: 1000, retryAfter: true },
		});
		try {
			const token = limited.issueToken();
			const parameters = { startFrom: 'lookback', lookbackAmount: 1, options: { pageSize: 10 } };
			const flow = new SimulatedWorkflow(limited, parameters, token);
			const produced = uuidsOf(limited.inject('itemusages', { count: 45 }));

			// Three pages, then a 429 asking for about a minute: more than the poll may wait. The poll
			// keeps what it took and pauses; it does not fail.
			await flow.tick();
			expect(flow.delivered).toEqual(produced.slice(0, 30));
			expect(limited.stats().tooManyRequests.rateLimited).toBe(1);
			expect(flow.logs.map((line) => line.message).join('\n')).toMatch(
				/Paused fetching item usages: 1Password asked to wait until .* \(Retry-After\)/,
			);

			// Before the wait is over, no request for this token: not from this workflow (three polls,
			// where a failure would be surfaced), nor from another one using the same token.
			const requestsBefore = limited.stats().requests.total;
			skew += 20_000; // the wait ends later than these polls could wait (30 s each)
			for (let tick = 0; tick < 3; tick++) expect(await flow.tick()).toBeNull();
			const sameToken = new SimulatedWorkflow(limited, parameters, token);
			expect(await sameToken.tick()).toBeNull();
			expect(limited.stats().requests.total).toBe(requestsBefore);
			expect(
				flow.logs
					.filter((line) => line.level === 'warn')
					.map((line) => line.message)
					.join('\n'),
			).not.toMatch(/rate limiting/);

			// Once it has passed, the rest follows, exactly once, read once.
			skew += 41_000;
			await flow.tick();
			expect(flow.delivered).toEqual(produced);
			expect(flow.executions.length).toBe(2);
			expect(limited.stats().tooManyRequests.rateLimited).toBe(1);
			expect(limited.stats().eventsInPages.itemusages).toBe(45);
		} finally {
			clock.mockRestore();
			await limited.stop();
		}
	});
});
