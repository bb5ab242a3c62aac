import { SlidingLog } from './sliding-log';
import { HOUR_MS, MINUTE_MS } from './time';

export interface RateLimitSettings {
	/** Requests allowed in any sliding 60 s window. The real API: 600. */
	readonly perMinute: number;
	/** Requests allowed in any sliding hour. The real API: 30,000. */
	readonly perHour: number;
	/** Send `Retry-After` on 429s. The real API does not document it, so clients must cope without. */
	readonly retryAfter: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = {
	perMinute: 600,
	perHour: 30_000,
	retryAfter: false,
};

export type RateDecision =
	{ readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Sliding-window limits per token. Only admitted requests count against the budget: a client
 * that keeps hammering while limited is refused, but recovers as soon as the window slides.
 */
export class RateLimiter {
	private readonly logs = new Map<string, SlidingLog>();

	constructor(private readonly settings: RateLimitSettings) {}

	check(key: string, nowMs: number): RateDecision {
		let log = this.logs.get(key);
		if (!log) {
			log = new SlidingLog(HOUR_MS);
			this.logs.set(key, log);
		}
		const refusal =
			this.refusal(log, MINUTE_MS, this.settings.perMinute, nowMs) ??
			this.refusal(log, HOUR_MS, this.settings.perHour, nowMs);
		if (refusal) return refusal;
		log.add(nowMs);
		return { allowed: true };
	}

	private refusal(
		log: SlidingLog,
		windowMs: number,
		limit: number,
		nowMs: number,
	): RateDecision | null {
		if (log.countWithin(windowMs, nowMs) < limit) return null;
		// The window frees a slot when its oldest admitted request slides out.
		const oldest = log.oldestWithin(windowMs, nowMs) ?? nowMs;
		return {
			allowed: false,
			retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - nowMs) / 1000)),
		};
	}
}
