import { sendApiError, type ErrorShape } from './api-errors';
import { DEFAULT_RETRY_AFTER_SECONDS, type FaultSpec } from './faults';
import { send } from './http-util';
import type { RequestContext } from './request-context';

/** What proxies in front of an API typically answer: not JSON, whatever the endpoint promises. */
const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
const SERVICE_UNAVAILABLE_TEXT = 'no healthy upstream';

/**
 * Answers a request with an error fault. Returns false for faults that are not plain error
 * answers (latency, truncation, paging faults), which the events endpoint handles itself.
 */
export function answerWithErrorFault(ctx: RequestContext, shape: ErrorShape, fault: FaultSpec): boolean {
	switch (fault.kind) {
		case '429':
			sendApiError(ctx.res, shape, 429, 'Too many requests');
			return true;
		case '429-retry-after':
			sendApiError(ctx.res, shape, 429, 'Too many requests', { 'Retry-After': String(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) });
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
