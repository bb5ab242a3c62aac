/**
 * Keeps every workflow of this n8n process that uses the same token under one request budget.
 * 1Password allows 600 requests a minute (and 30,000 an hour), probably per account, and every
 * integration on the account shares them; n8n runs overlapping polls and many workflows in one
 * process, so the budget is counted here, per token, in memory, not per poll. Processes cannot see
 * each other's counts: where several use one token (queue mode), the credential says how many and
 * each keeps to its share.
 */
import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

/** Below the API's 600 a minute, to leave room for the account's other integrations. */
export const REQUESTS_PER_MINUTE = 500;
export const REQUESTS_PER_HOUR = 25000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export class RequestPacer {
	private readonly sent: number[] = [];

	/** No request before this (epoch ms): 1Password said so with Retry-After. */
	private heldUntil = 0;

	constructor(
		private readonly perMinute = REQUESTS_PER_MINUTE,
		private readonly perHour = REQUESTS_PER_HOUR,
		// Read at each call, not captured: whatever clock is current when a request is paced.
		private readonly now: () => number = () => Date.now(),
	) {}

	/** When the next request may go out (now, or later when a window is full). */
	nextSlot(): number {
		const now = this.now();
		while (this.sent.length > 0 && this.sent[0] <= now - HOUR) this.sent.shift();
		// A request time in the future means the clock was set back: those times no longer say
		// anything about the windows, and keeping them would block this token until the clock
		// caught up again (hours or days, not minutes).
		while (this.sent.length > 0 && this.sent[this.sent.length - 1] > now) this.sent.pop();
		let at = Math.max(now, this.heldUntil);
		if (this.sent.length >= this.perHour)
			at = Math.max(at, this.sent[this.sent.length - this.perHour] + HOUR);
		if (this.sent.length >= this.perMinute) {
			at = Math.max(at, this.sent[this.sent.length - this.perMinute] + MINUTE);
		}
		return at;
	}

	/**
	 * Waits for a free slot and claims it. Returns false, without waiting, when no slot frees up
	 * before `deadline`: the caller then stops and leaves the rest for its next poll.
	 */
	async acquire(deadline: number): Promise<boolean> {
		// Never wait longer in all than the deadline allowed when the wait began, whatever the
		// clock does meanwhile (a clock set back would otherwise turn one wait into days).
		let allowed = deadline - this.now();
		for (;;) {
			const at = this.nextSlot();
			const now = this.now();
			if (at > deadline) return false;
			if (at <= now) {
				this.sent.push(now);
				return true;
			}
			const wait = at - now;
			if (wait > allowed) return false;
			allowed -= wait;
			await sleep(wait);
		}
	}

	/**
	 * Honours a Retry-After for every later request of this token in this process, whichever
	 * workflow or poll sends it: a long wait (the hourly budget) is not hit again every minute.
	 */
	holdUntil(at: number): void {
		if (at > this.heldUntil) this.heldUntil = at;
	}

	/** When requests may go out again after a Retry-After (0: no hold). */
	get hold(): number {
		return this.heldUntil > this.now() ? this.heldUntil : 0;
	}

	/** Requests sent in the last minute (for logs and tests). */
	inLastMinute(): number {
		const since = this.now() - MINUTE;
		return this.sent.filter((at) => at > since).length;
	}
}

const pacers = new Map<string, RequestPacer>();

/**
 * The shared pacer of one token in this process. Keyed by a hash, so the token itself is never
 * kept here. `processes`: how many n8n processes use the token (queue mode: main and workers);
 * they cannot see each other's requests, so each keeps to its share of the budget.
 */
export function pacerForToken(token: string, processes = 1): RequestPacer {
	const share = Math.max(1, Math.floor(processes));
	const key = `${createHash('sha256').update(token).digest('hex').slice(0, 32)}/${share}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new RequestPacer(
			Math.floor(REQUESTS_PER_MINUTE / share),
			Math.floor(REQUESTS_PER_HOUR / share),
		);
		pacers.set(key, pacer);
	}
	return pacer;
}
