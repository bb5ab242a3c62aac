import type { EventLog } from './event-log';
import { EVENT_TYPES, type EventType } from './event-types';
import { Random, mixSeed } from './prng';
import { HOUR_MS } from './time';

export interface LiveSettings {
	/** Events appended per second, for each event type. */
	readonly perSecond: number;
	/** Fraction (0..1) of item usages that arrive late: old timestamp, new sequence number. */
	readonly lateRatio?: number;
}

/** How far in the past a late item usage can be: clients sync up to about a day late. */
const LATE_MIN_MS = HOUR_MS / 2;
const LATE_MAX_MS = 24 * HOUR_MS;

/** If the clock jumps far ahead, only this many of the events due are appended (per type). */
export const MAX_CATCH_UP = 200_000;

const LATE_SALT = 0x1a7e;

/** Deterministic "how late" for an item usage, used by the live generator and by injection. */
export function lateOffsetMs(seedHash: number, type: EventType, key: number): number {
	return new Random(mixSeed(seedHash, LATE_SALT, EVENT_TYPES.indexOf(type), key)).between(
		LATE_MIN_MS,
		LATE_MAX_MS,
	);
}

/**
 * Appends "live" events as the clock advances. Rather than a timer, the log is brought up to
 * date whenever someone looks at it: the result is the same as a timer firing every event, it
 * follows a test's fake clock exactly, and an idle emulator does no work.
 */
export class LiveGenerator {
	private readonly emitted: Record<EventType, number> = {
		itemusages: 0,
		signinattempts: 0,
		auditevents: 0,
	};

	constructor(
		private readonly settings: LiveSettings,
		private readonly startMs: number,
		private readonly seedHash: number,
	) {}

	catchUp(type: EventType, log: EventLog, nowMs: number): void {
		const { perSecond, lateRatio = 0 } = this.settings;
		const due = Math.floor(((nowMs - this.startMs) * perSecond) / 1000);
		if (due <= this.emitted[type]) return;
		const first = Math.max(this.emitted[type], due - MAX_CATCH_UP);
		for (let k = first; k < due; k++) {
			// Event k is due (arrives) once (k + 1) / perSecond seconds have passed.
			const arrivalMs = this.startMs + Math.floor(((k + 1) * 1000) / perSecond);
			let timestampMs = arrivalMs;
			if (type === 'itemusages' && lateRatio > 0 && this.isLate(type, k, lateRatio)) {
				timestampMs -= lateOffsetMs(this.seedHash, type, k);
			}
			log.append({ timestampMs, arrivalMs });
		}
		this.emitted[type] = due;
	}

	private isLate(type: EventType, k: number, lateRatio: number): boolean {
		return new Random(mixSeed(this.seedHash, LATE_SALT + 1, EVENT_TYPES.indexOf(type), k)).chance(
			lateRatio,
		);
	}
}
