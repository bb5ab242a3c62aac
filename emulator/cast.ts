import { itemProfiles, vaultProfiles, type ItemCategory } from './cast-names';
import { Random, mixSeed } from './prng';

/**
 * A small, fixed "company" that every generated event is about. Keeping the cast small means
 * filters (by email, by vault uuid, by item uuid) find plenty of matches in any page.
 */

export interface ClientProfile {
	readonly app_name: string;
	readonly app_version: string;
	readonly platform_name: string;
	readonly platform_version: string;
	readonly os_name: string;
	readonly os_version: string;
}

export interface CastLocation {
	readonly country: string;
	readonly region: string;
	readonly city: string;
	readonly latitude: number;
	readonly longitude: number;
	/** Documentation address ranges (RFC 5737 / RFC 3849), so nothing real is ever named. */
	readonly ipPrefix: string;
}

export interface CastDevice {
	readonly uuid: string;
	readonly client: ClientProfile;
}

export interface CastUser {
	readonly uuid: string;
	readonly name: string;
	readonly email: string;
	readonly user_type: string;
	readonly user_account_uuid: string;
	readonly homeLocation: number;
	readonly devices: readonly CastDevice[];
}

export interface CastItem {
	readonly uuid: string;
	readonly vaultUuid: string;
	/** What 1Password Connect shows for the item (events only carry its uuid). */
	readonly title: string;
	readonly category: ItemCategory;
}

/** A vault as 1Password Connect describes it; `uuid` is the id events carry in `vault_uuid`. */
export interface CastVault {
	readonly uuid: string;
	readonly name: string;
	readonly description: string;
}

export interface CastGroup {
	readonly uuid: string;
	readonly name: string;
}

export interface Cast {
	readonly accountUuid: string;
	readonly users: readonly CastUser[];
	/** Vault uuids, in the order `namedVaults` describes them. */
	readonly vaults: readonly string[];
	readonly namedVaults: readonly CastVault[];
	readonly items: readonly CastItem[];
	readonly groups: readonly CastGroup[];
	readonly locations: readonly CastLocation[];
}

const CLIENTS: readonly ClientProfile[] = [
	{
		app_name: '1Password Browser Extension',
		app_version: '81090001',
		platform_name: 'Chrome',
		platform_version: '130.0.6723.92',
		os_name: 'MacOSX',
		os_version: '14.7.1',
	},
	{
		app_name: '1Password for Mac',
		app_version: '81022038',
		platform_name: 'Apple',
		platform_version: 'MacBookPro18,3',
		os_name: 'MacOSX',
		os_version: '15.1',
	},
	{
		app_name: '1Password for Windows',
		app_version: '81021033',
		platform_name: 'Microsoft',
		platform_version: 'Surface Laptop 5',
		os_name: 'Windows',
		os_version: '10.0.22631',
	},
	{
		app_name: '1Password for iOS',
		app_version: '81021005',
		platform_name: 'Apple',
		platform_version: 'iPhone15,2',
		os_name: 'iOS',
		os_version: '18.1',
	},
	{
		app_name: '1Password for Android',
		app_version: '81021003',
		platform_name: 'Google',
		platform_version: 'Pixel 8',
		os_name: 'Android',
		os_version: '15',
	},
	{
		app_name: '1Password for Web',
		app_version: '1832',
		platform_name: 'Firefox',
		platform_version: '132.0',
		os_name: 'Windows',
		os_version: '10.0.22631',
	},
	{
		app_name: '1Password for Linux',
		app_version: '81021034',
		platform_name: 'Linux',
		platform_version: 'x86_64',
		os_name: 'Ubuntu',
		os_version: '24.04',
	},
];

const SERVICE_CLIENT: ClientProfile = {
	app_name: '1Password CLI',
	app_version: '2300101',
	platform_name: 'Linux',
	platform_version: 'x86_64',
	os_name: 'Linux',
	os_version: '6.8.0',
};

const LOCATIONS: readonly CastLocation[] = [
	{
		country: 'CA',
		region: 'Ontario',
		city: 'Toronto',
		latitude: 43.6532,
		longitude: -79.3832,
		ipPrefix: '198.51.100.',
	},
	{
		country: 'US',
		region: 'California',
		city: 'San Francisco',
		latitude: 37.7749,
		longitude: -122.4194,
		ipPrefix: '203.0.113.',
	},
	{
		country: 'US',
		region: 'New York',
		city: 'New York',
		latitude: 40.7128,
		longitude: -74.006,
		ipPrefix: '192.0.2.',
	},
	{
		country: 'GB',
		region: 'England',
		city: 'London',
		latitude: 51.5072,
		longitude: -0.1276,
		ipPrefix: '2001:db8:44::',
	},
	{
		country: 'DE',
		region: 'Berlin',
		city: 'Berlin',
		latitude: 52.52,
		longitude: 13.405,
		ipPrefix: '2001:db8:49::',
	},
	{
		country: 'NL',
		region: 'North Holland',
		city: 'Amsterdam',
		latitude: 52.3676,
		longitude: 4.9041,
		ipPrefix: '2001:db8:31::',
	},
	{
		country: 'AU',
		region: 'New South Wales',
		city: 'Sydney',
		latitude: -33.8688,
		longitude: 151.2093,
		ipPrefix: '2001:db8:61::',
	},
	{
		country: 'BR',
		region: 'Sao Paulo',
		city: 'Sao Paulo',
		latitude: -23.5505,
		longitude: -46.6333,
		ipPrefix: '2001:db8:55::',
	},
];

/** Team members; the email local part is derived from the name. */
const MEMBER_NAMES = [
	'Wendy Appleseed',
	'Jasper Ortega',
	'Priya Raman',
	'Malik Johnson',
	'Sofia Rossi',
	'Kenji Watanabe',
	'Amara Okafor',
	'Lukas Becker',
	'Chloe Martin',
	'Diego Alvarez',
];

const GROUP_NAMES = ['Owners', 'Administrators', 'Team Members', 'Engineering', 'Finance'];

const COMPANY_DOMAIN = 'acme.example';
/** Exported for option checks (e.g. how many vaults Connect may leave unshared). */
export const VAULT_COUNT = 6;
const ITEM_COUNT = 30;

function emailFor(name: string, domain: string): string {
	return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`;
}

export function createCast(seedHash: number): Cast {
	const random = new Random(mixSeed(seedHash, 0xca57));
	const accountUuid = random.id();
	// An MSP technician who administers this account from another account (v2 "external" user).
	const mspAccountUuid = random.id();

	const users: CastUser[] = MEMBER_NAMES.map((name, index) => ({
		uuid: random.id(),
		name,
		email: emailFor(name, COMPANY_DOMAIN),
		user_type: 'user',
		user_account_uuid: accountUuid,
		homeLocation: index % LOCATIONS.length,
		devices: [
			{ uuid: random.id(), client: CLIENTS[index % CLIENTS.length] },
			{ uuid: random.id(), client: CLIENTS[(index + 3) % CLIENTS.length] },
		],
	}));
	users.push({
		uuid: random.id(),
		name: 'SIEM Service Account',
		email: `siem-service-account@${COMPANY_DOMAIN}`,
		user_type: 'service_account',
		user_account_uuid: accountUuid,
		homeLocation: 1,
		devices: [{ uuid: random.id(), client: SERVICE_CLIENT }],
	});
	users.push({
		uuid: random.id(),
		name: 'Morgan Reyes (MSP)',
		email: 'morgan.reyes@msp-partner.example',
		user_type: 'external_user',
		user_account_uuid: mspAccountUuid,
		homeLocation: 2,
		devices: [{ uuid: random.id(), client: CLIENTS[0] }],
	});

	const vaults = Array.from({ length: VAULT_COUNT }, () => random.id());
	// Names and titles come from their own seeded streams (see cast-names.ts): the draws from
	// `random` above and below must stay exactly as they are, or every generated event changes.
	const vaultNames = vaultProfiles(seedHash, VAULT_COUNT);
	const itemNames = itemProfiles(seedHash, ITEM_COUNT);
	const items = Array.from({ length: ITEM_COUNT }, (_, index) => ({
		uuid: random.id(),
		vaultUuid: vaults[index % VAULT_COUNT],
		title: itemNames[index].title,
		category: itemNames[index].category,
	}));
	const groups = GROUP_NAMES.map((name) => ({ uuid: random.id(), name }));
	const namedVaults = vaults.map((uuid, index) => ({ uuid, ...vaultNames[index] }));

	return { accountUuid, users, vaults, namedVaults, items, groups, locations: LOCATIONS };
}
