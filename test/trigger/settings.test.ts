import { DateTime } from 'luxon';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { SettingsError } from '../../nodes/OnePasswordEvents/transport/errors';
import { DAY_MS, HOUR_MS, toApiTime } from '../../nodes/OnePasswordEvents/shared/time';
import { MAX_PAGE_SIZE } from '../../nodes/OnePasswordEvents/shared/parameterReaders';
import {
	DEFAULT_MAX_EVENTS_PER_POLL,
	readTriggerSettings,
	startTimeFor,
} from '../../nodes/OnePasswordEvents/trigger/settings';
import type { StartSetting } from '../../nodes/OnePasswordEvents/trigger/settings';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

/** The part of IPollFunctions the settings reader uses, answering from a plain object. */
function pollContext(parameters: IDataObject = {}, timeZone = 'UTC'): IPollFunctions {
	const context = {
		getNodeParameter: (name: string, fallback?: unknown) =>
			parameters[name] !== undefined ? parameters[name] : fallback,
		getTimezone: () => timeZone,
	};
	return context as unknown as IPollFunctions;
}

function read(parameters: IDataObject = {}, timeZone = 'UTC') {
	return readTriggerSettings(pollContext(parameters, timeZone));
}

function refusal(parameters: IDataObject, timeZone = 'UTC'): string {
	try {
		read(parameters, timeZone);
	} catch (error) {
		expect(error).toBeInstanceOf(SettingsError);
		return (error as SettingsError).message;
	}
	throw new Error('readTriggerSettings accepted settings it should refuse');
}

describe('readTriggerSettings defaults', () => {
	it('reads item usages from now, 1000 per page, 10,000 per poll, raw, unfiltered', () => {
		const settings = read();
		expect(settings.eventTypes).toEqual(['itemUsages']);
		expect(settings.start).toEqual({ mode: 'now' });
		expect(settings.pageSize).toBe(1000);
		expect(settings.maxEventsPerPoll).toBe(10_000);
		expect(settings.output).toBe('raw');
		expect(settings.filters).toEqual({
			itemUsages: undefined,
			signInAttempts: undefined,
			auditEvents: undefined,
		});
		expect(MAX_PAGE_SIZE).toBe(1000);
		expect(DEFAULT_MAX_EVENTS_PER_POLL).toBe(10_000);
	});

	it('warns 14 days before the token expires with an alert item, unless told otherwise', () => {
		expect(read().expiry).toEqual({ days: 14, action: 'emitItem' });
		expect(read({ options: { tokenExpiryWarnDays: 0 } }).expiry.days).toBe(0);
		expect(
			read({ options: { tokenExpiryWarnDays: 30, onTokenExpiry: 'failPoll' } }).expiry,
		).toEqual({ days: 30, action: 'failPoll' });
		expect(refusal({ options: { tokenExpiryWarnDays: -1 } })).toBe(
			'Warn Before Token Expiry (Days) must be a whole number from 0 to 180 (it is -1).',
		);
		expect(refusal({ options: { tokenExpiryWarnDays: 2.5 } })).toMatch(
			/^Warn Before Token Expiry \(Days\) must be a whole number/,
		);
	});

	it('reads the chosen types, options, output and filters', () => {
		const settings = read({
			eventTypes: ['auditEvents', 'signInAttempts', 'auditEvents'],
			options: { pageSize: 250, maxEventsPerPoll: 500 },
			output: 'simplified',
			filters: { signInResult: 'failures' },
		});
		expect(settings.eventTypes).toEqual(['auditEvents', 'signInAttempts']);
		expect(settings.pageSize).toBe(250);
		expect(settings.maxEventsPerPoll).toBe(500);
		expect(settings.output).toBe('simplified');
		expect(settings.filters.signInAttempts).toBeInstanceOf(Function);
		expect(settings.filters.itemUsages).toBeUndefined();
	});

	it('reads any output other than simplified as raw', () => {
		expect(read({ output: 'weird' }).output).toBe('raw');
	});
});

describe('event types', () => {
	it('refuses an empty selection, asking to select at least one', () => {
		const message = refusal({ eventTypes: [] });
		expect(message).toMatch(/select at least one/);
		expect(message).toContain('Event Types');
	});

	it('refuses a value that is not a list as an empty selection', () => {
		expect(refusal({ eventTypes: 'itemUsages' })).toMatch(/select at least one/);
	});

	it.each([['groupEvents'], ['itemusages'], ['constructor'], ['toString']])(
		'refuses the unknown type %s, naming it',
		(unknown) => {
			const message = refusal({ eventTypes: ['itemUsages', unknown] });
			expect(message).toContain(unknown);
			expect(message).toMatch(/not an event type this node knows/);
		},
	);
});

describe('start: look back', () => {
	it('reads hours and days', () => {
		expect(read({ startFrom: 'lookback', lookbackAmount: 6, lookbackUnit: 'hours' }).start).toEqual(
			{
				mode: 'lookback',
				amount: 6,
				unit: 'hours',
			},
		);
		expect(read({ startFrom: 'lookback', lookbackAmount: 30, lookbackUnit: 'days' }).start).toEqual(
			{
				mode: 'lookback',
				amount: 30,
				unit: 'days',
			},
		);
	});

	it('defaults to 24 hours', () => {
		expect(read({ startFrom: 'lookback' }).start).toEqual({
			mode: 'lookback',
			amount: 24,
			unit: 'hours',
		});
	});

	it('accepts up to 120 days or 2880 hours', () => {
		expect(
			read({ startFrom: 'lookback', lookbackAmount: 120, lookbackUnit: 'days' }).start,
		).toMatchObject({ amount: 120 });
		expect(
			read({ startFrom: 'lookback', lookbackAmount: 2880, lookbackUnit: 'hours' }).start,
		).toMatchObject({ amount: 2880 });
	});

	it.each([
		[121, 'days', 'from 1 to 120 (it is 121).'],
		[2881, 'hours', 'from 1 to 2880 (it is 2881).'],
		[0, 'hours', 'from 1 to 2880 (it is 0).'],
		[-3, 'days', 'from 1 to 120 (it is -3).'],
		[1.5, 'days', 'from 1 to 120 (it is 1.5).'],
	])('refuses %p %s with the allowed range', (amount, unit, range) => {
		const message = refusal({ startFrom: 'lookback', lookbackAmount: amount, lookbackUnit: unit });
		expect(message).toContain('Look Back must be a whole number');
		expect(message).toContain(range);
	});
});

/** The message a start setting gives when a stream with no position asks it where to begin. */
function startRefusal(parameters: IDataObject, timeZone = 'UTC'): string {
	const settings = read(parameters, timeZone);
	try {
		startTimeFor(settings.start, NOW);
	} catch (error) {
		expect(error).toBeInstanceOf(SettingsError);
		return (error as SettingsError).message;
	}
	throw new Error('expected a SettingsError');
}

describe('start: date', () => {
	it('reads a date in the workflow time zone', () => {
		expect(
			read({ startFrom: 'date', startDate: '2026-11-01T00:00:00' }, 'Europe/Berlin').start,
		).toMatchObject({
			mode: 'date',
			date: Date.UTC(2026, 9, 31, 23, 0, 0),
		});
		expect(
			read({ startFrom: 'date', startDate: '2026-11-01T00:00:00Z' }, 'Europe/Berlin').start,
		).toMatchObject({
			mode: 'date',
			date: Date.UTC(2026, 10, 1),
		});
	});

	it('refuses a date in the future when a stream needs a start', () => {
		const message = startRefusal({ startFrom: 'date', startDate: '2026-11-27T00:00:00Z' });
		expect(message).toMatch(/^Start Date \(2026-11-27T00:00:00Z\) is in the future/);
	});

	it('refuses a date older than 120 days when a stream needs a start', () => {
		const message = startRefusal({ startFrom: 'date', startDate: '2026-07-01T00:00:00Z' });
		expect(message).toContain('Start Date (2026-07-01T00:00:00Z) is more than 120 days ago');
	});

	it('reads the settings without judging the date: it only matters for a stream with no position', () => {
		// 200 days after the date was chosen, the settings still read (defect: the check ran on every poll).
		expect(() => read({ startFrom: 'date', startDate: '2026-05-01T00:00:00Z' })).not.toThrow();
		expect(() => read({ startFrom: 'date', startDate: 'next tuesday' })).not.toThrow();
	});

	it.each([['next tuesday'], [''], ['26/11/2026']])(
		'refuses the text %p with a message naming it',
		(startDate) => {
			const message = startRefusal({ startFrom: 'date', startDate });
			expect(message).toBe(
				`Start Date "${startDate}" is not a date. Pick a date and time, e.g. 2026-11-01T00:00:00.`,
			);
		},
	);

	it('refuses a missing date', () => {
		expect(startRefusal({ startFrom: 'date' })).toMatch(/is not a date/);
	});

	it('reads a luxon DateTime from an expression as absolute, in any workflow time zone', () => {
		const dayBefore = DateTime.fromMillis(NOW, { zone: 'Europe/Berlin' }).minus({ days: 1 });
		const start = read(
			{ startFrom: 'date', startDate: dayBefore as never },
			'America/New_York',
		).start;
		expect(start).toMatchObject({ mode: 'date', date: NOW - DAY_MS });
		expect(startTimeFor(start, NOW)).toBe('2026-11-25T12:00:00Z');
	});

	it('refuses an invalid DateTime, saying what it was and what is accepted', () => {
		const message = startRefusal({
			startFrom: 'date',
			startDate: DateTime.fromISO('yesterday') as never,
		});
		expect(message).toMatch(
			/^Start Date is an invalid DateTime \(the input "yesterday" can't be parsed as ISO 8601\), not a date\. Pick a date and time, e\.g\. 2026-11-01T00:00:00 /,
		);
		expect(message).toContain('$now.minus({ days: 1 })');
	});
});

describe('page size and max events', () => {
	it.each([
		[0, 'Page Size must be a whole number from 1 to 1000 (it is 0).'],
		[1001, 'Page Size must be a whole number from 1 to 1000 (it is 1001).'],
		[50.5, 'Page Size must be a whole number from 1 to 1000 (it is 50.5).'],
		['abc', 'Page Size must be a whole number from 1 to 1000 (it is abc).'],
	])('refuses page size %p', (pageSize, message) => {
		expect(refusal({ options: { pageSize } })).toBe(message);
	});

	it('accepts page sizes 1 and 1000', () => {
		expect(read({ options: { pageSize: 1 } }).pageSize).toBe(1);
		expect(read({ options: { pageSize: 1000 } }).pageSize).toBe(1000);
	});

	it('refuses max events per poll of 0', () => {
		expect(refusal({ options: { maxEventsPerPoll: 0 } })).toMatch(
			/^Max Events per Poll must be a whole number from 1 to/,
		);
	});
});

describe('alert after silence', () => {
	it('takes fractions of an hour (0.5 is 30 minutes)', () => {
		expect(read({ options: { silenceHours: 0.5 } }).silence.hours).toBe(0.5);
		expect(read({ options: { silenceHours: 720 } }).silence.hours).toBe(720);
	});

	it.each([-1, 721, 'abc'])('refuses %p with the range and an example', (silenceHours) => {
		expect(refusal({ options: { silenceHours } })).toBe(
			`Alert After Silence (Hours) must be a number of hours from 0 to 720, e.g. 6 or 0.5 (it is ${silenceHours}).`,
		);
	});
});

describe('checks before anything else', () => {
	it('refuses bad filters as a SettingsError naming the value', () => {
		expect(refusal({ filters: { userEmails: 'not-an-email' } })).toContain('"not-an-email"');
		expect(refusal({ filters: { vaultUuids: 'Private' } })).toContain('"Private"');
	});
});

describe('startTimeFor', () => {
	it.each([
		['now', { mode: 'now' }, NOW],
		['6 hours back', { mode: 'lookback', amount: 6, unit: 'hours' }, NOW - 6 * HOUR_MS],
		['30 days back', { mode: 'lookback', amount: 30, unit: 'days' }, NOW - 30 * DAY_MS],
		['120 days back', { mode: 'lookback', amount: 120, unit: 'days' }, NOW - 120 * DAY_MS],
		[
			'a date',
			{ mode: 'date', date: Date.UTC(2026, 10, 1, 8, 30, 15, 750), raw: '' },
			Date.UTC(2026, 10, 1, 8, 30, 15),
		],
	] as Array<[string, StartSetting, number]>)(
		'starts %s at the right API time',
		(_label, start, expected) => {
			expect(startTimeFor(start, NOW)).toBe(toApiTime(expected));
		},
	);

	it('writes times as the API wants them', () => {
		expect(startTimeFor({ mode: 'now' }, NOW)).toBe('2026-11-26T12:00:00Z');
		expect(startTimeFor({ mode: 'lookback', amount: 2, unit: 'days' }, NOW)).toBe(
			'2026-11-24T12:00:00Z',
		);
		expect(startTimeFor({ mode: 'lookback', amount: 3, unit: 'hours' }, NOW + 999)).toBe(
			'2026-11-26T09:00:00Z',
		);
	});

	it('starts from the date a user picked in their time zone', () => {
		const settings = read(
			{ startFrom: 'date', startDate: '2026-11-20T09:00:00' },
			'America/New_York',
		);
		expect(startTimeFor(settings.start, NOW)).toBe('2026-11-20T14:00:00Z');
	});
});
