/**
 * Where each event type's stream stands, as kept in the trigger's workflow static data.
 * Small and bounded whatever the history: a cursor, the page size it was made with, the memory
 * of taken events (at most 1,000 fingerprints and 16 timestamps), and a few times.
 */
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPE_KEYS } from './eventTypes';
import type { EventTypeKey } from './eventTypes';
import type { RestartNotice } from './cursorRecovery';
import type { StoredChunks } from './seenEvents';

export interface TypePosition {
	/** Opaque cursor that continues after the last page fully taken. */
	cursor?: string;
	/** Before the first page: where the stream starts (RFC 3339). */
	startTime?: string;
	/** Page size the cursor was created with (a cursor keeps it). */
	pageSize?: number;
	/** Fingerprints of recently taken events, in chunks (see SeenEvents). */
	seen?: StoredChunks;
	/** Every taken event timestamped after this is in `seen` (RFC 3339). */
	horizon?: string;
	/** When the request that gave the current cursor was sent (RFC 3339). */
	readAt?: string;
	/**
	 * Set while a re-read after a refused cursor catches up: events timestamped at or before this
	 * may have been emitted already and are not emitted again (see poller.ts).
	 */
	recovering?: string;
	/** A restart after a refused cursor that has not been reported yet. */
	restart?: RestartNotice;
}

export type Positions = Partial<Record<EventTypeKey, TypePosition>>;

const STATE_KEY = 'positions';
const FORMAT_KEY = 'format';
const FORMAT = 2;

function copyPosition(value: unknown): TypePosition | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const stored = value as IDataObject;
	const position: TypePosition = {};
	if (typeof stored.cursor === 'string') position.cursor = stored.cursor;
	if (typeof stored.startTime === 'string') position.startTime = stored.startTime;
	if (typeof stored.pageSize === 'number') position.pageSize = stored.pageSize;
	if (Array.isArray(stored.seen)) position.seen = stored.seen as StoredChunks;
	if (typeof stored.horizon === 'string') position.horizon = stored.horizon;
	if (typeof stored.readAt === 'string') position.readAt = stored.readAt;
	if (typeof stored.recovering === 'string') position.recovering = stored.recovering;
	const restart = stored.restart as IDataObject | undefined;
	if (
		restart &&
		typeof restart.from === 'string' &&
		typeof restart.before === 'string' &&
		typeof restart.after === 'string'
	) {
		position.restart = { from: restart.from, before: restart.before, after: restart.after };
	}
	// Version 0.1 kept one string of fingerprints and the newest event time: that time is a safe
	// horizon for them (each of those events is at or before it).
	if (typeof stored.recent === 'string' && !position.seen) {
		const newest =
			typeof stored.lastEventAt === 'string' ? Date.parse(stored.lastEventAt) : Number.NaN;
		if (!Number.isNaN(newest)) {
			position.seen = [[newest, stored.recent]];
			position.horizon = stored.lastEventAt as string;
		}
	}
	return position.cursor || position.startTime ? position : undefined;
}

/** A private copy of the stored positions: the poll works on it and commits it only at the end. */
export function readPositions(staticData: IDataObject): Positions {
	const stored = staticData[STATE_KEY];
	const positions: Positions = {};
	if (typeof stored !== 'object' || stored === null) return positions;
	for (const key of EVENT_TYPE_KEYS) {
		const position = copyPosition((stored as IDataObject)[key]);
		if (position) positions[key] = position;
	}
	return positions;
}

/** Replaces the stored positions in one assignment (types no longer selected are dropped). */
export function commitPositions(staticData: IDataObject, positions: Positions): void {
	staticData[FORMAT_KEY] = FORMAT;
	staticData[STATE_KEY] = JSON.parse(JSON.stringify(positions)) as IDataObject;
}
