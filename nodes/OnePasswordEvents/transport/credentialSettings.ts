/**
 * Where to send requests and with which token: the credential's data turned into a base URL and
 * a clean bearer token. Used by the credential's `authenticate` (so every request, including the
 * credential test, goes to the right host) and by the nodes (to explain failures).
 *
 * The token is decoded here, never verified: 1Password's server verifies it. Nothing in this file
 * ever puts the token, or any part of it, into an error message.
 */

/** The four 1Password Events API hosts, by account domain. */
export const REGION_BASE_URLS = {
	business: 'https://events.1password.com',
	enterprise: 'https://events.ent.1password.com',
	canada: 'https://events.1password.ca',
	europe: 'https://events.1password.eu',
} as const;

const KNOWN_BASE_URLS: string[] = Object.values(REGION_BASE_URLS);

export const AUTO_REGION = 'auto';
export const CUSTOM_REGION = 'custom';

/** Older tokens name this instead of their events host, so the region can't be derived. */
const LEGACY_AUDIENCE = 'com.1password.streamingservice';

const FEATURES_CLAIM = '1password.com/fts';

export interface TokenClaims {
	audience: string[];
	features: string[];
	/** Seconds since the epoch, when the token carries an expiry. */
	expiresAt?: number;
}

interface ConnectionSettings {
	token?: unknown;
	region?: unknown;
	customUrl?: unknown;
}

import { SettingsError } from './errors';

/** A problem with the credential's data itself, found before any request is sent. */
export class CredentialSetupError extends SettingsError {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialSetupError';
	}
}

/**
 * People paste tokens with surrounding blanks, line breaks from wrapped text, or a leading
 * `Bearer `; none of these can be part of a JWT, so they are removed.
 */
export function normalizeToken(raw: unknown): string {
	const text = typeof raw === 'string' ? raw : '';
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^bearer\s+/i, '')
		.replace(/\s+/g, '');
}

/** Reads the claims of a JWT without verifying it; `undefined` when it is not a readable JWT. */
export function readTokenClaims(token: string): TokenClaims | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || parts.some((part) => part.length === 0)) return undefined;
	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof payload !== 'object' || payload === null) return undefined;
	const claims = payload as Record<string, unknown>;
	const audience = toStringList(claims.aud);
	const features = toStringList(claims[FEATURES_CLAIM]);
	const expiresAt = typeof claims.exp === 'number' ? claims.exp : undefined;
	return { audience, features, expiresAt };
}

function toStringList(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value))
		return value.filter((entry): entry is string => typeof entry === 'string');
	return [];
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** Loopback addresses may use plain http: traffic never leaves the machine (local emulator). */
function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** Checks a user-typed base URL and returns it without a trailing slash. */
export function validateCustomUrl(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		throw new CredentialSetupError(
			'The custom URL is empty. Enter the base URL of your Events API proxy or emulator, e.g. https://events.example.com or http://127.0.0.1:8787.',
		);
	}
	const url = parseUrl(text);
	if (!url) {
		throw new CredentialSetupError(
			`The custom URL "${text}" is not a valid URL. Enter a full base URL such as https://events.example.com.`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new CredentialSetupError(
			`The custom URL must start with https:// (it starts with ${url.protocol}//). Use the https address of your proxy.`,
		);
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new CredentialSetupError(
			`The custom URL uses plain http for ${url.hostname}, which would send the token unencrypted. Use https://, or http:// only for a loopback address such as 127.0.0.1.`,
		);
	}
	if (url.username || url.password) {
		throw new CredentialSetupError(
			'The custom URL contains a user name or password. Remove them; the token is the only credential the Events API uses.',
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The events host named by the token's `aud` claim, as a base URL. */
export function baseUrlFromToken(token: string): string {
	const claims = readTokenClaims(token);
	if (!claims) {
		throw new CredentialSetupError(
			'The token is not a valid Events API token (it should be a long JWT with three dot-separated parts). Copy the bearer token of your Events Reporting integration again from 1Password.',
		);
	}
	const named = claims.audience.filter((aud) => aud !== LEGACY_AUDIENCE && aud.trim() !== '');
	if (named.length === 0) {
		throw new CredentialSetupError(
			'This token does not say which region it belongs to (older tokens don\'t). Set Region in the credential to the events host of your account, e.g. "1password.com (Business)".',
		);
	}
	// Only 1Password's own hosts are taken from a token: anything else in `aud` (another host, a
	// user@host, a path) would send the token wherever the token's text says.
	for (const aud of named) {
		const host = aud
			.trim()
			.toLowerCase()
			.replace(/^https:\/\//, '')
			.replace(/\/$/, '');
		const known = KNOWN_BASE_URLS.find((url) => url === `https://${host}`);
		if (known) return known;
	}
	throw new CredentialSetupError(
		`The token names an events host that is not one of 1Password's Events API hosts (${named
			.map((aud) => `"${aud.slice(0, 80)}"`)
			.join(
				', ',
			)}). Set Region in the credential to your account's region, or to Custom URL for a proxy or the local emulator.`,
	);
}

/** The base URL every request of this credential goes to. */
export function resolveBaseUrl(settings: ConnectionSettings): string {
	const region = typeof settings.region === 'string' ? settings.region : AUTO_REGION;
	if (region === CUSTOM_REGION) return validateCustomUrl(settings.customUrl);
	if (KNOWN_BASE_URLS.includes(region)) return region;
	const token = normalizeToken(settings.token);
	if (token === '') {
		throw new CredentialSetupError(
			'The credential has no token. Paste the bearer token of your 1Password Events Reporting integration.',
		);
	}
	return baseUrlFromToken(token);
}
