/**
 * What the nodes need to know about the credential before any request: the token (kept in
 * memory only, for the per-token request budget) and, when the token says so, the event types
 * it may read and when it expires.
 */
import { AUTO_REGION, normalizeToken, readTokenClaims, resolveBaseUrl } from './credentialSettings';
import { EventsApiError } from './errors';
import { CREDENTIAL_TYPE } from './request';
import type { EventsApiContext } from './request';

export interface TokenAccess {
	token: string;
	features?: string[];
	/** The token's `exp` claim (seconds since the epoch); undefined for a token that never expires. */
	expiresAt?: number;
	/** n8n processes sharing the token (the credential's setting): each keeps to its share. */
	processes: number;
}

/** Most n8n processes the credential's setting may name. */
export const MAX_PROCESSES = 100;

function readProcesses(value: unknown): number | string {
	if (value === undefined || value === null || value === '') return 1;
	const number = Number(value);
	if (Number.isInteger(number) && number >= 1 && number <= MAX_PROCESSES) return number;
	return `n8n Processes Sharing This Token must be a whole number from 1 to ${MAX_PROCESSES} (it is ${String(value)}).`;
}

/**
 * The token (kept in memory only) and, when it says so, the event types it may read. The
 * credential's address is checked here too, so that a credential that cannot work fails the
 * activation poll, which sends no request when starting from now.
 */
export async function readTokenAccess(context: EventsApiContext): Promise<TokenAccess> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const token = normalizeToken(credentials.token);
	const processes = readProcesses(credentials.processes);
	let problem: string | undefined = typeof processes === 'string' ? processes : undefined;
	try {
		if (token === '') resolveBaseUrl({ ...credentials, region: AUTO_REGION, token: '' });
		resolveBaseUrl(credentials);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem !== undefined) {
		throw new EventsApiError(context.getNode(), {
			kind: 'setup',
			message: problem,
			description: 'Open the credential and fix it as the message says.',
		});
	}
	const claims = readTokenClaims(token);
	return {
		token,
		features: claims && claims.features.length > 0 ? claims.features : undefined,
		expiresAt: claims?.expiresAt,
		processes: typeof processes === 'number' ? processes : 1,
	};
}
