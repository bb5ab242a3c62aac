import { randomBytes } from 'crypto';
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { FailureDetails } from '../../nodes/OnePasswordEvents/transport/errors';
import {
	apiMessage,
	describeFailure,
	isTransient,
	parseRetryAfter,
} from '../../nodes/OnePasswordEvents/transport/errors';
import { ALL_FEATURES, unsignedJwt } from '../harness/tokens';

const SUBJECT = 'item usages';

/** A JWT-shaped token built at run time (never a literal in the source). */
const token = unsignedJwt({
	aud: ['events.1password.com'],
	'1password.com/fts': ALL_FEATURES,
	sub: 'integration',
});
/** The same shape with a realistic 64-byte ES256 signature. */
const realisticToken = `${token.split('.').slice(0, 2).join('.')}.${randomBytes(64).toString('base64url')}`;
/** Anything with three long base64url parts joined by dots. */
const TOKEN_LIKE = /[A-Za-z0-9_-]{12,}\.[A-Za-z0-9_-]{12,}\.[A-Za-z0-9_-]{8,}/;

/** What n8n's request helper throws on current hosts: a NodeApiError-like object around an Axios error. */
function httpFailure(
	status: number,
	data?: unknown,
	headers: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		name: 'NodeApiError',
		message: `Request failed with status code ${status}`,
		httpCode: String(status),
		cause: {
			name: 'AxiosError',
			message: `Request failed with status code ${status}`,
			response: { status, headers, data },
		},
	};
}

function networkFailure(code: string): Record<string, unknown> {
	return {
		name: 'NodeApiError',
		message: code,
		cause: { name: 'Error', message: `connect ${code}`, code },
	};
}

function text(details: FailureDetails): string {
	return `${details.message}\n${details.description ?? ''}`;
}

function expectNoToken(details: FailureDetails, leaked: string): void {
	const all = text(details);
	expect(all).not.toContain(leaked);
	for (const part of leaked.split('.')) expect(all).not.toContain(part);
	expect(all).not.toMatch(TOKEN_LIKE);
}

describe('describeFailure: HTTP statuses', () => {
	it('reads a NodeApiError-like 429 as rateLimited with Retry-After in ms', () => {
		const details = describeFailure(
			{
				httpCode: '429',
				cause: {
					response: {
						status: 429,
						headers: { 'retry-after': '3' },
						data: { status: 429, message: 'Too many' },
					},
				},
			},
			SUBJECT,
		);
		expect(details.kind).toBe('rateLimited');
		expect(details.httpCode).toBe('429');
		expect(details.retryAfterMs).toBe(3000);
		expect(details.message).toContain(SUBJECT);
		expect(details.message).toContain('429');
		expect(details.description).toMatch(/600 requests a minute/);
		expect(isTransient(details.kind)).toBe(true);
	});

	it('reads an HTTP-date Retry-After on a 429', () => {
		const at = new Date(Date.now() + 120_000).toUTCString();
		const details = describeFailure(
			httpFailure(429, { status: 429, message: 'Too many' }, { 'retry-after': at }),
			SUBJECT,
		);
		expect(details.kind).toBe('rateLimited');
		// toUTCString drops milliseconds; allow for the time the test takes.
		expect(details.retryAfterMs).toBeGreaterThan(115_000);
		expect(details.retryAfterMs).toBeLessThanOrEqual(120_000);
	});

	it('reads Retry-After from a Headers object with a get() method (case-insensitive)', () => {
		const details = describeFailure(
			httpFailure(
				429,
				undefined,
				new Headers({ 'Retry-After': '7' }) as unknown as Record<string, unknown>,
			),
			SUBJECT,
		);
		expect(details.retryAfterMs).toBe(7000);
	});

	it('leaves retryAfterMs undefined on a 429 without a usable Retry-After', () => {
		expect(describeFailure(httpFailure(429), SUBJECT).retryAfterMs).toBeUndefined();
		expect(
			describeFailure(httpFailure(429, undefined, { 'retry-after': '' }), SUBJECT).retryAfterMs,
		).toBeUndefined();
		expect(
			describeFailure(httpFailure(429, undefined, { 'retry-after': 'later' }), SUBJECT)
				.retryAfterMs,
		).toBeUndefined();
	});

	it.each([
		['v1 shape', { Error: { Message: 'Unauthorized' } }, 'Unauthorized'],
		['v2 shape', { status: 401, message: 'token is expired' }, 'token is expired'],
	])(
		'reads a 401 with the %s body as unauthorized, naming the subject and the fix',
		(_label, data, said) => {
			const details = describeFailure(httpFailure(401, data), SUBJECT);
			expect(details.kind).toBe('unauthorized');
			expect(details.httpCode).toBe('401');
			expect(details.message).toContain(SUBJECT);
			expect(details.message).toContain('401');
			expect(details.description).toContain(`1Password said: "${said}"`);
			expect(details.description).toContain(`not allowed to read ${SUBJECT}`);
			expect(details.description).toMatch(
				/create a new token in 1Password \(Integrations > Events Reporting\)/,
			);
			expect(details.description).toContain('update the credential');
			expect(isTransient(details.kind)).toBe(false);
		},
	);

	it('reads a 401 on another subject with that subject', () => {
		const details = describeFailure(httpFailure(401), 'audit events');
		expect(details.message).toContain('audit events');
		expect(details.description).toContain('with audit events selected');
		expect(details.description).not.toContain('1Password said');
	});

	it('reads a 403 as forbidden, naming the subject and the fix', () => {
		const details = describeFailure(
			httpFailure(403, { status: 403, message: 'Forbidden' }),
			'sign-in attempts',
		);
		expect(details.kind).toBe('forbidden');
		expect(details.httpCode).toBe('403');
		expect(details.message).toContain('sign-in attempts');
		expect(details.description).toContain('1Password said: "Forbidden"');
		expect(details.description).toContain('that includes sign-in attempts');
	});

	it("reads a 404 with the plain-text '404 page not found' body as notFound, pointing at the URL", () => {
		const details = describeFailure(
			httpFailure(404, '404 page not found\n', { 'content-type': 'text/plain' }),
			SUBJECT,
		);
		expect(details.kind).toBe('notFound');
		expect(details.httpCode).toBe('404');
		expect(details.message).toContain(SUBJECT);
		expect(details.description).toContain('Custom URL');
		expect(details.description).toContain('without /api/');
		// A token not copied in full gets the same plain-text 404 from the real API: both causes are named.
		expect(details.message).toMatch(/wrong address or unreadable token/);
		expect(details.description).toMatch(
			/token may be incomplete or damaged.*copy the whole bearer token/,
		);
	});

	it.each([200, 204])(
		'reads an error after a %i status line (body cut off or stalled) as a passing network problem',
		(status) => {
			const thrown = {
				message: 'stream has been aborted',
				httpCode: String(status),
				cause: { code: 'ERR_BAD_RESPONSE', status, response: { status } },
			};
			const details = describeFailure(thrown, SUBJECT);
			expect(details.kind).toBe('network');
			expect(details.message).toBe(
				'The connection broke while receiving item usages from the Events API',
			);
			expect(details.description).toMatch(
				/did not arrive whole \(network error ERR_BAD_RESPONSE\).*resumes on its own/,
			);
			expect(details.message).not.toMatch(/answered|refused/);
		},
	);

	it('reads a 400 as badRequest, with what 1Password said', () => {
		const details = describeFailure(
			httpFailure(400, { status: 400, message: 'limit must be between 1 and 1000' }),
			SUBJECT,
		);
		expect(details.kind).toBe('badRequest');
		expect(details.httpCode).toBe('400');
		expect(details.message).toContain(SUBJECT);
		expect(details.description).toContain('1Password said: "limit must be between 1 and 1000"');
		expect(details.description).toContain('Check the start date and page size');
		const silent = describeFailure(httpFailure(400), SUBJECT).description;
		expect(silent).toContain('Check the start date and page size');
		expect(silent).not.toContain('1Password said');
	});

	it.each([500, 502, 503, 504])('reads a %i as serverError (transient)', (status) => {
		const details = describeFailure(
			httpFailure(status, { status, message: 'upstream trouble' }),
			SUBJECT,
		);
		expect(details.kind).toBe('serverError');
		expect(details.httpCode).toBe(String(status));
		expect(details.message).toContain(String(status));
		expect(details.message).toContain(SUBJECT);
		expect(details.description).toContain('upstream trouble');
		expect(isTransient(details.kind)).toBe(true);
	});

	it('ignores an HTML error page from a proxy', () => {
		const html =
			'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
		const details = describeFailure(httpFailure(502, html), SUBJECT);
		expect(details.kind).toBe('serverError');
		expect(details.description).toMatch(/usually temporary/);
		expect(details.description).not.toContain('1Password said');
		expect(text(details)).not.toContain('<');
		expect(text(details)).not.toContain('Bad Gateway');
	});

	it('reads other statuses as a non-transient failure with the status', () => {
		const details = describeFailure(httpFailure(418, { message: 'teapot' }), SUBJECT);
		expect(details.kind).toBe('badRequest');
		expect(details.httpCode).toBe('418');
		expect(details.message).toContain('418');
	});

	it('finds the status on an older bare Axios-like error (response at the top)', () => {
		const details = describeFailure(
			{
				message: 'Request failed',
				response: { status: 401, data: { Error: { Message: 'Unauthorized' } } },
			},
			SUBJECT,
		);
		expect(details.kind).toBe('unauthorized');
		expect(details.description).toContain('1Password said: "Unauthorized"');
	});

	it('finds the status on a request-library error (statusCode and body)', () => {
		const details = describeFailure(
			{ cause: { response: { statusCode: 503, body: { message: 'down' } } } },
			SUBJECT,
		);
		expect(details.kind).toBe('serverError');
		expect(details.description).toContain('"down"');
	});

	it('works on a real n8n NodeApiError wrapping an Axios error', () => {
		class AxiosError extends Error {
			constructor(
				message: string,
				readonly response: { status: number; headers: Record<string, string>; data: unknown },
			) {
				super(message);
			}
		}
		const node: INode = {
			id: 'n1',
			name: '1Password Events Trigger',
			type: 'n8n-nodes-1password-events.onePasswordEventsTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const rateLimited = new NodeApiError(
			node,
			new AxiosError('Request failed with status code 429', {
				status: 429,
				headers: { 'retry-after': '2' },
				data: { status: 429, message: 'Too many requests' },
			}) as unknown as JsonObject,
		);
		expect(rateLimited.httpCode).toBe('429');
		const details = describeFailure(rateLimited, SUBJECT);
		expect(details.kind).toBe('rateLimited');
		expect(details.retryAfterMs).toBe(2000);

		const rejected = new NodeApiError(
			node,
			new AxiosError('Request failed with status code 401', {
				status: 401,
				headers: {},
				data: { Error: { Message: 'Unauthorized' } },
			}) as unknown as JsonObject,
		);
		expect(describeFailure(rejected, SUBJECT).kind).toBe('unauthorized');
	});
});

describe('describeFailure: no HTTP answer', () => {
	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'ECONNABORTED'])(
		'reads %s on cause.code as a transient network failure',
		(code) => {
			const details = describeFailure(networkFailure(code), SUBJECT);
			expect(details.kind).toBe('network');
			expect(details.httpCode).toBeUndefined();
			expect(details.message).toContain(SUBJECT);
			expect(text(details)).toContain(code);
			expect(details.description).toMatch(/usually temporary/);
			expect(isTransient(details.kind)).toBe(true);
		},
	);

	it('reads a code on the error itself (older hosts)', () => {
		const details = describeFailure(
			Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
			SUBJECT,
		);
		expect(details.kind).toBe('network');
		expect(text(details)).toContain('ECONNRESET');
	});

	it('reads ENOTFOUND as a network failure with a DNS message pointing at the region/URL', () => {
		const details = describeFailure(networkFailure('ENOTFOUND'), SUBJECT);
		expect(details.kind).toBe('network');
		expect(details.message).toContain(SUBJECT);
		expect(text(details)).toContain('ENOTFOUND');
		expect(text(details)).toMatch(/DNS/);
		expect(text(details)).toMatch(/Region or Custom URL/);
	});

	it.each([
		'DEPTH_ZERO_SELF_SIGNED_CERT',
		'SELF_SIGNED_CERT_IN_CHAIN',
		'CERT_HAS_EXPIRED',
		'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
		'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
		'ERR_TLS_CERT_ALTNAME_INVALID',
		'ERR_SSL_WRONG_VERSION_NUMBER',
	])('reads the TLS code %s as setup (not retried), with the CA advice', (code) => {
		const details = describeFailure(networkFailure(code), SUBJECT);
		expect(details.kind).toBe('setup');
		expect(isTransient(details.kind)).toBe(false);
		expect(details.message).toMatch(/TLS certificate/);
		expect(details.message).toContain(SUBJECT);
		expect(text(details)).toContain(code);
		expect(details.description).toContain('NODE_EXTRA_CA_CERTS');
	});

	it('reads an unknown code as network, pointing at the address', () => {
		const details = describeFailure(networkFailure('EWHATEVER'), SUBJECT);
		expect(details.kind).toBe('network');
		expect(details.description).toMatch(/Region or Custom URL/);
	});

	it.each([undefined, null, 'boom', 42, new Error('something odd')])(
		'never throws for %p and answers network',
		(thrown) => {
			const details = describeFailure(thrown, SUBJECT);
			expect(details.kind).toBe('network');
			expect(details.message).toContain(SUBJECT);
		},
	);

	it('passes on a CredentialSetupError cause as setup with its message', () => {
		const setup = Object.assign(
			new Error('The token has no events host. Pick the Region in the credential.'),
			{
				name: 'CredentialSetupError',
			},
		);
		expect(
			describeFailure({ name: 'NodeApiError', message: 'wrapped', cause: setup }, SUBJECT),
		).toEqual({
			kind: 'setup',
			message: 'The token has no events host. Pick the Region in the credential.',
		});
		expect(describeFailure(setup, SUBJECT)).toEqual({
			kind: 'setup',
			message: 'The token has no events host. Pick the Region in the credential.',
		});
	});
});

describe('apiMessage', () => {
	it('reads both error shapes and plain text', () => {
		expect(apiMessage({ Error: { Message: 'Unauthorized' } })).toBe('Unauthorized');
		expect(apiMessage({ status: 401, message: 'token revoked' })).toBe('token revoked');
		expect(apiMessage({ error: 'bad cursor' })).toBe('bad cursor');
		expect(apiMessage('404 page not found\n')).toBe('404 page not found');
	});

	it('collapses whitespace and gives undefined for nothing to say', () => {
		expect(apiMessage({ message: '  too \n\t many  ' })).toBe('too many');
		expect(apiMessage({ message: '   ' })).toBeUndefined();
		expect(apiMessage({ message: 42 })).toBeUndefined();
		expect(apiMessage({})).toBeUndefined();
		expect(apiMessage(undefined)).toBeUndefined();
		expect(apiMessage(null)).toBeUndefined();
	});

	it('ignores HTML bodies', () => {
		expect(apiMessage('<!DOCTYPE html><html><body>Error</body></html>')).toBeUndefined();
		expect(apiMessage('\n  <html><body>502</body></html>')).toBeUndefined();
		expect(apiMessage({ message: '<h1>Bad Gateway</h1>' })).toBeUndefined();
	});

	it('shortens long messages to 200 characters', () => {
		const message = apiMessage({ message: 'x '.repeat(300) });
		expect(message).toHaveLength(203);
		expect(message?.endsWith('...')).toBe(true);
	});

	it('redacts anything JWT-like', () => {
		for (const leaked of [token, realisticToken]) {
			const said = apiMessage({ message: `invalid token Bearer ${leaked} for this request` });
			expect(said).toBe('invalid token Bearer [redacted] for this request');
			expect(apiMessage({ Error: { Message: leaked } })).toBe('[redacted]');
			expect(apiMessage(`token ${leaked} rejected`)).toBe('token [redacted] rejected');
		}
	});

	it('redacts a token even where the message is cut at 200 characters', () => {
		const said = apiMessage({ message: `${'a '.repeat(90)}${realisticToken} ${'b '.repeat(50)}` });
		expect(said).toContain('[redacted]');
		expect(said).not.toMatch(TOKEN_LIKE);
	});
});

describe('describeFailure never leaks a token the server echoes', () => {
	it.each([400, 401, 403, 404, 418, 429, 500, 502, 503])('status %i', (status) => {
		for (const leaked of [token, realisticToken]) {
			for (const data of [
				{ status, message: `token ${leaked} is not valid` },
				{ Error: { Message: `Bearer ${leaked}` } },
				`bad token: ${leaked}`,
				JSON.stringify({ message: leaked }),
			]) {
				expectNoToken(describeFailure(httpFailure(status, data), SUBJECT), leaked);
			}
		}
	});

	it('does not copy request options (with the Authorization header) into the message', () => {
		const thrown = {
			...httpFailure(401, { status: 401, message: 'Unauthorized' }),
			options: { headers: { Authorization: `Bearer ${token}` } },
			config: { headers: { Authorization: `Bearer ${token}` } },
		};
		expectNoToken(describeFailure(thrown, SUBJECT), token);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.UTC(2026, 10, 26, 10, 0, 0);

	it('reads whole and decimal seconds', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('120', now)).toBe(120_000);
		expect(parseRetryAfter('1.5', now)).toBe(1500);
		expect(parseRetryAfter('0.25', now)).toBe(250);
		expect(parseRetryAfter(' 4 ', now)).toBe(4000);
		expect(parseRetryAfter(2, now)).toBe(2000);
		expect(parseRetryAfter(['5', '9'], now)).toBe(5000);
	});

	it('reads an HTTP date relative to now', () => {
		expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
	});

	it('answers 0 for an HTTP date in the past', () => {
		expect(parseRetryAfter('Thu, 26 Nov 2026 09:59:00 GMT', now)).toBe(0);
	});

	it.each([
		['text', 'soon'],
		['text with a number', 'soon 2'],
		['an empty header', ''],
		['blanks', '   '],
		['a negative number', '-5'],
		['Infinity', 'Infinity'],
		['NaN', 'NaN'],
		['a half-written date', 'Thu, 26 Nov'],
	])('gives undefined for %s', (_label, value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});

	it.each([undefined, null, {}, [], true, Number.NaN, -1])('gives undefined for %p', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('Retry-After header name case', () => {
	it('is found in a plain header object whatever its case', () => {
		const failure = describeFailure(
			{
				httpCode: '429',
				cause: { response: { status: 429, headers: { 'Retry-After': '7' }, data: {} } },
			},
			'item usages',
		);
		expect(failure.retryAfterMs).toBe(7000);
	});
});
