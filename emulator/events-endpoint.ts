import { sendApiError, type ErrorShape } from './api-errors';
import type { EmulatorCore } from './emulator-core';
import type { PageResponse, ReadPosition } from './event-pages';
import type { ApiVersion, EventType } from './event-types';
import { answerWithErrorFault, sendTruncatedJson } from './fault-responses';
import { DEFAULT_LATENCY_MS, type FaultSpec } from './faults';
import { BodyTooLargeError, readBody, sendJson } from './http-util';
import type { RequestContext } from './request-context';
import { parseEventRequest } from './request-body';

export interface EventRoute {
	readonly type: EventType;
	readonly version: ApiVersion;
}

/**
 * POST /api/v{1,2}/{itemusages,signinattempts,auditevents}. Order of checks: token (401), rate
 * limit (429), body (400), then an injected fault if one is due, then the page.
 */
export async function handleEventRequest(core: EmulatorCore, ctx: RequestContext, route: EventRoute): Promise<void> {
	const shape: ErrorShape = route.version === 2 ? 'v2' : 'v1';
	let body: string;
	try {
		body = await readBody(ctx.req);
	} catch (error) {
		if (error instanceof BodyTooLargeError) sendApiError(ctx.res, shape, 400, 'Invalid request body: too large');
		return;
	}

	const auth = core.auth.authenticate(ctx.req.headers.authorization, route.type);
	ctx.tokenId = auth.ok ? auth.claims.jti : auth.tokenId;
	if (!auth.ok) return sendApiError(ctx.res, shape, 401, auth.message);

	const retryAfter = core.checkRateLimit(auth.claims.jti);
	if (retryAfter !== null) {
		return sendApiError(ctx.res, shape, 429, 'Too many requests', core.rateLimit?.retryAfter ? { 'Retry-After': String(retryAfter) } : {});
	}

	const parsed = parseEventRequest(body, core.now());
	if (!parsed.ok) return sendApiError(ctx.res, shape, 400, parsed.message);
	const resolved = core.pager.resolve(route.type, parsed.request);
	if (!resolved.ok) return sendApiError(ctx.res, shape, 400, resolved.message);

	const fault = core.faults.next(parsed.request.kind === 'cursor');
	if (fault) core.stats.recordFault(fault.kind);
	if (fault && answerWithErrorFault(ctx, shape, fault)) return;
	if (fault?.kind === 'latency') {
		const completed = await core.delay(fault.latencyMs ?? DEFAULT_LATENCY_MS);
		if (!completed || ctx.res.destroyed) return;
	}

	core.catchUpLive(route.type);
	const page = buildPage(core, route, resolved.position, fault);
	const json = JSON.stringify(page);
	if (fault?.kind === 'truncated-json') return sendTruncatedJson(ctx, json);
	core.stats.recordEventsServed(route.type, page.items.length);
	sendJson(ctx.res, 200, json);
}

function buildPage(core: EmulatorCore, route: EventRoute, position: ReadPosition, fault: FaultSpec | null): PageResponse {
	if (fault?.kind === 'redeliver') return core.pager.redeliver(route.version, position);
	if (fault?.kind === 'empty-has-more') return core.pager.emptyHasMore(position);
	return core.pager.next(route.version, position);
}
