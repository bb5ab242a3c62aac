import type { ServerResponse } from 'node:http';
import { sendApiError, sendNotFound, type ErrorShape } from './api-errors';
import type { AuthResult } from './auth';
import type { GarbledTokenStatus } from './settings';

/**
 * Answers a refused token: 401 in the endpoint's error shape, except a token that is not a
 * readable JWT at all, which gets Go's plain-text 404 by default (as the real API has been
 * reported to answer a token not copied in full).
 */
export function refuseToken(
	res: ServerResponse,
	shape: ErrorShape,
	refusal: Extract<AuthResult, { ok: false }>,
	garbledStatus: GarbledTokenStatus,
): void {
	if (refusal.garbled && garbledStatus === 404) return sendNotFound(res);
	sendApiError(res, shape, 401, refusal.message);
}
