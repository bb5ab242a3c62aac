import {
	EVENT_TYPE_KEYS,
	EVENT_TYPES,
	isEventTypeKey,
	ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES,
	SIGN_IN_SUCCESS_CATEGORIES,
	takeAsItemJson,
} from '../../nodes/OnePasswordEvents/shared/eventTypes';
import type { EventRecord } from '../../nodes/OnePasswordEvents/shared/eventTypes';

const ACCOUNT = 'VZSYVT2LGHTBWBQGUJAIZVRABM';

/** A v2 item usage with every documented field (events-api.md, "Records"). */
function fullItemUsage(): EventRecord {
	return {
		uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
		timestamp: '2026-11-26T09:58:41.180362816Z',
		used_version: 3,
		vault_uuid: 'jaqxqf5qylslqiitnduawrndc5',
		item_uuid: 'sqvkrkgqndg2vd3wqmjwipgnh4',
		action: 'secure-copy',
		user: {
			uuid: 'OJQGU46KAPROEJLCK674RHSAY5',
			name: 'Alice Example',
			email: 'alice@example.com',
			user_type: 'user',
			user_account_uuid: ACCOUNT,
		},
		client: {
			app_name: '1Password for Mac',
			app_version: '8.10.1',
			platform_name: 'Apple MacBookPro18,3',
			platform_version: '14.4.1',
			os_name: 'MacOSX',
			os_version: '14.4.1',
			ip_address: '192.0.2.10',
		},
		location: {
			country: 'DE',
			region: 'Berlin',
			city: 'Berlin',
			latitude: 52.52,
			longitude: 13.405,
		},
		account_uuid: ACCOUNT,
	};
}

function fullSignIn(): EventRecord {
	return {
		uuid: 'HGIF4OEWXDTVWKEQDIWTKV26HU',
		session_uuid: 'A5K6COGVRVEJXJW3XQZGS7VAMM',
		timestamp: '2026-11-26T10:01:07Z',
		category: 'firewall_failed',
		type: 'country_blocked',
		country: 'FR',
		details: { value: 'FR' },
		target_user: {
			uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			name: 'Bob Example',
			email: 'bob@example.com',
			user_type: 'user',
			user_account_uuid: ACCOUNT,
		},
		client: {
			app_name: '1Password Browser Extension',
			app_version: '20250101',
			platform_name: 'Chrome',
			platform_version: '131.0',
			os_name: 'Windows',
			os_version: '11',
			ip_address: '198.51.100.7',
		},
		location: {
			country: 'FR',
			region: 'Île-de-France',
			city: 'Paris',
			latitude: 48.85,
			longitude: 2.35,
		},
		account_uuid: ACCOUNT,
	};
}

function fullAudit(): EventRecord {
	return {
		uuid: 'EGEE4HSUYRCYHL3WOP62OH2KQ4',
		timestamp: '2026-11-26T10:02:33Z',
		actor_uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4',
		actor_details: {
			uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4',
			name: 'Carol Admin',
			email: 'carol@example.com',
		},
		actor_type: 'user',
		actor_account_uuid: ACCOUNT,
		account_uuid: ACCOUNT,
		action: 'disblmfa',
		object_type: 'user',
		object_uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
		object_details: {
			uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			name: 'Bob Example',
			email: 'bob@example.com',
		},
		aux_id: 9183,
		aux_uuid: 'T4BBGBQBKVAVHCQH2N5TK6U7BE',
		aux_details: null,
		aux_info: 'totp',
		session: {
			uuid: 'MH6CHHM7D5DMPFNKYDUKB3QHM4',
			login_time: '2026-11-26T09:30:00Z',
			device_uuid: 'lc5fqgbrcm4plajd5pdjwcwhnm',
			ip: '203.0.113.9',
		},
		location: {
			country: 'CA',
			region: 'Ontario',
			city: 'Toronto',
			latitude: 43.65,
			longitude: -79.38,
		},
	};
}

describe('catalogue', () => {
	it('lists the three event types in a fixed order', () => {
		expect(EVENT_TYPE_KEYS).toEqual(['itemUsages', 'signInAttempts', 'auditEvents']);
	});

	it.each([
		['itemUsages', '/api/v2/itemusages', 'itemusages', 'itemUsage', 'item usage', 'Item Usages'],
		[
			'signInAttempts',
			'/api/v2/signinattempts',
			'signinattempts',
			'signInAttempt',
			'sign-in attempt',
			'Sign-In Attempts',
		],
		[
			'auditEvents',
			'/api/v2/auditevents',
			'auditevents',
			'auditEvent',
			'audit event',
			'Audit Events',
		],
	] as const)(
		'%s: endpoint %s, feature %s',
		(key, endpoint, feature, itemType, noun, displayName) => {
			const spec = EVENT_TYPES[key];
			expect(spec.key).toBe(key);
			expect(spec.endpoint).toBe(endpoint);
			expect(spec.feature).toBe(feature);
			expect(spec.itemType).toBe(itemType);
			expect(spec.noun).toBe(noun);
			expect(spec.displayName).toBe(displayName);
		},
	);

	it('recognises only the catalogue keys', () => {
		for (const key of EVENT_TYPE_KEYS) expect(isEventTypeKey(key)).toBe(true);
		for (const value of [
			'itemusages',
			'ItemUsages',
			'toString',
			'constructor',
			'',
			undefined,
			null,
			1,
			{},
		]) {
			expect(isEventTypeKey(value)).toBe(false);
		}
	});

	it('lists the documented item usage actions and sign-in categories', () => {
		expect(ITEM_USAGE_ACTIONS).toHaveLength(11);
		expect(ITEM_USAGE_ACTIONS).toEqual(
			expect.arrayContaining([
				'fill',
				'reveal',
				'secure-copy',
				'select-sso-provider',
				'server-update',
			]),
		);
		expect(SIGN_IN_CATEGORIES).toEqual([
			'success',
			'credentials_failed',
			'mfa_failed',
			'sso_failed',
			'modern_version_failed',
			'firewall_failed',
			'firewall_reported_success',
		]);
		expect(SIGN_IN_SUCCESS_CATEGORIES).toEqual(['success', 'firewall_reported_success']);
	});
});

describe('simplify', () => {
	it('flattens an item usage', () => {
		expect(EVENT_TYPES.itemUsages.simplify(fullItemUsage())).toStrictEqual({
			uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
			eventType: 'itemUsage',
			timestamp: '2026-11-26T09:58:41.180362816Z',
			summary:
				'Alice Example copied item sqvkrkgqndg2vd3wqmjwipgnh4 in vault jaqxqf5qylslqiitnduawrndc5 from 1Password for Mac on macOS in Berlin, DE',
			userName: 'Alice Example',
			userEmail: 'alice@example.com',
			userUuid: 'OJQGU46KAPROEJLCK674RHSAY5',
			ipAddress: '192.0.2.10',
			country: 'DE',
			countryName: undefined,
			region: 'Berlin',
			city: 'Berlin',
			app: '1Password for Mac 8.10.1',
			platform: 'Apple MacBookPro18,3',
			os: 'MacOSX',
			action: 'secure-copy',
			actionText: 'copied',
			vaultUuid: 'jaqxqf5qylslqiitnduawrndc5',
			vaultName: undefined,
			itemUuid: 'sqvkrkgqndg2vd3wqmjwipgnh4',
			itemTitle: undefined,
			usedVersion: 3,
			accountUuid: ACCOUNT,
			userType: 'user',
			userAccountUuid: ACCOUNT,
		});
	});

	it('flattens a sign-in attempt, with outcome and success', () => {
		expect(EVENT_TYPES.signInAttempts.simplify(fullSignIn())).toStrictEqual({
			uuid: 'HGIF4OEWXDTVWKEQDIWTKV26HU',
			eventType: 'signInAttempt',
			timestamp: '2026-11-26T10:01:07Z',
			summary:
				'Failed sign-in for Bob Example (blocked: country not allowed; firewall rule: FR) from 1Password for Chrome on Windows in Paris, FR',
			userName: 'Bob Example',
			userEmail: 'bob@example.com',
			userUuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			ipAddress: '198.51.100.7',
			country: 'FR',
			countryName: undefined,
			region: 'Île-de-France',
			city: 'Paris',
			app: '1Password Browser Extension 20250101',
			platform: 'Chrome',
			os: 'Windows',
			action: 'country_blocked',
			actionText: 'blocked: country not allowed',
			outcome: 'firewall_failed',
			outcomeText: 'blocked by the firewall',
			success: false,
			details: 'FR',
			sessionUuid: 'A5K6COGVRVEJXJW3XQZGS7VAMM',
			accountUuid: ACCOUNT,
			userType: 'user',
			userAccountUuid: ACCOUNT,
		});
	});

	it.each([
		['success', true],
		['firewall_reported_success', true],
		['credentials_failed', false],
		['mfa_failed', false],
		['sso_failed', false],
		['modern_version_failed', false],
		['firewall_failed', false],
		['a_category_added_later', false],
	])('marks sign-in category %s as success=%s', (category, success) => {
		const simple = EVENT_TYPES.signInAttempts.simplify({ ...fullSignIn(), category });
		expect(simple.outcome).toBe(category);
		expect(simple.success).toBe(success);
	});

	it('flattens an audit event', () => {
		expect(EVENT_TYPES.auditEvents.simplify(fullAudit())).toStrictEqual({
			uuid: 'EGEE4HSUYRCYHL3WOP62OH2KQ4',
			eventType: 'auditEvent',
			timestamp: '2026-11-26T10:02:33Z',
			summary:
				'Carol Admin disabled two-factor authentication on user Bob Example (bob@example.com) in Toronto, CA',
			userName: 'Carol Admin',
			userEmail: 'carol@example.com',
			userUuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4',
			ipAddress: '203.0.113.9',
			country: 'CA',
			countryName: undefined,
			region: 'Ontario',
			city: 'Toronto',
			app: undefined,
			platform: undefined,
			os: undefined,
			action: 'disblmfa',
			actionText: 'disabled two-factor authentication',
			objectType: 'user',
			objectTypeText: 'user',
			objectUuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			objectName: 'Bob Example',
			objectEmail: 'bob@example.com',
			auxUuid: 'T4BBGBQBKVAVHCQH2N5TK6U7BE',
			auxName: undefined,
			auxEmail: undefined,
			auxId: 9183,
			auxInfo: 'totp',
			vaultName: undefined,
			itemTitle: undefined,
			actorType: 'user',
			actorAccountUuid: ACCOUNT,
			sessionUuid: 'MH6CHHM7D5DMPFNKYDUKB3QHM4',
			loginTime: '2026-11-26T09:30:00Z',
			deviceUuid: 'lc5fqgbrcm4plajd5pdjwcwhnm',
			accountUuid: ACCOUNT,
		});
	});

	it('puts the common fields first, in the same order for every type', () => {
		const common = [
			'uuid',
			'eventType',
			'timestamp',
			'summary',
			'userName',
			'userEmail',
			'userUuid',
			'ipAddress',
			'country',
			'countryName',
			'region',
			'city',
			'app',
			'platform',
			'os',
		];
		expect(
			Object.keys(EVENT_TYPES.itemUsages.simplify(fullItemUsage())).slice(0, common.length),
		).toEqual(common);
		expect(
			Object.keys(EVENT_TYPES.signInAttempts.simplify(fullSignIn())).slice(0, common.length),
		).toEqual(common);
		expect(
			Object.keys(EVENT_TYPES.auditEvents.simplify(fullAudit())).slice(0, common.length),
		).toEqual(common);
		// The same keys whatever the record lacks: a workflow can rely on them being there.
		for (const key of EVENT_TYPE_KEYS)
			expect(Object.keys(EVENT_TYPES[key].simplify({})).slice(0, common.length)).toEqual(common);
	});

	it('reads the audit target and aux person from object_details and aux_details', () => {
		const record = {
			...fullAudit(),
			action: 'grant',
			object_type: 'uva',
			object_uuid: undefined,
			object_details: { uuid: 'jaqxqf5qylslqiitnduawrndc5', name: 'Finance' },
			aux_uuid: undefined,
			aux_details: {
				uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
				name: 'Bob Example',
				email: 'bob@example.com',
			},
		};
		expect(EVENT_TYPES.auditEvents.simplify(record)).toMatchObject({
			action: 'grant',
			actionText: 'granted access',
			objectType: 'uva',
			objectTypeText: 'user vault access',
			objectUuid: 'jaqxqf5qylslqiitnduawrndc5',
			objectName: 'Finance',
			objectEmail: undefined,
			auxUuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			auxName: 'Bob Example',
			auxEmail: 'bob@example.com',
		});
	});

	it('reads the audit target and aux ids from the details when object_uuid and aux_uuid are empty', () => {
		const record = {
			...fullAudit(),
			object_uuid: '',
			aux_uuid: '',
			aux_details: { uuid: 'T4BBGBQBKVAVHCQH2N5TK6U7BE' },
		};
		expect(EVENT_TYPES.auditEvents.simplify(record)).toMatchObject({
			objectUuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU',
			auxUuid: 'T4BBGBQBKVAVHCQH2N5TK6U7BE',
		});
	});

	it('a report-only firewall pass is a success that still says why', () => {
		const simple = EVENT_TYPES.signInAttempts.simplify({
			...fullSignIn(),
			category: 'firewall_reported_success',
		});
		expect(simple).toMatchObject({
			success: true,
			outcomeText: 'let through by a firewall rule that only reports',
			summary:
				'Bob Example signed in (let through by a firewall rule that only reports: blocked: country not allowed; firewall rule: FR) from 1Password for Chrome on Windows in Paris, FR',
		});
	});

	it('leaves the MSP user fields undefined when 1Password does not send them', () => {
		const usage = fullItemUsage();
		usage.user = { uuid: 'OJQGU46KAPROEJLCK674RHSAY5', email: 'alice@example.com' };
		const signIn = fullSignIn();
		signIn.target_user = { uuid: 'IR7VJHJ36JHINBFAD7V2M7KOHU', email: 'bob@example.com' };
		for (const simple of [
			EVENT_TYPES.itemUsages.simplify(usage),
			EVENT_TYPES.signInAttempts.simplify(signIn),
		]) {
			expect(simple).toHaveProperty('userType', undefined);
			expect(simple).toHaveProperty('userAccountUuid', undefined);
		}
		const audit = fullAudit();
		delete audit.actor_account_uuid;
		delete audit.session;
		const simple = EVENT_TYPES.auditEvents.simplify(audit);
		expect(simple).toHaveProperty('actorAccountUuid', undefined);
		expect(simple).toHaveProperty('loginTime', undefined);
		expect(simple).toHaveProperty('deviceUuid', undefined);
	});

	it('keeps the country code and the name 1Password sent, in separate fields', () => {
		const signIn = fullSignIn();
		signIn.location = { country: 'Canada', region: 'Ontario', city: 'Toronto' };
		signIn.country = 'CA';
		expect(EVENT_TYPES.signInAttempts.simplify(signIn)).toMatchObject({
			country: 'CA',
			countryName: 'Canada',
			region: 'Ontario',
			city: 'Toronto',
		});
		const usage = fullItemUsage();
		usage.location = { country: 'Canada' };
		expect(EVENT_TYPES.itemUsages.simplify(usage)).toMatchObject({
			country: 'CA',
			countryName: 'Canada',
		});
	});

	it('takes the audit actor uuid from actor_uuid when actor_details lacks it', () => {
		const record = {
			...fullAudit(),
			actor_details: { name: 'Carol Admin', email: 'carol@example.com' },
		};
		expect(EVENT_TYPES.auditEvents.simplify(record).userUuid).toBe('GLF6WUEKS5CSNDJ2OG6TCZD3M4');
	});

	it('labels the app by name alone when there is no version', () => {
		const record = fullItemUsage();
		record.client = { app_name: '1Password CLI', app_version: '', ip_address: '192.0.2.10' };
		expect(EVENT_TYPES.itemUsages.simplify(record).app).toBe('1Password CLI');
		record.client = { app_version: '8.10.1' };
		expect(EVENT_TYPES.itemUsages.simplify(record).app).toBeUndefined();
	});

	it('falls back to the top-level sign-in country when location is missing', () => {
		const record = fullSignIn();
		delete record.location;
		record.country = 'JP';
		const simple = EVENT_TYPES.signInAttempts.simplify(record);
		expect(simple.country).toBe('JP');
		expect(simple.city).toBeUndefined();
	});

	it('tolerates missing nested objects in an item usage', () => {
		const simple = EVENT_TYPES.itemUsages.simplify({
			uuid: 'U1',
			timestamp: '2026-11-26T10:00:00Z',
			action: 'fill',
		});
		expect(simple).toMatchObject({
			uuid: 'U1',
			eventType: 'itemUsage',
			timestamp: '2026-11-26T10:00:00Z',
			summary: 'Someone filled an item in an unknown vault',
			action: 'fill',
			actionText: 'filled',
		});
		for (const field of [
			'userName',
			'userEmail',
			'userUuid',
			'ipAddress',
			'country',
			'countryName',
			'region',
			'city',
			'app',
			'platform',
			'os',
			'vaultName',
			'itemTitle',
			'userType',
			'userAccountUuid',
		]) {
			expect([field, simple[field]]).toEqual([field, undefined]);
		}
	});

	it('tolerates missing or null nested objects in a sign-in attempt', () => {
		const simple = EVENT_TYPES.signInAttempts.simplify({
			uuid: 'S1',
			category: 'success',
			type: 'credentials_ok',
			target_user: null,
			client: null,
			details: null,
			location: null,
		});
		expect(simple).toMatchObject({
			uuid: 'S1',
			eventType: 'signInAttempt',
			action: 'credentials_ok',
			outcome: 'success',
			success: true,
		});
		expect(simple.userEmail).toBeUndefined();
		expect(simple.ipAddress).toBeUndefined();
		expect(simple.details).toBeUndefined();
		expect(simple.country).toBeUndefined();
	});

	it('tolerates missing nested objects in an audit event, and wrongly typed ones', () => {
		expect(() => EVENT_TYPES.auditEvents.simplify({})).not.toThrow();
		const simple = EVENT_TYPES.auditEvents.simplify({
			uuid: 'A1',
			action: 'newcode',
			object_type: 'newtype',
			actor_details: 'oops',
			session: ['x'],
			location: 5,
		});
		expect(simple).toMatchObject({
			uuid: 'A1',
			eventType: 'auditEvent',
			action: 'newcode',
			objectType: 'newtype',
		});
		expect(simple.userEmail).toBeUndefined();
		expect(simple.ipAddress).toBeUndefined();
		expect(simple.sessionUuid).toBeUndefined();
		expect(simple.country).toBeUndefined();
	});

	it('a sign-in without a category is not a success', () => {
		expect(EVENT_TYPES.signInAttempts.simplify({ uuid: 'S2' }).success).toBe(false);
	});
});

describe('takeAsItemJson (the item for a record the stream reader parsed)', () => {
	it.each(EVENT_TYPE_KEYS)('raw mode keeps the %s record as it is, plus event_type', (key) => {
		const spec = EVENT_TYPES[key];
		const record = {
			itemUsages: fullItemUsage,
			signInAttempts: fullSignIn,
			auditEvents: fullAudit,
		}[key]();
		const before = structuredClone(record);
		const json = takeAsItemJson(spec, record, 'raw');
		expect(json).toEqual({ ...before, event_type: spec.itemType });
	});

	it('raw mode keeps fields 1Password adds later', () => {
		const json = takeAsItemJson(
			EVENT_TYPES.itemUsages,
			{ ...fullItemUsage(), brand_new_field: { nested: [1, 2] } },
			'raw',
		);
		expect(json.brand_new_field).toEqual({ nested: [1, 2] });
		expect(json.event_type).toBe('itemUsage');
	});

	it('simplified mode returns simplify() and leaves the record as it was', () => {
		const record = fullAudit();
		const before = structuredClone(record);
		expect(takeAsItemJson(EVENT_TYPES.auditEvents, record, 'simplified')).toEqual(
			EVENT_TYPES.auditEvents.simplify(before),
		);
		expect(record).toEqual(before);
	});
});
