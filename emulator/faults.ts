import { Random, hashString } from './prng';

/**
 * Misbehaviours a real Events API (or the proxies in front of it) can show. All of them are
 * lossless by construction: the server keeps no per-client state, so a client that retries
 * with its last good cursor receives every event.
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
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
	readonly kind: FaultKind;
	/** `latency`: how long to wait before answering normally. */
	readonly latencyMs?: number;
	/** `429-retry-after`: the Retry-After value in seconds. */
	readonly retryAfterSeconds?: number;
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
}

export const DEFAULT_LATENCY_MS = 1000;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

export function isFaultKind(value: unknown): value is FaultKind {
	return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Validates user input (admin API, CLI) into a FaultSpec; throws a readable error. */
export function toFaultSpec(value: unknown): FaultSpec {
	if (isFaultKind(value)) return { kind: value };
	if (value !== null && typeof value === 'object' && isFaultKind((value as { kind?: unknown }).kind)) {
		const { kind, latencyMs, retryAfterSeconds } = value as FaultSpec;
		if (latencyMs !== undefined && !(typeof latencyMs === 'number' && latencyMs >= 0)) throw new Error('latencyMs must be a number >= 0');
		if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
			throw new Error('retryAfterSeconds must be an integer >= 0');
		}
		return { kind, latencyMs, retryAfterSeconds };
	}
	throw new Error(`Unknown fault ${JSON.stringify(value)}; expected one of ${FAULT_KINDS.join(', ')}`);
}

export function validateFaultProfile(profile: FaultProfile): FaultProfile {
	if (!(typeof profile.probability === 'number' && profile.probability >= 0 && profile.probability <= 1)) {
		throw new Error('probability must be a number between 0 and 1');
	}
	for (const kind of profile.kinds ?? []) {
		if (!isFaultKind(kind)) throw new Error(`Unknown fault kind ${JSON.stringify(kind)}`);
	}
	if (profile.kinds && profile.kinds.length === 0) throw new Error('kinds must not be empty');
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
	 * `redeliver` needs a previous page, which a reset request does not have: a queued redeliver
	 * waits for the next cursor request, and the random profile skips it for reset requests.
	 */
	next(isCursorRequest: boolean): FaultSpec | null {
		const queued = this.queue[0];
		if (queued) {
			if (queued.kind === 'redeliver' && !isCursorRequest) return null;
			return this.queue.shift() ?? null;
		}
		if (!this.profile || !this.random) return null;
		if (!this.random.chance(this.profile.probability)) return null;
		const kind = this.random.pick(this.profile.kinds ?? FAULT_KINDS);
		if (kind === 'redeliver' && !isCursorRequest) return null;
		return { kind, latencyMs: this.profile.latencyMs, retryAfterSeconds: this.profile.retryAfterSeconds };
	}
}
