import type { ServerResponse } from 'node:http';
import { send, sendJson } from './http-util';

/**
 * The Events API answers errors in two shapes: v2 endpoints (and the v2 introspect) with
 * `{"status":401,"message":"..."}`, v1 endpoints and the deprecated introspect with
 * `{"Error":{"Message":"..."}}`. Clients must understand both.
 */
export type ErrorShape = 'v1' | 'v2';

export function apiErrorBody(shape: ErrorShape, status: number, message: string): string {
	return JSON.stringify(shape === 'v2' ? { status, message } : { Error: { Message: message } });
}

export function sendApiError(
	res: ServerResponse,
	shape: ErrorShape,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): void {
	sendJson(res, status, apiErrorBody(shape, status, message), headers);
}

/** Exactly what Go's net/http answers for an unknown route. */
export function sendNotFound(res: ServerResponse): void {
	send(res, 404, 'text/plain; charset=utf-8', '404 page not found\n', {
		'X-Content-Type-Options': 'nosniff',
	});
}
