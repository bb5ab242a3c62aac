import {
	AUDIT_TEMPLATES,
	ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES,
	SIGN_IN_CATEGORY_WEIGHTS,
	SIGN_IN_TYPES_BY_CATEGORY,
	V2_ONLY_FIELDS,
	type AuditTemplate,
	type SignInCategory,
} from './catalogue';
import type { Cast, CastLocation, CastUser } from './cast';
import { EVENT_TYPES, type ApiVersion, type EventType } from './event-types';
import { Random, eventId, mixSeed } from './prng';
import { formatTimestamp } from './record-timestamps';
import { DEFAULT_SETTINGS, type EmulatorSettings } from './settings';
import { sparsify } from './sparse-records';

/**
 * The record shapes as the v2 endpoints return them (v1 drops the fields in V2_ONLY_FIELDS).
 * Type aliases rather than interfaces: aliases get an implicit index signature, so callers can
 * treat records as plain JSON objects (e.g. n8n's IDataObject) without double casts.
 */

export type EventUser = {
	uuid: string;
	name: string;
	email: string;
	user_type?: string;
	user_account_uuid?: string;
};

export type EventClient = {
	app_name: string;
	app_version: string;
	platform_name: string;
	platform_version: string;
	os_name: string;
	os_version: string;
	ip_address: string;
};

export type EventLocation = {
	country: string;
	region: string;
	city: string;
	latitude: number;
	longitude: number;
};

export type ItemUsageRecord = {
	uuid: string;
	timestamp: string;
	used_version: number;
	vault_uuid: string;
	item_uuid: string;
	action: string;
	user: EventUser;
	client: EventClient;
	location: EventLocation;
	account_uuid?: string;
};

export type SignInAttemptRecord = {
	uuid: string;
	session_uuid: string;
	timestamp: string;
	category: string;
	type: string;
	country: string;
	details: { value: string } | null;
	target_user: EventUser;
	client: EventClient;
	location: EventLocation;
	account_uuid?: string;
};

export type AuditEventRecord = {
	uuid: string;
	timestamp: string;
	actor_uuid: string;
	actor_details: { uuid: string; name: string; email: string };
	actor_type?: string;
	actor_account_uuid?: string;
	account_uuid?: string;
	action: string;
	object_type: string;
	object_uuid: string;
	object_details: { uuid: string; name: string; email: string } | null;
	aux_id: number;
	aux_uuid: string;
	aux_details: { uuid: string; name: string; email: string } | null;
	aux_info: string;
	session: { uuid: string; login_time: string; device_uuid: string; ip: string };
	location: EventLocation;
};

export type EventRecord = ItemUsageRecord | SignInAttemptRecord | AuditEventRecord;

/**
 * Fields a caller wants to force on an injected record (shallow merge over a generated one).
 * The key `omit` is special: a list of top-level field names to delete from the served record.
 */
export type RecordOverrides = Readonly<Record<string, unknown>> & {
	readonly omit?: readonly string[];
};

const HOUR_MS = 3_600_000;

function ipAddress(location: CastLocation, random: Random): string {
	return location.ipPrefix.endsWith('::')
		? `${location.ipPrefix}${random.between(1, 0xfffe).toString(16)}`
		: `${location.ipPrefix}${random.between(1, 254)}`;
}

function locationOf(location: CastLocation): EventLocation {
	return {
		country: location.country,
		region: location.region,
		city: location.city,
		latitude: location.latitude,
		longitude: location.longitude,
	};
}

function eventUser(user: CastUser, v2: boolean): EventUser {
	return v2
		? {
				uuid: user.uuid,
				name: user.name,
				email: user.email,
				user_type: user.user_type,
				user_account_uuid: user.user_account_uuid,
			}
		: { uuid: user.uuid, name: user.name, email: user.email };
}

function userDetails(user: CastUser): { uuid: string; name: string; email: string } {
	return { uuid: user.uuid, name: user.name, email: user.email };
}

/**
 * Builds records as pure functions of (seed, type, sequence number, timestamp). Nothing is
 * cached: regenerating a record costs about a microsecond, far less than storing millions.
 */
export class RecordFactory {
	private readonly admins: readonly CastUser[];
	private readonly categoryTable: readonly SignInCategory[];

	constructor(
		private readonly seedHash: number,
		private readonly cast: Cast,
		private readonly settings: () => EmulatorSettings = () => DEFAULT_SETTINGS,
	) {
		// Audit events are mostly performed by administrators: the first three members and the MSP.
		this.admins = [...cast.users.slice(0, 3), cast.users[cast.users.length - 1]];
		this.categoryTable = SIGN_IN_CATEGORIES.flatMap((category) =>
			Array.from({ length: SIGN_IN_CATEGORY_WEIGHTS[category] }, () => category),
		);
	}

	get accountUuid(): string {
		return this.cast.accountUuid;
	}

	create(
		type: EventType,
		seq: number,
		timestampMs: number,
		version: ApiVersion,
		overrides?: RecordOverrides,
	): EventRecord {
		const typeIndex = EVENT_TYPES.indexOf(type);
		const settings = this.settings();
		const random = new Random(mixSeed(this.seedHash, typeIndex + 1, seq));
		const timestamp = formatTimestamp(
			timestampMs,
			settings.timestampStyle,
			this.seedHash,
			typeIndex,
			seq,
		);
		// Overrides may carry v2-only fields anywhere, so those records are built as v2 and stripped.
		const v2 = version === 2 || overrides !== undefined;
		let record: EventRecord;
		if (type === 'itemusages') record = this.itemUsage(random, timestamp, v2);
		else if (type === 'signinattempts') record = this.signInAttempt(random, timestamp, v2);
		else record = this.auditEvent(random, timestamp, timestampMs, v2);
		// The record's own uuid must be unique, which 32 bits of PRNG state cannot promise.
		record.uuid = eventId(this.seedHash, typeIndex, seq);
		// Before the overrides: a field an injection sets explicitly is always served.
		if (settings.sparseRecords) record = sparsify(record, this.seedHash, typeIndex, seq);
		if (!overrides) return record;
		const { omit, ...fields } = overrides;
		const merged: Record<string, unknown> = { ...record, ...fields };
		for (const field of omit ?? []) delete merged[field];
		return version === 1 ? toV1Shape(merged as EventRecord) : (merged as EventRecord);
	}

	/** Any cast member, the service account and the MSP technician included. */
	private user(random: Random): CastUser {
		return this.cast.users[random.int(this.cast.users.length)];
	}

	private clientAndLocation(
		random: Random,
		user: CastUser,
	): { client: EventClient; location: EventLocation } {
		// Mostly from home; sometimes travelling, which is what sign-in anomaly rules look for.
		const place = random.chance(0.9)
			? this.cast.locations[user.homeLocation]
			: random.pick(this.cast.locations);
		const device = random.pick(user.devices);
		return {
			client: { ...device.client, ip_address: ipAddress(place, random) },
			location: locationOf(place),
		};
	}

	private itemUsage(random: Random, timestamp: string, v2: boolean): ItemUsageRecord {
		const user = this.user(random);
		const item = random.pick(this.cast.items);
		const { client, location } = this.clientAndLocation(random, user);
		return {
			uuid: random.id(),
			timestamp,
			used_version: random.between(1, 24),
			vault_uuid: item.vaultUuid,
			item_uuid: item.uuid,
			action: random.pick(ITEM_USAGE_ACTIONS),
			user: eventUser(user, v2),
			client,
			location,
			...(v2 ? { account_uuid: this.cast.accountUuid } : {}),
		};
	}

	private signInAttempt(random: Random, timestamp: string, v2: boolean): SignInAttemptRecord {
		const user = this.user(random);
		const category = random.pick(this.categoryTable);
		const type = random.pick(SIGN_IN_TYPES_BY_CATEGORY[category]);
		const { client, location } = this.clientAndLocation(random, user);
		const firewall = category === 'firewall_failed' || category === 'firewall_reported_success';
		return {
			uuid: random.id(),
			session_uuid: random.id(),
			timestamp,
			category,
			type,
			country: location.country,
			details: firewall ? { value: firewallRuleDescription(type, location) } : null,
			target_user: eventUser(user, v2),
			client,
			location,
			...(v2 ? { account_uuid: this.cast.accountUuid } : {}),
		};
	}

	private auditEvent(
		random: Random,
		timestamp: string,
		timestampMs: number,
		v2: boolean,
	): AuditEventRecord {
		const actor = random.pick(this.admins);
		const template = random.pick(AUDIT_TEMPLATES);
		const { client, location } = this.clientAndLocation(random, actor);
		const object = this.auditObject(random, template);
		const aux = this.auditAux(random, template);
		// An item's audit event names the item's own vault as its aux (the draw above still
		// happens, so the events that follow stay the same for a seed).
		if (template.aux === 'vault') {
			const item = this.cast.items.find((entry) => entry.uuid === object.uuid);
			if (item) aux.uuid = item.vaultUuid;
		}
		return {
			uuid: random.id(),
			timestamp,
			actor_uuid: actor.uuid,
			actor_details: userDetails(actor),
			...(v2
				? {
						actor_type: actor.user_type,
						actor_account_uuid: actor.user_account_uuid,
						account_uuid: this.cast.accountUuid,
					}
				: {}),
			action: template.action,
			object_type: template.objectType,
			object_uuid: object.uuid,
			object_details: object.details,
			aux_id: aux.id,
			aux_uuid: aux.uuid,
			aux_details: aux.details,
			aux_info: aux.info,
			session: {
				uuid: random.id(),
				login_time: new Date(timestampMs - random.between(60_000, 8 * HOUR_MS)).toISOString(),
				device_uuid: random.pick(actor.devices).uuid,
				ip: client.ip_address,
			},
			location,
		};
	}

	private auditObject(
		random: Random,
		template: AuditTemplate,
	): { uuid: string; details: AuditEventRecord['object_details'] } {
		switch (template.objectType) {
			case 'account':
			case 'sub':
				return { uuid: this.cast.accountUuid, details: null };
			case 'user':
			case 'miguser':
			case 'famchild':
			case 'ssotkn':
			case 'cred': {
				const user = this.user(random);
				return { uuid: user.uuid, details: userDetails(user) };
			}
			case 'vault':
			case 'vaultkey':
			case 'uva':
			case 'gva':
			case 'items':
				return { uuid: random.pick(this.cast.vaults), details: null };
			case 'item':
			case 'itemhist':
			case 'file':
				return { uuid: random.pick(this.cast.items).uuid, details: null };
			case 'group':
			case 'gm':
				return { uuid: random.pick(this.cast.groups).uuid, details: null };
			case 'device':
			case 'dlgdsess':
				return { uuid: random.pick(this.user(random).devices).uuid, details: null };
			default:
				return { uuid: random.id(), details: null };
		}
	}

	private auditAux(
		random: Random,
		template: AuditTemplate,
	): { id: number; uuid: string; details: AuditEventRecord['aux_details']; info: string } {
		const grants =
			template.action === 'grant' || template.action === 'revoke' || template.action === 'role';
		switch (template.aux) {
			case 'user': {
				const user = this.user(random);
				return {
					id: 0,
					uuid: user.uuid,
					details: userDetails(user),
					info: grants ? random.pick(PERMISSION_SETS) : '',
				};
			}
			case 'group':
				return {
					id: 0,
					uuid: random.pick(this.cast.groups).uuid,
					details: null,
					info: grants ? random.pick(PERMISSION_SETS) : '',
				};
			case 'vault':
				return { id: 0, uuid: random.pick(this.cast.vaults), details: null, info: '' };
			case 'device':
				return {
					id: 0,
					uuid: random.pick(this.user(random).devices).uuid,
					details: null,
					info: '',
				};
			case 'count':
				return { id: random.between(2, 250), uuid: '', details: null, info: '' };
			case 'text':
				return { id: 0, uuid: '', details: null, info: random.pick(AUX_TEXTS) };
			default:
				return { id: 0, uuid: '', details: null, info: '' };
		}
	}
}

const PERMISSION_SETS = [
	'R',
	'R,W',
	'R,W,ITEM_SHARE',
	'ALLOW_VIEWING,ALLOW_EDITING,ALLOW_MANAGING',
	'ALLOW_VIEWING',
];
const AUX_TEXTS = [
	'TOTP',
	'U2F',
	'Duo',
	'Okta',
	'Azure AD',
	'Engineering CI token',
	'Domain breach report',
	'acme.example',
];

function firewallRuleDescription(type: string, location: EventLocation): string {
	switch (type) {
		case 'country_blocked':
			return `Country ${location.country} is not allowed`;
		case 'continent_blocked':
			return 'Continent is not allowed';
		case 'anonymous_blocked':
			return 'Anonymous IP addresses are not allowed';
		case 'all_blocked':
			return 'All locations are blocked';
		default:
			return 'IP address is not allowed';
	}
}

function stripV2Fields(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(stripV2Fields);
	if (value === null || typeof value !== 'object') return value;
	const copy: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(value)) {
		if (!(V2_ONLY_FIELDS as readonly string[]).includes(key)) copy[key] = stripV2Fields(field);
	}
	return copy;
}

/** The v1 endpoints return the same records without the account/user-type fields v2 added. */
export function toV1Shape(record: EventRecord): EventRecord {
	return stripV2Fields(record) as EventRecord;
}
