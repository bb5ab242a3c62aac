/**
 * Everything that can go wrong, in one place:
 * - EventsApiError: a failed talk with the Events API, with a `kind` the stream reader acts on
 *   (retry, keep what was taken, recover the cursor, or stop) and a message written for the
 *   person reading the failed execution. Messages are built from status codes and the API's own
 *   short error text only: request options (which hold the Authorization header) are never
 *   passed on, so the token cannot leak through an error.
 * - describeFailure: what n8n's request helper threw, turned into such a failure.
 * - SettingsError: a parameter that cannot work, raised where no node is at hand.
 * - toNodeError: the single place where all of these become the errors n8n shows.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

export type FailureKind =
	| 'unauthorized'
	| 'forbidden'
	| 'badRequest'
	| 'notFound'
	| 'rateLimited'
	| 'serverError'
	| 'network'
	| 'invalidResponse'
	| 'setup'
	/** Not a failure of this poll: a refused cursor was replaced by a re-read, reported once. */
	| 'cursorRefused'
	/** Not an API failure: the node's own request budget for the token is spent for now. */
	| 'paused'
	/** Not an API failure: no events arrived for longer than the user allows. */
	| 'silence';

/** Kinds worth retrying: they pass on their own. */
const TRANSIENT: ReadonlySet<FailureKind> = new Set([
	'rateLimited',
	'serverError',
	'network',
	'invalidResponse',
	'paused',
]);

export function isTransient(kind: FailureKind): boolean {
	return TRANSIENT.has(kind);
}

export interface FailureDetails {
	kind: FailureKind;
	message: string;
	description?: string;
	httpCode?: string;
	/** How long the server asked us to wait (Retry-After), in milliseconds. */
	retryAfterMs?: number;
}

export class EventsApiError extends NodeApiError {
	readonly kind: FailureKind;

	readonly retryAfterMs?: number;

	constructor(node: INode, details: FailureDetails) {
		const response: JsonObject = { message: details.message };
		if (details.httpCode) response.httpCode = details.httpCode;
		super(node, response, {
			message: details.message,
			description: details.description,
			httpCode: details.httpCode,
		});
		this.kind = details.kind;
		this.retryAfterMs = details.retryAfterMs;
	}
}

/**
 * A parameter the user set cannot work (bad date, bad filter, nothing selected). Raised by the
 * shared modules, which have no node to hand; the node files turn it into a NodeOperationError.
 * Its message says what is wrong and how to fix it.
 */
export class SettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SettingsError';
	}
}

/**
 * Turns whatever n8n's request helper threw (a NodeApiError around an Axios error on current
 * hosts, a bare Axios-like error on older ones, or the credential's own setup error) into a
 * FailureDetails with a message that says what happened and how to fix it.
 */

type Loose = Record<string, unknown> | undefined;

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_CANCELED',
]);

const TOKEN_LIKE = /[A-Za-z0-9_-]{12,}\.[A-Za-z0-9_-]{12,}\.[A-Za-z0-9_-]{8,}/g;

function asObject(value: unknown): Loose {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)
		: undefined;
}

/** The API's own short error text, from either error shape, without anything token-like. */
export function apiMessage(data: unknown): string | undefined {
	let message: unknown;
	const body = asObject(data);
	if (body) message = asObject(body.Error)?.Message ?? body.message ?? body.error;
	else if (typeof data === 'string') message = data;
	if (typeof message !== 'string') return undefined;
	const clean = message.replace(TOKEN_LIKE, '[redacted]').replace(/\s+/g, ' ').trim();
	if (clean === '' || clean.startsWith('<')) return undefined;
	return clean.length > 200 ? `${clean.slice(0, 200)}...` : clean;
}

/** Retry-After in milliseconds: seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const text = String(raw).trim();
	// Not Number(text) alone: it reads an empty header as 0 ("retry now").
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// An HTTP date always has a time of day; Date.parse alone also reads "soon 2" or "-5" as dates.
	if (!/\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerValue(headers: Loose, name: string): unknown {
	if (!headers) return undefined;
	const getter = headers.get;
	if (typeof getter === 'function') return (getter as (key: string) => unknown).call(headers, name);
	const wanted = name.toLowerCase();
	const key = Object.keys(headers).find((header) => header.toLowerCase() === wanted);
	return key === undefined ? undefined : headers[key];
}

function statusOf(error: Loose, cause: Loose, response: Loose): number | undefined {
	for (const value of [
		response?.status,
		response?.statusCode,
		cause?.status,
		error?.httpCode,
		error?.statusCode,
	]) {
		const status = Number(value);
		if (Number.isInteger(status) && status >= 100 && status < 600) return status;
	}
	return undefined;
}

/** The HTTP status and network error code of anything n8n's request helper threw. */
export function readThrown(thrown: unknown): { status?: number; code?: string; data?: unknown } {
	const error = asObject(thrown);
	const cause = asObject(error?.cause) ?? error;
	const response = asObject(cause?.response) ?? asObject(error?.response);
	const code = String(cause?.code ?? error?.code ?? '');
	return {
		status: statusOf(error, cause, response),
		code: code === '' ? undefined : code,
		data: response?.data ?? response?.body,
	};
}

export function describeFailure(thrown: unknown, subject: string): FailureDetails {
	const error = asObject(thrown);
	const cause = asObject(error?.cause) ?? error;
	if (cause?.name === 'CredentialSetupError' || error?.name === 'CredentialSetupError') {
		return { kind: 'setup', message: String(cause?.message ?? error?.message) };
	}
	const response = asObject(cause?.response) ?? asObject(error?.response);
	const status = statusOf(error, cause, response);
	const detail = apiMessage(response?.data ?? response?.body);
	const said = detail ? ` 1Password said: "${detail}".` : '';

	if (status === 401) {
		return {
			kind: 'unauthorized',
			httpCode: '401',
			message: `1Password rejected the token when fetching ${subject} (401)`,
			description: `The token is expired, revoked, for another region, or not allowed to read ${subject}.${said} Check which event types it may read with the 1Password Events node's Get Token Info operation; if needed, create a new token in 1Password (Integrations > Events Reporting) with ${subject} selected and update the credential.`,
		};
	}
	if (status === 403) {
		return {
			kind: 'forbidden',
			httpCode: '403',
			message: `1Password refused access to ${subject} (403)`,
			description: `The token may not read ${subject}.${said} Create a token in 1Password (Integrations > Events Reporting) that includes ${subject}, and update the credential.`,
		};
	}
	if (status === 404) {
		return {
			kind: 'notFound',
			httpCode: '404',
			message: `The Events API answered 404 when fetching ${subject}: wrong address or unreadable token`,
			description:
				'Two causes are known. The token may be incomplete or damaged: 1Password has answered "404 page not found" to a token not copied in full, so copy the whole bearer token from 1Password (Integrations > Events Reporting) into the credential again. Or the address is wrong: check the Region in the credential, or the Custom URL (the base URL such as https://events.1password.com, without /api/... at the end).',
		};
	}
	if (status === 400) {
		return {
			kind: 'badRequest',
			httpCode: '400',
			message: `1Password refused the request for ${subject} (400)`,
			description: `${said.trim() || 'The request was not accepted.'} Check the start date and page size.`,
		};
	}
	if (status === 429) {
		const retryAfterMs = parseRetryAfter(headerValue(asObject(response?.headers), 'retry-after'));
		return {
			kind: 'rateLimited',
			httpCode: '429',
			retryAfterMs,
			message: `1Password is rate limiting requests for ${subject} (429)`,
			description:
				'The account has used its Events API budget (600 requests a minute, 30,000 an hour, shared by every integration). Fetching resumes on its own; if this persists, poll less often or check other integrations using the account.',
		};
	}
	if (status !== undefined && (status >= 500 || status === 408)) {
		return {
			kind: 'serverError',
			httpCode: String(status),
			message: `The Events API had a problem answering for ${subject} (${status})`,
			description: `${said.trim()} This is usually temporary; fetching resumes on its own.`.trim(),
		};
	}
	// A status line of success followed by an error means the answer broke off in transit: the
	// connection dropped or stalled mid-body. Nothing was refused; it passes like any network fault.
	if (status !== undefined && status >= 200 && status < 300) {
		const code = String(cause?.code ?? error?.code ?? '');
		return {
			kind: 'network',
			message: `The connection broke while receiving ${subject} from the Events API`,
			description: `1Password (or a proxy on the way) answered ${status}, but the answer did not arrive whole${code && !/^\d+$/.test(code) ? ` (network error ${code})` : ''}. This is usually temporary; fetching resumes on its own from the same position.`,
		};
	}
	if (status !== undefined) {
		return {
			kind: 'badRequest',
			httpCode: String(status),
			message: `The Events API answered ${status} when fetching ${subject}`,
			description: said.trim() || undefined,
		};
	}

	const code = String(cause?.code ?? error?.code ?? error?.httpCode ?? '');
	if (code === 'ENOTFOUND') {
		return {
			kind: 'network',
			message: `The Events API host could not be found when fetching ${subject}`,
			description:
				'DNS lookup failed (ENOTFOUND). Check the Region or Custom URL in the credential, and that n8n can resolve the host.',
		};
	}
	// UNABLE_TO_VERIFY_LEAF_SIGNATURE ("unable to verify the first certificate") names no CERT.
	if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|INVALID_CA/i.test(code)) {
		return {
			kind: 'setup',
			message: `The TLS certificate of the Events API host was not accepted when fetching ${subject}`,
			description: `TLS error ${code}. Check the Custom URL: it must serve a certificate n8n trusts. A proxy that intercepts TLS needs its CA added to n8n (NODE_EXTRA_CA_CERTS).`,
		};
	}
	// Error codes stay out of the message: n8n swaps messages that contain them for generic text.
	const label = code ? `Network error ${code}. ` : '';
	return {
		kind: 'network',
		message: `Could not reach the Events API when fetching ${subject}`,
		description: RETRYABLE_NETWORK_CODES.has(code)
			? `${label}The connection failed, or no answer (or only part of one) arrived in time. This is usually temporary; fetching resumes on its own.`
			: `${label}Check the Region or Custom URL in the credential and that n8n can reach the host.`,
	};
}

/**
 * The single place where errors from the shared modules become the errors n8n shows: API
 * failures are already NodeApiErrors; settings and credential problems become
 * NodeOperationErrors with their own message (which says how to fix them).
 */

export function toNodeError(node: INode, error: unknown): EventsApiError | NodeOperationError {
	if (error instanceof EventsApiError || error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message);
}
