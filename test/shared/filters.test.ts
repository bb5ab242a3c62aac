import type { EventRecord } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { SIGN_IN_CATEGORIES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { buildFilters, splitList } from '../../nodes/OnePasswordEvents/shared/filters';
import type { EventPredicate, FilterSettings } from '../../nodes/OnePasswordEvents/shared/filters';
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
