import fc from 'fast-check';

import { NameDirectory } from '../../nodes/OnePasswordEvents/shared/nameDirectory';
import type {
	DirectoryLimits,
	NameSource,
	WantedNames,
} from '../../nodes/OnePasswordEvents/shared/nameDirectory';
import { ConnectFailure } from '../../nodes/OnePasswordEvents/transport/connect';

/**
 * A Connect stand-in with a clock: vaults of items, requests counted, failures on demand. Ids are
 * matched whatever their case, as 1Password's ids are case-insensitive base32.
 */
class FakeConnect implements NameSource {
	calls: string[] = [];
	timeouts: number[] = [];
	failWith?: ConnectFailure;
	/** Time a request takes, on the fake clock. */
	latencyMs = 0;

	constructor(
		public vaults: Record<string, { name: string; items: Record<string, string> }>,
		private readonly clock: { now: number },
	) {}

	private async answer<T>(call: string, timeoutMs: number, value: () => T): Promise<T> {
		this.calls.push(call);
		this.timeouts.push(timeoutMs);
		this.clock.now += Math.min(this.latencyMs, timeoutMs);
		if (this.latencyMs > timeoutMs)
			throw new ConnectFailure('timeout', 'Connect did not answer in time');
		if (this.failWith) throw this.failWith;
		return value();
	}

	async listVaults(timeoutMs: number): Promise<unknown[]> {
		return await this.answer('vaults', timeoutMs, () =>
			Object.entries(this.vaults).map(([id, vault]) => ({ id, name: vault.name })),
		);
	}

	async listItems(vaultId: string, timeoutMs: number): Promise<unknown[]> {
		return await this.answer(`items:${vaultId}`, timeoutMs, () =>
			Object.entries(this.vaults[vaultId.toLowerCase()]?.items ?? {}).map(([id, title]) => ({
				id,
				title,
				vault: { id: vaultId },
			})),
		);
	}
}

const LIMITS: DirectoryLimits = {
	maxTitles: 10,
	refreshMs: 15 * 60_000,
	unknownItemRefetchMs: 60_000,
	failureBackoffMs: 5 * 60_000,
	timeoutBackoffMs: 60_000,
};

function wanted(entries: Array<[string, string[], boolean?]>): WantedNames {
	return new Map(
		entries.map(([vault, items, surely]) => [
			vault,
			{ items: new Set(items), surelyVault: !!surely },
		]),
	);
}

function setup(limits: DirectoryLimits = LIMITS) {
	const clock = { now: Date.parse('2026-12-02T00:00:00Z') };
	const connect = new FakeConnect(
		{
			vaultfinance: { name: 'Finance', items: { item1: 'AWS root', item2: 'Stripe API key' } },
			vaultops: { name: 'Ops', items: { item3: 'Grafana admin' } },
		},
		clock,
	);
	const directory = new NameDirectory(limits);
	const prepare = async (want: WantedNames, budgetMs = 10_000) =>
		await directory.prepare(connect, want, clock.now + budgetMs, () => clock.now);
	return { clock, connect, directory, prepare };
}

describe('NameDirectory', () => {
	it('names vaults and items from the vault list and the item overviews', async () => {
		const { directory, prepare, connect } = setup();
		const problems = await prepare(wanted([['vaultfinance', ['item1'], true]]));
		expect(problems).toEqual([]);
		expect(directory.vaultName('vaultfinance')).toBe('Finance');
		expect(directory.itemTitle('vaultfinance', 'item1')).toBe('AWS root');
		expect(directory.itemTitle('vaultfinance', 'nope')).toBeUndefined();
		// Only the vault that was asked about had its items listed.
		expect(connect.calls).toEqual(['vaults', 'items:vaultfinance']);
	});

	it('matches ids whatever their case', async () => {
		const { directory, prepare } = setup();
		await prepare(wanted([['VAULTFINANCE', ['ITEM2'], true]]));
		expect(directory.itemTitle('VaultFinance', 'Item2')).toBe('Stripe API key');
	});

	it('serves from the cache until the refresh interval, then asks again', async () => {
		const { prepare, connect, clock, directory } = setup();
		const want = wanted([['vaultfinance', ['item1'], true]]);
		await prepare(want);
		clock.now += LIMITS.refreshMs - 1;
		await prepare(want);
		expect(connect.calls).toHaveLength(2);
		connect.vaults.vaultfinance.name = 'Finance (renamed)';
		connect.vaults.vaultfinance.items.item1 = 'AWS root (old)';
		clock.now += 1;
		await prepare(want);
		expect(connect.calls).toEqual(['vaults', 'items:vaultfinance', 'vaults', 'items:vaultfinance']);
		expect(directory.vaultName('vaultfinance')).toBe('Finance (renamed)');
		expect(directory.itemTitle('vaultfinance', 'item1')).toBe('AWS root (old)');
	});

	it('lists a vault again for an item it lacks, at most once a minute', async () => {
		const { prepare, connect, clock, directory } = setup();
		await prepare(wanted([['vaultfinance', ['item1'], true]]));
		connect.vaults.vaultfinance.items.item9 = 'New item';
		await prepare(wanted([['vaultfinance', ['item9'], true]]));
		expect(directory.itemTitle('vaultfinance', 'item9')).toBeUndefined();
		clock.now += LIMITS.unknownItemRefetchMs;
		await prepare(wanted([['vaultfinance', ['item9'], true]]));
		expect(directory.itemTitle('vaultfinance', 'item9')).toBe('New item');
		expect(connect.calls.filter((call) => call === 'items:vaultfinance')).toHaveLength(2);
	});

	it('reports a vault Connect cannot see once, and names nothing in it', async () => {
		const { prepare, directory } = setup();
		const first = await prepare(wanted([['vaultprivate', ['item7'], true]]));
		expect(first).toHaveLength(1);
		expect(first[0].kind).toBe('forbidden');
		expect(first[0].message).toContain('vaultprivate');
		expect(directory.vaultName('vaultprivate')).toBeUndefined();
		expect(await prepare(wanted([['vaultprivate', ['item7'], true]]))).toEqual([]);
	});

	it('does not report an id that only might be a vault (an audit aux id)', async () => {
		const { prepare } = setup();
		expect(await prepare(wanted([['notavault', ['item7'], false]]))).toEqual([]);
	});

	it('after a failure keeps the old names and waits before asking again', async () => {
		const { prepare, connect, clock, directory } = setup();
		const want = wanted([['vaultfinance', ['item1'], true]]);
		await prepare(want);
		clock.now += LIMITS.refreshMs;
		connect.failWith = new ConnectFailure('unreachable', 'could not reach Connect');
		const problems = await prepare(want);
		expect(problems.map((problem) => problem.kind)).toEqual(['unreachable', 'unreachable']);
		expect(directory.vaultName('vaultfinance')).toBe('Finance');
		expect(directory.itemTitle('vaultfinance', 'item1')).toBe('AWS root');
		const calls = connect.calls.length;
		clock.now += LIMITS.failureBackoffMs - 1;
		expect(await prepare(want)).toEqual([]);
		expect(connect.calls).toHaveLength(calls);
		connect.failWith = undefined;
		clock.now += 1;
		await prepare(want);
		expect(connect.calls.length).toBeGreaterThan(calls);
	});

	it('after a timeout asks again after a minute, not five', async () => {
		const { prepare, connect, clock, directory } = setup();
		connect.latencyMs = 20_000;
		const want = wanted([['vaultfinance', ['item1'], true]]);
		expect((await prepare(want, 5_000)).map((problem) => problem.kind)).toEqual(['timeout']);
		connect.latencyMs = 0;
		clock.now += LIMITS.timeoutBackoffMs - 1;
		await prepare(want);
		expect(directory.vaultName('vaultfinance')).toBeUndefined();
		clock.now += 1;
		await prepare(want);
		expect(directory.itemTitle('vaultfinance', 'item1')).toBe('AWS root');
	});

	it('starts no request without time left, and never grants one more time than is left', async () => {
		const { prepare, connect, directory } = setup();
		await prepare(wanted([['vaultfinance', ['item1'], true]]), 100);
		expect(connect.calls).toEqual([]);
		expect(directory.vaultName('vaultfinance')).toBeUndefined();
		connect.latencyMs = 3_000;
		const problems = await prepare(
			wanted([
				['vaultfinance', ['item1'], true],
				['vaultops', ['item3'], true],
			]),
			5_000,
		);
		// The vault list took 3 s of the 5; the first vault's items timed out in the 2 s left.
		expect(connect.timeouts).toEqual([5_000, 2_000]);
		expect(problems.map((problem) => problem.kind)).toEqual(['timeout']);
	});

	it('keeps at most maxTitles titles, dropping the least recently used vaults', async () => {
		const limits = { ...LIMITS, maxTitles: 5 };
		const clock = { now: 0 };
		const vaults: Record<string, { name: string; items: Record<string, string> }> = {};
		for (const vault of ['a', 'b', 'c'])
			vaults[vault] = {
				name: vault.toUpperCase(),
				items: { [`${vault}1`]: `${vault} one`, [`${vault}2`]: `${vault} two` },
			};
		const connect = new FakeConnect(vaults, clock);
		const directory = new NameDirectory(limits);
		const prepare = async (vault: string) =>
			await directory.prepare(
				connect,
				wanted([[vault, [`${vault}1`], true]]),
				10_000,
				() => clock.now,
			);
		await prepare('a');
		await prepare('b');
		await prepare('a'); // a is now the most recently used
		await prepare('c');
		expect(directory.cachedTitles).toBeLessThanOrEqual(5);
		expect(directory.itemTitle('a', 'a1')).toBe('a one');
		expect(directory.itemTitle('c', 'c1')).toBe('c one');
		expect(directory.itemTitle('b', 'b1')).toBeUndefined();
	});

	it('keeps only the asked-for titles of a vault larger than the whole bound', async () => {
		const clock = { now: 0 };
		const items: Record<string, string> = {};
		for (let index = 0; index < 50; index++) items[`i${index}`] = `Title ${index}`;
		const connect = new FakeConnect({ big: { name: 'Big', items } }, clock);
		const directory = new NameDirectory({ ...LIMITS, maxTitles: 10 });
		await directory.prepare(connect, wanted([['big', ['i42', 'i7'], true]]), 10_000, () => 0);
		expect(directory.itemTitle('big', 'i42')).toBe('Title 42');
		expect(directory.itemTitle('big', 'i7')).toBe('Title 7');
		expect(directory.cachedTitles).toBe(2);
	});

	it('ignores malformed entries in Connect answers', async () => {
		const clock = { now: 0 };
		const connect = new FakeConnect({}, clock);
		connect.listVaults = async () => [
			null,
			5,
			{ id: 7, name: 'x' },
			{ id: 'v1' },
			{ id: 'v2', name: ' Two ' },
		];
		connect.listItems = async () => [
			{ id: 'i1', title: '' },
			{ title: 'no id' },
			{ id: 'i2', title: 'Ok' },
		];
		const directory = new NameDirectory(LIMITS);
		await directory.prepare(connect, wanted([['v2', ['i1', 'i2'], true]]), 10_000, () => 0);
		expect(directory.vaultName('v1')).toBeUndefined();
		expect(directory.vaultName('v2')).toBe('Two');
		expect(directory.itemTitle('v2', 'i1')).toBeUndefined();
		expect(directory.itemTitle('v2', 'i2')).toBe('Ok');
	});

	it('property: the bound holds and every name given is the one Connect holds', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 30 }),
				fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 20 })), {
					minLength: 1,
					maxLength: 60,
				}),
				async (maxTitles, asks) => {
					const clock = { now: 0 };
					const vaults: Record<string, { name: string; items: Record<string, string> }> = {};
					for (let vault = 0; vault < 8; vault++) {
						const items: Record<string, string> = {};
						for (let item = 0; item < vault * 3; item++)
							items[`v${vault}i${item}`] = `T${vault}.${item}`;
						vaults[`v${vault}`] = { name: `Vault ${vault}`, items };
					}
					const connect = new FakeConnect(vaults, clock);
					const directory = new NameDirectory({ ...LIMITS, maxTitles });
					for (const [vault, item] of asks) {
						clock.now += 1000;
						await directory.prepare(
							connect,
							wanted([[`v${vault}`, [`v${vault}i${item}`], true]]),
							clock.now + 10_000,
							() => clock.now,
						);
						expect(directory.cachedTitles).toBeLessThanOrEqual(maxTitles);
						const title = directory.itemTitle(`v${vault}`, `v${vault}i${item}`);
						// Named when it exists, and then with the title Connect holds.
						expect(title).toBe(vaults[`v${vault}`].items[`v${vault}i${item}`]);
					}
				},
			),
			{ numRuns: 100 },
		);
	});
});
