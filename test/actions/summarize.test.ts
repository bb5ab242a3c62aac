/**
 * The summarizer behind Get Many's Summary (Counts), on random record lists (fast-check): every
 * list's counts plus its `other` make the total, lists run by count descending then value, and
 * with room for every value the counts are exactly those of a plain count written here.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	compareEntries,
	EventSummarizer,
	SUMMARY_LIMITS,
} from '../../nodes/OnePasswordEvents/actions/event/summarize';
import type { SummaryEntry } from '../../nodes/OnePasswordEvents/actions/event/summarize';
import type { EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';

const RANGE = { startTime: '2026-11-01T00:00:00Z', endTime: '2026-11-08T00:00:00Z' };

const DIMENSIONS: Record<EventTypeKey, string[]> = {
	itemUsages: ['byAction', 'byUser', 'byVault', 'byCountry'],
	signInAttempts: ['byAction', 'byUser', 'byCountry', 'byOutcome'],
	auditEvents: ['byAction', 'byUser', 'byCountry', 'byObjectType'],
};

// Small pools, so that values repeat and counts tie; undefined: the field is missing.
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const email = fc.constantFrom(
	'alice@example.com',
	'ALICE@example.com',
	'bob@example.com',
	'c@x.io',
);
const user = maybe(
	fc.record({ email: maybe(email), name: maybe(fc.constantFrom('Alice', 'Bob', 'Carol')) }),
);
const country = maybe(fc.constantFrom('DE', 'US', 'GB', 'CA', 'FR'));
const timestamp = fc
	.integer({ min: Date.parse('2026-11-01T00:00:00Z'), max: Date.parse('2026-11-08T00:00:00Z') })
	.map((ms) => new Date(ms).toISOString());
const location = country.map((code) => (code === undefined ? undefined : { country: code }));

const itemUsage = fc.record({
	timestamp,
	action: maybe(fc.constantFrom('reveal', 'fill', 'export', 'secure-copy', 'brand-new')),
	vault_uuid: maybe(fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v5', 'v6')),
	user,
	location,
});
const signInAttempt = fc.record({
	timestamp,
	type: maybe(fc.constantFrom('credentials_ok', 'password_secret_bad', 'totp_bad', 'mfa_ok')),
	category: maybe(fc.constantFrom('success', 'credentials_failed', 'firewall_reported_success')),
	target_user: user,
	location,
});
const auditEvent = fc.record({
	timestamp,
	action: maybe(fc.constantFrom('create', 'delete', 'grant', 'revoke', 'disblmfa')),
	object_type: maybe(fc.constantFrom('user', 'vault', 'item', 'gva')),
	actor_details: user,
	location,
});
const RECORDS: Record<EventTypeKey, fc.Arbitrary<IDataObject>> = {
	itemUsages: itemUsage as fc.Arbitrary<IDataObject>,
	signInAttempts: signInAttempt as fc.Arbitrary<IDataObject>,
	auditEvents: auditEvent as fc.Arbitrary<IDataObject>,
};

/** A plain count of one dimension, written here (the oracle): value → events. */
function count(
	records: IDataObject[],
	valueOf: (record: IDataObject) => unknown,
): Map<unknown, number> {
	const counts = new Map<unknown, number>();
	for (const record of records) {
		const value = valueOf(record) ?? null;
		counts.set(value, (counts.get(value) ?? 0) + 1);
	}
	return counts;
}

const person = (who: unknown) => {
	const details = (who ?? {}) as IDataObject;
	return (details.email as string | undefined)?.toLowerCase() ?? details.name;
};
const countryOf = (record: IDataObject) => (record.location as IDataObject | undefined)?.country;

const ORACLE: Record<EventTypeKey, Record<string, (record: IDataObject) => unknown>> = {
	itemUsages: {
		byAction: (record) => record.action,
		byUser: (record) => person(record.user),
		byVault: (record) => record.vault_uuid,
		byCountry: countryOf,
	},
	signInAttempts: {
		byAction: (record) => record.type,
		byUser: (record) => person(record.target_user),
		byCountry: countryOf,
		byOutcome: (record) => record.category,
	},
	auditEvents: {
		byAction: (record) => record.action,
		byUser: (record) => person(record.actor_details),
		byCountry: countryOf,
		byObjectType: (record) => record.object_type,
	},
};

function summarize(type: EventTypeKey, records: IDataObject[], limits = SUMMARY_LIMITS) {
	const summarizer = new EventSummarizer(type, limits);
	for (const record of records) summarizer.add(record);
	return summarizer.result(RANGE);
}

const entriesOf = (summary: IDataObject, dimension: string) =>
	summary[dimension] as unknown as SummaryEntry[];
const otherOf = (summary: IDataObject, dimension: string) =>
	(summary.other as IDataObject)[dimension] as number;

const typeArb = fc.constantFrom<EventTypeKey>('itemUsages', 'signInAttempts', 'auditEvents');
const limitsArb = fc.record({
	top: fc.integer({ min: 1, max: 8 }),
	maxKeys: fc.integer({ min: 1, max: 8 }),
});
const caseArb = typeArb.chain((type) =>
	fc.record({
		type: fc.constant(type),
		records: fc.array(RECORDS[type], { maxLength: 60 }),
		limits: limitsArb,
	}),
);

describe('EventSummarizer', () => {
	it('every list: counts plus other make the total, at most `top` entries, by count then value', () => {
		fc.assert(
			fc.property(caseArb, ({ type, records, limits }) => {
				const summary = summarize(type, records, limits);
				expect(summary.total).toBe(records.length);
				expect(Object.keys(summary.other as IDataObject).sort()).toEqual(
					[...DIMENSIONS[type]].sort(),
				);
				for (const dimension of DIMENSIONS[type]) {
					const entries = entriesOf(summary, dimension);
					const listed = entries.reduce((sum, entry) => sum + entry.count, 0);
					expect(listed + otherOf(summary, dimension)).toBe(records.length);
					expect(entries.length).toBeLessThanOrEqual(Math.min(limits.top, limits.maxKeys));
					for (let i = 1; i < entries.length; i++) {
						expect(entries[i - 1].count).toBeGreaterThanOrEqual(entries[i].count);
						expect(compareEntries(entries[i - 1], entries[i])).toBeLessThan(0);
					}
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('with room for every value, the counts are exactly a plain count (top entries, the rest in other)', () => {
		fc.assert(
			fc.property(
				typeArb.chain((type) =>
					fc.record({
						type: fc.constant(type),
						records: fc.array(RECORDS[type], { maxLength: 80 }),
						top: fc.integer({ min: 1, max: 10 }),
					}),
				),
				({ type, records, top }) => {
					const summary = summarize(type, records, { top, maxKeys: 10_000 });
					for (const dimension of DIMENSIONS[type]) {
						const expected = [...count(records, ORACLE[type][dimension])]
							.map(([value, n]) => ({ value: value as string | null, count: n }))
							.sort(
								(a, b) =>
									b.count - a.count ||
									(a.value === null ? 1 : b.value === null ? -1 : a.value < b.value ? -1 : 1),
							);
						const got = entriesOf(summary, dimension).map(({ value, count: n }) => ({
							value,
							count: n,
						}));
						expect(got).toEqual(expected.slice(0, top));
						const rest = expected.slice(top).reduce((sum, entry) => sum + entry.count, 0);
						expect(otherOf(summary, dimension)).toBe(rest);
					}
					if (type === 'signInAttempts') {
						const successes = records.filter((record) =>
							['success', 'firewall_reported_success'].includes(record.category as string),
						).length;
						expect(summary).toMatchObject({ successes, failures: records.length - successes });
					}
					const times = records.map((record) => Date.parse(record.timestamp as string));
					expect(summary.firstEventAt).toBe(
						times.length ? new Date(Math.min(...times)).toISOString() : null,
					);
					expect(summary.lastEventAt).toBe(
						times.length ? new Date(Math.max(...times)).toISOString() : null,
					);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('counts no more distinct values than maxKeys: later values go to other', () => {
		const records = ['a', 'b', 'c', 'a', 'd', 'b', 'a'].map((vault) => ({
			timestamp: '2026-11-02T00:00:00Z',
			vault_uuid: vault,
		}));
		const summary = summarize('itemUsages', records, { top: 25, maxKeys: 2 });
		// a and b were counted first; c and d (one event each) came once the two were taken.
		expect(entriesOf(summary, 'byVault')).toEqual([
			{ value: 'a', count: 3 },
			{ value: 'b', count: 2 },
		]);
		expect(otherOf(summary, 'byVault')).toBe(2);
	});

	it('labels codes with their readable words and users with their name; one user in any case', () => {
		const summary = summarize('itemUsages', [
			{ action: 'reveal', user: { email: 'Alice@Example.com', name: 'Alice' } },
			{ action: 'reveal', user: { email: 'alice@example.com', name: 'Alice' } },
			{ action: 'brand-new', user: { uuid: 'U1' } },
		]);
		expect(entriesOf(summary, 'byAction')).toEqual([
			{ value: 'reveal', label: 'revealed', count: 2 },
			{ value: 'brand-new', label: 'used (brand-new)', count: 1 },
		]);
		expect(entriesOf(summary, 'byUser')).toEqual([
			{ value: 'alice@example.com', label: 'Alice', count: 2 },
			{ value: 'U1', count: 1 },
		]);
		expect(summary).toMatchObject({ total: 3, firstEventAt: null, lastEventAt: null });
	});

	it('is one small item: an empty range gives zeros and empty lists', () => {
		expect(summarize('signInAttempts', [])).toEqual({
			eventType: 'signInAttempts',
			...RANGE,
			total: 0,
			firstEventAt: null,
			lastEventAt: null,
			successes: 0,
			failures: 0,
			byAction: [],
			byUser: [],
			byCountry: [],
			byOutcome: [],
			other: { byAction: 0, byUser: 0, byCountry: 0, byOutcome: 0 },
		});
	});
});
