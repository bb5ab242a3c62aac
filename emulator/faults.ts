import { Random, hashString } from './prng';

/**
 * Misbehaviours a real Events API (or the proxies in front of it) can show. All of them but
 * `refuse-cursor` are lossless by construction: the server keeps no per-client state, so a
 * client that retries with its last good cursor receives every event. `refuse-cursor` exists
 * to test recovery from a cursor the API will not take (a retry of the same cursor works, but a
 * client that gives up on it and resets may skip or repeat events).
 */
export const FAULT_KINDS = [
	'429',
	'429-retry-after',
	'500',
	'502',
	'503',
	'latency',
	'reset',
	'truncated-json',
	'empty-has-more',
	'redeliver',
	'drop-after-headers',
	'stall-body',
	'html-200',
	'wrong-shape-200',
	'malformed-records',
	'refuse-cursor',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
	readonly kind: FaultKind;
	/** `latency`: how long to wait before answering normally. */
	readonly latencyMs?: number;
	/** `429-retry-after`: the Retry-After value in seconds. */
	readonly retryAfterSeconds?: number;
	/** `stall-body`: how long the half-sent answer hangs before the socket is destroyed. */
	readonly stallMs?: number;
	/** `empty-has-more` only: a queued spec answers this many requests in a row (default 1). */
	readonly count?: number;
}

export interface FaultProfile {
	/** Chance (0..1) that an event request gets a fault. */
	readonly probability: number;
	/** Drawn uniformly; defaults to every kind. */
	readonly kinds?: readonly FaultKind[];
	/** Seeds the draws so a failing run can be replayed. */
	readonly seed?: string | number;
	readonly latencyMs?: number;
	readonly retryAfterSeconds?: number;
	readonly stallMs?: number;
}

export const DEFAULT_LATENCY_MS = 1000;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** Long enough to outlast any sensible client timeout. */
export const DEFAULT_STALL_MS = 60_000;

/** Faults that need a previous cursor: a queued one waits for a cursor request, a drawn one is skipped. */
const CURSOR_ONLY_KINDS: ReadonlySet<FaultKind> = new Set(['redeliver', 'refuse-cursor']);

export function isFaultKind(value: unknown): value is FaultKind {
	return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Validates user input (admin API, CLI) into a FaultSpec; throws a readable error. */
export function toFaultSpec(value: unknown): FaultSpec {
	if (isFaultKind(value)) return { kind: value };
	if (
		value !== null &&
		typeof value === 'object' &&
		isFaultKind((value as { kind?: unknown }).kind)
	) {
		const { kind, latencyMs, retryAfterSeconds, stallMs, count } = value as FaultSpec;
		if (latencyMs !== undefined && !(typeof latencyMs === 'number' && latencyMs >= 0))
			throw new Error('latencyMs must be a number >= 0');
		if (
			retryAfterSeconds !== undefined &&
			!(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)
		) {
			throw new Error('retryAfterSeconds must be an integer >= 0');
		}
		if (stallMs !== undefined && !(typeof stallMs === 'number' && stallMs >= 0))
			throw new Error('stallMs must be a number >= 0');
		if (count !== undefined) {
			// Refused rather than ignored: `{kind: '500', count: 3}` would otherwise fire only once.
			if (kind !== 'empty-has-more')
				throw new Error(
					'count applies to empty-has-more only; queue the fault several times instead',
				);
			if (!(Number.isInteger(count) && count >= 1))
				throw new Error('count must be an integer >= 1');
		}
		// Only the fields given: describeFaults() and the admin API echo exactly what was queued.
		return {
			kind,
			...(latencyMs !== undefined ? { latencyMs } : {}),
			...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
			...(stallMs !== undefined ? { stallMs } : {}),
			...(count !== undefined ? { count } : {}),
		};
	}
	throw new Error(
		`Unknown fault ${JSON.stringify(value)}; expected one of ${FAULT_KINDS.join(', ')}`,
	);
}

export function validateFaultProfile(profile: FaultProfile): FaultProfile {
	if (!(
		typeof profile.probability === 'number' &&
		profile.probability >= 0 &&
		profile.probability <= 1
	)) {
		throw new Error('probability must be a number between 0 and 1');
	}
	for (const kind of profile.kinds ?? []) {
		if (!isFaultKind(kind)) throw new Error(`Unknown fault kind ${JSON.stringify(kind)}`);
	}
	if (profile.kinds && profile.kinds.length === 0) throw new Error('kinds must not be empty');
	if (
		profile.stallMs !== undefined &&
		!(typeof profile.stallMs === 'number' && profile.stallMs >= 0)
	)
		throw new Error('stallMs must be a number >= 0');
	return profile;
}

/**
 * Decides the fault (if any) for the next event request: first the deterministic queue, then
 * the random profile.
 */
export class FaultInjector {
	private queue: FaultSpec[] = [];
	private profile: FaultProfile | null = null;
	private random: Random | null = null;

	enqueue(faults: ReadonlyArray<FaultKind | FaultSpec>): void {
		this.queue.push(...faults.map(toFaultSpec));
	}

	setProfile(profile: FaultProfile | null): void {
		this.profile = profile ? validateFaultProfile(profile) : null;
		const seed = profile?.seed ?? 1;
		this.random = profile ? new Random(typeof seed === 'number' ? seed : hashString(seed)) : null;
	}

	clear(): void {
		this.queue = [];
		this.setProfile(null);
	}

	describe(): { queue: FaultSpec[]; profile: FaultProfile | null } {
		return { queue: [...this.queue], profile: this.profile };
	}

	/**
	 * `redeliver` and `refuse-cursor` need a cursor, which a reset request does not have: a queued
	 * one waits for the next cursor request, and the random profile skips them for reset requests.
	 * An `empty-has-more` queued with a count stays at the head until it has answered that many.
	 */
	next(isCursorRequest: boolean): FaultSpec | null {
		const queued = this.queue[0];
		if (queued) {
			if (CURSOR_ONLY_KINDS.has(queued.kind) && !isCursorRequest) return null;
			if (queued.count !== undefined && queued.count > 1) {
				this.queue[0] = { ...queued, count: queued.count - 1 };
				return { ...queued, count: 1 };
			}
			return this.queue.shift() ?? null;
		}
		if (!this.profile || !this.random) return null;
		if (!this.random.chance(this.profile.probability)) return null;
		const kind = this.random.pick(this.profile.kinds ?? FAULT_KINDS);
		if (CURSOR_ONLY_KINDS.has(kind) && !isCursorRequest) return null;
		const { latencyMs, retryAfterSeconds, stallMs } = this.profile;
		return { kind, latencyMs, retryAfterSeconds, stallMs };
	}
}
