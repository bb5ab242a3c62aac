/**
 * The bad-input suite: every way a token, an address, a server's answer or a setting can be
 * wrong, met by the real trigger (real n8n-core PollContext, real HTTP). Each case expects its
 * own clear message, and the stored positions must be exactly as before. Everything the suite
 * produces (messages, descriptions, logs, items, static data) is kept and scanned at the end
 * for every token it used and each of the token's parts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../../tools/realPollContext';

let emu: Emulator;
let other: Emulator;
const servers: Server[] = [];
/** Every token used, and every output produced, for the secret scan at the end. */
const tokens: string[] = [];
const outputs: string[] = [];

function listen(server: Server): Promise<string> {
	servers.push(server);
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))),
	);
}

/** A server that answers every event request with the same (bad) response. */
async function misbehaving(status: number, contentType: string, body: string): Promise<string> {
	const port = await listen(
		createHttpServer((_request: IncomingMessage, response: ServerResponse) => {
			response.writeHead(status, { 'Content-Type': contentType });
			response.end(body);
		}),
	);
	return `http://127.0.0.1:${port}`;
}

/** An https server with a self-signed certificate n8n must not trust. */
async function selfSignedHttps(): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'selfsigned-'));
	execFileSync('openssl', [
		'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
		'-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
	], { stdio: 'ignore' });
	const port = await listen(
		createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{"items":[],"cursor":"x","has_more":false}');
		}) as unknown as Server,
	);
	return `https://127.0.0.1:${port}`;
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0, seed: 'auth', backlog: 0, rateLimit: false });
	other = await startEmulator({ port: 0, seed: 'other-account', backlog: 0, rateLimit: false });
});

afterAll(async () => {
	await Promise.all([emu.stop(), other.stop(), ...servers.map((server) => new Promise((resolve) => server.close(resolve)))]);
});

const stored = (): IDataObject => ({ format: 1, positions: { itemUsages: { cursor: 'placeholder', pageSize: 1000 } } });

function token(options: Parameters<Emulator['issueToken']>[0] = {}, issuer: Emulator = emu): string {
	const issued = issuer.issueToken(options);
	tokens.push(issued);
	return issued;
}

/** Polls once, expects a failure, checks the state is untouched; returns message + description. */
async function failureOf(credential: ICredentialDataDecryptedObject, parameters: IDataObject = {}, staticData: IDataObject = stored()) {
	const { context, logs } = makePollContext({ credential, parameters, staticData, pollBudgetMs: 1500 });
	const before = JSON.stringify(staticData);
	const error = await runPoll(context).then(
		(result) => {
			outputs.push(JSON.stringify(result));
			return undefined;
		},
		(caught: Error & { description?: string }) => caught,
	);
	const text = `${error?.message}\n${error?.description ?? ''}`;
	outputs.push(text, JSON.stringify(logs), JSON.stringify(staticData), String(error?.stack));
	expect(error).toBeDefined();
	expect(JSON.stringify(staticData)).toBe(before);
	return text;
}

const custom = (url: string, withToken = token()) => ({ token: withToken, region: 'custom', customUrl: url });

describe('tokens', () => {
	it('revoked', async () => {
		const revoked = token();
		emu.revokeToken(revoked);
		expect(await failureOf({ token: revoked, region: 'auto' })).toMatch(/rejected the token when fetching item usages \(401\)[\s\S]*expired, revoked/);
	});

	it('expired', async () => {
		const expired = token({ expiresInSeconds: 1, issuedAt: Date.now() - 3_600_000 });
		expect(await failureOf({ token: expired, region: 'auto' })).toMatch(/\(401\)[\s\S]*Get Token Info/);
	});

	it('signed by another account (foreign signature)', async () => {
		expect(await failureOf(custom(emu.url, token({ audience: emu.audience }, other)))).toMatch(/rejected the token/);
	});

	it('of another region (audience of another host)', async () => {
		expect(await failureOf(custom(emu.url, token({ audience: 'events.1password.eu' })))).toMatch(/another region/);
	});

	it('malformed', async () => {
		expect(await failureOf(custom(emu.url, 'definitely not a jwt'))).toMatch(/rejected the token/);
	});

	it('empty', async () => {
		expect(await failureOf(custom(emu.url, '   '))).toMatch(/has no token/);
	});

	it('old, without a region, under Automatic', async () => {
		const old = Buffer.from(JSON.stringify({ aud: ['com.1password.streamingservice'] })).toString('base64url');
		expect(await failureOf({ token: `e30.${old}.c2ln`, region: 'auto' })).toMatch(/does not say which region.*Set Region/);
	});

	it('not scoped to the selected type: refused before any request, naming the type and the fix', async () => {
		const scoped = token({ features: ['itemusages'] });
		emu.resetStats();
		const text = await failureOf({ token: scoped, region: 'auto' }, { eventTypes: ['signInAttempts'] }, {
			positions: { signInAttempts: { cursor: 'x' } },
		});
		expect(text).toMatch(/may not read sign-in attempts[\s\S]*remove Sign-In Attempts from Event Types/);
		expect(emu.stats().requests.total).toBe(0);
	});
});

describe('addresses', () => {
	it('plain-text 404: the custom URL points below the API root', async () => {
		expect(await failureOf(custom(`${emu.url}/api/v2`))).toMatch(/No Events API answered at this address[\s\S]*without \/api/);
	});

	it('http to a host that is not loopback', async () => {
		expect(await failureOf(custom('http://events.example.com'))).toMatch(/plain http.*unencrypted/);
	});

	it('not http(s)', async () => {
		expect(await failureOf(custom('ftp://127.0.0.1'))).toMatch(/must start with https/);
	});

	it('not a URL', async () => {
		expect(await failureOf(custom('events dot example'))).toMatch(/is not a valid URL/);
	});

	it('TLS: a certificate n8n does not trust', async () => {
		expect(await failureOf(custom(await selfSignedHttps()))).toMatch(/TLS certificate[\s\S]*NODE_EXTRA_CA_CERTS/);
	});

	it('unreachable host (nothing listening): logged while passing, surfaced once it lasts', async () => {
		const dead = await startEmulator({ port: 0 });
		const url = dead.url;
		await dead.stop();
		const staticData = stored();
		const credential = custom(url);
		for (let poll = 0; poll < 2; poll++) {
			const { context, logs } = makePollContext({ credential, staticData, workflowId: 'refused', pollBudgetMs: 300 });
			expect(await runPoll(context)).toBeNull();
			outputs.push(JSON.stringify(logs));
			expect(logs.map((line) => line.message).join()).toMatch(/Could not reach the Events API/);
		}
		const { context } = makePollContext({ credential, staticData, workflowId: 'refused', pollBudgetMs: 300 });
		await expect(runPoll(context)).rejects.toThrow(/Could not reach the Events API/);
		expect(staticData).toEqual(stored());
	});
});

describe('answers that are not the Events API', () => {
	// Passing failures are retried and only surfaced once they last; a fresh workflow id per case
	// would log them first, so these cases look at the third poll of one workflow.
	async function lastingFailureOf(url: string): Promise<string> {
		const staticData = stored();
		const credential = custom(url);
		let text = '';
		for (let poll = 0; poll < 3; poll++) {
			const { context, logs } = makePollContext({ credential, staticData, workflowId: `bad-answer-${url}`, pollBudgetMs: 300 });
			text = await runPoll(context).then(
				() => '',
				(error: Error & { description?: string }) => `${error.message}\n${error.description ?? ''}`,
			);
			outputs.push(text, JSON.stringify(logs));
		}
		expect(staticData).toEqual(stored());
		return text;
	}

	it('an HTML error page from a proxy (502)', async () => {
		const text = await lastingFailureOf(await misbehaving(502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'));
		expect(text).toMatch(/had a problem answering for item usages \(502\)/);
		expect(text).not.toMatch(/<html>/);
	});

	it('200 with a body that is not JSON', async () => {
		expect(await lastingFailureOf(await misbehaving(200, 'text/html', '<html>captive portal</html>'))).toMatch(
			/unusable answer for item usages: the body is not a JSON object/,
		);
	});

	it('200 with JSON that has no items', async () => {
		expect(await lastingFailureOf(await misbehaving(200, 'application/json', '{"cursor":"x","has_more":false}'))).toMatch(
			/unusable answer[\s\S]*no "items" list/,
		);
	});

	it('200 with JSON that has no cursor', async () => {
		expect(await lastingFailureOf(await misbehaving(200, 'application/json', '{"items":[],"has_more":false}'))).toMatch(
			/unusable answer[\s\S]*no "cursor"/,
		);
	});
});

describe('a cursor 1Password refuses (400)', () => {
	it('is replaced by a restart shortly before the last event delivered, with a warning, and delivery goes on', async () => {
		const [event] = emu.inject('itemusages', { count: 1 });
		const staticData: IDataObject = {
			positions: { itemUsages: { cursor: 'not-a-cursor-1password-issued', pageSize: 1000, lastEventAt: new Date().toISOString() } },
		};
		const { context, logs } = makePollContext({ credential: { token: token(), region: 'auto' }, staticData, pollBudgetMs: 5000 });
		const result = await runPoll(context);
		outputs.push(JSON.stringify(result), JSON.stringify(logs), JSON.stringify(staticData));
		expect(result?.[0].map((item) => item.json.uuid)).toEqual([event.uuid]);
		expect(logs.map((line) => line.message).join()).toMatch(/refused the stored cursor for item usages; restarting from/);
		expect((staticData.positions as IDataObject).itemUsages).toMatchObject({ cursor: expect.any(String) });
	});
});

describe('settings', () => {
	it.each([
		['no event type', { eventTypes: [] }, /select at least one event type/],
		['an unknown event type', { eventTypes: ['passwords'] }, /"?passwords"? is not an event type/],
		['page size 0', { options: { pageSize: 0 } }, /Page Size must be a whole number from 1 to 1000 \(it is 0\)/],
		['page size 1001', { options: { pageSize: 1001 } }, /Page Size must be a whole number from 1 to 1000 \(it is 1001\)/],
		['max events per poll 0', { options: { maxEventsPerPoll: 0 } }, /Max Events per Poll must be a whole number/],
		['a start date in the future', { startFrom: 'date', startDate: '2099-01-01T00:00:00Z' }, /is in the future/],
		['a start date older than 120 days', { startFrom: 'date', startDate: '2020-01-01T00:00:00Z' }, /more than 120 days ago/],
		['invalid date text', { startFrom: 'date', startDate: 'next thursday' }, /Start Date "next thursday" is not a date/],
		['a look back of 121 days', { startFrom: 'lookback', lookbackAmount: 121, lookbackUnit: 'days' }, /Look Back must be a whole number from 1 to 120/],
		['a vault filter with a bad UUID', { filters: { vaultUuids: 'finance-vault' } }, /Vault UUIDs filter: "finance-vault" is not valid/],
		['a user filter with a bad email', { filters: { userEmails: 'alice@, bob@example.com' } }, /User Emails filter: "alice@" is not valid/],
		['a negative silence alert', { options: { silenceHours: -1 } }, /Alert After Silence \(Hours\) must be a whole number from 0/],
	])('%s', async (_name, parameters, message) => {
		emu.resetStats();
		expect(await failureOf({ token: token(), region: 'auto' }, parameters)).toMatch(message);
		expect(emu.stats().requests.total).toBe(0);
	});
});

describe('secret hygiene', () => {
	it('no token, nor any part of one, appears in anything the suite produced', () => {
		expect(tokens.length).toBeGreaterThan(20);
		expect(outputs.length).toBeGreaterThan(50);
		const everything = outputs.join('\n');
		for (const used of tokens) {
			for (const part of used.split('.').filter((piece) => piece.length >= 8)) expect(everything).not.toContain(part);
		}
	});
});
