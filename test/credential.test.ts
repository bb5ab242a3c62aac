import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { OnePasswordEventsApi } from '../credentials/OnePasswordEventsApi.credentials';
import { ALL_FEATURES, unsignedJwt } from './harness/tokens';

const credential = new OnePasswordEventsApi();
const token = unsignedJwt({ aud: ['events.1password.com'], '1password.com/fts': ALL_FEATURES });

describe('OnePasswordEventsApi credential', () => {
	it('is named as saved workflows expect', () => {
		expect(credential.name).toBe('onePasswordEventsApi');
		// Fields are only ever added (with a default that keeps saved credentials working).
		expect(credential.properties.map((p) => p.name)).toEqual([
			'token',
			'region',
			'customUrl',
			'processes',
		]);
	});

	it('keeps the token in a password field', () => {
		const field = credential.properties.find((p) => p.name === 'token');
		expect(field?.typeOptions?.password).toBe(true);
	});

	it('offers auto, the four hosts and custom, auto by default', () => {
		const region = credential.properties.find((p) => p.name === 'region');
		expect(region?.default).toBe('auto');
		const values = (region?.options ?? []).map((o) => ('value' in o ? o.value : undefined));
		expect(values).toEqual([
			'auto',
			'https://events.1password.com',
			'https://events.ent.1password.com',
			'https://events.1password.ca',
			'https://events.1password.eu',
			'custom',
		]);
	});

	it('authenticates with a cleaned bearer token and the region base URL', async () => {
		const data: ICredentialDataDecryptedObject = { token: `Bearer ${token}\n`, region: 'auto' };
		const options = await credential.authenticate(data, {
			url: '/api/v2/auth/introspect',
			headers: { 'User-Agent': 'x' },
		});
		expect(options.baseURL).toBe('https://events.1password.com');
		expect(options.headers).toEqual({ 'User-Agent': 'x', Authorization: `Bearer ${token}` });
	});

	it('keeps a base URL the request already names', async () => {
		const options = await credential.authenticate(
			{ token, region: 'auto' },
			{ url: '/x', baseURL: 'http://127.0.0.1:1' },
		);
		expect(options.baseURL).toBe('http://127.0.0.1:1');
	});

	it('refuses an empty token before any request', async () => {
		await expect(
			credential.authenticate({ token: ' ', region: 'auto' }, { url: '/x' }),
		).rejects.toThrow(/has no token/);
	});

	it('tests itself against introspect with plain messages for 401, 403 and 404', () => {
		expect(credential.test.request.url).toBe('/api/v2/auth/introspect');
		const codes = (credential.test.rules ?? []).map((rule) =>
			rule.type === 'responseCode' ? rule.properties.value : 0,
		);
		expect(codes).toEqual([401, 403, 404]);
	});
});
