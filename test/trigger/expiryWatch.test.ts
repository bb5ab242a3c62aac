import { DateTime } from 'luxon';

import {
	commitExpiryState,
	lastExpiryReport,
	readExpiryState,
	rememberExpiryReport,
	watchExpiry,
	withExpiredNote,
} from '../../nodes/OnePasswordEvents/trigger/expiryWatch';
import type {
	ExpirySettings,
	ExpiryState,
} from '../../nodes/OnePasswordEvents/trigger/expiryWatch';
import { EventsApiError } from '../../nodes/OnePasswordEvents/transport/errors';

// The token expires 2027-01-15T12:00:00Z; `exp` is in seconds.
const EXPIRES = DateTime.fromISO('2027-01-15T12:00:00Z', { zone: 'utc' });
const EXP = EXPIRES.toSeconds();
const before = (duration: { days?: number; hours?: number; milliseconds?: number }) =>
	EXPIRES.minus(duration).toMillis();
const fourteen: ExpirySettings = { days: 14, action: 'emitItem' };

describe('watchExpiry', () => {
	it('reports from exactly N days before the expiry, not a millisecond earlier', () => {
		expect(watchExpiry(undefined, EXP, fourteen, before({ days: 14, milliseconds: 1 }))).toEqual(
			{},
		);
		expect(watchExpiry(undefined, EXP, fourteen, before({ days: 15 }))).toEqual({});
		const atBoundary = watchExpiry(undefined, EXP, fourteen, before({ days: 14 }));
		expect(atBoundary.warning).toEqual({
			alert: 'tokenExpiry',
			expiresAt: '2027-01-15T12:00:00.000Z',
			daysLeft: 14,
			message:
				'The Events API token expires in 14 days (2027-01-15). Issue a new token in 1Password (Integrations > your Events Reporting integration) and update the credential.',
		});
		expect(atBoundary.state).toEqual({
			expiresAt: '2027-01-15T12:00:00.000Z',
			reportedAt: new Date(before({ days: 14 })).toISOString(),
		});
	});

	it('counts whole days left, rounded down', () => {
		expect(
			watchExpiry(undefined, EXP, fourteen, before({ days: 9, hours: 23 })).warning,
		).toMatchObject({
			daysLeft: 9,
			message: expect.stringMatching(/^The Events API token expires in 9 days \(2027-01-15\)\./),
		});
		expect(watchExpiry(undefined, EXP, fourteen, before({ days: 1 })).warning?.message).toMatch(
			/expires in 1 day \(2027-01-15\)/,
		);
		expect(watchExpiry(undefined, EXP, fourteen, before({ hours: 5 })).warning).toMatchObject({
			daysLeft: 0,
			message: expect.stringMatching(/expires in less than a day \(2027-01-15 12:00 UTC\)/),
		});
	});

	it('N + 1 days: a larger setting warns earlier', () => {
		const at = before({ days: 15 });
		expect(watchExpiry(undefined, EXP, fourteen, at).warning).toBeUndefined();
		expect(
			watchExpiry(undefined, EXP, { days: 15, action: 'emitItem' }, at).warning?.daysLeft,
		).toBe(15);
	});

	it('is off at 0 days, keeps nothing', () => {
		expect(
			watchExpiry(undefined, EXP, { days: 0, action: 'emitItem' }, before({ hours: 1 })),
		).toEqual({});
	});

	it('says nothing about a token without an expiry', () => {
		expect(watchExpiry(undefined, undefined, fourteen, before({ days: 1 }))).toEqual({});
	});

	it('leaves an expired token to the 401 (not its job)', () => {
		expect(watchExpiry(undefined, EXP, fourteen, EXPIRES.toMillis())).toEqual({});
		expect(watchExpiry(undefined, EXP, fourteen, EXPIRES.plus({ days: 2 }).toMillis())).toEqual({});
	});

	it('reports once a day: not again within 24 hours, again after them', () => {
		const first = watchExpiry(undefined, EXP, fourteen, before({ days: 10 }));
		expect(first.warning?.daysLeft).toBe(10);
		const sameDay = watchExpiry(first.state, EXP, fourteen, before({ days: 9, hours: 1 }));
		expect(sameDay).toEqual({ state: first.state });
		const nextDay = watchExpiry(first.state, EXP, fourteen, before({ days: 9 }));
		expect(nextDay.warning?.daysLeft).toBe(9);
		expect(nextDay.state?.reportedAt).toBe(new Date(before({ days: 9 })).toISOString());
		expect(
			watchExpiry(nextDay.state, EXP, fourteen, before({ days: 8, hours: 1 })).warning,
		).toBeUndefined();
	});

	it('a new token (another expiry) is reported at once; a report from the future does not hold one back', () => {
		const reported: ExpiryState = {
			expiresAt: EXPIRES.toUTC().toISO() as string,
			reportedAt: new Date(before({ days: 5 })).toISOString(),
		};
		const renewedExp = EXPIRES.plus({ days: 1 }).toSeconds();
		expect(
			watchExpiry(reported, renewedExp, fourteen, before({ days: 5, hours: -1 })).warning?.daysLeft,
		).toBe(5);
		// The clock was set back by a day after the report.
		expect(watchExpiry(reported, EXP, fourteen, before({ days: 6 })).warning?.daysLeft).toBe(6);
	});
});

describe('expiry state', () => {
	it('is kept small in static data and removed when nothing is due', () => {
		const staticData: Record<string, unknown> = { positions: {} };
		const state = { expiresAt: '2027-01-15T12:00:00.000Z', reportedAt: '2027-01-05T12:00:00.000Z' };
		commitExpiryState(staticData as never, state);
		expect(readExpiryState(staticData as never)).toEqual(state);
		expect(JSON.stringify(staticData.tokenExpiry).length).toBeLessThan(100);
		commitExpiryState(staticData as never, undefined);
		expect(staticData).toEqual({ positions: {} });
	});

	it('process memory outlives static data that an engine dropped, and the later report wins', () => {
		const key = `wf-expiry-${Math.random()}`;
		const early = { expiresAt: '2027-01-15T12:00:00.000Z', reportedAt: '2027-01-05T12:00:00.000Z' };
		const late = { expiresAt: '2027-01-15T12:00:00.000Z', reportedAt: '2027-01-06T12:00:00.000Z' };
		expect(lastExpiryReport(key, {})).toBeUndefined();
		rememberExpiryReport(key, late);
		expect(lastExpiryReport(key, {})).toEqual(late);
		expect(lastExpiryReport(key, { tokenExpiry: early })).toEqual(late);
		rememberExpiryReport(key, early);
		expect(lastExpiryReport(key, { tokenExpiry: late })).toEqual(late);
	});
});

describe('withExpiredNote', () => {
	const node = {
		id: 'n',
		name: 'Trigger',
		type: 't',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	const unauthorized = new EventsApiError(node, {
		kind: 'unauthorized',
		httpCode: '401',
		message: '1Password rejected the token when fetching item usages (401)',
		description: 'The token is expired, revoked, …',
	});

	it('names the passed expiry date in a 401', () => {
		const noted = withExpiredNote(unauthorized, EXP, EXPIRES.plus({ hours: 1 }).toMillis());
		expect(noted).toBeInstanceOf(EventsApiError);
		expect(noted.kind).toBe('unauthorized');
		expect(noted.httpCode).toBe('401');
		expect(noted.message).toBe(
			'1Password rejected the token when fetching item usages (401): the token expired on 2027-01-15',
		);
		expect(noted.description).toMatch(/^The token's expiry date \(2027-01-15\) has passed/);
	});

	it('leaves the 401 of an unexpired or never-expiring token, and other failures, as they are', () => {
		expect(withExpiredNote(unauthorized, EXP, before({ hours: 1 }))).toBe(unauthorized);
		expect(withExpiredNote(unauthorized, undefined, EXPIRES.toMillis())).toBe(unauthorized);
		const serverError = new EventsApiError(node, { kind: 'serverError', message: 'x' });
		expect(withExpiredNote(serverError, EXP, EXPIRES.plus({ days: 1 }).toMillis())).toBe(
			serverError,
		);
	});
});
