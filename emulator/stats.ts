import { EVENT_TYPES, type EventType } from './event-types';
import type { FaultKind } from './faults';
import { SlidingLog } from './sliding-log';
import { MINUTE_MS } from './time';
import { WindowPeak } from './window-peak';

export type CountsByType = { readonly total: number } & Record<EventType, number>;

/** What a client under test did to the emulator, for assertions such as "never over 600/min". */
export interface StatsSnapshot {
	readonly requests: {
		readonly total: number;
		/** e.g. `{"/api/v2/itemusages": {total: 12, byStatus: {"200": 11, "429": 1}}}`. */
		readonly byPath: Record<string, { total: number; byStatus: Record<string, number> }>;
		/** Status "no-response" counts connections reset by the `reset` fault. */
		readonly byStatus: Record<string, number>;
	};
	readonly tooManyRequests: {
		readonly total: number;
		/** 429s from the rate limiter. */
		readonly rateLimited: number;
		/** 429s from fault injection. */
		readonly injected: number;
	};
	readonly faultsInjected: Partial<Record<FaultKind, number>>;
	/** Events in complete 200 answers: eventsInPages + eventsRedelivered. */
	readonly eventsServed: CountsByType;
	/** Events served by normal pages (including the real records of `malformed-records` pages). */
	readonly eventsInPages: CountsByType;
	/** Events served again by `redeliver` faults. */
	readonly eventsRedelivered: CountsByType;
	/** Junk entries (null, numbers, strings, arrays) mixed into pages by `malformed-records`: not events. */
	readonly junkEntriesServed: CountsByType;
	/** Requests to the event endpoints (any outcome), by the emulator clock when they arrived. */
	readonly eventRequests: {
		readonly total: number;
		/** The most event requests in any sliding 60 s window: exact (see WindowPeak). */
		readonly peakPer60s: number;
		/** Counts per clock minute, e.g. `{"2026-11-26T12:00Z": 17}`; the newest 10,080 minutes (a week). */
		readonly byMinute: Record<string, number>;
	};
	/** The most requests seen in any sliding 60 s window (event and introspect endpoints). */
	readonly peakRequestsPer60s: {
		readonly overall: number;
		readonly byToken: Record<string, number>;
	};
}

/** Tracks the busiest sliding minute seen so far. */
class PeakPerMinute {
	private readonly log = new SlidingLog(MINUTE_MS);
	peak = 0;

	record(nowMs: number): void {
		this.log.add(nowMs);
		this.peak = Math.max(this.peak, this.log.countWithin(MINUTE_MS, nowMs));
	}
}

function increment<K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1): void {
	counts[key] = (counts[key] ?? 0) + by;
}

function zeroByType(): Record<EventType, number> {
	return { itemusages: 0, signinattempts: 0, auditevents: 0 };
}

function withTotal(counts: Record<EventType, number>): CountsByType {
	return { total: EVENT_TYPES.reduce((sum, type) => sum + counts[type], 0), ...counts };
}

/** Minutes kept in eventRequests.byMinute: a week of continuous polling. */
const MAX_MINUTES_KEPT = 7 * 24 * 60;

function minuteKey(nowMs: number): string {
	return new Date(Math.floor(nowMs / MINUTE_MS) * MINUTE_MS).toISOString().slice(0, 16) + 'Z';
}

/** How the events on a page were served, for the "served = produced + redelivered" check. */
export type ServedAs = 'page' | 'redelivered';

export class EmulatorStats {
	private byPath: Record<string, { total: number; byStatus: Record<string, number> }> = {};
	private byStatus: Record<string, number> = {};
	private total = 0;
	private rateLimited = 0;
	private injected429 = 0;
	private faults: Partial<Record<FaultKind, number>> = {};
	private inPages = zeroByType();
	private redelivered = zeroByType();
	private junk = zeroByType();
	private overallPeak = new PeakPerMinute();
	private tokenPeaks = new Map<string, PeakPerMinute>();
	private eventRequestCount = 0;
	private eventRequestPeak = new WindowPeak(MINUTE_MS);
	private eventRequestMinutes = new Map<string, number>();

	/**
	 * One API request and how it ended. Requests to unknown paths (`endpoint` false) are counted
	 * but left out of the per-minute peaks, which describe traffic to the real endpoints.
	 */
	recordRequest(
		path: string,
		endpoint: boolean,
		status: number | 'no-response',
		tokenId: string | undefined,
		nowMs: number,
	): void {
		const statusKey = String(status);
		this.total++;
		const entry = (this.byPath[path] ??= { total: 0, byStatus: {} });
		entry.total++;
		increment(entry.byStatus, statusKey);
		increment(this.byStatus, statusKey);
		if (!endpoint) return;
		this.overallPeak.record(nowMs);
		if (tokenId) {
			let peak = this.tokenPeaks.get(tokenId);
			if (!peak) {
				peak = new PeakPerMinute();
				this.tokenPeaks.set(tokenId, peak);
			}
			peak.record(nowMs);
		}
	}

	recordRateLimited(): void {
		this.rateLimited++;
	}

	recordFault(kind: FaultKind): void {
		increment(this.faults, kind);
		if (kind === '429' || kind === '429-retry-after') this.injected429++;
	}

	recordEventsServed(type: EventType, count: number, servedAs: ServedAs = 'page'): void {
		(servedAs === 'redelivered' ? this.redelivered : this.inPages)[type] += count;
	}

	recordJunkServed(type: EventType, count: number): void {
		this.junk[type] += count;
	}

	/** An event-endpoint request, at the emulator-clock time it arrived. */
	recordEventRequest(nowMs: number): void {
		this.eventRequestCount++;
		this.eventRequestPeak.add(nowMs);
		const key = minuteKey(nowMs);
		this.eventRequestMinutes.set(key, (this.eventRequestMinutes.get(key) ?? 0) + 1);
		if (this.eventRequestMinutes.size > MAX_MINUTES_KEPT) {
			// Maps iterate in insertion order: the first key is the oldest minute seen.
			const oldest = this.eventRequestMinutes.keys().next().value;
			if (oldest !== undefined) this.eventRequestMinutes.delete(oldest);
		}
	}

	/** The most event requests in any sliding 60 s window of emulator time since the last reset. */
	peakEventRequestsPer60s(): number {
		return this.eventRequestPeak.peak;
	}

	snapshot(): StatsSnapshot {
		const byToken: Record<string, number> = {};
		for (const [tokenId, peak] of this.tokenPeaks) byToken[tokenId] = peak.peak;
		const byPath: StatsSnapshot['requests']['byPath'] = {};
		for (const [path, entry] of Object.entries(this.byPath))
			byPath[path] = { total: entry.total, byStatus: { ...entry.byStatus } };
		return {
			requests: { total: this.total, byPath, byStatus: { ...this.byStatus } },
			tooManyRequests: {
				total: this.rateLimited + this.injected429,
				rateLimited: this.rateLimited,
				injected: this.injected429,
			},
			faultsInjected: { ...this.faults },
			eventsServed: withTotal(
				Object.fromEntries(
					EVENT_TYPES.map((type) => [type, this.inPages[type] + this.redelivered[type]]),
				) as Record<EventType, number>,
			),
			eventsInPages: withTotal(this.inPages),
			eventsRedelivered: withTotal(this.redelivered),
			junkEntriesServed: withTotal(this.junk),
			peakRequestsPer60s: { overall: this.overallPeak.peak, byToken },
			eventRequests: {
				total: this.eventRequestCount,
				peakPer60s: this.eventRequestPeak.peak,
				byMinute: Object.fromEntries(this.eventRequestMinutes),
			},
		};
	}

	reset(): void {
		this.byPath = {};
		this.byStatus = {};
		this.total = 0;
		this.rateLimited = 0;
		this.injected429 = 0;
		this.faults = {};
		this.inPages = zeroByType();
		this.redelivered = zeroByType();
		this.junk = zeroByType();
		this.overallPeak = new PeakPerMinute();
		this.tokenPeaks = new Map();
		this.eventRequestCount = 0;
		this.eventRequestPeak = new WindowPeak(MINUTE_MS);
		this.eventRequestMinutes = new Map();
	}
}
