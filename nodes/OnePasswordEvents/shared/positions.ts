/**
 * Where each event type's stream stands, as kept in the trigger's workflow static data.
 * Small and bounded whatever the history: a cursor, the page size it was made with, the recent
 * ids memory (at most 11,000 characters), and the newest event time seen.
 */
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPE_KEYS } from './eventTypes';
import type { EventTypeKey } from './eventTypes';

export interface TypePosition {
	/** Opaque cursor that continues after the last page fully taken. */
	cursor?: string;
	/** Before the first page: where the stream starts (RFC 3339). */
	startTime?: string;
	/** Page size the cursor was created with (a cursor keeps it). */
	pageSize?: number;
	/** Fingerprints of recently taken uuids (see RecentIds). */
	recent?: string;
	/** Timestamp of the newest event taken, used to restart safely if a cursor is refused. */
	lastEventAt?: string;
}

export type Positions = Partial<Record<EventTypeKey, TypePosition>>;

const STATE_KEY = 'positions';
const FORMAT_KEY = 'format';
const FORMAT = 1;

function copyPosition(value: unknown): TypePosition | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const stored = value as IDataObject;
	const position: TypePosition = {};
	if (typeof stored.cursor === 'string') position.cursor = stored.cursor;
	if (typeof stored.startTime === 'string') position.startTime = stored.startTime;
	if (typeof stored.pageSize === 'number') position.pageSize = stored.pageSize;
	if (typeof stored.recent === 'string') position.recent = stored.recent;
	if (typeof stored.lastEventAt === 'string') position.lastEventAt = stored.lastEventAt;
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
