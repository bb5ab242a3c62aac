/**
 * One country form: `country` is always the ISO code (or nothing), `countryName` the name
 * 1Password sent, if it sent one. The codes expected here are written by hand.
 */
import fc from 'fast-check';

import { readCountry } from '../../nodes/OnePasswordEvents/shared/country';
import { EVENT_TYPE_KEYS, EVENT_TYPES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import type { EventRecord } from '../../nodes/OnePasswordEvents/shared/eventTypes';

describe('readCountry', () => {
	it('a code alone', () => {
		expect(readCountry('DE')).toStrictEqual({ code: 'DE' });
	});

	it('a name alone gives its code and keeps the name', () => {
		expect(readCountry('Canada')).toStrictEqual({ code: 'CA', name: 'Canada' });
		expect(readCountry('Japan')).toStrictEqual({ code: 'JP', name: 'Japan' });
		expect(readCountry('United States')).toStrictEqual({ code: 'US', name: 'United States' });
	});

	it('a name and a code, in either order', () => {
		expect(readCountry('Canada', 'CA')).toStrictEqual({ code: 'CA', name: 'Canada' });
		expect(readCountry('CA', 'Canada')).toStrictEqual({ code: 'CA', name: 'Canada' });
	});

	it('the first code wins', () => {
		expect(readCountry('DE', 'FR')).toStrictEqual({ code: 'DE' });
	});

	it('a lower-case code is upper-cased', () => {
		expect(readCountry('de')).toStrictEqual({ code: 'DE' });
	});

	it('whitespace around a code or a name is dropped', () => {
		expect(readCountry(' fr ')).toStrictEqual({ code: 'FR' });
		expect(readCountry('\tCanada  ')).toStrictEqual({ code: 'CA', name: 'Canada' });
	});

	it('a name in other letter case still gives the code, and is kept as sent', () => {
		expect(readCountry('germany')).toStrictEqual({ code: 'DE', name: 'germany' });
	});

	it('an unknown name is kept without a code', () => {
		expect(readCountry('Atlantis')).toEqual({ code: undefined, name: 'Atlantis' });
		expect(readCountry('DEU')).toEqual({ code: undefined, name: 'DEU' });
	});

	it('a current code for a retired one', () => {
		expect(readCountry('UK')).toStrictEqual({ code: 'GB' });
		expect(readCountry('uk')).toStrictEqual({ code: 'GB' });
		expect(readCountry('FX')).toStrictEqual({ code: 'FR' });
		expect(readCountry('UK', 'United Kingdom')).toStrictEqual({
			code: 'GB',
			name: 'United Kingdom',
		});
	});

	it('a name shared with a retired code gives the current code', () => {
		expect(readCountry('France')).toStrictEqual({ code: 'FR', name: 'France' });
		expect(readCountry('United Kingdom')).toStrictEqual({ code: 'GB', name: 'United Kingdom' });
		expect(readCountry('Russia')).toStrictEqual({ code: 'RU', name: 'Russia' });
	});

	it.each([
		['USA', 'US'],
		['usa', 'US'],
		['Czech Republic', 'CZ'],
		['Turkey', 'TR'],
		['Ivory Coast', 'CI'],
		['Russia', 'RU'],
		['South Korea', 'KR'],
		['Viet Nam', 'VN'],
	])('the alias %s gives %s', (name, code) => {
		expect(readCountry(name)).toStrictEqual({ code, name });
	});

	it.each(['Unknown Region', 'European Union', 'Eurozone', 'United Nations', 'Outlying Oceania'])(
		'%s names no country: no code',
		(name) => {
			expect(readCountry(name)).toEqual({ code: undefined, name });
		},
	);

	it('ignores values that are not strings, and blank strings', () => {
		expect(readCountry()).toStrictEqual({});
		expect(readCountry(undefined, null, 49, true, {}, ['DE'], { code: 'DE' })).toStrictEqual({});
		expect(readCountry('', '   ')).toStrictEqual({});
		expect(readCountry(null, '', 'JP')).toStrictEqual({ code: 'JP' });
	});
});

describe('country of a simplified item', () => {
	/** Names and their ISO codes, by hand. */
	const CODE_BY_NAME: Record<string, string> = {
		germany: 'DE',
		canada: 'CA',
		japan: 'JP',
		'united states': 'US',
		italy: 'IT',
		france: 'FR',
		'united kingdom': 'GB',
		russia: 'RU',
		usa: 'US',
	};
	/** Retired codes sent as codes, and the current code they stand for. */
	const CURRENT_CODE: Record<string, string> = { UK: 'GB' };
	const sent = fc.oneof(
		fc.constantFrom('DE', 'CA', 'JP', 'US', 'FR', 'de', 'ca', ' jp ', 'Us', 'UK', 'uk'),
		fc.constantFrom('Germany', 'Canada', 'Japan', 'United States', 'Italy', 'canada', ' Italy '),
		fc.constantFrom('France', 'United Kingdom', 'Russia', 'USA'),
		fc.constantFrom('Atlantis', 'Middle-earth'),
		fc.constantFrom(undefined, null, '', '  ', 7, {}, ['DE']),
	);
	const records = fc.record(
		{
			location: fc.oneof(
				fc.record(
					{ country: sent, city: fc.constantFrom('Berlin', 'Toronto') },
					{ requiredKeys: [] },
				),
				fc.constantFrom(null, 'DE', ['DE']),
			),
			country: sent,
		},
		{ requiredKeys: [] },
	);

	/** What the item should say, worked out from the hand-written table. */
	function expected(record: EventRecord): { code?: string; name?: string } {
		const location = record.location;
		const fromLocation =
			typeof location === 'object' && location !== null && !Array.isArray(location)
				? (location as EventRecord).country
				: undefined;
		const values = [fromLocation, record.country]
			.filter((value): value is string => typeof value === 'string' && value.trim() !== '')
			.map((value) => value.trim());
		const code = values.find((value) => value.length === 2 && /^[a-z]+$/i.test(value));
		const name = values.find((value) => !(value.length === 2 && /^[a-z]+$/i.test(value)));
		const upper = code?.toUpperCase();
		return {
			code:
				(upper && (CURRENT_CODE[upper] ?? upper)) ??
				(name ? CODE_BY_NAME[name.toLowerCase()] : undefined),
			name,
		};
	}

	it.each(EVENT_TYPE_KEYS)(
		'%s: country is a two-letter upper-case code or nothing, never a name',
		(key) => {
			fc.assert(
				fc.property(records, (record) => {
					const item = EVENT_TYPES[key].simplify(record);
					const want = expected(record);
					if (item.country !== undefined) expect(item.country).toMatch(/^[A-Z]{2}$/);
					expect(item.country).toBe(want.code);
					expect(item.countryName).toBe(want.name);
					const place = want.code ?? want.name;
					if (place) expect(item.summary).toMatch(new RegExp(` in (\\w+, )?${place}$`));
					else expect(item.summary).not.toMatch(/ in (Berlin|Toronto)?,/);
				}),
				{ numRuns: 300 },
			);
		},
	);

	it('a sign-in whose location names the country and whose top level has the code', () => {
		const item = EVENT_TYPES.signInAttempts.simplify({
			country: 'CA',
			location: { country: 'Canada', city: 'Toronto' },
		});
		expect(item).toMatchObject({ country: 'CA', countryName: 'Canada', city: 'Toronto' });
		expect(item.summary).toBe('Failed sign-in for Someone in Toronto, CA');
	});
});
