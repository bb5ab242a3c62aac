import { DateTime } from 'luxon';

import { SettingsError } from '../../nodes/OnePasswordEvents/transport/errors';
import {
	checkStartTime,
	DAY_MS,
	describeDateValue,
	HOUR_MS,
	notADateMessage,
	parseUserDate,
	RETENTION_DAYS,
	toApiTime,
} from '../../nodes/OnePasswordEvents/shared/time';

const utc = (text: string) => Date.parse(text);

describe('constants', () => {
	it('match the API facts', () => {
		expect(RETENTION_DAYS).toBe(120);
		expect(HOUR_MS).toBe(3_600_000);
		expect(DAY_MS).toBe(86_400_000);
	});
});

describe('toApiTime', () => {
	it('writes UTC with second precision and a trailing Z', () => {
		expect(toApiTime(Date.UTC(2026, 10, 26, 10, 0, 0))).toBe('2026-11-26T10:00:00Z');
		expect(toApiTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02T03:04:05Z');
	});

	it('drops milliseconds by rounding down, never up into the next second', () => {
		expect(toApiTime(Date.UTC(2026, 10, 26, 10, 0, 0, 999))).toBe('2026-11-26T10:00:00Z');
		expect(toApiTime(Date.UTC(2026, 10, 26, 23, 59, 59, 500))).toBe('2026-11-26T23:59:59Z');
		expect(toApiTime(Date.UTC(2026, 10, 26, 10, 0, 1, 1))).toBe('2026-11-26T10:00:01Z');
	});

	it('always matches the RFC 3339 UTC second format', () => {
		for (const epoch of [0, 1, 999, 1_000, 1_767_225_600_123, Date.now()]) {
			expect(toApiTime(epoch)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		}
		expect(toApiTime(0)).toBe('1970-01-01T00:00:00Z');
	});
});

describe('parseUserDate', () => {
	it('reads a time with Z as absolute, whatever the workflow time zone', () => {
		expect(parseUserDate('2026-01-15T10:00:00Z')).toBe(utc('2026-01-15T10:00:00Z'));
		expect(parseUserDate('2026-01-15T10:00:00Z', 'Europe/Berlin')).toBe(
			utc('2026-01-15T10:00:00Z'),
		);
		expect(parseUserDate('2026-01-15T10:00:00z', 'America/New_York')).toBe(
			utc('2026-01-15T10:00:00Z'),
		);
		expect(parseUserDate('2026-01-15T10:00:00.250Z')).toBe(utc('2026-01-15T10:00:00.250Z'));
	});

	it('reads a time with an offset as absolute', () => {
		expect(parseUserDate('2026-01-15T10:00:00+02:00', 'America/New_York')).toBe(
			utc('2026-01-15T08:00:00Z'),
		);
		expect(parseUserDate('2026-01-15T10:00:00-05:00', 'Europe/Berlin')).toBe(
			utc('2026-01-15T15:00:00Z'),
		);
		expect(parseUserDate('2026-01-15T10:00:00+0530')).toBe(utc('2026-01-15T04:30:00Z'));
		expect(parseUserDate('2026-01-15T10:00:00+14:00')).toBe(utc('2026-01-14T20:00:00Z'));
	});

	it('reads a time without zone as wall-clock time in UTC (the default)', () => {
		expect(parseUserDate('2026-01-15T10:00:00')).toBe(utc('2026-01-15T10:00:00Z'));
		expect(parseUserDate('2026-07-15T10:00:00', 'UTC')).toBe(utc('2026-07-15T10:00:00Z'));
		expect(parseUserDate('  2026-07-15T10:00:00  ', 'UTC')).toBe(utc('2026-07-15T10:00:00Z'));
	});

	it('reads a time without zone as wall-clock time in Europe/Berlin, winter (UTC+1) and summer (UTC+2)', () => {
		expect(parseUserDate('2026-01-15T10:00:00', 'Europe/Berlin')).toBe(utc('2026-01-15T09:00:00Z'));
		expect(parseUserDate('2026-07-15T10:00:00', 'Europe/Berlin')).toBe(utc('2026-07-15T08:00:00Z'));
		// Either side of the spring change (29 March 2026, 02:00 -> 03:00).
		expect(parseUserDate('2026-03-29T01:30:00', 'Europe/Berlin')).toBe(utc('2026-03-29T00:30:00Z'));
		expect(parseUserDate('2026-03-29T03:30:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
		// After the autumn change (25 October 2026, 03:00 -> 02:00).
		expect(parseUserDate('2026-10-25T04:00:00', 'Europe/Berlin')).toBe(utc('2026-10-25T03:00:00Z'));
	});

	it('reads a time without zone as wall-clock time in America/New_York, winter (UTC-5) and summer (UTC-4)', () => {
		expect(parseUserDate('2026-01-15T10:00:00', 'America/New_York')).toBe(
			utc('2026-01-15T15:00:00Z'),
		);
		expect(parseUserDate('2026-07-15T10:00:00', 'America/New_York')).toBe(
			utc('2026-07-15T14:00:00Z'),
		);
		// Late evening local time is already the next day in UTC.
		expect(parseUserDate('2026-01-15T22:30:00', 'America/New_York')).toBe(
			utc('2026-01-16T03:30:00Z'),
		);
	});

	it('handles zones with half-hour offsets and across the date line', () => {
		expect(parseUserDate('2026-01-15T23:30:00', 'Asia/Kolkata')).toBe(utc('2026-01-15T18:00:00Z'));
		expect(parseUserDate('2026-01-15T00:30:00', 'Pacific/Auckland')).toBe(
			utc('2026-01-14T11:30:00Z'),
		);
	});

	it('reads a date-only string as midnight in the time zone', () => {
		expect(parseUserDate('2026-01-15')).toBe(utc('2026-01-15T00:00:00Z'));
		expect(parseUserDate('2026-01-15', 'Europe/Berlin')).toBe(utc('2026-01-14T23:00:00Z'));
		expect(parseUserDate('2026-07-15', 'Europe/Berlin')).toBe(utc('2026-07-14T22:00:00Z'));
		expect(parseUserDate('2026-07-15', 'America/New_York')).toBe(utc('2026-07-15T04:00:00Z'));
	});

	it('accepts a space instead of T and times without seconds', () => {
		expect(parseUserDate('2026-01-15 10:00:00', 'Europe/Berlin')).toBe(utc('2026-01-15T09:00:00Z'));
		expect(parseUserDate('2026-01-15T10:00', 'Europe/Berlin')).toBe(utc('2026-01-15T09:00:00Z'));
	});

	it.each([
		['text', 'yesterday'],
		['a US-style date', '01/15/2026'],
		['an empty string', ''],
		['blanks', '   '],
		['an impossible month', '2026-13-01T00:00:00'],
		['an impossible hour', '2026-01-15T25:00:00'],
		['a date followed by words', '2026-01-15 at noon'],
	])('returns undefined for %s', (_label, text) => {
		expect(parseUserDate(text, 'Europe/Berlin')).toBeUndefined();
	});

	it.each([undefined, null, 42, 1_767_225_600_000, {}, ['2026-01-15']])(
		'returns undefined for the non-string %p',
		(value) => {
			expect(parseUserDate(value)).toBeUndefined();
		},
	);

	it('falls back to UTC for an invalid time zone instead of throwing', () => {
		expect(() => parseUserDate('2026-01-15T10:00:00', 'Not/A_Zone')).not.toThrow();
		expect(parseUserDate('2026-01-15T10:00:00', 'Not/A_Zone')).toBe(utc('2026-01-15T10:00:00Z'));
		expect(parseUserDate('2026-01-15', '')).toBe(utc('2026-01-15T00:00:00Z'));
	});
});

describe('checkStartTime', () => {
	const now = Date.UTC(2026, 10, 26, 12, 0, 0);

	function messageOf(epochMs: number): string {
		try {
			checkStartTime(epochMs, now, 'Start Date');
		} catch (error) {
			expect(error).toBeInstanceOf(SettingsError);
			return (error as SettingsError).message;
		}
		throw new Error('checkStartTime accepted a time it should refuse');
	}

	it('accepts times inside the window', () => {
		for (const epoch of [
			now,
			now - HOUR_MS,
			now - 119 * DAY_MS,
			now - RETENTION_DAYS * DAY_MS,
			now + 60_000,
			now + 30_000,
		]) {
			expect(() => checkStartTime(epoch, now, 'Start Date')).not.toThrow();
		}
	});

	it('refuses a time more than a minute ahead, with a clear message', () => {
		const message = messageOf(now + 60_001 + 999);
		expect(message).toBe(
			'Start Date (2026-11-26T12:01:01Z) is in the future. Choose a time in the past, or "Now" to start with new events.',
		);
		expect(messageOf(now + DAY_MS)).toContain('is in the future');
	});

	it('refuses a time older than 120 days, with a clear message', () => {
		const message = messageOf(now - RETENTION_DAYS * DAY_MS - 1000);
		expect(message).toContain('Start Date (2026-07-29T11:59:59Z) is more than 120 days ago');
		expect(message).toContain('1Password keeps events for 120 days; choose a later start.');
		expect(messageOf(now - 365 * DAY_MS)).toContain('more than 120 days ago');
	});

	it('names the setting it checks', () => {
		expect(() => checkStartTime(now + DAY_MS, now, 'Look Back')).toThrow(/^Look Back \(/);
	});
});

describe('parseUserDate and dates that do not exist', () => {
	it('refuses 30 February instead of rolling over to March', () => {
		expect(parseUserDate('2026-02-30T10:00:00', 'UTC')).toBeUndefined();
		expect(parseUserDate('2026-02-28T10:00:00', 'UTC')).toBe(Date.UTC(2026, 1, 28, 10));
	});
});

describe('parseUserDate across daylight-saving changes', () => {
	// America/New_York: clocks go 02:00 -> 03:00 on 8 March 2026 and 02:00 -> 01:00 on 1 November 2026.
	const zone = 'America/New_York';

	it('reads wall-clock text in the zone on either side of each change', () => {
		expect(parseUserDate('2026-03-07T12:00:00', zone)).toBe(utc('2026-03-07T17:00:00Z'));
		expect(parseUserDate('2026-03-08T01:59:00', zone)).toBe(utc('2026-03-08T06:59:00Z'));
		expect(parseUserDate('2026-03-08T03:00:00', zone)).toBe(utc('2026-03-08T07:00:00Z'));
		expect(parseUserDate('2026-03-09T12:00:00', zone)).toBe(utc('2026-03-09T16:00:00Z'));
		expect(parseUserDate('2026-10-31T12:00:00', zone)).toBe(utc('2026-10-31T16:00:00Z'));
		expect(parseUserDate('2026-11-01T03:00:00', zone)).toBe(utc('2026-11-01T08:00:00Z'));
		expect(parseUserDate('2026-11-02', zone)).toBe(utc('2026-11-02T05:00:00Z'));
	});

	it('makes the day of a change 23 or 25 hours long, as the wall clock says', () => {
		const hours = (from: string, to: string) =>
			((parseUserDate(to, zone) as number) - (parseUserDate(from, zone) as number)) / HOUR_MS;
		expect(hours('2026-03-08', '2026-03-09')).toBe(23);
		expect(hours('2026-11-01', '2026-11-02')).toBe(25);
		expect(hours('2026-06-01', '2026-06-02')).toBe(24);
	});

	it('moves a time that does not exist (in the spring gap) forward by the gap', () => {
		expect(parseUserDate('2026-03-08T02:30:00', zone)).toBe(utc('2026-03-08T07:30:00Z'));
		expect(parseUserDate('2026-03-29T02:30:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
	});

	it('reads a time that happens twice (in the autumn overlap) as one of the two, never anything else', () => {
		expect([utc('2026-11-01T05:30:00Z'), utc('2026-11-01T06:30:00Z')]).toContain(
			parseUserDate('2026-11-01T01:30:00', zone),
		);
	});

	it('reads text with an offset as absolute on the day of a change, in any workflow zone', () => {
		for (const workflowZone of ['UTC', zone, 'Europe/Berlin', 'Australia/Sydney']) {
			expect(parseUserDate('2026-03-08T01:30:00-05:00', workflowZone)).toBe(
				utc('2026-03-08T06:30:00Z'),
			);
			expect(parseUserDate('2026-03-08T03:30:00-04:00', workflowZone)).toBe(
				utc('2026-03-08T07:30:00Z'),
			);
			expect(parseUserDate('2026-11-01T01:30:00-04:00', workflowZone)).toBe(
				utc('2026-11-01T05:30:00Z'),
			);
			expect(parseUserDate('2026-11-01T01:30:00-05:00', workflowZone)).toBe(
				utc('2026-11-01T06:30:00Z'),
			);
		}
	});

	it('follows the southern hemisphere (Australia/Sydney: summer time ends 5 April 2026)', () => {
		expect(parseUserDate('2026-04-04T12:00:00', 'Australia/Sydney')).toBe(
			utc('2026-04-04T01:00:00Z'),
		);
		expect(parseUserDate('2026-04-06T12:00:00', 'Australia/Sydney')).toBe(
			utc('2026-04-06T02:00:00Z'),
		);
	});
});

describe('parseUserDate with what n8n expressions give', () => {
	it('reads a luxon DateTime as absolute, whatever its zone and the workflow zone', () => {
		const berlin = DateTime.fromISO('2026-03-29T03:30:00', { zone: 'Europe/Berlin' });
		expect(parseUserDate(berlin, 'America/New_York')).toBe(utc('2026-03-29T01:30:00Z'));
		expect(parseUserDate(berlin.setZone('Asia/Kolkata'), 'UTC')).toBe(utc('2026-03-29T01:30:00Z'));
		expect(parseUserDate(DateTime.fromMillis(1_767_225_600_123, { zone: 'utc' }))).toBe(
			1_767_225_600_123,
		);
	});

	it('reads what {{ $now.minus({ days: 1 }) }} gives: a DateTime in the workflow zone', () => {
		const now = DateTime.now().setZone('Europe/Berlin');
		const dayBefore = now.minus({ days: 1 });
		expect(parseUserDate(dayBefore, 'Europe/Berlin')).toBe(dayBefore.toMillis());
		expect(parseUserDate(dayBefore, 'Pacific/Auckland')).toBe(dayBefore.toMillis());
	});

	it('reads a DateTime made by another copy of luxon (n8n has its own)', () => {
		let OtherDateTime: typeof DateTime | undefined;
		jest.isolateModules(() => {
			OtherDateTime = (jest.requireActual('luxon') as typeof import('luxon')).DateTime;
		});
		const other = (OtherDateTime as typeof DateTime).fromISO('2026-01-15T10:00:00', {
			zone: 'Europe/Berlin',
		});
		expect(other).not.toBeInstanceOf(DateTime);
		expect(parseUserDate(other, 'UTC')).toBe(utc('2026-01-15T09:00:00Z'));
		expect(
			parseUserDate((OtherDateTime as typeof DateTime).fromISO('nope'), 'UTC'),
		).toBeUndefined();
	});

	it("reads a DateTime's toString() and toISO() text as absolute, with its offset", () => {
		const dt = DateTime.fromISO('2026-12-01T10:00:00', { zone: 'Europe/Berlin' });
		expect(dt.toString()).toBe('2026-12-01T10:00:00.000+01:00');
		for (const text of [
			dt.toString(),
			dt.toISO(),
			dt.toISO({ suppressMilliseconds: true }),
			dt.toUTC().toISO(),
			dt.setZone('America/New_York').toString(),
			'2026-12-01T10:00:00.000+01:00',
		]) {
			expect(parseUserDate(text, 'America/New_York')).toBe(utc('2026-12-01T09:00:00Z'));
		}
	});

	it('reads toISO({ includeOffset: false }) text as wall-clock time in the workflow zone', () => {
		const dt = DateTime.fromISO('2026-07-01T10:00:00', { zone: 'Europe/Berlin' });
		const text = dt.toISO({ includeOffset: false });
		expect(text).toBe('2026-07-01T10:00:00.000');
		expect(parseUserDate(text, 'Europe/Berlin')).toBe(utc('2026-07-01T08:00:00Z'));
		expect(parseUserDate(text, 'America/New_York')).toBe(utc('2026-07-01T14:00:00Z'));
	});

	it('reads a JS Date as absolute', () => {
		expect(parseUserDate(new Date('2026-01-15T10:00:00Z'), 'Europe/Berlin')).toBe(
			utc('2026-01-15T10:00:00Z'),
		);
	});

	it.each([
		['an invalid DateTime', DateTime.fromISO('yesterday')],
		['a DateTime for a day that does not exist', DateTime.fromISO('2026-02-30')],
		['an invalid DateTime (bad zone)', DateTime.fromISO('2026-01-15', { zone: 'Not/A_Zone' })],
		['an invalid Date', new Date('yesterday')],
		['an impossible date with an offset', '2026-02-30T10:00:00+01:00'],
		['an impossible offset', '2026-01-15T10:00:00+25:00'],
		['an offset past 18 hours', '2026-01-15T10:00:00-19:00'],
		['a week date', '2026-W03-4'],
		['an ordinal date', '2026-015'],
		['a year and month', '2026-01'],
		["JavaScript's Date#toString text", 'Thu Jan 15 2026 10:00:00 GMT+0100'],
		['a DateTime in a locale format', '15.1.2026, 10:00:00'],
	])('returns undefined for %s', (_label, value) => {
		expect(parseUserDate(value, 'Europe/Berlin')).toBeUndefined();
	});
});

describe('the message for a value that is not a date', () => {
	it('quotes text, as before', () => {
		expect(notADateMessage('Start Date', 'next tuesday', '2026-11-01T00:00:00')).toBe(
			'Start Date "next tuesday" is not a date. Pick a date and time, e.g. 2026-11-01T00:00:00.',
		);
	});

	it('names what else was received, and says what is accepted', () => {
		const message = notADateMessage(
			'Start Time',
			DateTime.fromISO('2026-02-30'),
			'2026-11-20T00:00:00',
		);
		expect(message).toBe(
			"Start Time is an invalid DateTime (you specified 30 (of type number) as a day, which is invalid), not a date. Pick a date and time, e.g. 2026-11-20T00:00:00 (in the workflow's time zone, or with an offset such as 2026-11-20T00:00:00Z), or an expression giving a date, e.g. {{ $now.minus({ days: 1 }) }}.",
		);
	});

	it.each([
		[
			DateTime.fromISO('nope'),
			'an invalid DateTime (the input "nope" can\'t be parsed as ISO 8601)',
		],
		[new Date(Number.NaN), 'an invalid Date'],
		[1_767_225_600_000, 'the number 1767225600000'],
		[true, 'the boolean true'],
		[undefined, 'empty'],
		[null, 'empty'],
		[['2026-01-15'], 'a list'],
		[{ date: '2026-01-15' }, 'an object'],
		['', '""'],
	])('describes %p as %s', (value, description) => {
		expect(describeDateValue(value)).toBe(description);
	});
});
