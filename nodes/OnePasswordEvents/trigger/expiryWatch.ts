/**
 * Warns before the credential's token expires. Events API tokens expire after 30, 90 or 180
 * days, and every integration then goes silent; the token's `exp` claim says when. From the
 * chosen number of days before that time, the trigger reports it at most once a day: one alert
 * item appended after the poll's events, or a failed execution. A token that has already expired
 * is not this watch's concern: 1Password answers 401 and the failure policy reports that (with a
 * note, from here, that the token's own expiry date has passed).
 *
 * "Once a day" is kept twice: in static data (small: the expiry reported and when), and in
 * process memory, because a failed poll's static data is saved by some n8n engines and dropped
 * by others (as the refused-cursor report in poll.ts does).
 */
import type { IDataObject } from 'n8n-workflow';

import { DAY_MS, wholeDaysUntil } from '../shared/time';
import { EventsApiError } from '../transport/errors';

type ExpiryAction = 'emitItem' | 'failPoll';

export const DEFAULT_EXPIRY_WARN_DAYS = 14;
/** The longest expiry 1Password offers; a longer warning would mean "always". */
export const MAX_EXPIRY_WARN_DAYS = 180;

export interface ExpirySettings {
	/** 0 switches the watch off. */
	days: number;
	action: ExpiryAction;
}

/** Kept in static data while a warning is due: the expiry last reported, and when. */
export interface ExpiryState {
	expiresAt: string;
	reportedAt: string;
}

export interface ExpiryWarning {
	alert: 'tokenExpiry';
	expiresAt: string;
	daysLeft: number;
	message: string;
}

interface ExpiryVerdict {
	/** Undefined when nothing needs keeping (watch off, no expiry, outside the warning window). */
	state?: ExpiryState;
	/** Present when this poll should report the coming expiry. */
	warning?: ExpiryWarning;
}

const STATE_KEY = 'tokenExpiry';

/** Reports made in this process, by workflow node: survives engines that drop a failed poll's writes. */
const reportedInProcess = new Map<string, ExpiryState>();

export function readExpiryState(staticData: IDataObject): ExpiryState | undefined {
	const stored = staticData[STATE_KEY] as IDataObject | undefined;
	if (!stored || typeof stored.expiresAt !== 'string' || typeof stored.reportedAt !== 'string')
		return undefined;
	return { expiresAt: stored.expiresAt, reportedAt: stored.reportedAt };
}

export function commitExpiryState(staticData: IDataObject, state: ExpiryState | undefined): void {
	if (state) staticData[STATE_KEY] = { ...state };
	else delete staticData[STATE_KEY];
}

/** The last report of this workflow node: the later of what static data and this process hold. */
export function lastExpiryReport(key: string, staticData: IDataObject): ExpiryState | undefined {
	const stored = readExpiryState(staticData);
	const remembered = reportedInProcess.get(key);
	if (!stored || !remembered) return stored ?? remembered;
	if (stored.expiresAt !== remembered.expiresAt) return stored;
	return Date.parse(remembered.reportedAt) > Date.parse(stored.reportedAt) ? remembered : stored;
}

export function rememberExpiryReport(key: string, state: ExpiryState): void {
	reportedInProcess.set(key, { ...state });
}

function expiryDate(expiresAtMs: number, daysLeft: number): string {
	const iso = new Date(expiresAtMs).toISOString();
	// Within a day the date alone could be today or tomorrow: give the time too.
	return daysLeft < 1 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}

export function expiryMessage(expiresAtMs: number, daysLeft: number): string {
	const when =
		daysLeft < 1 ? 'in less than a day' : `in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`;
	return `The Events API token expires ${when} (${expiryDate(expiresAtMs, daysLeft)}). Issue a new token in 1Password (Integrations > your Events Reporting integration) and update the credential.`;
}

/**
 * What the watch makes of one poll. `expiresAt` is the token's `exp` claim in seconds
 * (undefined when the token has none: it never expires).
 */
export function watchExpiry(
	previous: ExpiryState | undefined,
	expiresAt: number | undefined,
	settings: ExpirySettings,
	now: number,
): ExpiryVerdict {
	if (settings.days <= 0 || expiresAt === undefined || !Number.isFinite(expiresAt)) return {};
	const expiresAtMs = expiresAt * 1000;
	const leftMs = expiresAtMs - now;
	// Expired: 1Password answers 401 and the failure policy reports it. Far off: nothing to say.
	if (leftMs <= 0 || leftMs > settings.days * DAY_MS) return {};
	const expiresAtIso = new Date(expiresAtMs).toISOString();
	if (previous && previous.expiresAt === expiresAtIso) {
		const sinceReport = now - Date.parse(previous.reportedAt);
		// A report "from the future" (the clock was set back) does not hold the next one back.
		if (sinceReport >= 0 && sinceReport < DAY_MS) return { state: previous };
	}
	const daysLeft = wholeDaysUntil(expiresAtMs, now);
	return {
		state: { expiresAt: expiresAtIso, reportedAt: new Date(now).toISOString() },
		warning: {
			alert: 'tokenExpiry',
			expiresAt: expiresAtIso,
			daysLeft,
			message: expiryMessage(expiresAtMs, daysLeft),
		},
	};
}

/**
 * A 401 for a token whose own expiry has passed says so: the likeliest cause, named with its
 * date. Any other failure is returned as it is.
 */
export function withExpiredNote(
	failure: EventsApiError,
	expiresAt: number | undefined,
	now: number,
): EventsApiError {
	if (failure.kind !== 'unauthorized' || expiresAt === undefined || expiresAt * 1000 > now)
		return failure;
	const date = new Date(expiresAt * 1000).toISOString().slice(0, 10);
	return new EventsApiError(failure.node, {
		kind: failure.kind,
		httpCode: failure.httpCode ?? undefined,
		message: `${failure.message}: the token expired on ${date}`,
		description:
			`The token's expiry date (${date}) has passed: issue a new token in 1Password (Integrations > your Events Reporting integration) and update the credential. ${failure.description ?? ''}`.trim(),
	});
}
