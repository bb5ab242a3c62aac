import { sendNotFound } from './api-errors';
import type { ConnectService } from './connect-service';
import type { ConnectPathKind } from './connect-stats';
import type { EmulatorCore } from './emulator-core';
import { send, sendJson } from './http-util';
import type { RequestContext } from './request-context';

/**
 * The read-only part of the 1Password Connect REST API that a client needs to turn the ids in
 * events into names, on the same port as the Events API:
 *
 *   GET /v1/vaults                     shared vaults (optional filter: name eq "…")
 *   GET /v1/vaults/{vaultId}           one vault
 *   GET /v1/vaults/{vaultId}/items     item overviews (optional filter: title eq "…")
 *   GET /heartbeat                     "." (no token)
 *   GET /health                        server name and version (no token)
 *
 * Order of checks: fault (`down`, then the latency of `slow` or of the `latencyMs` option, then
 * `not-found` / `server-error`) → token (401, `unauthorized` included) → route (404) → vault id
 * (400 malformed, 404 unknown, 403 not shared) → filter (400) → answer. Errors use Connect's
 * `{"status": N, "message": "..."}`.
 */

const CONNECT_ROOTS = ['/v1', '/heartbeat', '/health'];

/** Whether a path belongs to Connect (everything under /v1, and the two health paths). */
export function isConnectPath(path: string): boolean {
	return CONNECT_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

/** Connect's own messages where they are known (see README "1Password Connect"). */
const MESSAGES = {
	unauthorized: 'Invalid token signature',
	badVaultId: 'Invalid Vault UUID',
	notShared: 'Authorization: token does not have access to vault',
	serverError: 'Internal Server Error',
	badFilter: 'Invalid filter',
	unknownRoute:
		'Not Found: this emulator serves GET /v1/vaults, /v1/vaults/{vaultId} and /v1/vaults/{vaultId}/items',
} as const;

/** 1Password ids: 26 base32 characters. Connect writes them in lower case; any case is accepted. */
const ID_PATTERN = /^[a-z0-9]{26}$/i;

type Route =
	| { readonly kind: 'vaults' }
	| { readonly kind: 'vault' | 'items'; readonly vaultId: string }
	| { readonly kind: 'heartbeat' }
	| { readonly kind: 'health' }
	| { readonly kind: 'unknown' };

function routeOf(path: string): Route {
	if (path === '/heartbeat') return { kind: 'heartbeat' };
	if (path === '/health') return { kind: 'health' };
	if (path === '/v1/vaults') return { kind: 'vaults' };
	const match = /^\/v1\/vaults\/([^/]+)(\/items)?$/.exec(path);
	if (!match) return { kind: 'unknown' };
	return { kind: match[2] ? 'items' : 'vault', vaultId: decoded(match[1]) };
}

/** A malformed escape stays as sent; the id check then answers 400 like any other bad id. */
function decoded(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function statsKind(route: Route): ConnectPathKind {
	return route.kind === 'vaults' || route.kind === 'vault' || route.kind === 'items'
		? route.kind
		: 'other';
}

function sendError(ctx: RequestContext, status: number, message: string): void {
	sendJson(ctx.res, status, { status, message });
}

function bearerToken(header: string | undefined): string | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1] : null;
}

/**
 * SCIM-style `attribute eq "value"`, the one filter form Connect documents. Returns the value,
 * null without a filter, or an Error for a filter this emulator cannot read.
 */
function equalityFilter(query: URLSearchParams, attribute: string): string | null | Error {
	const filter = query.get('filter');
	if (filter === null) return null;
	const match = new RegExp(`^\\s*${attribute}\\s+eq\\s+"(.*)"\\s*$`, 'i').exec(filter);
	return match ? match[1] : new Error(MESSAGES.badFilter);
}

export async function handleConnectRequest(
	core: EmulatorCore,
	ctx: RequestContext,
	method: string,
	url: URL,
): Promise<void> {
	const connect = core.connect;
	const route = routeOf(url.pathname);
	ctx.res.on('close', () => {
		connect.stats.record(
			statsKind(route),
			ctx.res.writableFinished ? ctx.res.statusCode : 'no-response',
		);
	});
	// Connect's read endpoints take no body; drain any so keep-alive connections stay usable.
	ctx.req.resume();

	const fault = connect.fault;
	if (fault?.kind === 'down') {
		ctx.req.socket.destroy();
		return;
	}
	const latencyMs = fault?.kind === 'slow' ? fault.latencyMs : connect.latencyMs;
	if (latencyMs > 0) {
		const completed = await core.delay(latencyMs);
		if (!completed || ctx.res.destroyed) return;
	}
	if (fault?.kind === 'not-found') return sendNotFound(ctx.res);
	if (fault?.kind === 'server-error') return sendError(ctx, 500, MESSAGES.serverError);

	if (route.kind === 'heartbeat' || route.kind === 'health') {
		if (method !== 'GET') return sendNotFound(ctx.res);
		if (route.kind === 'heartbeat') return send(ctx.res, 200, 'text/plain', '.');
		return sendJson(ctx.res, 200, {
			name: '1Password Connect API',
			version: '1.7.1',
			dependencies: [
				{ service: 'sync', status: 'ACTIVE' },
				{ service: 'sqlite', status: 'ACTIVE', message: 'Connected to ./1password.sqlite' },
			],
		});
	}

	if (
		fault?.kind === 'unauthorized' ||
		bearerToken(ctx.req.headers.authorization) !== connect.token
	)
		return sendError(ctx, 401, MESSAGES.unauthorized);
	if (route.kind === 'unknown' || method !== 'GET')
		return sendError(ctx, 404, MESSAGES.unknownRoute);
	if (route.kind === 'vaults') return listVaults(connect, ctx, url.searchParams);

	if (!ID_PATTERN.test(route.vaultId)) return sendError(ctx, 400, MESSAGES.badVaultId);
	const index = connect.directory.indexOf(route.vaultId);
	if (index === -1) return sendError(ctx, 404, `vault ${route.vaultId} not found`);
	if (!connect.isShared(index)) return sendError(ctx, 403, MESSAGES.notShared);
	if (route.kind === 'vault') return sendJson(ctx.res, 200, connect.directory.vault(index));

	const title = equalityFilter(url.searchParams, 'title');
	if (title instanceof Error) return sendError(ctx, 400, title.message);
	const items = connect.directory.itemOverviews(index);
	sendJson(ctx.res, 200, title === null ? items : items.filter((item) => item.title === title));
}

function listVaults(connect: ConnectService, ctx: RequestContext, query: URLSearchParams): void {
	const name = equalityFilter(query, 'name');
	if (name instanceof Error) return sendError(ctx, 400, name.message);
	const vaults = Array.from({ length: connect.directory.vaultCount }, (_, index) => index)
		.filter((index) => connect.isShared(index))
		.map((index) => connect.directory.vault(index))
		.filter((vault) => name === null || vault.name === name);
	sendJson(ctx.res, 200, vaults);
}
