import fc from 'fast-check';

import type { EventRecord, EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { SIGN_IN_CATEGORIES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import {
	buildFilters,
	editDistance,
	splitList,
} from '../../nodes/OnePasswordEvents/shared/filters';
import type {
	EventPredicate,
	FilterSettings,
	UserEmailsMatch,
} from '../../nodes/OnePasswordEvents/shared/filters';
import { SettingsError } from '../../nodes/OnePasswordEvents/transport/errors';

const VAULT_A = 'jaqxqf5qylslqiitnduawrndc5';
const VAULT_B = 'x7kq2m4n6p8r0t2v4x6z8b0d2f';
const VAULT_RFC = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

function itemUsage(overrides: EventRecord = {}): EventRecord {
	return {
		uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
		timestamp: '2026-11-26T10:00:00Z',
		used_version: 2,
		vault_uuid: VAULT_A,
		item_uuid: 'sqvkrkgqndg2vd3wqmjwipgnh4',
		action: 'reveal',
		user: { uuid: 'OJQGU46KAPROEJLCK674RHSAY5', name: 'Alice Example', email: 'alice@example.com' },
		client: { app_name: '1Password for Mac', app_version: '8.10.1', ip_address: '192.0.2.10' },
		location: { country: 'DE' },
		...overrides,
	};
}

function signIn(overrides: EventRecord = {}): EventRecord {
	return {
		uuid: 'HGIF4OEWXDTVWKEQDIWTKV26HU',
		session_uuid: 'A5K6COGVRVEJXJW3XQZGS7VAMM',
		timestamp: '2026-11-26T10:01:00Z',
		category: 'success',
		type: 'credentials_ok',
		country: 'CA',
		details: null,
		target_user: {
			uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			name: 'Bob Example',
			email: 'bob@example.com',
		},
		client: { app_name: '1Password for Web', ip_address: '198.51.100.7' },
		...overrides,
	};
}

function audit(overrides: EventRecord = {}): EventRecord {
	return {
		uuid: 'EGEE4HSUYRCYHL3WOP62OH2KQ4',
		timestamp: '2026-11-26T10:02:00Z',
		actor_uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4',
		actor_details: {
			uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4',
			name: 'Carol Admin',
			email: 'carol@example.com',
		},
		action: 'disblmfa',
		object_type: 'user',
		object_uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
		session: { uuid: 'MH6CHHM7D5DMPFNKYDUKB3QHM4', ip: '203.0.113.9' },
		...overrides,
	};
}

/** The predicate, asserting it exists (a filter was compiled). */
function predicate(value: EventPredicate | undefined): EventPredicate {
	expect(value).toBeInstanceOf(Function);
	return value as EventPredicate;
}

function settingsErrorOf(settings: FilterSettings): SettingsError {
	try {
		buildFilters(settings);
	} catch (error) {
		expect(error).toBeInstanceOf(SettingsError);
		return error as SettingsError;
	}
	throw new Error('buildFilters accepted settings it should refuse');
}

describe('splitList', () => {
	it('splits on commas, newlines and semicolons, trimming and dropping blanks', () => {
		expect(splitList('a, b,c')).toEqual(['a', 'b', 'c']);
		expect(splitList('a\nb\n\nc')).toEqual(['a', 'b', 'c']);
		expect(splitList('a; b ;c')).toEqual(['a', 'b', 'c']);
		expect(splitList(' a ,\n ; b ;;, \n')).toEqual(['a', 'b']);
		expect(splitList('a\r\nb')).toEqual(['a', 'b']);
	});

	it('keeps inner spaces of an entry', () => {
		expect(splitList('one two, three')).toEqual(['one two', 'three']);
	});

	it('returns an empty list for blanks and non-strings', () => {
		expect(splitList('')).toEqual([]);
		expect(splitList('  , ;\n')).toEqual([]);
		expect(splitList(undefined)).toEqual([]);
		expect(splitList(null)).toEqual([]);
		expect(splitList(42)).toEqual([]);
		expect(splitList(['a'])).toEqual([]);
	});
});

describe('buildFilters without filters', () => {
	it.each([
		['no settings', undefined],
		['empty settings', {}],
		[
			'blank and neutral values',
			{
				userEmails: ' , ',
				vaultUuids: '',
				signInResult: 'any',
				itemUsageActions: [],
				signInCategories: [],
				auditActions: '\n',
				auditObjectTypes: '',
			},
		],
		[
			'empty lists and a match mode without emails',
			{
				signInTypes: [],
				auditActionList: [],
				auditObjectTypeList: [],
				auditActions: ' ; ',
				userEmailsMatch: 'either',
			},
		],
	] as Array<[string, FilterSettings | undefined]>)(
		'gives no predicate for any type with %s (fast path)',
		(_label, settings) => {
			const filters = buildFilters(settings);
			expect(filters).toEqual({
				itemUsages: undefined,
				signInAttempts: undefined,
				auditEvents: undefined,
			});
		},
	);

	it('leaves types without a filter of their own on the fast path', () => {
		const filters = buildFilters({ itemUsageActions: ['fill'] });
		expect(filters.itemUsages).toBeInstanceOf(Function);
		expect(filters.signInAttempts).toBeUndefined();
		expect(filters.auditEvents).toBeUndefined();

		const signInOnly = buildFilters({ signInResult: 'failures' });
		expect(signInOnly.itemUsages).toBeUndefined();
		expect(signInOnly.signInAttempts).toBeInstanceOf(Function);
		expect(signInOnly.auditEvents).toBeUndefined();

		const auditOnly = buildFilters({ auditObjectTypes: 'vault' });
		expect(auditOnly.itemUsages).toBeUndefined();
		expect(auditOnly.signInAttempts).toBeUndefined();
		expect(auditOnly.auditEvents).toBeInstanceOf(Function);
	});
});

describe('user email filter', () => {
	const filters = buildFilters({
		userEmails: 'Alice@Example.com, bob@example.com\ncarol@EXAMPLE.com',
	});

	it('applies to every event type', () => {
		expect(filters.itemUsages).toBeInstanceOf(Function);
		expect(filters.signInAttempts).toBeInstanceOf(Function);
		expect(filters.auditEvents).toBeInstanceOf(Function);
	});

	it('matches the user of an item usage (user.email), case-insensitively', () => {
		const keep = predicate(filters.itemUsages);
		expect(keep(itemUsage())).toBe(true);
		expect(keep(itemUsage({ user: { email: 'ALICE@example.COM' } }))).toBe(true);
		expect(keep(itemUsage({ user: { email: 'dave@example.com' } }))).toBe(false);
		// Another field holding a listed email does not count.
		expect(
			keep(
				itemUsage({
					user: { email: 'dave@example.com' },
					target_user: { email: 'bob@example.com' },
				}),
			),
		).toBe(false);
	});

	it('matches the target user of a sign-in attempt (target_user.email)', () => {
		const keep = predicate(filters.signInAttempts);
		expect(keep(signIn())).toBe(true);
		expect(keep(signIn({ target_user: { email: 'BOB@EXAMPLE.COM' } }))).toBe(true);
		expect(keep(signIn({ target_user: { email: 'eve@example.com' } }))).toBe(false);
		expect(
			keep(
				signIn({ target_user: { email: 'eve@example.com' }, user: { email: 'bob@example.com' } }),
			),
		).toBe(false);
	});

	it('matches the actor of an audit event (actor_details.email)', () => {
		const keep = predicate(filters.auditEvents);
		expect(keep(audit())).toBe(true);
		expect(keep(audit({ actor_details: { email: 'Carol@Example.Com' } }))).toBe(true);
		expect(keep(audit({ actor_details: { email: 'mallory@example.com' } }))).toBe(false);
		expect(
			keep(
				audit({
					actor_details: { email: 'mallory@example.com' },
					user: { email: 'carol@example.com' },
				}),
			),
		).toBe(false);
	});

	it('drops records without the person block or email instead of throwing', () => {
		expect(predicate(filters.itemUsages)(itemUsage({ user: undefined }))).toBe(false);
		expect(predicate(filters.itemUsages)(itemUsage({ user: { email: 42 } }))).toBe(false);
		expect(predicate(filters.signInAttempts)(signIn({ target_user: null }))).toBe(false);
		expect(predicate(filters.auditEvents)(audit({ actor_details: 'not an object' }))).toBe(false);
		expect(predicate(filters.auditEvents)({})).toBe(false);
	});

	it.each([
		['a missing @', 'alice.example.com', '"alice.example.com"'],
		['a missing domain dot', 'alice@example', '"alice@example"'],
		['inner blanks', 'alice smith@example.com', '"alice smith@example.com"'],
	])('refuses %s, naming the bad value and how to fix it', (_label, bad, named) => {
		const error = settingsErrorOf({ userEmails: `bob@example.com, ${bad}` });
		expect(error.message).toContain('User Emails');
		expect(error.message).toContain(named);
		expect(error.message).toContain('is not valid');
		expect(error.message).toMatch(/comma-separated list such as alice@example\.com/);
		expect(error.message).not.toContain('"bob@example.com"');
	});

	it('names every bad email at once', () => {
		const error = settingsErrorOf({ userEmails: 'nope, bob@example.com, also-bad' });
		expect(error.message).toContain('"nope", "also-bad" are not valid');
	});
});

describe('item usage filters', () => {
	it('keeps only the chosen actions, case-insensitively', () => {
		const keep = predicate(
			buildFilters({ itemUsageActions: ['reveal', 'Secure-Copy'] }).itemUsages,
		);
		expect(keep(itemUsage({ action: 'reveal' }))).toBe(true);
		expect(keep(itemUsage({ action: 'secure-copy' }))).toBe(true);
		expect(keep(itemUsage({ action: 'fill' }))).toBe(false);
		expect(keep(itemUsage({ action: 'brand-new-action' }))).toBe(false);
		expect(keep(itemUsage({ action: undefined }))).toBe(false);
	});

	it.each([
		['26-character 1Password ids', `${VAULT_A}, ${VAULT_B}`, VAULT_B],
		['RFC 4122 UUIDs', VAULT_RFC, VAULT_RFC],
		['upper-case ids', VAULT_A.toUpperCase(), VAULT_A],
		['upper-case RFC UUIDs', VAULT_RFC.toUpperCase(), VAULT_RFC],
	])('keeps only the listed vaults given as %s', (_label, vaultUuids, match) => {
		const keep = predicate(buildFilters({ vaultUuids }).itemUsages);
		expect(keep(itemUsage({ vault_uuid: match }))).toBe(true);
		expect(keep(itemUsage({ vault_uuid: match.toUpperCase() }))).toBe(true);
		expect(keep(itemUsage({ vault_uuid: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' }))).toBe(false);
		expect(keep(itemUsage({ vault_uuid: undefined }))).toBe(false);
	});

	it.each([
		['too short', 'jaqxqf5qylslqiitnduawrndc'],
		['too long', 'jaqxqf5qylslqiitnduawrndc55'],
		['a vault name', 'Private'],
		['punctuation', 'jaqxqf5qylslqiitnduawrnd-5'],
		['a malformed RFC UUID', '3f2504e0-4f89-11d3-9a0c-0305e82c330'],
	])('refuses a vault id that is %s, naming it and the expected form', (_label, bad) => {
		const error = settingsErrorOf({ vaultUuids: `${VAULT_A}, ${bad}` });
		expect(error.message).toContain('Vault UUIDs');
		expect(error.message).toContain(`"${bad}" is not valid`);
		expect(error.message).toContain('26-character vault UUIDs');
		expect(error.message).not.toContain(`"${VAULT_A}"`);
	});

	it('requires every condition (actions, vaults, emails) to hold', () => {
		const keep = predicate(
			buildFilters({
				itemUsageActions: ['reveal'],
				vaultUuids: VAULT_A,
				userEmails: 'alice@example.com',
			}).itemUsages,
		);
		expect(keep(itemUsage())).toBe(true);
		expect(keep(itemUsage({ action: 'fill' }))).toBe(false);
		expect(keep(itemUsage({ vault_uuid: VAULT_B }))).toBe(false);
		expect(keep(itemUsage({ user: { email: 'bob@example.com' } }))).toBe(false);
	});
});

describe('sign-in filters', () => {
	const failureCategories = SIGN_IN_CATEGORIES.filter(
		(category) => category !== 'success' && category !== 'firewall_reported_success',
	);

	it('has five failure categories besides the two successes', () => {
		expect(failureCategories).toEqual([
			'credentials_failed',
			'mfa_failed',
			'sso_failed',
			'modern_version_failed',
			'firewall_failed',
		]);
	});

	it("'failures' keeps every failure category and unknown new categories", () => {
		const keep = predicate(buildFilters({ signInResult: 'failures' }).signInAttempts);
		for (const category of failureCategories)
			expect([category, keep(signIn({ category }))]).toEqual([category, true]);
		expect(keep(signIn({ category: 'passkey_failed' }))).toBe(true);
		expect(keep(signIn({ category: 'some_future_category' }))).toBe(true);
	});

	it("'failures' treats success and firewall_reported_success as successes", () => {
		const keep = predicate(buildFilters({ signInResult: 'failures' }).signInAttempts);
		expect(keep(signIn({ category: 'success' }))).toBe(false);
		expect(keep(signIn({ category: 'firewall_reported_success' }))).toBe(false);
	});

	it("'successes' keeps success and firewall_reported_success only", () => {
		const keep = predicate(buildFilters({ signInResult: 'successes' }).signInAttempts);
		expect(keep(signIn({ category: 'success' }))).toBe(true);
		expect(keep(signIn({ category: 'firewall_reported_success' }))).toBe(true);
		for (const category of failureCategories)
			expect([category, keep(signIn({ category }))]).toEqual([category, false]);
		expect(keep(signIn({ category: 'some_future_category' }))).toBe(false);
	});

	it("'any' filters nothing", () => {
		expect(buildFilters({ signInResult: 'any' }).signInAttempts).toBeUndefined();
	});

	it('keeps only the chosen categories, case-insensitively', () => {
		const keep = predicate(
			buildFilters({ signInCategories: ['mfa_failed', 'FIREWALL_FAILED'] }).signInAttempts,
		);
		expect(keep(signIn({ category: 'mfa_failed' }))).toBe(true);
		expect(keep(signIn({ category: 'firewall_failed' }))).toBe(true);
		expect(keep(signIn({ category: 'MFA_FAILED' }))).toBe(true);
		expect(keep(signIn({ category: 'credentials_failed' }))).toBe(false);
		expect(keep(signIn({ category: 'success' }))).toBe(false);
		expect(keep(signIn({ category: 'new_category' }))).toBe(false);
	});

	it('combines categories and result', () => {
		const keep = predicate(
			buildFilters({ signInCategories: ['success', 'mfa_failed'], signInResult: 'failures' })
				.signInAttempts,
		);
		expect(keep(signIn({ category: 'mfa_failed' }))).toBe(true);
		expect(keep(signIn({ category: 'success' }))).toBe(false);
		expect(keep(signIn({ category: 'sso_failed' }))).toBe(false);
	});
});

describe('audit filters', () => {
	it('keeps only the listed actions, from a comma/newline list, case-insensitively', () => {
		const keep = predicate(
			buildFilters({ auditActions: 'disblmfa,\n Grant ; revoke' }).auditEvents,
		);
		expect(keep(audit({ action: 'disblmfa' }))).toBe(true);
		expect(keep(audit({ action: 'grant' }))).toBe(true);
		expect(keep(audit({ action: 'REVOKE' }))).toBe(true);
		expect(keep(audit({ action: 'create' }))).toBe(false);
		expect(keep(audit({ action: 'brandnewcode' }))).toBe(false);
	});

	it('keeps only the listed object types', () => {
		const keep = predicate(buildFilters({ auditObjectTypes: 'vault, SSO' }).auditEvents);
		expect(keep(audit({ object_type: 'vault' }))).toBe(true);
		expect(keep(audit({ object_type: 'sso' }))).toBe(true);
		expect(keep(audit({ object_type: 'user' }))).toBe(false);
		expect(keep(audit({ object_type: undefined }))).toBe(false);
	});

	it('requires both actions and object types when both are set', () => {
		const keep = predicate(
			buildFilters({ auditActions: 'grant, revoke', auditObjectTypes: 'vault' }).auditEvents,
		);
		expect(keep(audit({ action: 'grant', object_type: 'vault' }))).toBe(true);
		expect(keep(audit({ action: 'grant', object_type: 'user' }))).toBe(false);
		expect(keep(audit({ action: 'create', object_type: 'vault' }))).toBe(false);
	});
});

describe('unknown and odd values in records', () => {
	const everything = buildFilters({
		userEmails: 'alice@example.com',
		itemUsageActions: ['reveal'],
		vaultUuids: VAULT_A,
		signInResult: 'failures',
		signInCategories: ['mfa_failed'],
		auditActions: 'grant',
		auditObjectTypes: 'vault',
	});

	it.each([
		['an empty record', {}],
		[
			'unknown enum values',
			{ action: 'quantum-teleport', category: 'alien_failed', object_type: 'spaceship', type: 'x' },
		],
		[
			'wrongly typed fields',
			{
				action: 7,
				category: ['mfa_failed'],
				object_type: { v: 1 },
				vault_uuid: true,
				user: 'alice@example.com',
			},
		],
		[
			'null fields',
			{
				action: null,
				category: null,
				object_type: null,
				vault_uuid: null,
				user: null,
				target_user: null,
				actor_details: null,
			},
		],
	])('never throws for %s and simply does not match', (_label, record) => {
		for (const keep of [everything.itemUsages, everything.signInAttempts, everything.auditEvents]) {
			expect(() => predicate(keep)(record as EventRecord)).not.toThrow();
			expect(predicate(keep)(record as EventRecord)).toBe(false);
		}
	});
});

describe('sign-in type filter', () => {
	it('keeps only the chosen types, case-insensitively', () => {
		const filters = buildFilters({ signInTypes: ['totp_bad', 'Country_Blocked'] });
		expect(filters.itemUsages).toBeUndefined();
		expect(filters.auditEvents).toBeUndefined();
		const keep = predicate(filters.signInAttempts);
		expect(keep(signIn({ category: 'mfa_failed', type: 'totp_bad' }))).toBe(true);
		expect(keep(signIn({ category: 'firewall_failed', type: 'country_blocked' }))).toBe(true);
		expect(keep(signIn({ category: 'mfa_failed', type: 'TOTP_BAD' }))).toBe(true);
		expect(keep(signIn({ category: 'mfa_failed', type: 'u2f_bad' }))).toBe(false);
		expect(keep(signIn({ type: 'credentials_ok' }))).toBe(false);
	});

	it('never matches and never throws on an unknown, missing or odd type', () => {
		const keep = predicate(buildFilters({ signInTypes: ['totp_bad'] }).signInAttempts);
		for (const type of [
			'passkey_bad',
			'',
			undefined,
			null,
			7,
			['totp_bad'],
			{ value: 'totp_bad' },
		]) {
			expect(() => keep(signIn({ type }))).not.toThrow();
			expect([type, keep(signIn({ type }))]).toEqual([type, false]);
		}
	});

	it('combines with categories and result: every condition must hold', () => {
		const keep = predicate(
			buildFilters({
				signInTypes: ['totp_bad', 'credentials_ok'],
				signInCategories: ['mfa_failed', 'success'],
				signInResult: 'failures',
			}).signInAttempts,
		);
		expect(keep(signIn({ category: 'mfa_failed', type: 'totp_bad' }))).toBe(true);
		expect(keep(signIn({ category: 'success', type: 'credentials_ok' }))).toBe(false);
		expect(keep(signIn({ category: 'credentials_failed', type: 'totp_bad' }))).toBe(false);
		expect(keep(signIn({ category: 'mfa_failed', type: 'u2f_bad' }))).toBe(false);
	});
});

describe('audit option lists and other codes', () => {
	it('keeps the actions picked from the list', () => {
		const filters = buildFilters({ auditActionList: ['disblmfa', 'grant'] });
		expect(filters.itemUsages).toBeUndefined();
		expect(filters.signInAttempts).toBeUndefined();
		const keep = predicate(filters.auditEvents);
		expect(keep(audit({ action: 'disblmfa', object_type: 'account' }))).toBe(true);
		expect(keep(audit({ action: 'grant', object_type: 'uva' }))).toBe(true);
		expect(keep(audit({ action: 'GRANT', object_type: 'uva' }))).toBe(true);
		expect(keep(audit({ action: 'enblmfa', object_type: 'account' }))).toBe(false);
		expect(keep(audit({ action: undefined }))).toBe(false);
	});

	it('keeps the object types picked from the list', () => {
		const keep = predicate(buildFilters({ auditObjectTypeList: ['gva', 'sso'] }).auditEvents);
		expect(keep(audit({ action: 'grant', object_type: 'gva' }))).toBe(true);
		expect(keep(audit({ action: 'enblsso', object_type: 'sso' }))).toBe(true);
		expect(keep(audit({ action: 'grant', object_type: 'uva' }))).toBe(false);
		expect(keep(audit({ action: 'grant', object_type: null }))).toBe(false);
	});

	it('keeps an event matching the list or the other codes (a union)', () => {
		const keep = predicate(
			buildFilters({ auditActionList: ['disblmfa'], auditActions: 'rotatekey, grant' }).auditEvents,
		);
		expect(keep(audit({ action: 'disblmfa' }))).toBe(true);
		expect(keep(audit({ action: 'rotatekey' }))).toBe(true);
		expect(keep(audit({ action: 'grant' }))).toBe(true);
		expect(keep(audit({ action: 'revoke' }))).toBe(false);

		const types = predicate(
			buildFilters({ auditObjectTypeList: ['vault'], auditObjectTypes: 'webhook' }).auditEvents,
		);
		expect(types(audit({ object_type: 'vault' }))).toBe(true);
		expect(types(audit({ object_type: 'webhook' }))).toBe(true);
		expect(types(audit({ object_type: 'user' }))).toBe(false);
	});

	it('requires an action and an object type when both are filtered, from either source', () => {
		const keep = predicate(
			buildFilters({
				auditActionList: ['grant'],
				auditActions: 'revoke',
				auditObjectTypeList: ['gva'],
				auditObjectTypes: 'uva',
			}).auditEvents,
		);
		expect(keep(audit({ action: 'grant', object_type: 'uva' }))).toBe(true);
		expect(keep(audit({ action: 'revoke', object_type: 'gva' }))).toBe(true);
		expect(keep(audit({ action: 'grant', object_type: 'vault' }))).toBe(false);
		expect(keep(audit({ action: 'create', object_type: 'gva' }))).toBe(false);
	});

	it('reads settings saved before the lists existed exactly as before', () => {
		const saved = buildFilters({ auditActions: 'disblmfa, grant' });
		const picked = buildFilters({ auditActionList: ['disblmfa', 'grant'] });
		expect(saved.itemUsages).toBeUndefined();
		expect(saved.signInAttempts).toBeUndefined();
		const records = [
			audit({ action: 'disblmfa', object_type: 'account' }),
			audit({ action: 'grant', object_type: 'gva' }),
			audit({ action: 'Grant', object_type: 'gva' }),
			audit({ action: 'revoke', object_type: 'gva' }),
			audit({ action: 'brandnewcode' }),
			audit({ action: null }),
			{},
		];
		for (const record of records) {
			expect(predicate(saved.auditEvents)(record)).toBe(predicate(picked.auditEvents)(record));
		}
		expect(records.map(predicate(saved.auditEvents))).toEqual([
			true,
			true,
			true,
			false,
			false,
			false,
			false,
		]);
	});

	it('reads a list given as text by an expression as a comma-separated list', () => {
		const keep = predicate(
			buildFilters({ auditActionList: 'grant, revoke' as unknown as string[] }).auditEvents,
		);
		expect(keep(audit({ action: 'revoke' }))).toBe(true);
		expect(keep(audit({ action: 'create' }))).toBe(false);
	});

	it('accepts documented codes in any case, and new codes far from every documented one', () => {
		expect(() =>
			buildFilters({ auditActions: 'DISBLMFA, Grant, rotatekey, pkrotate' }),
		).not.toThrow();
		// Short codes count as typos only one edit away: "zz" is two from "ec", "upd8" three from "update".
		expect(() => buildFilters({ auditObjectTypes: 'zz, webhook, passkeys' })).not.toThrow();
		expect(() => buildFilters({ auditActions: 'upd8' })).not.toThrow();
	});

	it.each([
		['a missing letter', 'disblmf', 'disblmfa', 'disabled two-factor authentication'],
		['two swapped letters', 'dsiblmfa', 'disblmfa', 'disabled two-factor authentication'],
		['a letter too many', 'disblmfaa', 'disblmfa', 'disabled two-factor authentication'],
		['two letters missing', 'disblm', 'disblmfa', 'disabled two-factor authentication'],
		['a short code one letter off', 'grnt', 'grant', 'granted access'],
		['an upper-case typo', 'REVOK', 'revoke', 'revoked access'],
	])(
		'refuses an action code with %s, suggesting the documented one and a way through',
		(_label, typo, meant, words) => {
			const error = settingsErrorOf({ auditActions: `grant, ${typo}` });
			const code = typo.toLowerCase();
			expect(error.message).toBe(
				`Other Audit Action Codes: "${typo}" is not a code 1Password documents; did you mean "${meant}" (${words})? Pick it from Audit Actions instead. If 1Password really added "${code}", enter it as "new:${code}".`,
			);
		},
	);

	it('refuses an object type one letter off, even a short one', () => {
		expect(settingsErrorOf({ auditObjectTypes: 'vaul' }).message).toBe(
			'Other Audit Object Types: "vaul" is not a code 1Password documents; did you mean "vault" (vault)? Pick it from Audit Object Types instead. If 1Password really added "vaul", enter it as "new:vaul".',
		);
		expect(settingsErrorOf({ auditObjectTypes: 'usr' }).message).toContain(
			'did you mean "user" (user)?',
		);
	});

	it('names every documented code equally close', () => {
		expect(settingsErrorOf({ auditActions: 'changek' }).message).toContain(
			'did you mean "changeks" (changed the keyset) or "changesk" (changed the Secret Key)?',
		);
	});

	it('names every likely typo in one message', () => {
		const message = settingsErrorOf({ auditActions: 'disblmf, grant, revok' }).message;
		expect(message).toMatch(/^Other Audit Action Codes: "disblmf" is not a code/);
		expect(message).toContain('"revok" is not a code 1Password documents; did you mean "revoke"');
		expect(message).not.toContain('"grant" is not');
	});

	it('accepts a code close to a documented one written as new:code, and matches it', () => {
		const keep = predicate(
			buildFilters({ auditActions: 'new:disblmf, NEW: updateb', auditObjectTypes: 'new:sb' })
				.auditEvents,
		);
		expect(keep(audit({ action: 'disblmf', object_type: 'sb' }))).toBe(true);
		expect(keep(audit({ action: 'updateb', object_type: 'sb' }))).toBe(true);
		expect(keep(audit({ action: 'disblmfa', object_type: 'sb' }))).toBe(false);
		expect(keep(audit({ action: 'disblmf', object_type: 'sa' }))).toBe(false);
	});

	it('refuses a code of the other audit field, saying where it belongs', () => {
		expect(settingsErrorOf({ auditActions: 'grant, vault' }).message).toBe(
			'Other Audit Action Codes: "vault" is an audit object type, not an audit action: pick it from Audit Object Types instead. If 1Password really added an audit action "vault", enter it as "new:vault".',
		);
		expect(settingsErrorOf({ auditObjectTypes: 'Suspend' }).message).toBe(
			'Other Audit Object Types: "Suspend" is an audit action, not an audit object type: pick it from Audit Actions instead. If 1Password really added an audit object type "suspend", enter it as "new:suspend".',
		);
		expect(() => buildFilters({ auditActions: 'new:vault' })).not.toThrow();
	});

	it.each([
		['two codes without a comma', 'disblmfa grant', '"disblmfa grant" is not a code'],
		['a readable name', 'MFA disabled', '"MFA disabled" is not a code'],
		['one letter', 'x', '"x" is not a code'],
		['41 letters', 'a'.repeat(41), `"${'a'.repeat(41)}" is not a code`],
		['punctuation', 'grant!', '"grant!" is not a code'],
		['the prefix alone', 'new:', '"new:" is not a code'],
	])('refuses %s as no code, naming the entry and the form', (_label, bad, named) => {
		const error = settingsErrorOf({ auditActions: `revoke, ${bad}` });
		expect(error.message).toBe(
			`Other Audit Action Codes: ${named}. A code is 2 to 40 letters, digits, "_" or "-"; separate codes with commas, e.g. disblmfa, grant.`,
		);
	});

	it('names every entry that is no code at once', () => {
		expect(settingsErrorOf({ auditObjectTypes: 'vault user, item, a' }).message).toBe(
			'Other Audit Object Types: "vault user", "a" are not codes. A code is 2 to 40 letters, digits, "_" or "-"; separate codes with commas, e.g. vault, user.',
		);
	});
});

describe('editDistance', () => {
	it.each([
		['', '', 0],
		['grant', 'grant', 0],
		['', 'abc', 3],
		['disblmf', 'disblmfa', 1],
		['dsiblmfa', 'disblmfa', 1],
		['kitten', 'sitting', 3],
		['ca', 'abc', 3],
		['ab', 'ba', 1],
	])('from %p to %p is %p', (a, b, distance) => {
		expect(editDistance(a, b)).toBe(distance);
		expect(editDistance(b, a)).toBe(distance);
	});
});

describe('user emails: match against', () => {
	const ALICE = 'alice@example.com';
	const emailFilters = (userEmailsMatch?: UserEmailsMatch) =>
		buildFilters({ userEmails: ALICE, userEmailsMatch });

	it('matches the one person of an item usage or sign-in attempt in every mode', () => {
		for (const mode of ['actor', 'target', 'either', undefined] as const) {
			const filters = emailFilters(mode);
			expect([mode, predicate(filters.itemUsages)(itemUsage())]).toEqual([mode, true]);
			expect([
				mode,
				predicate(filters.itemUsages)(itemUsage({ user: { email: 'x@example.com' } })),
			]).toEqual([mode, false]);
			const alice = signIn({ target_user: { email: 'Alice@Example.com' } });
			expect([mode, predicate(filters.signInAttempts)(alice)]).toEqual([mode, true]);
			expect([mode, predicate(filters.signInAttempts)(signIn())]).toEqual([mode, false]);
		}
	});

	// Carol (actor) suspends a user; the person acted on is in object_details or aux_details.
	const suspendAlice = audit({
		action: 'suspend',
		object_type: 'user',
		object_details: { uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU', name: 'Alice Example', email: ALICE },
	});
	const aliceInAux = audit({
		action: 'grant',
		object_type: 'uva',
		object_details: { uuid: 'JAQXQF5QYLSLQIITNDUAWRNDC5', name: 'Finance' },
		aux_details: { uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU', name: 'Alice Example', email: ALICE },
	});
	const aliceActs = audit({
		actor_details: { uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU', name: 'Alice Example', email: ALICE },
		object_details: { uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4', email: 'carol@example.com' },
	});

	it.each([
		['actor', [false, false, true]],
		[undefined, [false, false, true]],
		['target', [true, true, false]],
		['either', [true, true, true]],
	] as Array<[UserEmailsMatch | undefined, boolean[]]>)(
		'audit events with %p: the person acted on (object, aux) and who did it',
		(mode, expected) => {
			const keep = predicate(emailFilters(mode).auditEvents);
			expect([suspendAlice, aliceInAux, aliceActs].map(keep)).toEqual(expected);
		},
	);

	it.each([
		['missing', {}],
		['null', { object_details: null, aux_details: null }],
		['without an email', { object_details: { uuid: 'X', name: 'Alice Example' }, aux_details: {} }],
		['with an odd email', { object_details: { email: 42 }, aux_details: { email: [ALICE] } }],
		['not objects', { object_details: ALICE, aux_details: [ALICE] }],
	])(
		'drops audit events whose object and aux details are %s, without throwing',
		(_label, details) => {
			for (const mode of ['target', 'either'] as const) {
				const keep = predicate(emailFilters(mode).auditEvents);
				const record = audit({ ...details });
				expect(() => keep(record)).not.toThrow();
				expect([mode, keep(record)]).toEqual([mode, false]);
			}
		},
	);

	it('is case-insensitive in the details too', () => {
		const keep = predicate(emailFilters('target').auditEvents);
		expect(keep(audit({ aux_details: { email: 'ALICE@example.COM' } }))).toBe(true);
	});

	it('does nothing without emails (fast path)', () => {
		expect(buildFilters({ userEmailsMatch: 'target' })).toEqual({
			itemUsages: undefined,
			signInAttempts: undefined,
			auditEvents: undefined,
		});
	});

	it('refuses a mode it does not know, naming it and the choices', () => {
		const error = settingsErrorOf({
			userEmails: ALICE,
			userEmailsMatch: 'object' as UserEmailsMatch,
		});
		expect(error.message).toBe(
			'Match User Emails Against must be Who Did It (actor), Person Acted On (target) or Either (either); it is "object".',
		);
	});
});

describe('the compiled predicate against a plain reference', () => {
	// Values 1Password documents (from the API reference, typed here by hand), unknown ones, other
	// cases and odd types: a record field or a selection can hold any of them.
	const ACTIONS = ['disblmfa', 'grant', 'revoke', 'suspend', 'changeks', 'changesk'];
	const NEW_ACTIONS = ['rotatekey', 'pkrotate'];
	const OBJECT_TYPES = ['vault', 'user', 'gva', 'uva', 'sso', 'account'];
	const NEW_OBJECT_TYPES = ['webhook', 'zz'];
	const ITEM_ACTIONS = ['fill', 'reveal', 'secure-copy', 'export'];
	const CATEGORIES = ['success', 'mfa_failed', 'firewall_reported_success', 'firewall_failed'];
	const TYPES = ['credentials_ok', 'totp_bad', 'country_blocked', 'u2f_timeout'];
	const VAULTS = [VAULT_A, VAULT_B];
	const EMAILS = ['alice@example.com', 'bob@example.com', 'carol@example.com'];
	const SUCCESSES = ['success', 'firewall_reported_success'];

	/** A record value: a known one (perhaps upper-cased), an unknown one, or something odd. */
	const valueFrom = (known: string[]) =>
		fc.oneof(
			fc.constantFrom(...known),
			fc.constantFrom(...known).map((value) => value.toUpperCase()),
			fc.constantFrom('brand_new_value', ''),
			fc.constantFrom(undefined, null, 7, ['grant'], { email: 'alice@example.com' }),
		);
	const person = fc.oneof(
		fc.record({ email: valueFrom(EMAILS) }, { requiredKeys: [] }),
		fc.constantFrom(undefined, null, 'alice@example.com', [{ email: 'alice@example.com' }]),
	);
	const recordArbitrary = fc.record(
		{
			action: valueFrom([...ACTIONS, ...NEW_ACTIONS, ...ITEM_ACTIONS]),
			object_type: valueFrom([...OBJECT_TYPES, ...NEW_OBJECT_TYPES]),
			vault_uuid: valueFrom(VAULTS),
			category: valueFrom(CATEGORIES),
			type: valueFrom(TYPES),
			user: person,
			target_user: person,
			actor_details: person,
			object_details: person,
			aux_details: person,
		},
		{ requiredKeys: [] },
	);
	/** A selection as the UI saves it: some values, perhaps in another case. */
	const pick = (values: string[]) =>
		fc
			.subarray(values)
			.chain((chosen) =>
				fc.tuple(...chosen.map((value) => fc.constantFrom(value, value.toUpperCase()))),
			);
	const typed = (values: string[]) => pick(values).map((chosen) => chosen.join(', '));
	const settingsArbitrary = fc.record(
		{
			userEmails: typed(EMAILS),
			userEmailsMatch: fc.constantFrom<UserEmailsMatch>('actor', 'target', 'either'),
			itemUsageActions: pick(ITEM_ACTIONS),
			vaultUuids: typed(VAULTS),
			signInResult: fc.constantFrom<FilterSettings['signInResult']>('any', 'failures', 'successes'),
			signInCategories: pick(CATEGORIES),
			signInTypes: pick(TYPES),
			auditActionList: pick(ACTIONS),
			auditActions: typed([...ACTIONS, ...NEW_ACTIONS]),
			auditObjectTypeList: pick(OBJECT_TYPES),
			auditObjectTypes: typed([...OBJECT_TYPES, ...NEW_OBJECT_TYPES]),
		},
		{ requiredKeys: [] },
	);

	const set = (values: string[]) => new Set(values.map((value) => value.toLowerCase()));
	const list = (text: string | undefined) =>
		(text ?? '')
			.split(',')
			.map((entry) => entry.trim())
			.filter((entry) => entry !== '');
	const isIn = (values: Set<string>, value: unknown) =>
		typeof value === 'string' && values.has(value.toLowerCase());
	const emailOf = (value: unknown) =>
		typeof value === 'object' && value !== null ? (value as EventRecord).email : undefined;

	/** Each filter the settings turn on, per type, as "is the field's value in the chosen set". */
	function referenceConditions(settings: FilterSettings) {
		const conditions: Record<EventTypeKey, Array<(record: EventRecord) => boolean>> = {
			itemUsages: [],
			signInAttempts: [],
			auditEvents: [],
		};
		const on = (key: EventTypeKey, chosen: Set<string>, read: (r: EventRecord) => unknown) => {
			if (chosen.size > 0) conditions[key].push((record) => isIn(chosen, read(record)));
		};
		const emails = set(list(settings.userEmails));
		const mode = settings.userEmailsMatch ?? 'actor';
		if (emails.size > 0) {
			const anyOf =
				(...fields: string[]) =>
				(record: EventRecord) =>
					fields.some((name) => isIn(emails, emailOf(record[name])));
			conditions.itemUsages.push(anyOf('user'));
			conditions.signInAttempts.push(anyOf('target_user'));
			conditions.auditEvents.push(
				mode === 'actor'
					? anyOf('actor_details')
					: mode === 'target'
						? anyOf('object_details', 'aux_details')
						: anyOf('actor_details', 'object_details', 'aux_details'),
			);
		}
		on('itemUsages', set(settings.itemUsageActions ?? []), (r) => r.action);
		on('itemUsages', set(list(settings.vaultUuids)), (r) => r.vault_uuid);
		on('signInAttempts', set(settings.signInCategories ?? []), (r) => r.category);
		on('signInAttempts', set(settings.signInTypes ?? []), (r) => r.type);
		if (settings.signInResult === 'failures' || settings.signInResult === 'successes') {
			const wanted = settings.signInResult === 'successes';
			conditions.signInAttempts.push(
				(r) => (typeof r.category === 'string' && SUCCESSES.includes(r.category)) === wanted,
			);
		}
		const union = (picked: string[] | undefined, typedCodes: string | undefined) =>
			set([...(picked ?? []), ...list(typedCodes)]);
		on('auditEvents', union(settings.auditActionList, settings.auditActions), (r) => r.action);
		on(
			'auditEvents',
			union(settings.auditObjectTypeList, settings.auditObjectTypes),
			(r) => r.object_type,
		);
		return conditions;
	}

	it('keeps exactly what the reference keeps, and skips types nothing filters', () => {
		fc.assert(
			fc.property(
				settingsArbitrary,
				fc.array(recordArbitrary, { maxLength: 10 }),
				(settings, records) => {
					const filters = buildFilters(settings);
					const reference = referenceConditions(settings);
					for (const key of ['itemUsages', 'signInAttempts', 'auditEvents'] as EventTypeKey[]) {
						const conditions = reference[key];
						expect(filters[key] === undefined).toBe(conditions.length === 0);
						for (const record of records) {
							const expected = conditions.every((condition) => condition(record));
							const kept =
								filters[key] === undefined ? true : (filters[key] as EventPredicate)(record);
							expect(kept).toBe(expected);
						}
					}
				},
			),
			{ numRuns: 500 },
		);
	});
});
