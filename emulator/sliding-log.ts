import { firstIndexAfter } from './sorted-times';

/**
 * Timestamps of recent requests, oldest first, trimmed to a horizon. Shared by the rate limiter
 * (how many in the last minute/hour?) and the stats (what was the busiest minute?).
 */
export class SlidingLog {
	private times: number[] = [];
	private start = 0;

	constructor(private readonly horizonMs: number) {}

	add(nowMs: number): void {
		this.trim(nowMs);
		this.times.push(nowMs);
	}

	/** Entries in the window (nowMs - windowMs, nowMs]. */
	countWithin(windowMs: number, nowMs: number): number {
		this.trim(nowMs);
		return this.times.length - firstIndexAfter(this.times, nowMs - windowMs, this.start);
	}

	/** The oldest entry still inside the window, or null. */
	oldestWithin(windowMs: number, nowMs: number): number | null {
		this.trim(nowMs);
		const index = firstIndexAfter(this.times, nowMs - windowMs, this.start);
		return index < this.times.length ? this.times[index] : null;
	}

	private trim(nowMs: number): void {
		this.start = firstIndexAfter(this.times, nowMs - this.horizonMs, this.start);
		// Compact once the dead prefix dominates, so memory stays proportional to the window.
		if (this.start > 1024 && this.start * 2 > this.times.length) {
			this.times = this.times.slice(this.start);
			this.start = 0;
		}
	}
}
