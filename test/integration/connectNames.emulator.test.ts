/**
 * Vault and item names from 1Password Connect, with the real trigger and action node through
 * n8n-core's real contexts, against the emulator's Events API and its Connect endpoints over HTTP.
 * The oracle for names is the emulator's own directory; the oracle for delivery is the same
 * workflow without names: whatever Connect does, the same events arrive in the same order.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { forgetNames } from '../../nodes/OnePasswordEvents/shared/names';
import { logsOf, makeExecuteContext } from '../harness/n8n/executeContext';
import { OnePasswordEvents } from '../../nodes/OnePasswordEvents/OnePasswordEvents.node';
import { SimulatedWorkflow } from '../harness/n8n/simulatedWorkflow';

let emu: Emulator;
let token: string;

beforeEach(async () => {
	forgetNames();
	emu = await startEmulator({
		port: 0,
		seed: 'connect-names',
		backlog: 0,
		live: false,
		rateLimit: false,
	});
	token = emu.issueToken({ features: ['itemusages', 'signinattempts', 'auditevents'] });
});

afterEach(async () => {
	await emu.stop();
});

const SIMPLIFIED = { output: 'simplified', startFrom: 'now' };

function connectCredential(overrides: Record<string, string> = {}): Record<string, string> {
	return { serverUrl: emu.url, token: emu.connectToken, ...overrides };
}

function workflow(parameters: IDataObject, connect?: Record<string, string>, budgetMs = 30_000) {
	return new SimulatedWorkflow(emu, parameters, token, budgetMs, connect);
}

/** Activates a workflow ("now": the first poll only marks the start). */
async function activate(flow: SimulatedWorkflow): Promise<void> {
	expect(await flow.tick()).toBeNull();
}

function jsons(result: INodeExecutionData[][] | null): IDataObject[] {
	return (result?.[0] ?? []).map((item) => item.json);
}

function directory() {
	const view = emu.connectDirectory();
	const vaults = new Map(view.vaults.map((vault) => [vault.id.toLowerCase(), vault]));
	const items = new Map(view.items.map((item) => [item.id.toLowerCase(), item]));
	return { vaults, items };
}

function warnings(flow: SimulatedWorkflow): string[] {
	return flow.logs.filter((line) => line.level === 'warn').map((line) => line.message);
}

describe('names from a healthy Connect', () => {
	it('names item usages from shared vaults, leaves the unshared vault unnamed, warns once', async () => {
		const flow = workflow(
			{ ...SIMPLIFIED, eventTypes: ['itemUsages'], addNames: true },
			connectCredential(),
		);
		await activate(flow);
		emu.inject('itemusages', { count: 200 });
		const items = jsons(await flow.tick());
		expect(items).toHaveLength(200);
		const { vaults, items: titles } = directory();
		let named = 0;
		let unshared = 0;
		for (const item of items) {
			const vault = vaults.get(String(item.vaultUuid).toLowerCase());
			expect(vault).toBeDefined();
			if (vault?.shared) {
				named++;
				expect(item.vaultName).toBe(vault.name);
				const title = titles.get(String(item.itemUuid).toLowerCase())?.title;
				expect(item.itemTitle).toBe(title);
				expect(item.summary).toContain(`'${title}' in vault ${vault.name}`);
			} else {
				unshared++;
				expect(item.vaultName).toBeUndefined();
				expect(item.itemTitle).toBeUndefined();
				expect(item.summary).toContain(
					`item ${String(item.itemUuid)} in vault ${String(item.vaultUuid)}`,
				);
			}
		}
		// The emulator's defaults hide one vault from Connect: both cases occur.
		expect(named).toBeGreaterThan(0);
		expect(unshared).toBeGreaterThan(0);
		const warned = warnings(flow);
		expect(warned).toHaveLength(1);
		expect(warned[0]).toMatch(/Connect cannot see vault \w+/);

		// The next poll is served from the cache: no Connect request, no new warning.
		const before = JSON.stringify(emu.connectStats());
		emu.inject('itemusages', { count: 50 });
		const again = jsons(await flow.tick());
		expect(again.filter((item) => item.vaultName !== undefined).length).toBeGreaterThan(0);
		expect(JSON.stringify(emu.connectStats())).toBe(before);
		expect(warnings(flow)).toHaveLength(1);
	});

	it('names audit events on vaults and items; raw output and sign-ins carry no names', async () => {
		const flow = workflow(
			{ ...SIMPLIFIED, eventTypes: ['auditEvents', 'signInAttempts'], addNames: true },
			connectCredential(),
		);
		await activate(flow);
		emu.inject('auditevents', { count: 400 });
		emu.inject('signinattempts', { count: 20 });
		const items = jsons(await flow.tick());
		const { vaults } = directory();
		const onSharedVault = items.filter(
			(item) =>
				item.objectType === 'vault' && vaults.get(String(item.objectUuid).toLowerCase())?.shared,
		);
		expect(onSharedVault.length).toBeGreaterThan(0);
		for (const item of onSharedVault) {
			const name = vaults.get(String(item.objectUuid).toLowerCase())?.name;
			expect(item.vaultName).toBe(name);
			expect(item.summary).toContain(`vault ${name}`);
		}
		for (const item of items.filter((entry) => entry.eventType === 'signInAttempt')) {
			expect(item).not.toHaveProperty('vaultName');
		}

		const raw = workflow(
			{ startFrom: 'now', output: 'raw', eventTypes: ['itemUsages'], addNames: true },
			connectCredential(),
		);
		await activate(raw);
		emu.inject('itemusages', { count: 5 });
		for (const item of jsons(await raw.tick())) {
			expect(item).not.toHaveProperty('vaultName');
			expect(item).not.toHaveProperty('itemTitle');
		}
	});

	it('Event > Get Many adds names too', async () => {
		emu.inject('itemusages', { count: 30 });
		const context = makeExecuteContext({
			credential: { token, region: 'custom', customUrl: emu.url },
			connectCredential: connectCredential(),
			parameters: {
				resource: 'event',
				operation: 'getAll',
				eventType: 'itemUsages',
				returnAll: true,
				output: 'simplified',
				addNames: true,
			},
		});
		const [items] = await new OnePasswordEvents().execute.call(context);
		expect(items).toHaveLength(30);
		const { vaults } = directory();
		for (const { json } of items) {
			const vault = vaults.get(String(json.vaultUuid).toLowerCase());
			expect(json.vaultName).toBe(vault?.shared ? vault.name : undefined);
		}
		// The one vault Connect cannot see is reported once.
		const warned = logsOf(context).filter((line) => line.level === 'warn');
		expect(warned.map((line) => line.message)).toEqual([
			expect.stringMatching(/Connect cannot see vault \w+/),
		]);
	});
});

describe('a failing Connect never changes what is delivered', () => {
	type Setup = { name: string; prepare: () => void; credential: () => Record<string, string> };
	const setups: Setup[] = [
		{
			name: 'down (connection dropped)',
			prepare: () => emu.setConnectFault('down'),
			credential: () => connectCredential(),
		},
		{
			name: '401 (token refused)',
			prepare: () => emu.setConnectFault('unauthorized'),
			credential: () => connectCredential(),
		},
		{
			name: '404 (wrong address)',
			prepare: () => emu.setConnectFault('not-found'),
			credential: () => connectCredential(),
		},
		{
			name: '500',
			prepare: () => emu.setConnectFault('server-error'),
			credential: () => connectCredential(),
		},
		{
			name: 'slow (answers after 20 s)',
			prepare: () => emu.setConnectFault({ kind: 'slow', latencyMs: 20_000 }),
			credential: () => connectCredential(),
		},
		{
			name: 'no vault shared',
			prepare: () => emu.setConnectSharing(emu.connectDirectory().vaults.length),
			credential: () => connectCredential(),
		},
		{
			name: 'wrong token',
			prepare: () => undefined,
			credential: () => connectCredential({ token: 'not-the-connect-token' }),
		},
		{
			name: 'nothing listening',
			prepare: () => undefined,
			credential: () => connectCredential({ serverUrl: 'http://127.0.0.1:9' }),
		},
	];

	it.each(setups)(
		'$name: the same events, unnamed, one warning, within the poll budget',
		async (setup) => {
			setup.prepare();
			const budgetMs = 4_000;
			const named = workflow(
				{ ...SIMPLIFIED, eventTypes: ['itemUsages', 'auditEvents'], addNames: true },
				setup.credential(),
				budgetMs,
			);
			const plain = workflow(
				{ ...SIMPLIFIED, eventTypes: ['itemUsages', 'auditEvents'] },
				undefined,
				budgetMs,
			);
			await activate(named);
			await activate(plain);
			for (let poll = 0; poll < 2; poll++) {
				emu.inject('itemusages', { count: 40 });
				emu.inject('auditevents', { count: 40 });
				const started = Date.now();
				const withNames = jsons(await named.tick());
				const elapsed = Date.now() - started;
				const without = jsons(await plain.tick());
				// Everything is delivered, in the same order, with the same fields, minus names.
				expect(withNames.map((item) => item.uuid)).toEqual(without.map((item) => item.uuid));
				expect(withNames).toEqual(without);
				// The budget holds even when Connect would take 20 s (slack for a busy machine).
				expect(elapsed).toBeLessThan(budgetMs + 3_000);
			}
			const warned = warnings(named);
			expect(warned).toHaveLength(1);
			expect(warned[0]).toMatch(
				/^1Password Events: vault and item names left empty: .+The events are delivered without them\.$/,
			);
			expect(warnings(plain)).toEqual([]);
			const everything = JSON.stringify([
				named.logs,
				named.executions,
				named.persisted,
				named.memory,
			]);
			expect(everything).not.toContain(emu.connectToken);
			expect(everything).not.toContain('not-the-connect-token');
		},
	);

	it('names on without a Connect credential: events delivered, one warning saying what to do', async () => {
		const flow = workflow({ ...SIMPLIFIED, eventTypes: ['itemUsages'], addNames: true });
		await activate(flow);
		emu.inject('itemusages', { count: 10 });
		expect(jsons(await flow.tick())).toHaveLength(10);
		expect(warnings(flow)).toEqual([
			expect.stringContaining('no 1Password Connect API credential is selected'),
		]);
	});

	it('Connect down for hours: asked again every 5 minutes, one warning an hour', async () => {
		emu.setConnectFault('server-error');
		const flow = workflow(
			{ ...SIMPLIFIED, eventTypes: ['itemUsages'], addNames: true },
			connectCredential(),
		);
		await activate(flow);
		const realNow = Date.now.bind(Date);
		let skew = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
		const vaultListRequests = () => {
			const stats = emu.connectStats() as unknown as { byKind?: Record<string, unknown> };
			return JSON.stringify(stats);
		};
		try {
			const seen: string[] = [];
			// Polls every 3 minutes for 2 hours and a bit.
			for (let minute = 0; minute <= 126; minute += 3) {
				skew = minute * 60_000;
				emu.inject('itemusages', { count: 2 });
				expect(jsons(await flow.tick())).toHaveLength(2);
				seen.push(vaultListRequests());
			}
			// Connect was asked again after each backoff, not at every poll.
			const changes = seen.filter((stats, index) => index > 0 && stats !== seen[index - 1]).length;
			expect(changes).toBeGreaterThanOrEqual(20);
			expect(changes).toBeLessThan(seen.length - 1);
			// Minutes 0, 60 and 120 (or the first failure after each hour has passed).
			expect(warnings(flow)).toHaveLength(3);
		} finally {
			clock.mockRestore();
		}
	});

	it('Connect coming back: names return once the backoff has passed', async () => {
		emu.setConnectFault('down');
		const flow = workflow(
			{ ...SIMPLIFIED, eventTypes: ['itemUsages'], addNames: true },
			connectCredential(),
		);
		await activate(flow);
		emu.inject('itemusages', { count: 20 });
		expect(jsons(await flow.tick()).every((item) => item.vaultName === undefined)).toBe(true);
		emu.setConnectFault(null);
		const realNow = Date.now.bind(Date);
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 6 * 60_000);
		try {
			emu.inject('itemusages', { count: 20 });
			const items = jsons(await flow.tick());
			expect(items.some((item) => typeof item.vaultName === 'string')).toBe(true);
		} finally {
			clock.mockRestore();
		}
	});
});
