import { sendApiError } from './api-errors';
import { refuseToken } from './auth-refusal';
import type { EmulatorCore } from './emulator-core';
import { sendJson } from './http-util';
import type { RequestContext } from './request-context';
import { formatRfc3339Seconds } from './time';
import { ACCOUNT_CLAIM, FEATURES_CLAIM } from './tokens';

/**
 * GET /api/v2/auth/introspect → `{uuid, issued_at, features, account_uuid}`;
 * GET /api/auth/introspect (deprecated) → `{UUID, IssuedAt, Features}` with v1-style errors.
 * Any valid token may introspect, whatever its features.
 */
export function handleIntrospect(core: EmulatorCore, ctx: RequestContext, version: 1 | 2): void {
	const shape = version === 2 ? 'v2' : 'v1';
	const auth = core.auth.authenticate(ctx.req.headers.authorization, null);
	ctx.tokenId = auth.ok ? auth.claims.jti : auth.tokenId;
	if (!auth.ok) return refuseToken(ctx.res, shape, auth, core.settings.get().garbledTokenStatus);

	// Introspection counts against the same budget as event requests.
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

	const { claims } = auth;
	const issuedAt = formatRfc3339Seconds(claims.iat * 1000);
	const features = claims[FEATURES_CLAIM];
	if (version === 2) {
		sendJson(ctx.res, 200, {
			uuid: claims.jti,
			issued_at: issuedAt,
			features,
			account_uuid: claims[ACCOUNT_CLAIM],
		});
	} else {
		sendJson(ctx.res, 200, { UUID: claims.jti, IssuedAt: issuedAt, Features: features });
	}
}
