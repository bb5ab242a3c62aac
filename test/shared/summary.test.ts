/**
 * The `summary` sentence of simplified items. Every expected sentence here is written by hand
 * from the record next to it: none is produced by the code under test.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import type { EventRecord, EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { summarize } from '../../nodes/OnePasswordEvents/shared/summary';
import {
	AUDIT_ACTIONS,
	AUDIT_OBJECT_TYPES,
	ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES,
	SIGN_IN_TYPES,
} from '../reference/eventsApiReference';

const usages = EVENT_TYPES.itemUsages;
const signIns = EVENT_TYPES.signInAttempts;
const audits = EVENT_TYPES.auditEvents;

/** How names will be added: set them on the simplified item, then build the sentence again. */
function named(item: IDataObject, names: { vaultName?: string; itemTitle?: string }): string {
	return summarize({ ...item, ...names });
}

/** Lukas reveals an item from the browser extension in Chrome on a Mac, in Berlin. */
function usage(): EventRecord {
	return {
		uuid: 'U-1',
		timestamp: '2026-11-26T09:58:41Z',
		used_version: 2,
		vault_uuid: 'vault-fin-01',
		item_uuid: 'item-aws-01',
		action: 'reveal',
		user: { uuid: 'USR-LUKAS', name: 'Lukas Becker', email: 'lukas@example.com' },
		client: {
			app_name: '1Password Browser Extension',
			app_version: '81090001',
			platform_name: 'Chrome',
			platform_version: '131.0',
			os_name: 'MacOSX',
			os_version: '14.4.1',
			ip_address: '192.0.2.10',
		},
		location: { country: 'DE', region: 'Berlin', city: 'Berlin', latitude: 52.5, longitude: 13.4 },
		account_uuid: 'ACC-1',
	};
}

/** Lukas signs in from the Windows app in Hamburg. */
function signIn(): EventRecord {
	return {
		uuid: 'S-1',
		session_uuid: 'SES-1',
		timestamp: '2026-11-26T10:01:07Z',
		category: 'success',
		type: 'credentials_ok',
		country: 'DE',
		details: null,
		target_user: { uuid: 'USR-LUKAS', name: 'Lukas Becker', email: 'lukas@example.com' },
		client: {
			app_name: '1Password for Windows',
			app_version: '8.10.30',
			platform_name: 'Windows PC',
			os_name: 'Windows',
			os_version: '11',
			ip_address: '198.51.100.7',
		},
		location: { country: 'DE', region: 'Hamburg', city: 'Hamburg' },
		account_uuid: 'ACC-1',
	};
}

/** Carol, an administrator, suspends Bob from Toronto. */
function audit(): EventRecord {
	return {
		uuid: 'A-1',
		timestamp: '2026-11-26T10:02:33Z',
		actor_uuid: 'ACT-CAROL',
		actor_details: { uuid: 'ACT-CAROL', name: 'Carol Admin', email: 'carol@example.com' },
		actor_type: 'user',
		actor_account_uuid: 'ACC-1',
		account_uuid: 'ACC-1',
		action: 'suspend',
		object_type: 'user',
		object_uuid: 'USR-BOB',
		object_details: { uuid: 'USR-BOB', name: 'Bob Example', email: 'bob@example.com' },
		session: {
			uuid: 'SES-2',
			login_time: '2026-11-26T09:30:00Z',
			device_uuid: 'DEV-1',
			ip: '203.0.113.9',
		},
		location: { country: 'CA', region: 'Ontario', city: 'Toronto' },
	};
}

describe('item usage sentence', () => {
	it('names the person, the verb, the item and vault ids, the app, the OS and the place', () => {
		const item = usages.simplify(usage());
		expect(item.app).toBe('1Password Browser Extension 81090001');
		expect(item.summary).toBe(
			'Lukas Becker revealed item item-aws-01 in vault vault-fin-01 from 1Password for Chrome on macOS in Berlin, DE',
		);
	});

	it('uses the vault name and item title once they are known', () => {
		const item = usages.simplify(usage());
		expect(named(item, { vaultName: 'Finance', itemTitle: 'AWS root' })).toBe(
			"Lukas Becker revealed 'AWS root' in vault Finance from 1Password for Chrome on macOS in Berlin, DE",
		);
		expect(named(item, { vaultName: 'Finance' })).toBe(
			'Lukas Becker revealed item item-aws-01 in vault Finance from 1Password for Chrome on macOS in Berlin, DE',
		);
		expect(named(item, { itemTitle: 'AWS root' })).toBe(
			"Lukas Becker revealed 'AWS root' in vault vault-fin-01 from 1Password for Chrome on macOS in Berlin, DE",
		);
		// Blank names are no names.
		expect(named(item, { vaultName: '  ', itemTitle: '' })).toBe(item.summary);
	});

	it('calls a desktop app by its name without the version', () => {
		const record = usage();
		record.action = 'secure-copy';
		record.client = {
			app_name: '1Password for Mac',
			app_version: '8.10.1',
			platform_name: 'Apple MacBookPro18,3',
			os_name: 'MacOSX',
		};
		expect(usages.simplify(record).summary).toBe(
			'Lukas Becker copied item item-aws-01 in vault vault-fin-01 from 1Password for Mac on macOS in Berlin, DE',
		);
	});

	it('drops a version that starts with a digit, such as a beta', () => {
		const record = usage();
		record.client = {
			app_name: '1Password for Mac',
			app_version: '8.10.2-beta',
			os_name: 'MacOSX',
		};
		const item = usages.simplify(record);
		expect(item.app).toBe('1Password for Mac 8.10.2-beta');
		expect(item.summary).toBe(
			'Lukas Becker revealed item item-aws-01 in vault vault-fin-01 from 1Password for Mac on macOS in Berlin, DE',
		);
	});

	it('calls the browser extension by its own name when the browser is unknown', () => {
		const record = usage();
		record.client = { app_name: '1Password Browser Extension', app_version: '81090001' };
		expect(usages.simplify(record).summary).toBe(
			'Lukas Becker revealed item item-aws-01 in vault vault-fin-01 from 1Password Browser Extension in Berlin, DE',
		);
	});

	it('falls back to the email, then the user id, then "Someone"', () => {
		const record = usage();
		record.user = { uuid: 'USR-LUKAS', email: 'lukas@example.com' };
		expect(usages.simplify(record).summary).toMatch(/^lukas@example\.com revealed item /);
		record.user = { uuid: 'USR-LUKAS', name: '', email: '' };
		expect(usages.simplify(record).summary).toMatch(/^user USR-LUKAS revealed item /);
		delete record.user;
		expect(usages.simplify(record).summary).toMatch(/^Someone revealed item /);
	});

	it('reads an undocumented action as "used (action)"', () => {
		const record = { ...usage(), action: 'teleport' };
		expect(usages.simplify(record).summary).toBe(
			'Lukas Becker used (teleport) item item-aws-01 in vault vault-fin-01 from 1Password for Chrome on macOS in Berlin, DE',
		);
	});

	it('reads a blank action as "used"', () => {
		const record = { ...usage(), action: '  ' };
		expect(usages.simplify(record).summary).toBe(
			'Lukas Becker used item item-aws-01 in vault vault-fin-01 from 1Password for Chrome on macOS in Berlin, DE',
		);
	});

	it('says "an item" and "an unknown vault" when the record has neither id', () => {
		const record = usage();
		delete record.item_uuid;
		delete record.vault_uuid;
		delete record.action;
		expect(usages.simplify(record).summary).toBe(
			'Lukas Becker used an item in an unknown vault from 1Password for Chrome on macOS in Berlin, DE',
		);
	});
});

describe('sign-in attempt sentence', () => {
	it('a success', () => {
		expect(signIns.simplify(signIn()).summary).toBe(
			'Lukas Becker signed in from 1Password for Windows on Windows in Hamburg, DE',
		);
	});

	it('a wrong password', () => {
		const record = { ...signIn(), category: 'credentials_failed', type: 'password_secret_bad' };
		expect(signIns.simplify(record).summary).toBe(
			'Failed sign-in for Lukas Becker (wrong password or Secret Key) from 1Password for Windows on Windows in Hamburg, DE',
		);
	});

	it('a wrong one-time password', () => {
		const record = { ...signIn(), category: 'mfa_failed', type: 'totp_bad' };
		expect(signIns.simplify(record).summary).toBe(
			'Failed sign-in for Lukas Becker (wrong one-time password) from 1Password for Windows on Windows in Hamburg, DE',
		);
	});

	it('a firewall block, with the rule 1Password reports', () => {
		const record = {
			...signIn(),
			category: 'firewall_failed',
			type: 'ip_blocked',
			details: { value: '203.0.113.0/24' },
		};
		expect(signIns.simplify(record).summary).toBe(
			'Failed sign-in for Lukas Becker (blocked: IP address not allowed; firewall rule: 203.0.113.0/24) from 1Password for Windows on Windows in Hamburg, DE',
		);
	});

	it('a sign-in a report-only firewall rule let through', () => {
		const record = {
			...signIn(),
			category: 'firewall_reported_success',
			type: 'country_blocked',
			details: { value: 'DE' },
		};
		expect(signIns.simplify(record).summary).toBe(
			'Lukas Becker signed in (let through by a firewall rule that only reports: blocked: country not allowed; firewall rule: DE) from 1Password for Windows on Windows in Hamburg, DE',
		);
	});

	it('an unknown category and an unknown type pass through as their codes', () => {
		const record: EventRecord = { ...signIn(), category: 'quantum_failed', type: 'quantum_bad' };
		expect(signIns.simplify(record).summary).toBe(
			'Failed sign-in for Lukas Becker (quantum_bad) from 1Password for Windows on Windows in Hamburg, DE',
		);
		delete record.type;
		expect(signIns.simplify(record).summary).toBe(
			'Failed sign-in for Lukas Becker (quantum_failed) from 1Password for Windows on Windows in Hamburg, DE',
		);
	});

	it('a failure with no reason and no origin leaves no empty parentheses', () => {
		expect(signIns.simplify({ uuid: 'S-2', target_user: { uuid: 'USR-X' } }).summary).toBe(
			'Failed sign-in for user USR-X',
		);
		const record: EventRecord = {
			...signIn(),
			category: 'credentials_failed',
			type: 'password_secret_bad',
		};
		delete record.client;
		delete record.location;
		delete record.country;
		expect(signIns.simplify(record).summary).toBe(
			'Failed sign-in for Lukas Becker (wrong password or Secret Key)',
		);
	});

	it('takes the top-level country when location is missing', () => {
		const record = signIn();
		delete record.location;
		record.country = 'jp';
		expect(signIns.simplify(record).summary).toBe(
			'Lukas Becker signed in from 1Password for Windows on Windows in JP',
		);
	});

	it('is not changed by vault or item names', () => {
		const item = signIns.simplify(signIn());
		expect(named(item, { vaultName: 'Finance', itemTitle: 'AWS root' })).toBe(item.summary);
	});
});

describe('audit event sentence', () => {
	it('a user acted on, by name and email', () => {
		expect(audits.simplify(audit()).summary).toBe(
			'Carol Admin suspended user Bob Example (bob@example.com) in Toronto, CA',
		);
	});

	it('a phrase takes its object with "on"', () => {
		const record = { ...audit(), action: 'disblmfa' };
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin disabled two-factor authentication on user Bob Example (bob@example.com) in Toronto, CA',
		);
	});

	it('a user acted on, by email alone, then by id', () => {
		const record = audit();
		record.object_details = { uuid: 'USR-BOB', email: 'bob@example.com' };
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin suspended user bob@example.com in Toronto, CA',
		);
		delete record.object_details;
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin suspended user USR-BOB in Toronto, CA',
		);
	});

	it('a vault, by id until its name is known', () => {
		const record = {
			...audit(),
			action: 'create',
			object_type: 'vault',
			object_uuid: 'vault-fin-01',
			object_details: null,
		};
		const item = audits.simplify(record);
		expect(item.summary).toBe('Carol Admin created vault vault-fin-01 in Toronto, CA');
		expect(named(item, { vaultName: 'Finance' })).toBe(
			'Carol Admin created vault Finance in Toronto, CA',
		);
	});

	it('an item, with its title and its vault once they are known', () => {
		const record = {
			...audit(),
			action: 'delete',
			object_type: 'item',
			object_uuid: 'item-aws-01',
			object_details: null,
			aux_uuid: 'vault-fin-01',
		};
		const item = audits.simplify(record);
		expect(item.summary).toBe('Carol Admin deleted item item-aws-01 in Toronto, CA');
		expect(named(item, { vaultName: 'Finance', itemTitle: 'AWS root' })).toBe(
			"Carol Admin deleted item 'AWS root' in vault Finance in Toronto, CA",
		);
		expect(named(item, { itemTitle: 'AWS root' })).toBe(
			"Carol Admin deleted item 'AWS root' in Toronto, CA",
		);
	});

	it('the account', () => {
		const record = {
			...audit(),
			action: 'changenm',
			object_type: 'account',
			object_uuid: 'ACC-1',
			object_details: null,
		};
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin changed the name on the account in Toronto, CA',
		);
	});

	it('an undocumented action and object type pass through as their codes', () => {
		const record = {
			...audit(),
			action: 'zorble',
			object_type: 'gizmo',
			object_uuid: 'GZ-1',
			object_details: null,
		};
		const item = audits.simplify(record);
		expect(item).toMatchObject({ actionText: 'zorble', objectTypeText: 'gizmo' });
		expect(item.summary).toBe('Carol Admin zorble gizmo GZ-1 in Toronto, CA');
	});

	it('the person the action was for, from aux_details', () => {
		const record = {
			...audit(),
			action: 'grant',
			object_type: 'uva',
			object_uuid: 'vault-fin-01',
			object_details: null,
			aux_uuid: 'USR-BOB',
			aux_details: { uuid: 'USR-BOB', name: 'Bob Example', email: 'bob@example.com' },
		};
		const item = audits.simplify(record);
		expect(item.summary).toBe(
			'Carol Admin granted access to vault vault-fin-01 for Bob Example in Toronto, CA',
		);
		expect(named(item, { vaultName: 'Finance' })).toBe(
			'Carol Admin granted access to vault Finance for Bob Example in Toronto, CA',
		);
	});

	it('a group\'s access to a vault reads as the vault, and "… access" takes "to"', () => {
		const record = {
			...audit(),
			action: 'revoke',
			object_type: 'gva',
			object_uuid: 'vault-fin-01',
			object_details: null,
			aux_uuid: 'GRP-ENG',
			aux_details: { uuid: 'GRP-ENG', name: 'Eng' },
		};
		const item = audits.simplify(record);
		expect(item.summary).toBe(
			'Carol Admin revoked access to vault vault-fin-01 for Eng in Toronto, CA',
		);
		const granted = audits.simplify({ ...record, action: 'grant' });
		expect(named(granted, { vaultName: 'Finance' })).toBe(
			'Carol Admin granted access to vault Finance for Eng in Toronto, CA',
		);
	});

	it("a phrase ending in the object's one-word kind does not say the kind twice", () => {
		const record = {
			...audit(),
			action: 'sendts',
			object_type: 'invite',
			object_uuid: 'INV-1',
			object_details: { uuid: 'INV-1', email: 'x@y' },
		};
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin sent an invitation: x@y in Toronto, CA',
		);
		expect(audits.simplify({ ...record, action: 'resendts' }).summary).toBe(
			'Carol Admin resent an invitation: x@y in Toronto, CA',
		);
		// A one-word verb keeps the kind: "created invitation x@y".
		expect(audits.simplify({ ...record, action: 'create' }).summary).toBe(
			'Carol Admin created invitation x@y in Toronto, CA',
		);
	});

	it('a missing or blank action reads "acted on"', () => {
		const record = audit();
		delete record.action;
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin acted on user Bob Example (bob@example.com) in Toronto, CA',
		);
		for (const action of ['', '  ', '\n\t'])
			expect(audits.simplify({ ...record, action }).summary).toBe(
				'Carol Admin acted on user Bob Example (bob@example.com) in Toronto, CA',
			);
		expect(audits.simplify({ uuid: 'A-2' }).summary).toBe('Someone acted on object');
	});

	it('a service account known only by its id', () => {
		const record: EventRecord = { ...audit(), actor_type: 'service_account', actor_uuid: 'SA1' };
		delete record.actor_details;
		expect(audits.simplify(record).summary).toBe(
			'service account SA1 suspended user Bob Example (bob@example.com) in Toronto, CA',
		);
	});

	it('an actor type with an underscore next to a blank still reads as single-spaced words', () => {
		// Found by the property below: "a_" became "a " and then "a  0 acted on object".
		expect(audits.simplify({ actor_uuid: '0', actor_type: 'a_' }).summary).toBe(
			'a 0 acted on object',
		);
		expect(audits.simplify({ actor_uuid: 'a', actor_type: 'a__a' }).summary).toBe(
			'a a a acted on object',
		);
	});

	it('newlines and runs of blanks in names collapse to single spaces', () => {
		const record = {
			...audit(),
			actor_details: { uuid: 'ACT-CAROL', name: 'Carol\n  Admin' },
			object_details: { uuid: 'USR-BOB', name: ' Bob\r\nExample\t', email: 'bob@example.com' },
			location: { country: 'CA', city: 'Toronto\n' },
		};
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin suspended user Bob Example (bob@example.com) in Toronto, CA',
		);
		const item = audits.simplify({ ...audit(), object_type: 'vault', object_uuid: 'V-1' });
		expect(named(item, { vaultName: 'Fin\nance  team' })).toBe(
			'Carol Admin suspended vault Fin ance team in Toronto, CA',
		);
	});

	it('an empty object_uuid or aux_uuid falls back to the uuid in the details', () => {
		const record = {
			...audit(),
			object_uuid: '',
			object_details: { uuid: 'USR-BOB' },
			aux_uuid: '',
			aux_details: { uuid: 'USR-DAN' },
		};
		const item = audits.simplify(record);
		expect(item.objectUuid).toBe('USR-BOB');
		expect(item.auxUuid).toBe('USR-DAN');
		expect(item.summary).toBe('Carol Admin suspended user USR-BOB in Toronto, CA');
	});

	it('an actor known only by email', () => {
		const record = audit();
		record.actor_details = { email: 'carol@example.com' };
		expect(audits.simplify(record).summary).toBe(
			'carol@example.com suspended user Bob Example (bob@example.com) in Toronto, CA',
		);
	});

	it('an actor known by nothing but an id, then by nothing at all', () => {
		const record = audit();
		delete record.actor_details;
		expect(audits.simplify(record).summary).toBe(
			'user ACT-CAROL suspended user Bob Example (bob@example.com) in Toronto, CA',
		);
		delete record.actor_uuid;
		expect(audits.simplify(record).summary).toBe(
			'Someone suspended user Bob Example (bob@example.com) in Toronto, CA',
		);
	});

	it('no session, no location: the sentence just ends', () => {
		const record = audit();
		delete record.session;
		delete record.location;
		expect(audits.simplify(record).summary).toBe(
			'Carol Admin suspended user Bob Example (bob@example.com)',
		);
	});
});

describe('where the event came from', () => {
	function usageWith(client: IDataObject | undefined, location: IDataObject | undefined) {
		const record = usage();
		if (client) record.client = client;
		else delete record.client;
		if (location) record.location = location;
		else delete record.location;
		return usages.simplify(record).summary;
	}
	const start = 'Lukas Becker revealed item item-aws-01 in vault vault-fin-01';

	it.each<[string, IDataObject | undefined, IDataObject | undefined, string]>([
		['nothing', undefined, undefined, start],
		['an IP address only', { ip_address: '192.0.2.10' }, {}, start],
		['a city only', undefined, { city: 'Berlin' }, `${start} in Berlin`],
		['a country code only', undefined, { country: 'DE' }, `${start} in DE`],
		['a region only', undefined, { region: 'Berlin' }, start],
		['a known country name', undefined, { country: 'Germany' }, `${start} in DE`],
		['an unknown country name', undefined, { country: 'Atlantis' }, `${start} in Atlantis`],
		['an OS only', { os_name: 'Linux' }, undefined, `${start} on Linux`],
		['iOS', { os_name: 'iOS' }, undefined, `${start} on iOS`],
		['an app only', { app_name: '1Password CLI' }, undefined, `${start} from 1Password CLI`],
		['an empty app name', { app_name: '', platform_name: 'Chrome' }, undefined, start],
		['blank city and country', undefined, { city: ' ', country: '' }, start],
	])('%s', (_label, client, location, sentence) => {
		expect(usageWith(client, location)).toBe(sentence);
	});
});

describe('other event types', () => {
	it('an unknown eventType gets a generic sentence', () => {
		expect(summarize({ eventType: 'passkeyUsage', uuid: 'P-1' })).toBe('1Password event P-1');
		expect(summarize({ eventType: 'passkeyUsage' })).toBe('1Password event');
		expect(summarize({})).toBe('1Password event');
	});
});

describe('summary is always a clean sentence (property)', () => {
	/** Words without spaces, commas or the words a leaked value would show. */
	const word = fc
		.stringMatching(/^[A-Za-z0-9][A-Za-z0-9@.'/_-]{0,9}$/)
		.filter((w) => !/null|undefined|object/i.test(w));
	const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
	const junk = fc.oneof(
		fc.constant(null),
		fc.constant(''),
		fc.constant('  '),
		fc.integer(),
		fc.boolean(),
		fc.constant({}),
		fc.constant([]),
		fc.array(word, { maxLength: 2 }),
		fc.dictionary(word, word, { maxKeys: 2 }),
	);
	const value = fc.oneof(phrase, phrase, junk);
	const codes = (list: readonly string[]) => fc.oneof(fc.constantFrom(...list), value);
	const block = (keys: string[]) =>
		fc.oneof(
			fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }),
			junk,
		);
	const person = block(['uuid', 'name', 'email', 'user_type', 'user_account_uuid']);
	const client = block([
		'app_name',
		'app_version',
		'platform_name',
		'platform_version',
		'os_name',
		'os_version',
		'ip_address',
	]);
	const location = block(['country', 'region', 'city', 'latitude', 'longitude']);
	const countries = fc.oneof(
		fc.constantFrom('DE', 'de', 'Canada', 'Japan', ' FR ', 'Atlantis'),
		value,
	);
	const locationWithCountry = fc.oneof(
		location,
		fc.record({ country: countries, city: value }, { requiredKeys: [] }),
	);

	const records: Record<EventTypeKey, fc.Arbitrary<EventRecord>> = {
		itemUsages: fc.record(
			{
				uuid: value,
				timestamp: value,
				used_version: value,
				vault_uuid: value,
				item_uuid: value,
				action: codes(ITEM_USAGE_ACTIONS),
				user: person,
				client: fc.oneof(
					client,
					fc.constant({ app_name: '1Password Browser Extension', app_version: '81090001' }),
				),
				location: locationWithCountry,
				account_uuid: value,
			},
			{ requiredKeys: [] },
		),
		signInAttempts: fc.record(
			{
				uuid: value,
				session_uuid: value,
				timestamp: value,
				category: codes(SIGN_IN_CATEGORIES),
				type: codes(SIGN_IN_TYPES),
				country: countries,
				details: block(['value']),
				target_user: person,
				client,
				location: locationWithCountry,
				account_uuid: value,
			},
			{ requiredKeys: [] },
		),
		auditEvents: fc.record(
			{
				uuid: value,
				timestamp: value,
				actor_uuid: value,
				actor_details: block(['uuid', 'name', 'email']),
				actor_type: value,
				actor_account_uuid: value,
				account_uuid: value,
				action: codes(AUDIT_ACTIONS),
				object_type: codes(AUDIT_OBJECT_TYPES),
				object_uuid: value,
				object_details: block(['uuid', 'name', 'email']),
				aux_id: value,
				aux_uuid: value,
				aux_details: block(['uuid', 'name', 'email']),
				aux_info: value,
				session: block(['uuid', 'login_time', 'device_uuid', 'ip']),
				location: locationWithCountry,
			},
			{ requiredKeys: [] },
		),
	};
	const names = fc.record({ vaultName: value, itemTitle: value }, { requiredKeys: [] });

	function expectClean(sentence: unknown): void {
		expect(typeof sentence).toBe('string');
		const text = sentence as string;
		expect(text.length).toBeGreaterThan(0);
		expect(text).not.toMatch(/[\r\n]/);
		expect(text).not.toMatch(/undefined|null|\[object Object\]/);
		expect(text).not.toContain('  ');
		expect(text).not.toContain(' ,');
		expect(text).not.toMatch(/^\s|[\s,]$/);
	}

	it.each(Object.keys(records) as EventTypeKey[])(
		'%s: simplify never throws and the summary is one clean line, names or not',
		(key) => {
			fc.assert(
				fc.property(records[key], names, (record, extra) => {
					const item = EVENT_TYPES[key].simplify(record);
					expectClean(item.summary);
					expectClean(summarize({ ...item, ...extra }));
				}),
				{ numRuns: 500 },
			);
		},
	);

	it.each(Object.keys(records) as EventTypeKey[])(
		'%s: any JSON at all is simplified without throwing, into a non-empty sentence',
		(key) => {
			fc.assert(
				fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
					const summary = EVENT_TYPES[key].simplify(record as EventRecord).summary;
					expect(typeof summary).toBe('string');
					expect((summary as string).trim()).not.toBe('');
					expect(summary).not.toContain('[object Object]');
				}),
				{ numRuns: 200 },
			);
		},
	);
});
