import {
	AUDIT_ACTIONS,
	ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES,
	SIGN_IN_TYPES,
	SIGN_IN_TYPES_BY_CATEGORY,
} from '../../emulator/catalogue';
import { EVERYTHING, FakeClock, page, startHarness, stopAll, uuidsOf } from './harness';
import { eventId, hashString } from '../../emulator/prng';

afterEach(stopAll);

const ID = /^[A-Z2-7]{26}$/;
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const V2_ONLY = [
	'account_uuid',
	'user_type',
	'user_account_uuid',
	'actor_type',
	'actor_account_uuid',
];

type Json = Record<string, unknown>;

const client = {
	app_name: expect.any(String),
	app_version: expect.any(String),
	platform_name: expect.any(String),
	platform_version: expect.any(String),
	os_name: expect.any(String),
	os_version: expect.any(String),
	ip_address: expect.stringMatching(/^(\d+\.\d+\.\d+\.\d+|[0-9a-f:]+)$/),
};
const location = {
	country: expect.stringMatching(/^[A-Z]{2}$/),
	region: expect.any(String),
	city: expect.any(String),
	latitude: expect.any(Number),
	longitude: expect.any(Number),
};

function keysDeep(value: unknown, found = new Set<string>()): Set<string> {
	if (value && typeof value === 'object') {
		for (const [key, child] of Object.entries(value)) {
			found.add(key);
			keysDeep(child, found);
		}
	}
	return found;
}

function withoutV2Fields(value: unknown): unknown {
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !V2_ONLY.includes(key))
			.map(([key, child]) => [key, withoutV2Fields(child)]),
	);
}

async function bothVersions(
	type: string,
	count = 1000,
): Promise<{ v1: Json[]; v2: Json[]; accountUuid: string }> {
	const { emu, token } = await startHarness({ backlog: count });
	const v2 = (await page<Json>(emu, `/api/v2/${type}`, EVERYTHING, token)).items;
	const v1 = (await page<Json>(emu, `/api/v1/${type}`, EVERYTHING, token)).items;
	return { v1, v2, accountUuid: emu.accountUuid };
}

describe('item usages', () => {
	it('carry every documented field (v2) and only documented actions', async () => {
		const { v2, accountUuid } = await bothVersions('itemusages');
		for (const item of v2) {
			expect(item).toEqual({
				uuid: expect.stringMatching(ID),
				timestamp: expect.stringMatching(UTC_TIMESTAMP),
				used_version: expect.any(Number),
				vault_uuid: expect.stringMatching(ID),
				item_uuid: expect.stringMatching(ID),
				action: expect.any(String),
				user: {
					uuid: expect.stringMatching(ID),
					name: expect.any(String),
					email: expect.stringContaining('@'),
					user_type: expect.any(String),
					user_account_uuid: expect.stringMatching(ID),
				},
				client,
				location,
				account_uuid: accountUuid,
			});
		}
		expect(new Set(v2.map((item) => item.action))).toEqual(new Set(ITEM_USAGE_ACTIONS));
	});

	it('come from a small cast, so filters by vault or email match many events', async () => {
		const { v2 } = await bothVersions('itemusages');
		const emails = v2.map((item) => (item.user as Json).email);
		const vaults = new Set(v2.map((item) => item.vault_uuid));
		expect(new Set(emails).size).toBeLessThanOrEqual(12);
		expect(vaults.size).toBeLessThanOrEqual(6);
		expect(
			emails.filter((email) => email === 'wendy.appleseed@acme.example').length,
		).toBeGreaterThan(30);
	});
});

describe('sign-in attempts', () => {
	it('carry every documented field with a type that belongs to the category', async () => {
		const { v2, accountUuid } = await bothVersions('signinattempts');
		for (const attempt of v2) {
			expect(attempt).toEqual({
				uuid: expect.stringMatching(ID),
				session_uuid: expect.stringMatching(ID),
				timestamp: expect.stringMatching(UTC_TIMESTAMP),
				category: expect.any(String),
				type: expect.any(String),
				country: (attempt.location as Json).country,
				details:
					attempt.category === 'firewall_failed' || attempt.category === 'firewall_reported_success'
						? { value: expect.any(String) }
						: null,
				target_user: {
					uuid: expect.stringMatching(ID),
					name: expect.any(String),
					email: expect.any(String),
					user_type: expect.any(String),
					user_account_uuid: expect.stringMatching(ID),
				},
				client,
				location,
				account_uuid: accountUuid,
			});
			expect(
				SIGN_IN_TYPES_BY_CATEGORY[attempt.category as keyof typeof SIGN_IN_TYPES_BY_CATEGORY],
			).toContain(attempt.type);
		}
		expect(new Set(v2.map((attempt) => attempt.category))).toEqual(new Set(SIGN_IN_CATEGORIES));
		expect(new Set(v2.map((attempt) => attempt.type)).size).toBeGreaterThanOrEqual(20);
	});

	it('use the documented list of 31 types, spelled as the current reference spells them', () => {
		expect(SIGN_IN_TYPES).toHaveLength(31);
		expect(SIGN_IN_TYPES).toEqual(
			expect.arrayContaining([
				'credentials_ok',
				'mfa_ok',
				'password_secret_bad',
				'totp_bad',
				'u2f_bad',
				'u2f_timeout',
				'country_blocked',
				'ip_blocked',
				'federated',
			]),
		);
	});
});

describe('audit events', () => {
	it('carry every documented field', async () => {
		const { v2, accountUuid } = await bothVersions('auditevents');
		const person = {
			uuid: expect.stringMatching(ID),
			name: expect.any(String),
			email: expect.any(String),
		};
		for (const event of v2) {
			expect(event).toEqual({
				uuid: expect.stringMatching(ID),
				timestamp: expect.stringMatching(UTC_TIMESTAMP),
				actor_uuid: (event.actor_details as Json).uuid,
				actor_details: person,
				actor_type: expect.any(String),
				actor_account_uuid: expect.stringMatching(ID),
				account_uuid: accountUuid,
				action: expect.any(String),
				object_type: expect.any(String),
				object_uuid: expect.stringMatching(ID),
				object_details: ['user', 'miguser', 'famchild', 'ssotkn', 'cred'].includes(
					event.object_type as string,
				)
					? person
					: null,
				aux_id: expect.any(Number),
				aux_uuid: expect.any(String),
				aux_details: event.aux_details === null ? null : person,
				aux_info: expect.any(String),
				session: {
					uuid: expect.stringMatching(ID),
					login_time: expect.stringMatching(UTC_TIMESTAMP),
					device_uuid: expect.stringMatching(ID),
					ip: expect.any(String),
				},
				location,
			});
			expect(Date.parse((event.session as Json).login_time as string)).toBeLessThan(
				Date.parse(event.timestamp as string),
			);
		}
		expect(v2.filter((event) => event.aux_details !== null).length).toBeGreaterThan(50);
		expect(new Set(v2.map((event) => event.action)).size).toBeGreaterThanOrEqual(50);
		expect(new Set(v2.map((event) => event.object_type)).size).toBeGreaterThanOrEqual(25);
		expect(AUDIT_ACTIONS).toEqual(
			expect.arrayContaining([
				'create',
				'delete',
				'grant',
				'revoke',
				'suspend',
				'enblmfa',
				'disblmfa',
				'export',
			]),
		);
	});
});

describe('v1 and v2 shapes', () => {
	it.each(['itemusages', 'signinattempts', 'auditevents'])(
		'%s: v1 is v2 without the v2-only fields',
		async (type) => {
			const { v1, v2 } = await bothVersions(type, 200);
			expect(v1).toEqual(v2.map(withoutV2Fields));
			const v1Keys = keysDeep(v1);
			for (const field of V2_ONLY) expect(v1Keys.has(field)).toBe(false);
			expect(keysDeep(v2).has(type === 'auditevents' ? 'actor_type' : 'user_type')).toBe(true);
		},
	);
});

describe('determinism', () => {
	it('the same seed and clock give the same records; another seed gives others', async () => {
		const fetchPage = async (seed: string) => {
			const { emu, token } = await startHarness({ seed, backlog: 300 }, new FakeClock());
			return (await page<Json>(emu, '/api/v2/auditevents', EVERYTHING, token)).items;
		};
		const first = await fetchPage('alpha');
		expect(await fetchPage('alpha')).toEqual(first);
		const other = await fetchPage('beta');
		expect(other).toHaveLength(300);
		expect(uuidsOf(other).filter((uuid) => uuidsOf(first).includes(uuid))).toEqual([]);
	});
});

describe('event uuids', () => {
	it('are unique across types and hundreds of thousands of events (a soak found 32-bit ids colliding)', () => {
		const seen = new Set<string>();
		for (let typeIndex = 0; typeIndex < 3; typeIndex++) {
			for (let seq = 0; seq < 200_000; seq++)
				seen.add(eventId(hashString('uuid-test'), typeIndex, seq));
		}
		expect(seen.size).toBe(600_000);
		for (const id of [...seen].slice(0, 1000)) expect(id).toMatch(ID);
	});
});
