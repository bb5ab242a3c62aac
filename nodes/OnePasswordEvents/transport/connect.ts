/**
 * Requests to 1Password Connect, the optional source of vault and item names. Names are a
 * courtesy, never a condition of delivery: one attempt per request, no retries, a timeout the
 * caller sets from what is left of its budget, and every failure turned into a ConnectFailure
 * with a plain message built from the status alone (never the token, never the answer's body).
 */
import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { readThrown } from './errors';
import { USER_AGENT } from './version';

export const CONNECT_CREDENTIAL_TYPE = 'onePasswordConnectApi';

export type ConnectContext = IPollFunctions | IExecuteFunctions;

export type ConnectFailureKind =
	| 'unauthorized'
	| 'forbidden'
	| 'notFound'
	| 'unreachable'
	| 'timeout'
	| 'server'
	| 'invalidResponse'
	| 'setup';

export class ConnectFailure extends Error {
	constructor(
		readonly kind: ConnectFailureKind,
		message: string,
	) {
		super(message);
		this.name = 'ConnectFailure';
	}
}

/** The credential's server, and a key that tells credentials (and their tokens) apart. */
export interface ConnectServer {
	baseUrl: string;
	/** Server, credential id and a hash of the token: kept in memory only, never the token. */
	cacheKey: string;
}

/** FNV-1a: enough to tell two tokens apart in a process-local map, and not reversible. */
function fingerprint(value: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < value.length; index++) {
		hash ^= value.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16);
}

export async function readConnectServer(context: ConnectContext): Promise<ConnectServer> {
	// n8n throws when no credential is selected; that is a setup problem, reported as such.
	const credentials = await context.getCredentials(CONNECT_CREDENTIAL_TYPE).catch(() => undefined);
	if (!credentials) {
		throw new ConnectFailure(
			'setup',
			'no 1Password Connect API credential is selected; choose one, or turn off Add Vault and Item Names',
		);
	}
	const raw = typeof credentials.serverUrl === 'string' ? credentials.serverUrl.trim() : '';
	const baseUrl = raw.replace(/\/+$/, '').replace(/\/v1$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
		throw new ConnectFailure(
			'setup',
			`the Connect Server URL "${raw}" is not an http(s) address; enter e.g. http://onepassword-connect:8080`,
		);
	}
	const token = typeof credentials.token === 'string' ? credentials.token.trim() : '';
	const id = context.getNode().credentials?.[CONNECT_CREDENTIAL_TYPE]?.id ?? '';
	return { baseUrl, cacheKey: `${baseUrl} ${id} ${fingerprint(token)}` };
}

function failureOf(thrown: unknown, what: string): ConnectFailure {
	const { status, code } = readThrown(thrown);
	if (status === 401)
		return new ConnectFailure(
			'unauthorized',
			`Connect refused the access token when listing ${what} (401); check the 1Password Connect API credential`,
		);
	if (status === 403)
		return new ConnectFailure(
			'forbidden',
			`Connect has no access to ${what} (403); share the vault with the Connect server to see its names`,
		);
	if (status === 404)
		return new ConnectFailure(
			'notFound',
			`Connect answered 404 for ${what}; check the Connect Server URL, or the vault no longer exists`,
		);
	if (status !== undefined && status >= 500)
		return new ConnectFailure('server', `Connect had a problem listing ${what} (${status})`);
	if (status !== undefined)
		return new ConnectFailure('server', `Connect answered ${status} when listing ${what}`);
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED')
		return new ConnectFailure('timeout', `Connect did not answer in time when listing ${what}`);
	return new ConnectFailure(
		'unreachable',
		`could not reach Connect when listing ${what}${code ? ` (network error ${code})` : ''}; check the Connect Server URL and that n8n can reach it`,
	);
}

/** GETs one Connect path and returns its JSON array; the caller names `what` for messages. */
export async function getConnectList(
	context: ConnectContext,
	server: ConnectServer,
	path: string,
	what: string,
	timeoutMs: number,
): Promise<unknown[]> {
	let failure: ConnectFailure | undefined;
	const body: unknown = await context.helpers.httpRequestWithAuthentication
		.call(context, CONNECT_CREDENTIAL_TYPE, {
			method: 'GET',
			url: `${server.baseUrl}${path}`,
			json: true,
			timeout: Math.max(1, Math.round(timeoutMs)),
			headers: { 'User-Agent': USER_AGENT },
		})
		.catch((error: unknown) => {
			failure = failureOf(error, what);
		});
	if (failure) throw failure;
	if (!Array.isArray(body)) {
		throw new ConnectFailure(
			'invalidResponse',
			`Connect sent something other than a list for ${what}; check the Connect Server URL`,
		);
	}
	return body;
}
