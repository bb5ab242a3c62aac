/**
 * One error type for everything that can go wrong talking to the Events API, with a `kind` the
 * poller acts on (retry, keep what was taken, recover the cursor, or stop) and a message written
 * for the person reading the failed execution. Messages are built from status codes and the
 * API's own short error text only: request options (which hold the Authorization header) are
 * never passed on, so the token cannot leak through an error.
 */
import { NodeApiError } from 'n8n-workflow';
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
const TRANSIENT: ReadonlySet<FailureKind> = new Set(['rateLimited', 'serverError', 'network', 'invalidResponse', 'paused']);

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

export function isEventsApiError(error: unknown): error is EventsApiError {
	return error instanceof EventsApiError;
}
