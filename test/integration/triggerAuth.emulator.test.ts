/**
 * Bad tokens and bad addresses, met by the real trigger against the emulator: a clear message
 * that names the event type and the fix, no token in it, and stored positions left alone.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../../tools/realPollContext';

let emu: Emulator;
let other: Emulator;

beforeAll(async () => {
	emu = await startEmulator({ port: 0, seed: 'auth', backlog: 0, rateLimit: false });
	other = await startEmulator({ port: 0, seed: 'other-account', backlog: 0, rateLimit: false });
});

afterAll(async () => {
	await Promise.all([emu.stop(), other.stop()]);
});

const stored = () => ({ format: 1, positions: { itemUsages: { cursor: 'placeholder', pageSize: 1000 } } });

async function failureOf(credential: ICredentialDataDecryptedObject, parameters: IDataObject = {}, staticData: IDataObject = stored()) {
	const { context } = makePollContext({ credential, parameters, staticData, pollBudgetMs: 2000 });
	const before = JSON.stringify(staticData);
	const error = await runPoll(context).then(
		() => undefined,
		(caught: Error & { description?: string }) => caught,
	);
	expect(error).toBeDefined();
	expect(JSON.stringify(staticData)).toBe(before);
	const text = `${error?.message}\n${error?.description ?? ''}`;
	const token = typeof credential.token === 'string' ? credential.token.trim() : '';
	for (const part of token.split('.').filter((piece) => piece.length > 8)) expect(text).not.toContain(part);
	return text;
}

describe('tokens the API refuses', () => {
	// A stored cursor would be refused (400) by the emulator, but authentication is checked first.
	it('revoked', async () => {
		const token = emu.issueToken();
		emu.revokeToken(token);
		expect(await failureOf({ token, region: 'auto' })).toMatch(/rejected the token when fetching item usages \(401\)[\s\S]*expired, revoked/);
	});

	it('expired', async () => {
		const token = emu.issueToken({ expiresInSeconds: 1, issuedAt: Date.now() - 3_600_000 });
		expect(await failureOf({ token, region: 'auto' })).toMatch(/\(401\)[\s\S]*Get Token Info/);
	});

	it('signed by another account (foreign signature)', async () => {
		const token = other.issueToken({ audience: emu.audience });
		expect(await failureOf({ token, region: 'custom', customUrl: emu.url })).toMatch(/rejected the token/);
	});

	it('for another region (audience of another host)', async () => {
		const token = emu.issueToken({ audience: 'events.1password.eu' });
		expect(await failureOf({ token, region: 'custom', customUrl: emu.url })).toMatch(/another region/);
	});

	it('malformed', async () => {
		expect(await failureOf({ token: 'definitely not a jwt', region: 'custom', customUrl: emu.url })).toMatch(/rejected the token/);
	});

	it('empty', async () => {
		expect(await failureOf({ token: '   ', region: 'custom', customUrl: emu.url })).toMatch(/has no token/);
	});

	it('not scoped to the selected type: refused before any request, naming the type and the fix', async () => {
		const token = emu.issueToken({ features: ['itemusages'] });
		emu.resetStats();
		const text = await failureOf({ token, region: 'auto' }, { eventTypes: ['signInAttempts'] }, {
			positions: { signInAttempts: { cursor: 'x' } },
		});
		expect(text).toMatch(/may not read sign-in attempts[\s\S]*remove Sign-In Attempts from Event Types/);
		expect(emu.stats().requests.total).toBe(0);
	});
});

describe('addresses that are wrong', () => {
	it('plain-text 404: the custom URL points below the API root', async () => {
		const token = emu.issueToken();
		expect(await failureOf({ token, region: 'custom', customUrl: `${emu.url}/api/v2` })).toMatch(
			/No Events API answered at this address[\s\S]*without \/api/,
		);
	});

	it('http to a host that is not loopback', async () => {
		const token = emu.issueToken();
		expect(await failureOf({ token, region: 'custom', customUrl: 'http://events.example.com' })).toMatch(/plain http/);
	});

	it('not http(s)', async () => {
		expect(await failureOf({ token: emu.issueToken(), region: 'custom', customUrl: 'ftp://127.0.0.1' })).toMatch(
			/must start with https/,
		);
	});

	it('nothing listening (connection refused), surfaced only after it lasts', async () => {
		const token = emu.issueToken();
		const dead = await startEmulator({ port: 0 });
		const url = dead.url;
		await dead.stop();
		const staticData = stored();
		const credential = { token, region: 'custom', customUrl: url };
		for (let poll = 0; poll < 2; poll++) {
			const { context, logs } = makePollContext({ credential, staticData, workflowId: 'refused', pollBudgetMs: 300 });
			expect(await runPoll(context)).toBeNull();
			expect(logs.map((line) => line.message).join()).toMatch(/Could not reach the Events API/);
		}
		const { context } = makePollContext({ credential, staticData, workflowId: 'refused', pollBudgetMs: 300 });
		await expect(runPoll(context)).rejects.toThrow(/Could not reach the Events API/);
	});
});
