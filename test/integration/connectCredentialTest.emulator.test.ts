/**
 * The 1Password Connect API credential's declarative test, sent the way n8n sends it: the base
 * URL expression resolved with `$credentials` by a real n8n Workflow, the generic Bearer header
 * added as n8n's CredentialsHelper adds it, n8n-core's real request helper sending it to the
 * emulator's Connect endpoints. What the user sees for a good token, a wrong one and a wrong URL.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { OnePasswordConnectApi } from '../../credentials/OnePasswordConnectApi.credentials';
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { OnePasswordEventsTrigger } from '../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node';
import { buildHost } from '../harness/n8n/host';
import { makePollContext } from '../harness/n8n/pollContext';

let emu: Emulator;
const credentialType = new OnePasswordConnectApi();

beforeAll(async () => {
	emu = await startEmulator({
		port: 0,
		seed: 'connect-credential-test',
		backlog: 0,
		rateLimit: false,
	});
});

afterAll(async () => {
	await emu.stop();
});

async function runCredentialTest(credential: {
	serverUrl: string;
	token: string;
}): Promise<{ ok: boolean; result: unknown }> {
	const { node, workflow } = buildHost({
		nodeType: new OnePasswordEventsTrigger(),
		withConnectCredential: true,
	});
	const { baseURL, ...request } = credentialType.test.request;
	const resolvedBase = workflow.expression.getSimpleParameterValue(
		node,
		baseURL as string,
		'internal',
		{
			$credentials: credential,
		},
	);
	const { context } = makePollContext({
		credential: { token: 'unused', region: 'custom', customUrl: emu.url },
		connectCredential: credential,
	});
	try {
		const body = await context.helpers.httpRequestWithAuthentication.call(
			context,
			'onePasswordConnectApi',
			{
				...request,
				baseURL: resolvedBase as string,
				json: true,
			} as IHttpRequestOptions,
		);
		return { ok: true, result: body };
	} catch (error) {
		const status = Number((error as { httpCode?: string }).httpCode);
		const rule = (credentialType.test.rules ?? []).find(
			(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
		);
		return { ok: false, result: rule ? rule.properties.message : `status ${status}` };
	}
}

describe('1Password Connect API credential test', () => {
	it('a good token lists the vaults Connect can see (trailing slash and blanks in the URL are fine)', async () => {
		const { ok, result } = await runCredentialTest({
			serverUrl: ` ${emu.url}/ `,
			token: ` ${emu.connectToken} `,
		});
		expect(ok).toBe(true);
		const shared = emu.connectDirectory().vaults.filter((vault) => vault.shared);
		expect((result as Array<{ name: string }>).map((vault) => vault.name).sort()).toEqual(
			shared.map((vault) => vault.name).sort(),
		);
	});

	it.each([
		['a wrong token', () => ({ serverUrl: emu.url, token: 'connect-emulator-wrong' })],
		['an Events API token', () => ({ serverUrl: emu.url, token: emu.issueToken() })],
	])('%s: says the token was refused', async (_name, credential) => {
		const { ok, result } = await runCredentialTest(credential());
		expect(ok).toBe(false);
		expect(result).toMatch(/^The Connect server refused the access token/);
	});

	it('a URL that is not a Connect server: says to check the URL', async () => {
		emu.setConnectFault('not-found');
		try {
			const { ok, result } = await runCredentialTest({
				serverUrl: emu.url,
				token: emu.connectToken,
			});
			expect(ok).toBe(false);
			expect(result).toMatch(/check the Connect Server URL/);
		} finally {
			emu.setConnectFault(null);
		}
	});
});
