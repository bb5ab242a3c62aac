import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator';
import { DAY, EVERYTHING, get, post, startHarness, stopAll } from './harness';

afterEach(stopAll);

function decodeSegment(segment: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function expectV2Error(result: { status: number; json: unknown }, status: number): string {
	expect(result.status).toBe(status);
	expect(result.json).toEqual({ status, message: expect.any(String) });
	return (result.json as { message: string }).message;
}

function expectV1Error(result: { status: number; json: unknown }, status: number): string {
	expect(result.status).toBe(status);
	expect(result.json).toEqual({ Error: { Message: expect.any(String) } });
	return (result.json as { Error: { Message: string } }).Error.Message;
}

describe('tokens', () => {
	it('are ES256 JWTs with the claims of a real Events API token', async () => {
		const { emu, clock } = await startHarness();
		const token = emu.issueToken({ features: ['signinattempts'], expiresInSeconds: 30 * 86_400 });
		const [header, payload, signature] = token.split('.');
		expect(decodeSegment(header)).toEqual({ alg: 'ES256', kid: expect.any(String), typ: 'JWT' });
		const claims = decodeSegment(payload);
		expect(claims).toEqual({
			aud: [emu.audience],
			sub: claims.jti,
			jti: expect.stringMatching(/^[A-Z2-7]{26}$/),
			iat: Math.floor(clock.ms / 1000),
			exp: Math.floor(clock.ms / 1000) + 30 * 86_400,
			iss: 'com.1password.b5',
			'1password.com/auuid': emu.accountUuid,
			'1password.com/fts': ['signinattempts'],
		});
		// IEEE P1363 encoding: r and s, 32 bytes each.
		expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
	});

	it('survive a restart when a key file is used', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'emulator-key-'));
		const keyFile = join(dir, 'nested', 'signing-key.pem');
		try {
			const first = await startEmulator({
				port: 0,
				keyFile,
				audience: 'emulator.test',
				backlog: 0,
			});
			const token = first.issueToken();
			await first.stop();
			expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);

			const second = await startEmulator({
				port: 0,
				keyFile,
				audience: 'emulator.test',
				backlog: 0,
			});
			try {
				expect((await get(second, '/api/v2/auth/introspect', token)).status).toBe(200);
			} finally {
				await second.stop();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('401 Unauthorized', () => {
	it('for a missing Authorization header, in both error shapes', async () => {
		const { emu } = await startHarness();
		expectV2Error(await post(emu, '/api/v2/itemusages', {}, null), 401);
		expectV1Error(await post(emu, '/api/v1/itemusages', {}, null), 401);
		expectV2Error(await get(emu, '/api/v2/auth/introspect'), 401);
		expectV1Error(await get(emu, '/api/auth/introspect'), 401);
	});

	it('for a scheme other than Bearer', async () => {
		const { emu, token } = await startHarness();
		const result = await get(emu, '/api/v2/auth/introspect', null, {
			Authorization: `Basic ${token}`,
		});
		expect(expectV2Error(result, 401)).toMatch(/bearer/i);
	});

	it('for a token that reads as a JWT but is not a valid one', async () => {
		const { emu, token } = await startHarness();
		const [header, payload] = token.split('.');
		// Readable header and payload; missing claims, a cut signature, an empty one.
		for (const bad of [
			'e30.e30.e30',
			`${header}.${payload}.c2ln`,
			`${header}.e30.`,
			`${header}.${payload}.`,
		]) {
			expectV2Error(await post(emu, '/api/v2/itemusages', {}, bad), 401);
			expectV1Error(await get(emu, '/api/auth/introspect', bad), 401);
		}
	});

	it('for an unsigned ("alg": "none") token', async () => {
		const { emu, token } = await startHarness();
		const [, payload] = token.split('.');
		const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
		expectV2Error(await post(emu, '/api/v2/itemusages', {}, none), 401);
	});

	it('for a token signed by another key', async () => {
		const { emu } = await startHarness();
		const other = await startEmulator({ port: 0, audience: emu.audience, backlog: 0 });
		try {
			const foreign = other.issueToken();
			expect((await get(other, '/api/v2/auth/introspect', foreign)).status).toBe(200);
			expect(expectV2Error(await post(emu, '/api/v2/itemusages', {}, foreign), 401)).toMatch(
				/signature/,
			);
		} finally {
			await other.stop();
		}
	});

	it('for a token whose claims were edited after signing', async () => {
		const { emu } = await startHarness();
		const [header, payload, signature] = emu.issueToken({ features: ['itemusages'] }).split('.');
		const claims = decodeSegment(payload);
		claims['1password.com/fts'] = ['itemusages', 'auditevents'];
		const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
		expectV2Error(await post(emu, '/api/v2/auditevents', {}, forged), 401);
	});

	it('for an expired token, following the emulator clock', async () => {
		const { emu, clock } = await startHarness();
		const token = emu.issueToken({ expiresInSeconds: 30 * 86_400 });
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		clock.advance(30 * DAY - 1000);
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		clock.advance(1000);
		expect(expectV2Error(await post(emu, '/api/v2/itemusages', {}, token), 401)).toMatch(/expired/);
		expect(expectV1Error(await get(emu, '/api/auth/introspect', token), 401)).toMatch(/expired/);
	});

	it('for a revoked token, by value or by id', async () => {
		const { emu } = await startHarness();
		const byValue = emu.issueToken();
		const byId = emu.issueToken();
		const untouched = emu.issueToken();
		expect((await post(emu, '/api/v2/itemusages', {}, byValue)).status).toBe(200);
		emu.revokeToken(byValue);
		const id = ((await get(emu, '/api/v2/auth/introspect', byId)).json as { uuid: string }).uuid;
		expect(emu.revokeToken(id)).toBe(id);
		expect(expectV2Error(await post(emu, '/api/v2/itemusages', {}, byValue), 401)).toMatch(
			/revoked/,
		);
		expectV2Error(await get(emu, '/api/v2/auth/introspect', byId), 401);
		expect((await post(emu, '/api/v2/itemusages', {}, untouched)).status).toBe(200);
	});

	it('for a token issued for another host (aud)', async () => {
		const { emu } = await startHarness();
		const elsewhere = emu.issueToken({ audience: 'events.1password.com' });
		expectV2Error(await post(emu, '/api/v2/itemusages', {}, elsewhere), 401);
		const both = emu.issueToken({ audience: ['events.1password.com', emu.audience] });
		expect((await post(emu, '/api/v2/itemusages', {}, both)).status).toBe(200);
	});

	it('for an event type the token has no feature for; introspect accepts any valid token', async () => {
		const { emu } = await startHarness({ backlog: 1 });
		const token = emu.issueToken({ features: ['itemusages'] });
		expect((await post(emu, '/api/v2/itemusages', EVERYTHING, token)).status).toBe(200);
		expect((await post(emu, '/api/v1/itemusages', EVERYTHING, token)).status).toBe(200);
		expect(expectV2Error(await post(emu, '/api/v2/signinattempts', {}, token), 401)).toMatch(
			/signinattempts/,
		);
		expect(expectV1Error(await post(emu, '/api/v1/auditevents', {}, token), 401)).toMatch(
			/auditevents/,
		);

		const noFeatures = emu.issueToken({ features: [] });
		expect((await get(emu, '/api/v2/auth/introspect', noFeatures)).json).toMatchObject({
			features: [],
		});
		expect((await get(emu, '/api/auth/introspect', noFeatures)).status).toBe(200);
	});

	it('never echoes the token in an error message', async () => {
		const { emu } = await startHarness();
		const token = emu.issueToken({ features: [] });
		for (const path of ['/api/v2/itemusages', '/api/v1/itemusages']) {
			const result = await post(emu, path, {}, token);
			expect(result.status).toBe(401);
			expect(result.text).not.toContain(token.split('.')[1]);
			expect(result.text).not.toContain(token.split('.')[2]);
		}
	});
});

describe('a garbled token (not a readable JWT at all)', () => {
	const garbled = (token: string): string[] => [
		'abc',
		'a.b',
		'a.b.c', // three parts, none of which decodes to JSON
		'...',
		'definitely not a jwt',
		token.slice(0, token.indexOf('.') + 20), // not copied in full
		token.replace('.', '!'),
	];

	it("gets Go's plain-text 404 by default, on event and introspect endpoints alike", async () => {
		const { emu, token } = await startHarness();
		for (const bad of garbled(token)) {
			for (const result of [
				await post(emu, '/api/v2/itemusages', {}, bad),
				await post(emu, '/api/v1/auditevents', {}, bad),
				await get(emu, '/api/v2/auth/introspect', bad),
			]) {
				expect([result.status, result.headers.get('content-type'), result.text]).toEqual([
					404,
					'text/plain; charset=utf-8',
					'404 page not found\n',
				]);
			}
		}
		expect(emu.stats().requests.byPath['/api/v2/itemusages'].byStatus).toEqual({ '404': 7 });
	});

	it('still gets a 401 when the header is missing, empty or not Bearer', async () => {
		const { emu, token } = await startHarness();
		expectV2Error(await post(emu, '/api/v2/itemusages', {}, null), 401);
		expectV2Error(
			await get(emu, '/api/v2/auth/introspect', null, { Authorization: 'Bearer   ' }),
			401,
		);
		expectV2Error(
			await get(emu, '/api/v2/auth/introspect', null, { Authorization: `Basic ${token}` }),
			401,
		);
		expectV2Error(
			await get(emu, '/api/v2/auth/introspect', null, { Authorization: `Bearer${token}` }),
			401,
		);
	});

	it('gets a 401 with garbledTokenStatus 401, and the switch works at run time', async () => {
		const { emu, token } = await startHarness({ garbledTokenStatus: 401 });
		expect(expectV2Error(await post(emu, '/api/v2/itemusages', {}, 'abc'), 401)).toMatch(
			/malformed/,
		);
		expect(emu.configure({ garbledTokenStatus: 404 }).garbledTokenStatus).toBe(404);
		expect((await post(emu, '/api/v2/itemusages', {}, 'abc')).status).toBe(404);
		expect((await post(emu, '/api/v2/itemusages', {}, token)).status).toBe(200);
		expect(() => emu.configure({ garbledTokenStatus: 403 as 404 })).toThrow(/garbledTokenStatus/);
	});
});
