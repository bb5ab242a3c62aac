import { Random, mixSeed } from './prng';

/**
 * Human names for the cast's vaults and items, as 1Password Connect would show them. They are
 * drawn from their own seeded Random, never from the cast's: the cast's draws produce every
 * id in every event, and taking even one draw from that stream would change all generated
 * events for a seed.
 */

export interface VaultProfile {
	readonly name: string;
	readonly description: string;
}

/** Connect's item categories that the titles below use (a subset of the API's enum). */
export type ItemCategory =
	| 'LOGIN'
	| 'PASSWORD'
	| 'API_CREDENTIAL'
	| 'SERVER'
	| 'DATABASE'
	| 'CREDIT_CARD'
	| 'SECURE_NOTE'
	| 'WIRELESS_ROUTER'
	| 'BANK_ACCOUNT'
	| 'SOFTWARE_LICENSE'
	| 'SSH_KEY'
	| 'EMAIL_ACCOUNT';

export interface ItemProfile {
	readonly title: string;
	readonly category: ItemCategory;
}

/** Shared team vaults only: personal vaults (type PERSONAL) can never be shared with Connect. */
const VAULT_PROFILES: readonly VaultProfile[] = [
	{ name: 'Finance', description: 'Banking, payroll and payment providers' },
	{ name: 'Engineering', description: 'Build, deploy and cloud credentials' },
	{ name: 'Shared', description: 'Everyday logins the whole team uses' },
	{ name: 'Marketing', description: 'Social media and advertising accounts' },
	{ name: 'IT Admin', description: 'Domain, network and device management' },
	{ name: 'Sales', description: 'CRM and sales tooling' },
	{ name: 'People Ops', description: 'HR, benefits and recruiting systems' },
	{ name: 'Customer Support', description: 'Help desk and support tooling' },
	{ name: 'Infrastructure', description: 'Production servers and databases' },
	{ name: 'Legal', description: 'Contracts, filings and registrar accounts' },
	{ name: 'Security', description: 'Break-glass and incident response access' },
	{ name: 'Design', description: 'Design tools and font licences' },
];

const ITEM_PROFILES: readonly ItemProfile[] = [
	{ title: 'AWS root', category: 'LOGIN' },
	{ title: 'Stripe API key', category: 'API_CREDENTIAL' },
	{ title: 'Office Wi-Fi', category: 'WIRELESS_ROUTER' },
	{ title: 'GitHub deploy key', category: 'SSH_KEY' },
	{ title: 'Production Postgres', category: 'DATABASE' },
	{ title: 'Company Amex', category: 'CREDIT_CARD' },
	{ title: 'Google Workspace admin', category: 'LOGIN' },
	{ title: 'Slack bot token', category: 'API_CREDENTIAL' },
	{ title: 'Payroll portal', category: 'LOGIN' },
	{ title: 'Operating account', category: 'BANK_ACCOUNT' },
	{ title: 'Bastion host', category: 'SERVER' },
	{ title: 'Datadog API key', category: 'API_CREDENTIAL' },
	{ title: 'Domain registrar', category: 'LOGIN' },
	{ title: 'Twitter / X', category: 'LOGIN' },
	{ title: 'LinkedIn company page', category: 'LOGIN' },
	{ title: 'Salesforce', category: 'LOGIN' },
	{ title: 'Zendesk admin', category: 'LOGIN' },
	{ title: 'Figma team', category: 'LOGIN' },
	{ title: 'Adobe Creative Cloud licence', category: 'SOFTWARE_LICENSE' },
	{ title: 'Firewall admin', category: 'PASSWORD' },
	{ title: 'Backup encryption passphrase', category: 'PASSWORD' },
	{ title: 'Break-glass recovery codes', category: 'SECURE_NOTE' },
	{ title: 'Support mailbox', category: 'EMAIL_ACCOUNT' },
	{ title: 'Redis cache', category: 'DATABASE' },
	{ title: 'Kubernetes service account', category: 'API_CREDENTIAL' },
	{ title: 'Docker Hub', category: 'LOGIN' },
	{ title: 'QuickBooks', category: 'LOGIN' },
	{ title: 'Expensify', category: 'LOGIN' },
	{ title: 'Okta admin', category: 'LOGIN' },
	{ title: 'Guest Wi-Fi', category: 'WIRELESS_ROUTER' },
	{ title: 'Staging server', category: 'SERVER' },
	{ title: 'Twilio auth token', category: 'API_CREDENTIAL' },
	{ title: 'Corporate Visa', category: 'CREDIT_CARD' },
	{ title: 'npm publish token', category: 'API_CREDENTIAL' },
	{ title: 'Deploy bot SSH key', category: 'SSH_KEY' },
	{ title: 'Greenhouse recruiting', category: 'LOGIN' },
	{ title: 'HubSpot', category: 'LOGIN' },
	{ title: 'JetBrains licence', category: 'SOFTWARE_LICENSE' },
	{ title: 'Alarm system code', category: 'PASSWORD' },
	{ title: 'Incident runbook secrets', category: 'SECURE_NOTE' },
];

/** A seeded Fisher-Yates shuffle, so each seed names things differently but always the same way. */
function shuffled<T>(values: readonly T[], random: Random): T[] {
	const copy = [...values];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

/**
 * Takes `count` entries from a seeded order of the list. Past the end of the list the order
 * repeats with a numeric suffix ("Finance 2"), so names stay unique however large the cast grows.
 */
function take<T extends object>(
	list: readonly T[],
	count: number,
	random: Random,
	rename: (entry: T, suffix: string) => T,
): T[] {
	const order = shuffled(list, random);
	return Array.from({ length: count }, (_, index) => {
		const round = Math.floor(index / order.length);
		const entry = order[index % order.length];
		return round === 0 ? entry : rename(entry, ` ${round + 1}`);
	});
}

export function vaultProfiles(seedHash: number, count: number): VaultProfile[] {
	return take(VAULT_PROFILES, count, new Random(mixSeed(seedHash, 0x7a017)), (entry, suffix) => ({
		...entry,
		name: entry.name + suffix,
	}));
}

export function itemProfiles(seedHash: number, count: number): ItemProfile[] {
	return take(ITEM_PROFILES, count, new Random(mixSeed(seedHash, 0x17e45)), (entry, suffix) => ({
		...entry,
		title: entry.title + suffix,
	}));
}
