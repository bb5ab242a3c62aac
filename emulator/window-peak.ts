import { firstIndexAfter } from './sorted-times';

/**
 * The exact maximum number of events in any window of `windowMs` (half-open: an event at t and
 * one at t + windowMs are never in the same window), over everything added since creation.
 *
 * The busiest window can always be slid until it ends at an event, so checking the window that
 * ends at each new event (and, when the clock ran back a little, at the later events whose
 * windows now include it) finds the maximum. That needs only the times of the last two windows.
 * If the clock runs back by a whole window or more, the times before the jump are forgotten
 * (they are not combined with the times after it); the peak found so far stays.
 */
export class WindowPeak {
	private times: number[] = [];
	private peakCount = 0;

	constructor(private readonly windowMs: number) {}

	get peak(): number {
		return this.peakCount;
	}

	add(timeMs: number): void {
		const newest = this.times.length > 0 ? this.times[this.times.length - 1] : null;
		if (newest !== null && timeMs <= newest - this.windowMs) this.times = [];
		const index = firstIndexAfter(this.times, timeMs);
		this.times.splice(index, 0, timeMs);
		// Windows ending at the new time and at every later time close enough to now include it.
		for (let i = index; i < this.times.length && this.times[i] - timeMs < this.windowMs; i++) {
			const inWindow = i + 1 - firstIndexAfter(this.times, this.times[i] - this.windowMs);
			if (inWindow > this.peakCount) this.peakCount = inWindow;
		}
		this.trim();
	}

	/** Drops times no future window can reach; in batches, so a busy minute costs no quadratic copying. */
	private trim(): void {
		const dead = firstIndexAfter(this.times, this.times[this.times.length - 1] - 2 * this.windowMs);
		if (dead > 1024 && dead * 2 > this.times.length) this.times = this.times.slice(dead);
	}
}
