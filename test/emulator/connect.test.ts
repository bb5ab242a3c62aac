import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { parseEmulatorCli } from '../../emulator/cli-options';
import { spawnCli } from './cli-process';
import { EVERYTHING, get, page, post, startHarness, stopAll, type HttpResult } from './harness';

afterEach(stopAll);

/**
 * The emulated 1Password Connect API: real HTTP against a started emulator, as a node that
 * looks up vault names and item titles would use it.
 */

interface VaultBody {
	id: string;
	name: string;
	[key: string]: unknown;
}

interface ItemBody {
	id: string;
	title: string;
	vault: { id: string };
	[key: string]: unknown;
}

interface ItemUsage {
	vault_uuid: string;
	item_uuid: string;
}

const UNAUTHORIZED = { status: 401, message: 'Invalid token signature' };
const NOT_SHARED = { status: 403, message: 'Authorization: token does not have access to vault' };

function connectGet(emu: Emulator, path: string, token: string | null = emu.connectToken) {
	return get(emu, path, token);
}

async function vaultList(emu: Emulator): Promise<VaultBody[]> {
	const result = await connectGet(emu, '/v1/vaults');
	expect(result.status).toBe(200);
	return result.json as VaultBody[];
}

async function itemsOf(emu: Emulator, vaultId: string): Promise<ItemBody[]> {
	const result = await connectGet(emu, `/v1/vaults/${vaultId}/items`);
	expect(result.status).toBe(200);
	return result.json as ItemBody[];
}

/** Keys an overview must never carry: what full items and their fields hold. */
const SECRET_LOOKING = /^(fields|sections|files|value|password|secret|totp|otp|notesPlain|urls)$/i;

/** Every key of a JSON value, nested ones included. */
function keysOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(keysOf);
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]);
}

/** The server records a request when its socket has closed, which may be after the client saw it. */
async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}

function expectPlainNotFound(result: HttpResult): void {
	expect([result.status, result.headers.get('content-type'), result.text]).toEqual([
		404,
		'text/plain; charset=utf-8',
		'404 page not found\n',
	]);
}

describe('vaults', () => {
	it('lists only the vaults shared with Connect, with names, in Connect’s shape', async () => {
		const { emu } = await startHarness();
		const directory = emu.connectDirectory();
		expect(directory.vaults).toHaveLength(6);
		expect(directory.vaults.map((vault) => vault.shared)).toEqual([
			true,
			true,
			true,
			true,
			true,
			false,
		]);

		const vaults = await vaultList(emu);
		expect(vaults.map((vault) => [vault.id, vault.name])).toEqual(
			directory.vaults
				.filter((vault) => vault.shared)
				.map((vault) => [vault.connectId, vault.name]),
		);
		for (const vault of vaults) {
			expect(vault).toEqual({
				id: expect.stringMatching(/^[a-z2-7]{26}$/),
				name: expect.any(String),
				description: expect.any(String),
				attributeVersion: expect.any(Number),
				contentVersion: expect.any(Number),
				items: expect.any(Number),
				type: 'USER_CREATED',
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
				updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			});
			expect(Date.parse(vault.updatedAt as string)).toBeGreaterThanOrEqual(
				Date.parse(vault.createdAt as string),
			);
		}
		expect(new Set(vaults.map((vault) => vault.name)).size).toBe(vaults.length);
	});

	it('answers one vault by id, in either letter case', async () => {
		const { emu } = await startHarness();
		const [first] = await vaultList(emu);
		const one = await connectGet(emu, `/v1/vaults/${first.id}`);
		expect([one.status, one.headers.get('content-type'), one.json]).toEqual([
			200,
			'application/json',
			first,
		]);
		expect((await connectGet(emu, `/v1/vaults/${first.id.toUpperCase()}`)).json).toEqual(first);
	});

	it('403 for a vault that is not shared, 404 for an unknown one, 400 for a malformed id', async () => {
		const { emu } = await startHarness();
		const unshared = emu.connectDirectory().vaults.find((vault) => !vault.shared);
		expect(unshared).toBeDefined();
		for (const path of [`/v1/vaults/${unshared?.id}`, `/v1/vaults/${unshared?.connectId}/items`]) {
			const refused = await connectGet(emu, path);
			expect([refused.status, refused.json]).toEqual([403, NOT_SHARED]);
		}

		const unknown = 'abcdefghijklmnopqrstuvwxyz';
		for (const path of [`/v1/vaults/${unknown}`, `/v1/vaults/${unknown}/items`]) {
			const missing = await connectGet(emu, path);
			expect([missing.status, missing.json]).toEqual([
				404,
				{ status: 404, message: `vault ${unknown} not found` },
			]);
		}

		const malformed = await connectGet(emu, '/v1/vaults/Finance/items');
		expect([malformed.status, malformed.json]).toEqual([
			400,
			{ status: 400, message: 'Invalid Vault UUID' },
		]);
	});

	it('filters by name eq "…" (and answers 400 to a filter it cannot read)', async () => {
		const { emu } = await startHarness();
		const [, second] = await vaultList(emu);
		const filter = encodeURIComponent(`name eq "${second.name}"`);
		expect((await connectGet(emu, `/v1/vaults?filter=${filter}`)).json).toEqual([second]);
		expect(
			(await connectGet(emu, `/v1/vaults?filter=${encodeURIComponent('name eq "No such"')}`)).json,
		).toEqual([]);
		const bad = await connectGet(emu, `/v1/vaults?filter=${encodeURIComponent('name co "x"')}`);
		expect([bad.status, bad.json]).toEqual([400, { status: 400, message: 'Invalid filter' }]);
	});

	it('setConnectSharing changes which vaults Connect sees, at once', async () => {
		const { emu } = await startHarness({ connect: { unsharedVaults: 0 } });
		expect(await vaultList(emu)).toHaveLength(6);
		emu.setConnectSharing(3);
		const vaults = await vaultList(emu);
		expect(vaults.map((vault) => vault.id)).toEqual(
			emu
				.connectDirectory()
				.vaults.slice(0, 3)
				.map((vault) => vault.connectId),
		);
		expect(emu.connectDirectory().vaults.map((vault) => vault.shared)).toEqual([
			true,
			true,
			true,
			false,
			false,
			false,
		]);
		emu.setConnectSharing(6);
		expect(await vaultList(emu)).toEqual([]);
		expect(() => emu.setConnectSharing(7)).toThrow(/between 0 and 6/);
		expect(() => emu.setConnectSharing(1.5)).toThrow();
		expect(await vaultList(emu)).toEqual([]);
	});
});

describe('items', () => {
	it('resolve the vault and item ids of generated item usages (except in unshared vaults)', async () => {
		const { emu, token } = await startHarness({ backlog: { itemusages: 600 } });
		const events = (await page<ItemUsage>(emu, '/api/v2/itemusages', EVERYTHING, token)).items;
		expect(events).toHaveLength(600);

		const titles = new Map<string, string>();
		for (const vault of await vaultList(emu)) {
			const items = await itemsOf(emu, vault.id);
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) {
				expect(item.vault).toEqual({ id: vault.id });
				titles.set(item.id, item.title);
			}
		}
		const directory = emu.connectDirectory();
		const shared = new Set(directory.vaults.filter((v) => v.shared).map((v) => v.id));
		let resolved = 0;
		let inUnshared = 0;
		for (const event of events) {
			// Connect writes ids in lower case; the Events API in upper case.
			const title = titles.get(event.item_uuid.toLowerCase());
			if (shared.has(event.vault_uuid)) {
				expect(title).toBe(directory.items.find((item) => item.id === event.item_uuid)?.title);
				resolved++;
			} else {
				expect(title).toBeUndefined();
				inUnshared++;
			}
			expect(directory.vaults.some((vault) => vault.id === event.vault_uuid)).toBe(true);
			expect(directory.items.find((item) => item.id === event.item_uuid)?.vaultId).toBe(
				event.vault_uuid,
			);
		}
		expect(resolved).toBeGreaterThan(0);
		expect(inUnshared).toBeGreaterThan(0);
	});

	it('are overviews: no fields, sections, files or anything secret', async () => {
		const { emu } = await startHarness({ connect: { unsharedVaults: 0 } });
		const allowed = [
			'id',
			'title',
			'version',
			'vault',
			'category',
			'state',
			'favorite',
			'tags',
			'createdAt',
			'updatedAt',
		];
		const all: ItemBody[] = [];
		for (const vault of await vaultList(emu)) all.push(...(await itemsOf(emu, vault.id)));
		expect(all).toHaveLength(emu.connectDirectory().items.length);
		for (const item of all) {
			for (const key of Object.keys(item)) expect(allowed).toContain(key);
			expect(keysOf(item).filter((key) => SECRET_LOOKING.test(key))).toEqual([]);
			expect(item).toMatchObject({
				id: expect.stringMatching(/^[a-z2-7]{26}$/),
				title: expect.any(String),
				version: expect.any(Number),
				category: expect.stringMatching(/^[A-Z_]+$/),
				favorite: false,
				tags: [],
			});
		}
		expect(new Set(all.map((item) => item.title)).size).toBe(all.length);
		// One archived item, listed with its state and left out of its vault's active count.
		const archived = all.filter((item) => 'state' in item);
		expect(archived.map((item) => item.state)).toEqual(['ARCHIVED']);
		const home = (await vaultList(emu)).find((vault) => vault.id === archived[0].vault.id);
		const inHome = all.filter((item) => item.vault.id === home?.id);
		expect(home?.items).toBe(inHome.length - 1);
	});

	it('filters by title eq "…"', async () => {
		const { emu } = await startHarness();
		const [vault] = await vaultList(emu);
		const [, item] = await itemsOf(emu, vault.id);
		const filter = encodeURIComponent(`title eq "${item.title}"`);
		expect((await connectGet(emu, `/v1/vaults/${vault.id}/items?filter=${filter}`)).json).toEqual([
			item,
		]);
	});
});

describe('tokens', () => {
	it('401 for a missing token, a wrong token and an Events API token', async () => {
		const { emu, token } = await startHarness();
		const [vault] = await vaultList(emu);
		for (const path of ['/v1/vaults', `/v1/vaults/${vault.id}`, `/v1/vaults/${vault.id}/items`]) {
			for (const bearer of [null, 'connect-emulator-wrong', token, `${emu.connectToken}x`]) {
				const refused = await connectGet(emu, path, bearer);
				expect([refused.status, refused.headers.get('content-type'), refused.json]).toEqual([
					401,
					'application/json',
					UNAUTHORIZED,
				]);
			}
		}
		const basic = await get(emu, '/v1/vaults', null, {
			Authorization: `Basic ${emu.connectToken}`,
		});
		expect(basic.status).toBe(401);
		const lowerScheme = await get(emu, '/v1/vaults', null, {
			Authorization: `bearer ${emu.connectToken}`,
		});
		expect(lowerScheme.status).toBe(200);
	});

	it('the Connect token is refused by the Events API, like any token that is not a JWT', async () => {
		const { emu } = await startHarness({ backlog: 3 });
		expectPlainNotFound(await post(emu, '/api/v2/itemusages', EVERYTHING, emu.connectToken));
		expectPlainNotFound(await get(emu, '/api/v2/auth/introspect', emu.connectToken));
		emu.configure({ garbledTokenStatus: 401 });
		const refused = await post(emu, '/api/v2/itemusages', EVERYTHING, emu.connectToken);
		expect([refused.status, refused.json]).toEqual([
			401,
			{ status: 401, message: expect.any(String) },
		]);
	});

	it('defaults to a recognisable token derived from the seed; a custom one replaces it', async () => {
		const { emu } = await startHarness();
		expect(emu.connectToken).toMatch(/^connect-emulator-[a-z2-7]{26}$/);
		const again = await startHarness();
		expect(again.emu.connectToken).toBe(emu.connectToken);
		const other = await startHarness({ seed: 'another-seed' });
		expect(other.emu.connectToken).not.toBe(emu.connectToken);

		const custom = await startHarness({ connect: { token: 'my-connect-token' } });
		expect(custom.emu.connectToken).toBe('my-connect-token');
		expect((await connectGet(custom.emu, '/v1/vaults', 'my-connect-token')).status).toBe(200);
		expect((await connectGet(custom.emu, '/v1/vaults', emu.connectToken)).status).toBe(401);
	});
});

describe('routes', () => {
	it('GET /heartbeat and /health need no token', async () => {
		const { emu } = await startHarness();
		const heartbeat = await get(emu, '/heartbeat');
		expect([heartbeat.status, heartbeat.headers.get('content-type'), heartbeat.text]).toEqual([
			200,
			'text/plain',
			'.',
		]);
		const health = await get(emu, '/health');
		expect(health.status).toBe(200);
		expect(health.json).toMatchObject({
			name: '1Password Connect API',
			version: expect.any(String),
		});
	});

	it('any other /v1 path (or method) is a JSON 404, after the token check', async () => {
		const { emu } = await startHarness();
		const [vault] = await vaultList(emu);
		const [item] = await itemsOf(emu, vault.id);
		for (const path of [
			'/v1',
			'/v1/',
			'/v1/vaults/',
			`/v1/vaults/${vault.id}/items/${item.id}`,
			'/v1/activity',
			'/v1/nothing',
		]) {
			const missing = await connectGet(emu, path);
			expect([missing.status, missing.json]).toEqual([
				404,
				{ status: 404, message: expect.stringMatching(/^Not Found/) },
			]);
			expect((await connectGet(emu, path, null)).status).toBe(401);
		}
		const posted = await fetch(`${emu.url}/v1/vaults`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${emu.connectToken}` },
			body: '{}',
		});
		expect(posted.status).toBe(404);
	});

	it('keeps Connect traffic out of the Events API stats, and counts it by path kind and status', async () => {
		const { emu, token } = await startHarness();
		const [vault] = await vaultList(emu);
		await connectGet(emu, `/v1/vaults/${vault.id}`);
		await itemsOf(emu, vault.id);
		await itemsOf(emu, vault.id);
		const unshared = emu.connectDirectory().vaults.find((v) => !v.shared);
		await connectGet(emu, `/v1/vaults/${unshared?.connectId}/items`);
		await connectGet(emu, '/v1/vaults', token);
		await get(emu, '/heartbeat');
		await connectGet(emu, '/v1/nothing');

		expect(emu.connectStats()).toEqual({
			total: 8,
			byStatus: { '200': 5, '401': 1, '403': 1, '404': 1 },
			byKind: {
				vaults: { total: 2, byStatus: { '200': 1, '401': 1 } },
				vault: { total: 1, byStatus: { '200': 1 } },
				items: { total: 3, byStatus: { '200': 2, '403': 1 } },
				other: { total: 2, byStatus: { '200': 1, '404': 1 } },
			},
		});
		expect(emu.stats().requests.total).toBe(0);
		emu.resetStats();
		expect(emu.connectStats().total).toBe(8);
		emu.resetConnectStats();
		expect(emu.connectStats()).toEqual({
			total: 0,
			byStatus: {},
			byKind: {
				vaults: { total: 0, byStatus: {} },
				vault: { total: 0, byStatus: {} },
				items: { total: 0, byStatus: {} },
				other: { total: 0, byStatus: {} },
			},
		});
	});
});

describe('faults', () => {
	it('unauthorized: 401 to every /v1 request with the right token; health still answers', async () => {
		const { emu } = await startHarness();
		const [vault] = await vaultList(emu);
		emu.setConnectFault({ kind: 'unauthorized' });
		for (const path of ['/v1/vaults', `/v1/vaults/${vault.id}`, `/v1/vaults/${vault.id}/items`]) {
			const refused = await connectGet(emu, path);
			expect([refused.status, refused.json]).toEqual([401, UNAUTHORIZED]);
		}
		expect((await get(emu, '/heartbeat')).status).toBe(200);
		emu.setConnectFault(null);
		expect(await vaultList(emu)).toHaveLength(5);
	});

	it('not-found: Go’s plain-text 404 to every Connect request, as if the URL pointed elsewhere', async () => {
		const { emu } = await startHarness();
		emu.setConnectFault('not-found');
		expectPlainNotFound(await connectGet(emu, '/v1/vaults'));
		expectPlainNotFound(await get(emu, '/heartbeat'));
		expect(emu.connectStats().byKind.vaults.byStatus).toEqual({ '404': 1 });
	});

	it('server-error: 500 with a Connect error body', async () => {
		const { emu } = await startHarness();
		emu.setConnectFault({ kind: 'server-error' });
		const failed = await connectGet(emu, '/v1/vaults');
		expect([failed.status, failed.json]).toEqual([
			500,
			{ status: 500, message: expect.any(String) },
		]);
	});

	it('down: the connection is destroyed without an answer; the Events API is unaffected', async () => {
		const { emu, token } = await startHarness({ backlog: 2 });
		emu.setConnectFault({ kind: 'down' });
		await expect(connectGet(emu, '/v1/vaults')).rejects.toThrow();
		await expect(get(emu, '/heartbeat')).rejects.toThrow();
		expect((await post(emu, '/api/v2/itemusages', EVERYTHING, token)).status).toBe(200);
		await eventually(() => expect(emu.connectStats().byStatus).toEqual({ 'no-response': 2 }));
	});

	it('slow: the normal answer, after latencyMs', async () => {
		const { emu } = await startHarness();
		emu.setConnectFault({ kind: 'slow', latencyMs: 400 });
		const started = Date.now();
		expect(await vaultList(emu)).toHaveLength(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(350);
	});

	it('slow is cut short by stop()', async () => {
		const { emu } = await startHarness();
		emu.setConnectFault({ kind: 'slow', latencyMs: 60_000 });
		let settled = false;
		const pending = connectGet(emu, '/v1/vaults').finally(() => (settled = true));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(settled).toBe(false);
		const stopping = Date.now();
		await emu.stop();
		await expect(pending).rejects.toThrow();
		expect(Date.now() - stopping).toBeLessThan(2000);
		await eventually(() =>
			expect(emu.connectStats().byKind.vaults.byStatus).toEqual({ 'no-response': 1 }),
		);
	});

	it('refuses a fault it does not know, and changes nothing', async () => {
		const { emu } = await startHarness();
		emu.setConnectFault('server-error');
		expect(() => emu.setConnectFault({ kind: 'teapot' } as never)).toThrow(/fault kind/);
		expect(() =>
			emu.setConnectFault({ kind: 'slow', latencyMs: -1 } as { kind: 'slow'; latencyMs: number }),
		).toThrow(/latencyMs/);
		expect((await connectGet(emu, '/v1/vaults')).status).toBe(500);
	});

	it('the latencyMs option slows every answer', async () => {
		const { emu } = await startHarness({ connect: { latencyMs: 300 } });
		const started = Date.now();
		expect((await get(emu, '/heartbeat')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});
});

describe('admin route /admin/connect', () => {
	async function admin(emu: Emulator, method: string, body?: unknown) {
		const response = await fetch(`${emu.url}/admin/connect`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: (await response.json()) as Record<string, unknown> };
	}

	it('GET describes, POST changes (as a whole), DELETE restores the start', async () => {
		const { emu } = await startHarness({ connect: { unsharedVaults: 2 } });
		const start = await admin(emu, 'GET');
		expect(start).toEqual({
			status: 200,
			json: {
				token: emu.connectToken,
				fault: null,
				unsharedVaults: 2,
				vaultCount: 6,
				latencyMs: 0,
				idCase: 'lower',
				stats: expect.objectContaining({ total: 0 }),
			},
		});

		const changed = await admin(emu, 'POST', {
			fault: { kind: 'slow', latencyMs: 5 },
			unsharedVaults: 0,
		});
		expect(changed.json).toMatchObject({
			fault: { kind: 'slow', latencyMs: 5 },
			unsharedVaults: 0,
		});
		expect(await vaultList(emu)).toHaveLength(6);

		for (const bad of [
			{ fault: 'teapot', unsharedVaults: 1 },
			{ unsharedVaults: 9 },
			{ fault: null, token: 'x' },
			{ resetStats: 'yes' },
		]) {
			const refused = await admin(emu, 'POST', bad);
			expect([refused.status, refused.json]).toEqual([400, { error: expect.any(String) }]);
		}
		expect((await admin(emu, 'GET')).json).toMatchObject({
			fault: { kind: 'slow', latencyMs: 5 },
			unsharedVaults: 0,
			stats: expect.objectContaining({ total: 1 }),
		});

		expect((await admin(emu, 'POST', { fault: 'down' })).json.fault).toEqual({ kind: 'down' });
		expect((await admin(emu, 'POST', { resetStats: true })).json.stats).toMatchObject({
			total: 0,
		});
		const restored = await admin(emu, 'DELETE');
		expect(restored.json).toMatchObject({ fault: null, unsharedVaults: 2 });
		expect(await vaultList(emu)).toHaveLength(4);
	});
});

describe('names', () => {
	it('are deterministic for a seed, unique, and differ between seeds', async () => {
		const { emu } = await startHarness();
		const again = await startHarness();
		expect(again.emu.connectDirectory()).toEqual(emu.connectDirectory());
		expect((await connectGet(again.emu, '/v1/vaults')).text).toBe(
			(await connectGet(emu, '/v1/vaults')).text,
		);

		const directory = emu.connectDirectory();
		expect(new Set(directory.vaults.map((vault) => vault.name)).size).toBe(6);
		expect(new Set(directory.items.map((item) => item.title)).size).toBe(directory.items.length);
		for (const item of directory.items) expect(item.connectId).toBe(item.id.toLowerCase());

		const other = (await startHarness({ seed: 'another-seed' })).emu.connectDirectory();
		expect(other.vaults.map((vault) => vault.id)).not.toEqual(
			directory.vaults.map((vault) => vault.id),
		);
		expect([
			other.vaults.map((vault) => vault.name),
			other.items.map((item) => item.title),
		]).not.toEqual([
			directory.vaults.map((vault) => vault.name),
			directory.items.map((item) => item.title),
		]);
	});

	it('idCase "upper" writes ids exactly as the events do', async () => {
		const { emu } = await startHarness({ connect: { idCase: 'upper', unsharedVaults: 0 } });
		const vaults = await vaultList(emu);
		expect(vaults.map((vault) => vault.id)).toEqual(
			emu.connectDirectory().vaults.map((vault) => vault.id),
		);
		const items = await itemsOf(emu, vaults[0].id);
		expect(items[0].id).toMatch(/^[A-Z2-7]{26}$/);
		expect(items[0].vault.id).toBe(vaults[0].id);
	});
});

describe('options', () => {
	it.each([
		[{ unsharedVaults: 7 }],
		[{ unsharedVaults: -1 }],
		[{ latencyMs: -5 }],
		[{ token: '' }],
		[{ token: 'with space' }],
		[{ idCase: 'mixed' as never }],
	])('startEmulator refuses connect %p before opening a port', async (connect) => {
		await expect(startEmulator({ port: 0, backlog: 0, connect })).rejects.toThrow(
			/connect|unshared/,
		);
	});

	it('CLI: --connect-token and --connect-unshared, with their environment variables', () => {
		expect(parseEmulatorCli([], {}).options.connect).toEqual({
			token: undefined,
			unsharedVaults: 1,
		});
		expect(
			parseEmulatorCli([], { EMULATOR_CONNECT_TOKEN: 'env-token', EMULATOR_CONNECT_UNSHARED: '2' })
				.options.connect,
		).toEqual({ token: 'env-token', unsharedVaults: 2 });
		expect(
			parseEmulatorCli(['--connect-token', 'flag-token', '--connect-unshared=0'], {
				EMULATOR_CONNECT_TOKEN: 'env-token',
			}).options.connect,
		).toEqual({ token: 'flag-token', unsharedVaults: 0 });
		for (const bad of [
			['--connect-unshared', '7'],
			['--connect-unshared', 'one'],
			['--connect-token'],
		])
			expect(() => parseEmulatorCli(bad, {})).toThrow();
	});
});

describe('npm run emulator', () => {
	/** Starts the CLI, returns what it printed up to the "Try:" hint (or the end), then stops it. */
	async function startupOutput(args: readonly string[]): Promise<string> {
		const dir = mkdtempSync(join(tmpdir(), 'emulator-connect-cli-'));
		const child = spawnCli('cli.ts', [
			'--port',
			'0',
			'--backlog',
			'0',
			'--live',
			'0',
			'--key-file',
			join(dir, 'key.pem'),
			...args,
		]);
		try {
			let stdout = '';
			await new Promise<void>((resolve, reject) => {
				child.stdout?.on('data', (chunk: Buffer) => {
					stdout += chunk.toString();
					if (stdout.includes('Try:') || stdout.includes('vaults shared')) resolve();
				});
				child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
			});
			// The start-up text is written at once; give the rest of it a moment to arrive.
			await new Promise((resolve) => setTimeout(resolve, 200));
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
			const token = /^(connect-emulator-\S+|custom-\S+)$/m.exec(stdout)?.[1];
			if (url && token) {
				const vaults = await fetch(`${url}/v1/vaults`, {
					headers: { Authorization: `Bearer ${token}` },
				});
				stdout += `\n[vaults: ${((await vaults.json()) as unknown[]).length}]`;
			}
			// SIGTERM: tsx passes it on to the emulator, which stops; SIGKILL would orphan that child.
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
			return stdout;
		} finally {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		}
	}

	it('prints the Connect URL and a working Connect token next to the Events API token', async () => {
		const stdout = await startupOutput(['--connect-unshared', '2']);
		expect(stdout).toMatch(/1Password Connect API: http:\/\/127\.0\.0\.1:\d+ /);
		expect(stdout).toContain('4 of 6 vaults shared');
		expect(stdout).toMatch(/^connect-emulator-[a-z2-7]{26}$/m);
		expect(stdout).toContain('[vaults: 4]');
	});

	it('--connect-token sets it, and --no-print-token hides it', async () => {
		const custom = await startupOutput(['--connect-token', 'custom-token-1']);
		expect(custom).toMatch(/^custom-token-1$/m);
		expect(custom).toContain('[vaults: 5]');
		const hidden = await startupOutput(['--connect-token', 'custom-token-1', '--no-print-token']);
		expect(hidden).toContain('1Password Connect API:');
		expect(hidden).not.toContain('custom-token-1');
		expect(hidden).not.toMatch(/^eyJ/m);
	});
});
