/**
 * The trigger's parameters, read and checked once per poll. Anything that cannot work raises a
 * SettingsError naming the parameter and the fix, before any request is sent or any position moves.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { isEventTypeKey } from '../shared/eventTypes';
import type { EventTypeKey, OutputMode } from '../shared/eventTypes';
import { buildFilters } from '../shared/filters';
import type { EventFilters, FilterSettings } from '../shared/filters';
import { MAX_PAGE_SIZE, readHours, readOutput, readWholeNumber } from '../shared/parameterReaders';
import { SettingsError } from '../transport/errors';
import type { SilenceSettings } from './silenceWatch';
import { DEFAULT_EXPIRY_WARN_DAYS, MAX_EXPIRY_WARN_DAYS } from './expiryWatch';
import type { ExpirySettings } from './expiryWatch';
import { DEFAULT_WAIT_MINUTES, MAX_WAIT_MINUTES } from './deliveryCheck';
import {
	checkStartTime,
	DAY_MS,
	HOUR_MS,
	MINUTE_MS,
	notADateMessage,
	parseUserDate,
	RETENTION_DAYS,
	toApiTime,
} from '../shared/time';

export const DEFAULT_MAX_EVENTS_PER_POLL = 10_000;

export type StartSetting =
	| { mode: 'now' }
	| { mode: 'lookback'; amount: number; unit: 'hours' | 'days' }
	/**
	 * `date` is undefined when the value is not a date (it matters only for a stream with no
	 * position); `raw` is the value as n8n gave it (text, or a DateTime from an expression).
	 */
	| { mode: 'date'; date?: number; raw: unknown };

export interface TriggerSettings {
	eventTypes: EventTypeKey[];
	start: StartSetting;
	pageSize: number;
	maxEventsPerPoll: number;
	output: OutputMode;
	filters: EventFilters;
	silence: SilenceSettings;
	expiry: ExpirySettings;
	/** Add vault and item names from 1Password Connect (simplified output only). */
	names: boolean;
	/** Wait for each batch's execution and read a discarded batch again (see deliveryCheck.ts). */
	confirmDelivery: boolean;
	/** How long a batch waits for its execution, in milliseconds. */
	confirmDeliveryWaitMs: number;
}

function readEventTypes(value: unknown): EventTypeKey[] {
	const list = Array.isArray(value) ? value : [];
	const unknown = list.filter((entry) => !isEventTypeKey(entry));
	if (unknown.length > 0) {
		throw new SettingsError(
			`Event Types: ${unknown.join(', ')} is not an event type this node knows. Pick from the list.`,
		);
	}
	if (list.length === 0) {
		throw new SettingsError(
			'Event Types: select at least one event type (Item Usages, Sign-In Attempts or Audit Events).',
		);
	}
	return [...new Set(list as EventTypeKey[])];
}

function readStart(context: IPollFunctions): StartSetting {
	const mode = context.getNodeParameter('startFrom', 'now') as string;
	if (mode === 'lookback') {
		const unit = context.getNodeParameter('lookbackUnit', 'hours') === 'days' ? 'days' : 'hours';
		const maxAmount = unit === 'days' ? RETENTION_DAYS : RETENTION_DAYS * 24;
		const amount = readWholeNumber(
			context.getNodeParameter('lookbackAmount', 24),
			'Look Back',
			1,
			maxAmount,
		);
		return { mode, amount, unit };
	}
	if (mode === 'date') {
		const raw = context.getNodeParameter('startDate', '');
		return { mode, date: parseUserDate(raw, context.getTimezone()), raw };
	}
	return { mode: 'now' };
}

/**
 * Where a stream with no stored position begins. Checked only then: a stream that has a position
 * never depends on the start setting again (a date chosen 120 days ago must not stop it).
 */
export function startTimeFor(start: StartSetting, now: number): string {
	if (start.mode === 'lookback')
		return toApiTime(now - start.amount * (start.unit === 'days' ? DAY_MS : HOUR_MS));
	if (start.mode === 'date') {
		if (start.date === undefined) {
			throw new SettingsError(notADateMessage('Start Date', start.raw, '2026-11-01T00:00:00'));
		}
		checkStartTime(start.date, now, 'Start Date');
		return toApiTime(start.date);
	}
	return toApiTime(now);
}

export function readTriggerSettings(context: IPollFunctions): TriggerSettings {
	const eventTypes = readEventTypes(context.getNodeParameter('eventTypes', ['itemUsages']));
	const start = readStart(context);
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const pageSize = readWholeNumber(
		options.pageSize ?? MAX_PAGE_SIZE,
		'Page Size',
		1,
		MAX_PAGE_SIZE,
	);
	const maxEventsPerPoll = readWholeNumber(
		options.maxEventsPerPoll ?? DEFAULT_MAX_EVENTS_PER_POLL,
		'Max Events per Poll',
		1,
		1_000_000,
	);
	// n8n fills a parameter the saved node lacks from the default of the node's own version
	// (Raw in version 1, Simplified in 2), so the fallback here is never the one that decides.
	const output = readOutput(context.getNodeParameter('output', 'raw'));
	const filters = buildFilters(context.getNodeParameter('filters', {}) as FilterSettings);
	const silence: SilenceSettings = {
		hours: readHours(options.silenceHours ?? 0, 'Alert After Silence (Hours)', 0, 24 * 30),
		action: options.onSilence === 'failPoll' ? 'failPoll' : 'emitItem',
	};
	const expiry: ExpirySettings = {
		days: readWholeNumber(
			options.tokenExpiryWarnDays ?? DEFAULT_EXPIRY_WARN_DAYS,
			'Warn Before Token Expiry (Days)',
			0,
			MAX_EXPIRY_WARN_DAYS,
		),
		action: options.onTokenExpiry === 'failPoll' ? 'failPoll' : 'emitItem',
	};
	const names = output === 'simplified' && context.getNodeParameter('addNames', false) === true;
	return {
		eventTypes,
		start,
		pageSize,
		maxEventsPerPoll,
		output,
		filters,
		silence,
		expiry,
		names,
		confirmDelivery: context.getNodeParameter('confirmDelivery', false) === true,
		confirmDeliveryWaitMs:
			readWholeNumber(
				context.getNodeParameter('confirmDeliveryWaitMinutes', DEFAULT_WAIT_MINUTES),
				'Wait for Execution (Minutes)',
				1,
				MAX_WAIT_MINUTES,
			) * MINUTE_MS,
	};
}
