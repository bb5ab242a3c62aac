/**
 * Misbehaviours of a 1Password Connect server, separate from the Events API faults: a node that
 * looks names up through Connect must keep delivering events (with ids only) whatever Connect
 * does. A fault stays in force until it is changed or cleared, because the situations it plays
 * (a revoked token, a wrong URL, a server that is down) last, unlike one bad answer.
 */

export const CONNECT_FAULT_KINDS = [
	'unauthorized',
	'not-found',
	'server-error',
	'down',
	'slow',
] as const;

export type ConnectFaultKind = (typeof CONNECT_FAULT_KINDS)[number];

export type ConnectFault =
	/** 401 to every /v1 request, as if the token had been revoked. */
	| { readonly kind: 'unauthorized' }
	/** Go's plain-text 404 to every Connect request, as if the URL pointed at another server. */
	| { readonly kind: 'not-found' }
	/** 500 with a Connect error body. */
	| { readonly kind: 'server-error' }
	/** The connection is destroyed without an answer. */
	| { readonly kind: 'down' }
	/** The normal answer, after `latencyMs` (cut short by `stop()`). */
	| { readonly kind: 'slow'; readonly latencyMs: number };

/** Long enough to outlast the short timeouts a name lookup should use. */
export const DEFAULT_SLOW_CONNECT_MS = 10_000;

/**
 * Reads a fault from code or from an admin request body: a kind name, an object with a kind,
 * or null (no fault). Throws a readable error for anything else.
 */
export function parseConnectFault(value: unknown): ConnectFault | null {
	if (value === null) return null;
	const spec = typeof value === 'string' ? { kind: value } : value;
	if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
		throw new Error('fault must be null, a kind name or {kind, latencyMs?}');
	const { kind, latencyMs } = spec as { kind?: unknown; latencyMs?: unknown };
	if (!CONNECT_FAULT_KINDS.includes(kind as ConnectFaultKind))
		throw new Error(`fault kind must be one of ${CONNECT_FAULT_KINDS.join(', ')}`);
	if (kind !== 'slow') {
		if (latencyMs !== undefined) throw new Error('latencyMs applies to the slow fault only');
		return { kind } as ConnectFault;
	}
	if (latencyMs === undefined) return { kind: 'slow', latencyMs: DEFAULT_SLOW_CONNECT_MS };
	if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0)
		throw new Error('latencyMs must be a number >= 0');
	return { kind: 'slow', latencyMs };
}
