import type { EventType } from './event-types';
import { isReadableJwt } from './jwt-shape';
import { FEATURES_CLAIM, type TokenAuthority, type TokenClaims } from './tokens';

export type AuthResult =
	| { readonly ok: true; readonly claims: TokenClaims }
	/**
	 * tokenId is known when the signature was good, so stats can still attribute the request.
	 * garbled: the bearer value is not a readable JWT at all (see `garbledTokenStatus`).
	 */
	| {
			readonly ok: false;
			readonly message: string;
			readonly tokenId?: string;
			readonly garbled?: true;
	  };

/**
 * Decides whether a request's bearer token may call an endpoint. Every refusal is a 401 with a
 * short reason (a garbled token is flagged, so the endpoint may answer 404 instead); the token
 * itself is never echoed back.
 */
export class Authenticator {
	private readonly revoked = new Set<string>();

	constructor(
		private readonly tokens: TokenAuthority,
		private readonly acceptedAudiences: readonly string[],
		private readonly now: () => number,
	) {}

	revoke(tokenId: string): void {
		this.revoked.add(tokenId);
	}

	/** `requiredFeature` null: any valid token will do (the introspect endpoints). */
	authenticate(authorization: string | undefined, requiredFeature: EventType | null): AuthResult {
		if (!authorization) return { ok: false, message: 'Unauthorized: missing Authorization header' };
		const match = /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
		const token = match?.[1]?.trim();
		if (!token) return { ok: false, message: 'Unauthorized: expected a Bearer token' };
		if (!isReadableJwt(token))
			return { ok: false, message: 'Unauthorized: malformed token', garbled: true };

		const verified = this.tokens.verify(token);
		if (!verified.ok) {
			return {
				ok: false,
				message:
					verified.reason === 'malformed'
						? 'Unauthorized: malformed token'
						: 'Unauthorized: invalid token signature',
			};
		}
		const claims = verified.claims;
		const refuse = (message: string): AuthResult => ({ ok: false, message, tokenId: claims.jti });
		if (this.revoked.has(claims.jti)) return refuse('Unauthorized: token revoked');
		if (claims.exp !== undefined && this.now() >= claims.exp * 1000)
			return refuse('Unauthorized: token expired');
		if (!claims.aud.some((audience) => this.acceptedAudiences.includes(audience))) {
			return refuse('Unauthorized: token not valid for this server');
		}
		if (requiredFeature && !claims[FEATURES_CLAIM].includes(requiredFeature)) {
			return refuse(`Unauthorized: token does not have the ${requiredFeature} feature`);
		}
		return { ok: true, claims };
	}
}
