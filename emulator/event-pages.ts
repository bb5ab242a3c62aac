import type { CursorCodec, CursorState } from './cursor';
import type { EventLog, PageQuery } from './event-log';
import type { ApiVersion, EventType } from './event-types';
import type { EventRecord, RecordFactory } from './records';
import type { EventRequest } from './request-body';
import type { EmulatorSettings } from './settings';
import { RETENTION_MS } from './time';

export interface PageResponse {
	readonly items: EventRecord[];
	readonly cursor: string;
	readonly has_more: boolean;
}

/** Where a request starts reading: the decoded query state, plus the cursor text if one was sent. */
export interface ReadPosition {
	readonly state: CursorState;
	readonly cursorText: string | null;
}

export type ResolveResult = { ok: true; position: ReadPosition } | { ok: false; message: string };

/** Turns requests into pages of one event log. Stateless: everything lives in the cursor. */
export class EventPager {
	constructor(
		private readonly logs: Readonly<Record<EventType, EventLog>>,
		private readonly records: RecordFactory,
		private readonly cursors: CursorCodec,
		private readonly now: () => number,
		private readonly settings: () => EmulatorSettings,
	) {}

	resolve(type: EventType, request: EventRequest): ResolveResult {
		if (request.kind === 'reset') {
			const { limit, startMs, endMs } = request;
			const state = {
				type,
				afterSeq: 0,
				previousSeq: 0,
				startMs,
				endMs,
				limit,
				issuedAtMs: this.now(),
			};
			return { ok: true, position: { state, cursorText: null } };
		}
		const decoded = this.cursors.decode(request.cursor, type);
		if (!decoded.ok) return decoded;
		// "Older than the lifetime": a cursor exactly one lifetime old is still good.
		const lifetime = this.settings().cursorLifetimeMs;
		if (lifetime !== null && this.now() - decoded.state.issuedAtMs > lifetime) {
			return { ok: false, message: 'Invalid cursor: the cursor has expired' };
		}
		return { ok: true, position: { state: decoded.state, cursorText: request.cursor } };
	}

	/** The normal answer: the next page after the position. */
	next(version: ApiVersion, position: ReadPosition): PageResponse {
		const { state } = position;
		const slice = this.log(state).findPage(this.query(state, state.afterSeq, state.limit));
		if (slice.seqs.length === 0 && slice.nextAfterSeq === state.afterSeq && position.cursorText) {
			// Nothing new: the very same cursor comes back, as the real API does.
			return { items: [], cursor: position.cursorText, has_more: false };
		}
		const cursor = this.cursors.encode({
			...state,
			afterSeq: slice.nextAfterSeq,
			// An empty page keeps pointing at the last page that had items (see `redeliver`).
			previousSeq: slice.seqs.length > 0 ? state.afterSeq : state.previousSeq,
			issuedAtMs: this.now(),
		});
		return {
			items: this.materialise(state.type, version, slice.seqs),
			cursor,
			has_more: slice.hasMore,
		};
	}

	/**
	 * Fault `redeliver`: serve again the page this cursor closed (events the client already has),
	 * with the same cursor, so the client then continues exactly where it would have.
	 */
	redeliver(version: ApiVersion, position: ReadPosition): PageResponse {
		const { state } = position;
		const previous = this.log(state).findPage(this.query(state, state.previousSeq, state.limit));
		const seqs = previous.seqs.filter((seq) => seq <= state.afterSeq);
		const hasMore = this.log(state).findPage(this.query(state, state.afterSeq, 1)).seqs.length > 0;
		return {
			items: this.materialise(state.type, version, seqs),
			cursor: this.cursorFor(position),
			has_more: hasMore,
		};
	}

	/** Fault `empty-has-more`: "there may be more" with nothing in it and a cursor that does not move. */
	emptyHasMore(position: ReadPosition): PageResponse {
		return { items: [], cursor: this.cursorFor(position), has_more: true };
	}

	private cursorFor(position: ReadPosition): string {
		return position.cursorText ?? this.cursors.encode(position.state);
	}

	private log(state: CursorState): EventLog {
		return this.logs[state.type];
	}

	/** The bound mode is read per request, so switching it applies to cursors already handed out. */
	private query(state: CursorState, afterSeq: number, limit: number): PageQuery {
		// Events older than the retention period are gone, whatever the requested window says.
		const retainedFromMs = this.now() - RETENTION_MS;
		const bound = this.settings().startTimeBounds;
		return { afterSeq, fromMs: state.startMs, toMs: state.endMs, bound, retainedFromMs, limit };
	}

	private materialise(
		type: EventType,
		version: ApiVersion,
		seqs: readonly number[],
	): EventRecord[] {
		const log = this.logs[type];
		return seqs.map((seq) => {
			const event = log.eventAt(seq);
			return this.records.create(type, seq, event.timestampMs, version, event.overrides);
		});
	}
}
