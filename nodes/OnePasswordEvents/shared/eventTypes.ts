/**
 * The catalogue of event types the Events API serves, kept as data: where each type lives, which
 * token feature it needs, and how to turn one of its records into a flat, readable item.
 * The trigger, the action node and the poller read everything type-specific from here.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	readableAuditAction,
	readableAuditObjectType,
	readableItemUsageAction,
	readableSignInCategory,
	readableSignInType,
} from './auditCatalogue';
import { readCountry } from './country';
import { summarize } from './summary';

export type EventTypeKey = 'itemUsages' | 'signInAttempts' | 'auditEvents';

/** One record as the API sends it: open-ended, since 1Password adds fields without notice. */
export type EventRecord = IDataObject;

export interface EventTypeSpec {
	key: EventTypeKey;
	/** Singular, for items and messages: "item usage". */
	noun: string;
	/** Plural, for the UI and messages: "Item Usages". */
	displayName: string;
	/** Value of `event_type` on raw items and `eventType` on simplified ones. */
	itemType: string;
	endpoint: string;
	/** The token feature (claim `1password.com/fts`) this endpoint needs. */
	feature: string;
	simplify(record: EventRecord): IDataObject;
}

export const ITEM_USAGE_ACTIONS = [
	'enter-item-edit-mode',
	'export',
	'fill',
	'other',
	'reveal',
	'secure-copy',
	'select-sso-provider',
	'server-create',
	'server-fetch',
	'server-update',
	'share',
];

export const SIGN_IN_CATEGORIES = [
	'success',
	'credentials_failed',
	'mfa_failed',
	'sso_failed',
	'modern_version_failed',
	'firewall_failed',
	'firewall_reported_success',
];

/** Categories that mean the person got in; every other category, known or new, is a failure. */
export const SIGN_IN_SUCCESS_CATEGORIES = ['success', 'firewall_reported_success'];

function object(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function words(read: (code: string) => string, code: unknown): string | undefined {
	return typeof code === 'string' && code.trim() !== '' ? read(code.trim()) : undefined;
}

/** "1Password for Mac 8.10.1" from a client block, or undefined. */
function appLabel(client: IDataObject): string | undefined {
	const name = text(client.app_name);
	if (!name) return undefined;
	const version = text(client.app_version);
	return version ? `${name} ${version}` : name;
}

/** Fields every simplified item shares, in the same order for all types. */
function commonFields(
	spec: Pick<EventTypeSpec, 'itemType'>,
	record: EventRecord,
	person: IDataObject,
	ipAddress: string | undefined,
	client: IDataObject,
): IDataObject {
	const location = object(record.location);
	const country = readCountry(location.country, record.country);
	return {
		uuid: record.uuid,
		eventType: spec.itemType,
		timestamp: record.timestamp,
		// Filled in last, from the finished item (see summary.ts); first here so people see it first.
		summary: '',
		userName: text(person.name),
		userEmail: text(person.email),
		userUuid: text(person.uuid),
		ipAddress,
		country: country.code,
		countryName: country.name,
		region: text(location.region),
		city: text(location.city),
		app: appLabel(client),
		platform: text(client.platform_name),
		os: text(client.os_name),
	};
}

/** The MSP-only user fields, when 1Password sends them (a managed account's users). */
function mspFields(item: IDataObject, person: IDataObject): void {
	item.userType = text(person.user_type);
	item.userAccountUuid = text(person.user_account_uuid);
}

function finish(item: IDataObject): IDataObject {
	item.summary = summarize(item);
	return item;
}

const itemUsages: EventTypeSpec = {
	key: 'itemUsages',
	noun: 'item usage',
	displayName: 'Item Usages',
	itemType: 'itemUsage',
	endpoint: '/api/v2/itemusages',
	feature: 'itemusages',
	simplify(record) {
		const client = object(record.client);
		const user = object(record.user);
		const item = commonFields(this, record, user, text(client.ip_address), client);
		item.action = record.action;
		item.actionText = words(readableItemUsageAction, record.action);
		item.vaultUuid = record.vault_uuid;
		item.vaultName = undefined;
		item.itemUuid = record.item_uuid;
		item.itemTitle = undefined;
		item.usedVersion = record.used_version;
		item.accountUuid = record.account_uuid;
		mspFields(item, user);
		return finish(item);
	},
};

const signInAttempts: EventTypeSpec = {
	key: 'signInAttempts',
	noun: 'sign-in attempt',
	displayName: 'Sign-In Attempts',
	itemType: 'signInAttempt',
	endpoint: '/api/v2/signinattempts',
	feature: 'signinattempts',
	simplify(record) {
		const client = object(record.client);
		const user = object(record.target_user);
		const category = record.category;
		const item = commonFields(this, record, user, text(client.ip_address), client);
		item.action = record.type;
		item.actionText = words(readableSignInType, record.type);
		item.outcome = category;
		item.outcomeText = words(readableSignInCategory, category);
		item.success = typeof category === 'string' && SIGN_IN_SUCCESS_CATEGORIES.includes(category);
		item.details = text(object(record.details).value);
		item.sessionUuid = record.session_uuid;
		item.accountUuid = record.account_uuid;
		mspFields(item, user);
		return finish(item);
	},
};

const auditEvents: EventTypeSpec = {
	key: 'auditEvents',
	noun: 'audit event',
	displayName: 'Audit Events',
	itemType: 'auditEvent',
	endpoint: '/api/v2/auditevents',
	feature: 'auditevents',
	simplify(record) {
		const session = object(record.session);
		const details = object(record.actor_details);
		// Only name, email and uuid are read; the details' own uuid wins, as a spread would let it.
		const hasUuid = Object.prototype.hasOwnProperty.call(details, 'uuid');
		const actor = {
			uuid: hasUuid ? details.uuid : record.actor_uuid,
			name: details.name,
			email: details.email,
		};
		const target = object(record.object_details);
		const aux = object(record.aux_details);
		const item = commonFields(this, record, actor, text(session.ip), {});
		item.action = record.action;
		item.actionText = words(readableAuditAction, record.action);
		item.objectType = record.object_type;
		item.objectTypeText = words(readableAuditObjectType, record.object_type);
		item.objectUuid = text(record.object_uuid) ?? text(target.uuid);
		item.objectName = text(target.name);
		item.objectEmail = text(target.email);
		item.auxUuid = text(record.aux_uuid) ?? text(aux.uuid);
		item.auxName = text(aux.name);
		item.auxEmail = text(aux.email);
		item.auxId = record.aux_id;
		item.auxInfo = record.aux_info;
		item.vaultName = undefined;
		item.itemTitle = undefined;
		item.actorType = record.actor_type;
		item.actorAccountUuid = record.actor_account_uuid;
		item.sessionUuid = session.uuid;
		item.loginTime = text(session.login_time);
		item.deviceUuid = text(session.device_uuid);
		item.accountUuid = record.account_uuid;
		return finish(item);
	},
};

export const EVENT_TYPES: Record<EventTypeKey, EventTypeSpec> = {
	itemUsages,
	signInAttempts,
	auditEvents,
};

export const EVENT_TYPE_KEYS = Object.keys(EVENT_TYPES) as EventTypeKey[];

export function isEventTypeKey(value: unknown): value is EventTypeKey {
	// Not `value in EVENT_TYPES`: that also accepts inherited names such as "constructor".
	return typeof value === 'string' && (EVENT_TYPE_KEYS as string[]).includes(value);
}

/**
 * The item emitted for a record the caller parsed itself and hands over (the stream reader's
 * pages), in the output mode the user chose: raw output tags the record in place instead of
 * copying it (a copy cost about 1 µs and one more object per event, the reader's dearest step).
 */
export function takeAsItemJson(
	spec: EventTypeSpec,
	record: EventRecord,
	output: OutputMode,
): IDataObject {
	if (output === 'simplified') return spec.simplify(record);
	record.event_type = spec.itemType;
	return record;
}

export type OutputMode = 'raw' | 'simplified';
