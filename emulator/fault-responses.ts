import { sendApiError, type ErrorShape } from './api-errors';
import { DEFAULT_RETRY_AFTER_SECONDS, type FaultSpec } from './faults';
import { send } from './http-util';
import type { RequestContext } from './request-context';

/** What proxies in front of an API typically answer: not JSON, whatever the endpoint promises. */
const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
const SERVICE_UNAVAILABLE_TEXT = 'no healthy upstream';
/** A captive portal or filtering proxy: a 200 that is a web page, not the API. */
const CAPTIVE_PORTAL_HTML =
	'<!DOCTYPE html>\r\n<html>\r\n<head><title>Network login required</title></head>\r\n<body>\r\n<h1>Sign in to continue</h1>\r\n<p>Your network requires you to sign in before you can reach this site.</p>\r\n</body>\r\n</html>\r\n';
/** Valid JSON of another API's shape: parsing succeeds, but there are no items, cursor or has_more. */
const WRONG_SHAPE_JSON = '{"data":[],"next":null}';

/**
 * Answers a request with a fault that replaces the whole answer (errors, odd 200s, resets).
 * Returns false for faults that shape or delay the page instead (latency, partial bodies,
 * paging faults), which the events endpoint handles itself.
 */
export function answerWithErrorFault(
	ctx: RequestContext,
	shape: ErrorShape,
	fault: FaultSpec,
): boolean {
	switch (fault.kind) {
		case '429':
			sendApiError(ctx.res, shape, 429, 'Too many requests');
			return true;
		case '429-retry-after':
			sendApiError(ctx.res, shape, 429, 'Too many requests', {
				'Retry-After': String(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS),
			});
			return true;
		case '500':
			sendApiError(ctx.res, shape, 500, 'Internal server error');
			return true;
		case '502':
			send(ctx.res, 502, 'text/html', BAD_GATEWAY_HTML);
			return true;
		case '503':
			send(ctx.res, 503, 'text/plain', SERVICE_UNAVAILABLE_TEXT);
			return true;
		case 'html-200':
			send(ctx.res, 200, 'text/html', CAPTIVE_PORTAL_HTML);
			return true;
		case 'wrong-shape-200':
			send(ctx.res, 200, 'application/json', WRONG_SHAPE_JSON);
			return true;
		case 'refuse-cursor':
			// The documented 400 for "a cursor it cannot use", in the endpoint's error shape.
			sendApiError(ctx.res, shape, 400, 'Invalid cursor');
			return true;
		case 'reset':
			// No answer at all: the client sees a connection reset / socket hang up.
			ctx.req.socket.destroy();
			return true;
		default:
			return false;
	}
}

/** A 200 whose body stops half-way, as when a connection drops mid-transfer behind a proxy. */
export function sendTruncatedJson(ctx: RequestContext, body: string): void {
	send(ctx.res, 200, 'application/json', body.slice(0, Math.max(1, Math.floor(body.length / 2))));
}
