/**
 * The credential's declarative test, sent the way n8n sends it (the credential's own
 * authenticate adds token and base URL, n8n-core's real request helper sends it), against the
 * emulator: what the user sees for a good token, a rejected one and a wrong address.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { OnePasswordEventsApi } from '../../credentials/OnePasswordEventsApi.credentials';
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext } from '../harness/n8n/pollContext';

let emu: Emulator;
const credentialType = new OnePasswordEventsApi();

beforeAll(async () => {
	emu = await startEmulator({ port: 0, seed: 'credential-test', backlog: 0, rateLimit: false });
});

afterAll(async () => {
	await emu.stop();
});

/** Sends the test request; returns the body, or the message n8n would show for a failure. */
async function runCredentialTest(
	credential: ICredentialDataDecryptedObject,
): Promise<{ ok: boolean; result: unknown }> {
	const { context } = makePollContext({ credential });
	const request = { ...credentialType.test.request, json: true } as IHttpRequestOptions;
	try {
		const body = await context.helpers.httpRequestWithAuthentication.call(
			context,
			'onePasswordEventsApi',
			request,
		);
		return { ok: true, result: body };
	} catch (error) {
		const status = Number((error as { httpCode?: string }).httpCode);
		const rule = (credentialType.test.rules ?? []).find(
			(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
		);
		return { ok: false, result: rule ? rule.properties.message : (error as Error).message };
	}
}

describe('credential test against the Events API', () => {
	it('succeeds with a good token, and introspect lists the event types it may read', async () => {
		const token = emu.issueToken({ features: ['itemusages', 'auditevents'] });
		const outcome = await runCredentialTest({ token, region: 'custom', customUrl: emu.url });
		expect(outcome.ok).toBe(true);
		expect((outcome.result as { features: string[] }).features).toEqual([
			'itemusages',
			'auditevents',
		]);
	});

	it('explains a revoked token', async () => {
		const token = emu.issueToken();
		emu.revokeToken(token);
		const outcome = await runCredentialTest({ token, region: 'custom', customUrl: emu.url });
		expect(outcome).toEqual({
			ok: false,
			result: expect.stringMatching(/rejected the token: it is malformed, expired or revoked/),
		});
	});

	it('explains a wrong address (plain-text 404)', async () => {
		const outcome = await runCredentialTest({
			token: emu.issueToken(),
			region: 'custom',
			customUrl: `${emu.url}/events`,
		});
		expect(outcome).toEqual({
			ok: false,
			result: expect.stringMatching(
				/answered 404: the token may be incomplete.*or the address is wrong/,
			),
		});
	});

	it("refuses Automatic with a token whose audience is not a 1Password host (the emulator's), before sending anything", async () => {
		emu.resetStats();
		const outcome = await runCredentialTest({ token: emu.issueToken(), region: 'auto' });
		expect(outcome).toEqual({
			ok: false,
			result: expect.stringMatching(
				/not one of 1Password's Events API hosts \("127\.0\.0\.1:\d+"\)[\s\S]*Set Region[\s\S]*Custom URL/,
			),
		});
		expect(emu.stats().requests.total).toBe(0);
	});

	it('fails for a token not copied in full: 404 by default (as reported for the real API), 401 where the API says so', async () => {
		const whole = emu.issueToken();
		const cut = whole.slice(0, Math.floor(whole.length / 3)); // ends inside the payload: not a JWT any more
		const credential = { token: cut, region: 'custom', customUrl: emu.url };
		expect(await runCredentialTest(credential)).toEqual({
			ok: false,
			result: expect.stringMatching(/answered 404: the token may be incomplete/),
		});
		emu.configure({ garbledTokenStatus: 401 });
		try {
			expect(await runCredentialTest(credential)).toEqual({
				ok: false,
				result: expect.stringMatching(/rejected the token/),
			});
		} finally {
			emu.configure({ garbledTokenStatus: 404 });
		}
	});

	it('explains an old token without a region, before sending anything', async () => {
		const old = Buffer.from(JSON.stringify({ aud: ['com.1password.streamingservice'] })).toString(
			'base64url',
		);
		const outcome = await runCredentialTest({ token: `e30.${old}.c2ln`, region: 'auto' });
		expect(outcome).toEqual({
			ok: false,
			result: expect.stringMatching(/does not say which region/),
		});
	});
});
