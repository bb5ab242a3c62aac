import type { RecordOverrides } from './records';
import type { StartTimeBounds } from './settings';

/**
 * The log of one event type, in the order 1Password RECEIVED the events (sequence numbers 1, 2,
 * 3, ...). Two parts:
 *
 * - a virtual backlog: events 1..N whose timestamps are spread evenly over a span ending when
 *   the emulator started. Nothing is stored; a timestamp is computed from the index, so a backlog
 *   of millions costs no memory and the first matching index is found by binary search;
 * - appended events (live generator, injections): stored compactly (timestamp + optional
 *   overrides). Their timestamps need not be in order: a late item usage has an old timestamp
 *   but a new sequence number.
 *
 * Every event also has an arrival time (when 1Password received it): for the backlog it is the
 * timestamp, for appended events the emulator clock when they were appended. A query bounds
 * either the timestamp or the arrival time (see `StartTimeBounds`); retention always applies to
 * the timestamp.
 */

export interface BacklogSpec {
	readonly count: number;
	/** Timestamp of the last backlog event (the emulator's start time). */
	readonly endMs: number;
	readonly spanMs: number;
}

export interface StoredEvent {
	readonly timestampMs: number;
	/** When the event entered the log (emulator clock). Backlog events arrived at their timestamp. */
	readonly arrivalMs: number;
	readonly overrides?: RecordOverrides;
}

export interface PageQuery {
	/** Serve events with a sequence number greater than this. */
	readonly afterSeq: number;
	/** Inclusive lower bound on the bounded time (see `bound`). */
	readonly fromMs: number;
	/** Inclusive upper bound on the bounded time; null = no upper bound. */
	readonly toMs: number | null;
	/** Which time fromMs/toMs bound: the event's timestamp or its arrival. */
	readonly bound: StartTimeBounds;
	/** Events with a timestamp before this are past retention, whatever the bound. */
	readonly retainedFromMs: number;
	readonly limit: number;
}

export interface PageSlice {
	/** Sequence numbers of the events on the page, in insertion order. */
	readonly seqs: number[];
	/** True when at least one more matching event exists after the page. */
	readonly hasMore: boolean;
	/** Where the next page starts: the last served event, or the log head if the page is not full. */
	readonly nextAfterSeq: number;
}

export class EventLog {
	private readonly appended: StoredEvent[] = [];

	constructor(private readonly backlog: BacklogSpec) {}

	get backlogCount(): number {
		return this.backlog.count;
	}

	/** Sequence number of the newest event (0 when the log is empty). */
	get headSeq(): number {
		return this.backlog.count + this.appended.length;
	}

	get appendedCount(): number {
		return this.appended.length;
	}

	append(event: StoredEvent): number {
		this.appended.push(event);
		return this.headSeq;
	}

	eventAt(seq: number): StoredEvent {
		if (seq <= this.backlog.count) {
			const timestampMs = this.backlogTimestamp(seq - 1);
			return { timestampMs, arrivalMs: timestampMs };
		}
		const event = this.appended[seq - this.backlog.count - 1];
		if (!event) throw new RangeError(`No event with sequence number ${seq}`);
		return event;
	}

	findPage(query: PageQuery): PageSlice {
		const { afterSeq, fromMs, toMs, bound, retainedFromMs, limit } = query;
		// One extra match tells us whether has_more is true without a second pass.
		const wanted = limit + 1;
		const seqs: number[] = [];
		const count = this.backlog.count;

		if (afterSeq < count) {
			// A backlog event arrived at its timestamp, so both bounds and retention read the same time.
			const firstIndex = this.firstBacklogIndexAtOrAfter(Math.max(fromMs, retainedFromMs));
			for (
				let index = Math.max(afterSeq, firstIndex);
				index < count && seqs.length < wanted;
				index++
			) {
				// Backlog timestamps never decrease, so the first one past the window ends the backlog part.
				if (toMs !== null && this.backlogTimestamp(index) > toMs) break;
				seqs.push(index + 1);
			}
		}
		for (
			let offset = Math.max(0, afterSeq - count);
			offset < this.appended.length && seqs.length < wanted;
			offset++
		) {
			const event = this.appended[offset];
			const bounded = bound === 'arrival' ? event.arrivalMs : event.timestampMs;
			if (
				event.timestampMs >= retainedFromMs &&
				bounded >= fromMs &&
				(toMs === null || bounded <= toMs)
			)
				seqs.push(count + offset + 1);
		}

		if (seqs.length > limit) {
			seqs.length = limit;
			return { seqs, hasMore: true, nextAfterSeq: seqs[limit - 1] };
		}
		// Everything up to the head was examined: the next page can start there, skipping
		// non-matching events once instead of on every poll.
		return { seqs, hasMore: false, nextAfterSeq: Math.max(afterSeq, this.headSeq) };
	}

	private backlogTimestamp(index: number): number {
		const { count, endMs, spanMs } = this.backlog;
		return endMs - spanMs + Math.floor(((index + 1) * spanMs) / count);
	}

	private firstBacklogIndexAtOrAfter(timestampMs: number): number {
		let low = 0;
		let high = this.backlog.count;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.backlogTimestamp(middle) < timestampMs) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}
