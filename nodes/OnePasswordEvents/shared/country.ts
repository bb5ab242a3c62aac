/**
 * One country form for every simplified item. 1Password sends ISO 3166 codes ("DE") in most
 * places, but a country name ("Canada") has been seen in `location.country`. A simplified item
 * always has the code in `country` and, only where 1Password sent a name, that name in
 * `countryName`: a workflow comparing `country` to "CA" works whichever form arrived.
 */

export interface Country {
	/** ISO 3166-1 alpha-2, upper case. */
	code?: string;
	/** The name exactly as 1Password sent it. */
	name?: string;
}

const CODE = /^[A-Za-z]{2}$/;

/** Names people (and other feeds) use that differ from the runtime's English region names. */
const NAME_ALIASES: Readonly<Record<string, string>> = {
	usa: 'US',
	'united states of america': 'US',
	uk: 'GB',
	'great britain': 'GB',
	'czech republic': 'CZ',
	turkey: 'TR',
	'ivory coast': 'CI',
	russia: 'RU',
	'south korea': 'KR',
	'korea, republic of': 'KR',
	'viet nam': 'VN',
};

/** Codes that name no country: unknown, the EU and eurozone, the UN, "Outlying Oceania". */
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO']);

let codesByName: Map<string, string> | undefined;

/** Codes seen so far and their current form: building an Intl.Locale per event costs ~10 µs. */
const currentCodes = new Map<string, string>();

/** The current code for a code (ICU maps retired ones: UK → GB, FX → FR), or the code itself. */
function currentCode(code: string): string {
	let current = currentCodes.get(code);
	if (current === undefined) {
		try {
			current = new Intl.Locale(`und-${code}`).region ?? code;
		} catch {
			current = code;
		}
		// At most 26 × 26 two-letter codes, so the map stays small.
		currentCodes.set(code, current);
	}
	return current;
}

/** English region names from the runtime's ICU data, built once, on the first name seen. */
function codeForName(name: string): string | undefined {
	const key = name.trim().toLowerCase();
	if (Object.prototype.hasOwnProperty.call(NAME_ALIASES, key)) return NAME_ALIASES[key];
	if (!codesByName) {
		codesByName = new Map();
		let names: Intl.DisplayNames | undefined;
		try {
			names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
		} catch {
			// A runtime without ICU region names: the name stays, without a code.
		}
		const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
		for (const first of names ? letters : '') {
			for (const second of letters) {
				const code = first + second;
				// Retired codes share a name with the current one ("France" is FX and FR).
				if (NOT_COUNTRIES.has(code) || currentCode(code) !== code) continue;
				let label: string | undefined;
				try {
					label = names?.of(code);
				} catch {
					label = undefined;
				}
				const labelKey = label?.toLowerCase();
				if (label && label !== code && labelKey && !codesByName.has(labelKey))
					codesByName.set(labelKey, code);
			}
		}
	}
	return codesByName.get(key);
}

/** The country of a record from the values it carries, in order of trust. */
export function readCountry(...values: unknown[]): Country {
	const country: Country = {};
	for (const value of values) {
		if (typeof value !== 'string' || value.trim() === '') continue;
		if (CODE.test(value.trim())) country.code ??= currentCode(value.trim().toUpperCase());
		else country.name ??= value.trim();
	}
	if (!country.code && country.name) country.code = codeForName(country.name);
	return country;
}
