import { sendApiError, type ErrorShape } from './api-errors';
import { refuseToken } from './auth-refusal';
import type { EmulatorCore } from './emulator-core';
import type { PageResponse, ReadPosition } from './event-pages';
import type { ApiVersion, EventType } from './event-types';
import { answerWithErrorFault, sendTruncatedJson } from './fault-responses';
import { DEFAULT_LATENCY_MS, DEFAULT_STALL_MS, type FaultSpec } from './faults';
import { BodyTooLargeError, readBody, sendJson } from './http-util';
import { mixInJunk } from './junk-entries';
import { sendThenDrop, sendThenStall } from './partial-body';
import type { RequestContext } from './request-context';
import { parseEventRequest } from './request-body';

export interface EventRoute {
	readonly type: EventType;
	readonly version: ApiVersion;
}

/**
 * POST /api/v{1,2}/{itemusages,signinattempts,auditevents}. Order of checks: token (401, or 404
 * for a garbled one), rate limit (429), body (400, an expired cursor included), then an injected
 * fault if one is due, then the page.
 */
export async function handleEventRequest(
	core: EmulatorCore,
	ctx: RequestContext,
	route: EventRoute,
): Promise<void> {
	// Counted on arrival, whatever the outcome: it is what the client did to the API.
	core.stats.recordEventRequest(core.now());
	const shape: ErrorShape = route.version === 2 ? 'v2' : 'v1';
	let body: string;
	try {
		body = await readBody(ctx.req);
	} catch (error) {
		if (error instanceof BodyTooLargeError)
			sendApiError(ctx.res, shape, 400, 'Invalid request body: too large');
		return;
	}

	const auth = core.auth.authenticate(ctx.req.headers.authorization, route.type);
	ctx.tokenId = auth.ok ? auth.claims.jti : auth.tokenId;
	if (!auth.ok) return refuseToken(ctx.res, shape, auth, core.settings.get().garbledTokenStatus);

	const retryAfter = core.checkRateLimit(auth.claims.jti);
	if (retryAfter !== null) {
		return sendApiError(
			ctx.res,
			shape,
			429,
			'Too many requests',
			core.rateLimit?.retryAfter ? { 'Retry-After': String(retryAfter) } : {},
		);
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
	// Partial answers deliver no usable page, so they count no events served.
	if (fault?.kind === 'truncated-json') return sendTruncatedJson(ctx, JSON.stringify(page));
	if (fault?.kind === 'drop-after-headers') return sendThenDrop(ctx, JSON.stringify(page));
	if (fault?.kind === 'stall-body')
		return sendThenStall(core, ctx, JSON.stringify(page), fault.stallMs ?? DEFAULT_STALL_MS);

	core.stats.recordEventsServed(
		route.type,
		page.items.length,
		fault?.kind === 'redeliver' ? 'redelivered' : 'page',
	);
	if (fault?.kind === 'malformed-records') {
		const mixed = mixInJunk(page.items);
		core.stats.recordJunkServed(route.type, mixed.junk);
		return sendJson(ctx.res, 200, JSON.stringify({ ...page, items: mixed.items }));
	}
	sendJson(ctx.res, 200, JSON.stringify(page));
}

function buildPage(
	core: EmulatorCore,
	route: EventRoute,
	position: ReadPosition,
	fault: FaultSpec | null,
): PageResponse {
	if (fault?.kind === 'redeliver') return core.pager.redeliver(route.version, position);
	if (fault?.kind === 'empty-has-more') return core.pager.emptyHasMore(position);
	return core.pager.next(route.version, position);
}
