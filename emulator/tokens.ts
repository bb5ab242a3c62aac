import { createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { EVENT_TYPES } from './event-types';
import { randomId } from './prng';
import { keyIdOf } from './signing-key';

/** Claim names as they appear in real Events API tokens. */
export const ISSUER = 'com.1password.b5';
export const ACCOUNT_CLAIM = '1password.com/auuid';
export const FEATURES_CLAIM = '1password.com/fts';

export interface TokenClaims {
	readonly aud: string[];
	readonly sub: string;
	readonly jti: string;
	readonly iat: number;
	readonly exp?: number;
	readonly iss: string;
	readonly [ACCOUNT_CLAIM]: string;
	readonly [FEATURES_CLAIM]: string[];
}

export interface IssueTokenOptions {
	/** Defaults to all three features. Unknown names are allowed (to test clients). */
	readonly features?: readonly string[];
	/** Omit for a token that never expires. */
	readonly expiresInSeconds?: number;
	/** Defaults to the emulator's audience (host:port it listens on). */
	readonly audience?: string | readonly string[];
	/** Milliseconds since the epoch; defaults to the emulator clock. */
	readonly issuedAt?: number;
}

export interface IssuedToken {
	readonly token: string;
	readonly claims: TokenClaims;
}

/** Why a token could not be verified at all (expiry, revocation and scope are checked later). */
export type VerifyResult =
	{ ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'bad-signature' };

/** Verification results are cached per token string; this bounds that cache. */
const VERIFY_CACHE_LIMIT = 10_000;

function encodeSegment(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeSegment(segment: string): unknown {
	try {
		return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
}

function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** Checks the claim types the emulator relies on; anything else makes the token malformed. */
function asClaims(payload: unknown): TokenClaims | null {
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
	const claims = payload as Record<string, unknown>;
	const aud = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
	if (!isStringArray(aud) || typeof claims.jti !== 'string' || typeof claims.iat !== 'number')
		return null;
	if (claims.exp !== undefined && typeof claims.exp !== 'number') return null;
	const features = claims[FEATURES_CLAIM] ?? [];
	if (!isStringArray(features)) return null;
	return { ...claims, aud, [FEATURES_CLAIM]: features } as unknown as TokenClaims;
}

/** Reads the token id without verifying anything, so a token can be revoked by value. */
export function peekTokenId(token: string): string | null {
	const payload = decodeSegment(token.split('.')[1] ?? '');
	const claims = asClaims(payload);
	return claims ? claims.jti : null;
}

/** Issues and verifies ES256 JWTs shaped like 1Password's Events API bearer tokens. */
export class TokenAuthority {
	readonly keyId: string;
	private readonly publicKey: KeyObject;
	private readonly verified = new Map<string, VerifyResult>();

	constructor(
		private readonly privateKey: KeyObject,
		private readonly accountUuid: string,
		private readonly defaultAudience: string,
		private readonly now: () => number,
	) {
		this.keyId = keyIdOf(privateKey);
		this.publicKey = createPublicKey(privateKey);
	}

	issue(options: IssueTokenOptions = {}): IssuedToken {
		const iat = Math.floor((options.issuedAt ?? this.now()) / 1000);
		const id = randomId(randomBytes(26));
		const audience = options.audience ?? this.defaultAudience;
		const claims: TokenClaims = {
			aud: typeof audience === 'string' ? [audience] : [...audience],
			sub: id,
			jti: id,
			iat,
			...(options.expiresInSeconds !== undefined
				? { exp: iat + Math.floor(options.expiresInSeconds) }
				: {}),
			iss: ISSUER,
			[ACCOUNT_CLAIM]: this.accountUuid,
			[FEATURES_CLAIM]: [...(options.features ?? EVENT_TYPES)],
		};
		const signingInput = `${encodeSegment({ alg: 'ES256', kid: this.keyId, typ: 'JWT' })}.${encodeSegment(claims)}`;
		const signature = sign('sha256', Buffer.from(signingInput), {
			key: this.privateKey,
			dsaEncoding: 'ieee-p1363',
		});
		return { token: `${signingInput}.${signature.toString('base64url')}`, claims };
	}

	/**
	 * Signature verification is the one expensive step (~0.1 ms), so its result is cached per
	 * distinct token: a poller sending the same token thousands of times pays for it once.
	 */
	verify(token: string): VerifyResult {
		const cached = this.verified.get(token);
		if (cached) return cached;
		const result = this.verifyUncached(token);
		if (this.verified.size >= VERIFY_CACHE_LIMIT) this.verified.clear();
		this.verified.set(token, result);
		return result;
	}

	private verifyUncached(token: string): VerifyResult {
		const parts = token.split('.');
		if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part)))
			return { ok: false, reason: 'malformed' };
		const header = decodeSegment(parts[0]) as { alg?: unknown } | undefined;
		const claims = asClaims(decodeSegment(parts[1]));
		// Only ES256: accepting the header's choice of algorithm ("none", HS256) is the classic JWT hole.
		if (!header || typeof header !== 'object' || header.alg !== 'ES256' || !claims)
			return { ok: false, reason: 'malformed' };
		const signature = Buffer.from(parts[2], 'base64url');
		if (signature.length !== 64) return { ok: false, reason: 'bad-signature' };
		const valid = verify(
			'sha256',
			Buffer.from(`${parts[0]}.${parts[1]}`),
			{ key: this.publicKey, dsaEncoding: 'ieee-p1363' },
			signature,
		);
		return valid ? { ok: true, claims } : { ok: false, reason: 'bad-signature' };
	}
}
