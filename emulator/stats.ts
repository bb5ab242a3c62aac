import { EVENT_TYPES, type EventType } from './event-types';
import type { FaultKind } from './faults';
import { SlidingLog } from './sliding-log';
import { MINUTE_MS } from './time';

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
	readonly eventsServed: { readonly total: number } & Record<EventType, number>;
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

export class EmulatorStats {
	private byPath: Record<string, { total: number; byStatus: Record<string, number> }> = {};
	private byStatus: Record<string, number> = {};
	private total = 0;
	private rateLimited = 0;
	private injected429 = 0;
	private faults: Partial<Record<FaultKind, number>> = {};
	private served: Record<EventType, number> = { itemusages: 0, signinattempts: 0, auditevents: 0 };
	private overallPeak = new PeakPerMinute();
	private tokenPeaks = new Map<string, PeakPerMinute>();

	/**
	 * One API request and how it ended. Requests to unknown paths (`endpoint` false) are counted
	 * but left out of the per-minute peaks, which describe traffic to the real endpoints.
	 */
	recordRequest(path: string, endpoint: boolean, status: number | 'no-response', tokenId: string | undefined, nowMs: number): void {
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

	recordEventsServed(type: EventType, count: number): void {
		this.served[type] += count;
	}

	snapshot(): StatsSnapshot {
		const byToken: Record<string, number> = {};
		for (const [tokenId, peak] of this.tokenPeaks) byToken[tokenId] = peak.peak;
		const byPath: StatsSnapshot['requests']['byPath'] = {};
		for (const [path, entry] of Object.entries(this.byPath)) byPath[path] = { total: entry.total, byStatus: { ...entry.byStatus } };
		return {
			requests: { total: this.total, byPath, byStatus: { ...this.byStatus } },
			tooManyRequests: { total: this.rateLimited + this.injected429, rateLimited: this.rateLimited, injected: this.injected429 },
			faultsInjected: { ...this.faults },
			eventsServed: { total: EVENT_TYPES.reduce((sum, type) => sum + this.served[type], 0), ...this.served },
			peakRequestsPer60s: { overall: this.overallPeak.peak, byToken },
		};
	}

	reset(): void {
		this.byPath = {};
		this.byStatus = {};
		this.total = 0;
		this.rateLimited = 0;
		this.injected429 = 0;
		this.faults = {};
		this.served = { itemusages: 0, signinattempts: 0, auditevents: 0 };
		this.overallPeak = new PeakPerMinute();
		this.tokenPeaks = new Map();
	}
}
