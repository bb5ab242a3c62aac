import {
	baseUrlFromToken,
	CredentialSetupError,
	normalizeToken,
	readTokenClaims,
	REGION_BASE_URLS,
	resolveBaseUrl,
	validateCustomUrl,
} from '../../nodes/OnePasswordEvents/transport/credentialSettings';
import { ALL_FEATURES, unsignedJwt } from '../harness/tokens';

const euToken = unsignedJwt({ aud: ['events.1password.eu'], '1password.com/fts': ALL_FEATURES });

describe('normalizeToken', () => {
	it('removes blanks, wrapped line breaks and a pasted Bearer prefix', () => {
		const [head, body, sig] = euToken.split('.');
		expect(
			normalizeToken(`  Bearer ${head}.${body.slice(0, 10)}\n${body.slice(10)}.${sig}\n`),
		).toBe(euToken);
		expect(normalizeToken(`bearer\t${euToken}`)).toBe(euToken);
	});

	it('turns anything but a string into an empty token', () => {
		expect(normalizeToken(undefined)).toBe('');
		expect(normalizeToken(42)).toBe('');
	});
});

describe('readTokenClaims', () => {
	it('reads audience, features and expiry without verifying', () => {
		const token = unsignedJwt({
			aud: ['events.1password.com'],
			'1password.com/fts': ['itemusages'],
			exp: 1900000000,
		});
		expect(readTokenClaims(token)).toEqual({
			audience: ['events.1password.com'],
			features: ['itemusages'],
			expiresAt: 1900000000,
		});
	});

	it('accepts a single-string audience', () => {
		expect(readTokenClaims(unsignedJwt({ aud: 'events.1password.ca' }))?.audience).toEqual([
			'events.1password.ca',
		]);
	});

	it.each([
		['not-a-jwt'],
		['a.b'],
		['a..c'],
		['a.%%%.c'],
		[`x.${Buffer.from('[1,2]').toString('base64url')}.y`],
	])('returns undefined for %s', (text) => {
		const claims = readTokenClaims(text);
		if (claims) expect(claims.audience).toEqual([]);
		else expect(claims).toBeUndefined();
	});
});

describe('baseUrlFromToken', () => {
	it('uses https and the aud host', () => {
		expect(baseUrlFromToken(euToken)).toBe('https://events.1password.eu');
	});

	it.each([
		['another host', 'attacker.example'],
		['a user@host that would send the token elsewhere', 'events.1password.com@attacker.example'],
		['a known host with a path', 'events.1password.com/x'],
		['a known host with a query', 'events.1password.com?x=1'],
		['a known host with a fragment', 'events.1password.com#x'],
		['a known host with a port', 'events.1password.com:8443'],
		['a look-alike', 'events.1password.com.attacker.example'],
		['plain http', 'http://events.1password.com'],
		['the local emulator', '127.0.0.1:8787'],
	])("accepts no events host from the token but 1Password's own: not %s", (_label, aud) => {
		expect(() => baseUrlFromToken(unsignedJwt({ aud: [aud] }))).toThrow(
			/not one of 1Password's Events API hosts.*Set Region.*Custom URL/,
		);
	});

	it('accepts each known host, in any case and with https://', () => {
		expect(baseUrlFromToken(unsignedJwt({ aud: ['EVENTS.ent.1password.com'] }))).toBe(
			'https://events.ent.1password.com',
		);
		expect(baseUrlFromToken(unsignedJwt({ aud: ['https://events.1password.ca/'] }))).toBe(
			'https://events.1password.ca',
		);
		expect(
			baseUrlFromToken(unsignedJwt({ aud: ['attacker.example', 'events.1password.eu'] })),
		).toBe('https://events.1password.eu');
	});

	it('asks for an explicit region when the token is an old one', () => {
		const old = unsignedJwt({ aud: ['com.1password.streamingservice'] });
		expect(() => baseUrlFromToken(old)).toThrow(/does not say which region.*Set Region/);
	});

	it('explains a token that is not a JWT', () => {
		expect(() => baseUrlFromToken('opaque-text')).toThrow(/not a valid Events API token/);
	});
});

describe('validateCustomUrl', () => {
	it('accepts https and strips the trailing slash', () => {
		expect(validateCustomUrl(' https://proxy.example.com/events/ ')).toBe(
			'https://proxy.example.com/events',
		);
	});

	it.each(['http://127.0.0.1:8787', 'http://localhost:9000', 'http://[::1]:8787'])(
		'accepts loopback http %s',
		(url) => {
			expect(validateCustomUrl(url)).toBe(url);
		},
	);

	it.each([
		['', /is empty/],
		['not a url', /not a valid URL/],
		['ftp://events.example.com', /must start with https:\/\//],
		['http://events.example.com', /plain http.*unencrypted/],
		['https://user:pw@events.example.com', /user name or password/],
	])('refuses %p', (url, message) => {
		expect(() => validateCustomUrl(url)).toThrow(CredentialSetupError);
		expect(() => validateCustomUrl(url)).toThrow(message);
	});
});

describe('resolveBaseUrl', () => {
	it('uses a chosen region as is, whatever the token says', () => {
		expect(resolveBaseUrl({ token: euToken, region: REGION_BASE_URLS.enterprise })).toBe(
			REGION_BASE_URLS.enterprise,
		);
	});

	it('derives the host from the token under auto (the default)', () => {
		expect(resolveBaseUrl({ token: euToken })).toBe('https://events.1password.eu');
		expect(resolveBaseUrl({ token: euToken, region: 'auto' })).toBe('https://events.1password.eu');
	});

	it('uses the custom URL under custom', () => {
		expect(
			resolveBaseUrl({ token: euToken, region: 'custom', customUrl: 'http://127.0.0.1:1234' }),
		).toBe('http://127.0.0.1:1234');
	});

	it('explains an empty token under auto', () => {
		expect(() => resolveBaseUrl({ token: '  ', region: 'auto' })).toThrow(/has no token/);
	});

	it('never puts the token into a message', () => {
		const secretish = unsignedJwt({
			aud: ['com.1password.streamingservice'],
			secret: 'zzz-unique-marker',
		});
		try {
			resolveBaseUrl({ token: secretish, region: 'auto' });
			throw new Error('expected a failure');
		} catch (error) {
			const message = (error as Error).message;
			for (const part of secretish.split('.')) expect(message).not.toContain(part);
		}
	});
});
