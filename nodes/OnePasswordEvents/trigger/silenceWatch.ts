/**
 * Notices a broken integration: when no event of the selected types has arrived for the chosen
 * number of hours, the trigger emits one alert item (or fails the poll), as Panther and Sentinel
 * alert on silent log sources. "Arrived" means read from the API, whether or not a filter let it
 * through: a filter that matches nothing is not an outage.
 */
import type { IDataObject } from 'n8n-workflow';

import { HOUR_MS } from '../shared/time';

type SilenceAction = 'emitItem' | 'failPoll';

export interface SilenceSettings {
	/** 0 switches the watch off. */
	hours: number;
	action: SilenceAction;
}

/** Kept in static data beside the positions. */
export interface SilenceState {
	/** When this node last read a new event (or began watching). */
	lastArrivalAt: string;
	/** Set once the current silence has been reported, so it is reported once. */
	reportedAt?: string;
}

interface SilenceVerdict {
	state: SilenceState;
	/** Present when this poll should report the silence. */
	silentForHours?: number;
}

const STATE_KEY = 'silence';

export function readSilenceState(staticData: IDataObject): SilenceState | undefined {
	const stored = staticData[STATE_KEY] as IDataObject | undefined;
	if (!stored || typeof stored.lastArrivalAt !== 'string') return undefined;
	const state: SilenceState = { lastArrivalAt: stored.lastArrivalAt };
	if (typeof stored.reportedAt === 'string') state.reportedAt = stored.reportedAt;
	return state;
}

export function commitSilenceState(staticData: IDataObject, state: SilenceState): void {
	staticData[STATE_KEY] = { ...state };
}

/** What the watch makes of one poll: new state, and whether to report the silence now. */
export function watchSilence(
	previous: SilenceState | undefined,
	arrived: boolean,
	settings: SilenceSettings,
	now: number,
): SilenceVerdict {
	const nowIso = new Date(now).toISOString();
	if (arrived || !previous) return { state: { lastArrivalAt: nowIso } };
	if (settings.hours <= 0 || previous.reportedAt) return { state: previous };
	const silentMs = now - Date.parse(previous.lastArrivalAt);
	if (!(silentMs >= settings.hours * HOUR_MS)) return { state: previous };
	return {
		state: { ...previous, reportedAt: nowIso },
		// Two decimals: a watch set to a fraction of an hour reports something above 0.
		silentForHours: Math.floor((silentMs / HOUR_MS) * 100) / 100,
	};
}
