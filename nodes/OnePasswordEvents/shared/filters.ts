/**
 * Which events the user wants to see. Filters decide what is emitted, never how far the cursor
 * moves: an event that is filtered out has still been read (it is read again only when n8n
 * restarts before a later execution saves the position; see progressCache.ts).
 * Unknown enum values are never rejected; they simply don't match a filter that names values.
 */
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPE_KEYS, EVENT_TYPES, SIGN_IN_SUCCESS_CATEGORIES } from './eventTypes';
import type { EventRecord, EventTypeKey } from './eventTypes';
import { SettingsError } from '../transport/errors';

export interface FilterSettings {
	userEmails?: string;
	itemUsageActions?: string[];
	vaultUuids?: string;
	signInResult?: 'any' | 'failures' | 'successes';
	signInCategories?: string[];
	auditActions?: string;
	auditObjectTypes?: string;
}

export type EventPredicate = (record: EventRecord) => boolean;

/** One predicate per event type; `undefined` where nothing is filtered (the fast path). */
export type EventFilters = Record<EventTypeKey, EventPredicate | undefined>;

// 1Password ids are 26-character base32 strings; RFC 4122 UUIDs are accepted too.
const VAULT_ID = /^([a-z0-9]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Splits a comma- or newline-separated list, dropping blanks. */
export function splitList(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(/[,\n;]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

function checkEach(entries: string[], pattern: RegExp, what: string, example: string): void {
	const bad = entries.filter((entry) => !pattern.test(entry));
	if (bad.length > 0) {
		throw new SettingsError(
			`${what} filter: ${bad.map((entry) => `"${entry}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not valid. Enter a comma-separated list such as ${example}.`,
		);
	}
}

function field(record: EventRecord, name: string): unknown {
	return (record as IDataObject)[name];
}

function valueIn(values: Set<string>, value: unknown): boolean {
	return typeof value === 'string' && values.has(value.toLowerCase());
}

/** Validates the filter settings and compiles them into one predicate per event type. */
export function buildFilters(settings: FilterSettings = {}): EventFilters {
	const emails = splitList(settings.userEmails);
	checkEach(emails, EMAIL, 'User Emails', 'alice@example.com, bob@example.com');
	const vaults = splitList(settings.vaultUuids);
	checkEach(
		vaults,
		VAULT_ID,
		'Vault UUIDs',
		'the 26-character vault UUIDs from 1Password, e.g. jaqxqf5qylslqiitnduawrndc5',
	);
	const lower = (list: string[]) => new Set(list.map((entry) => entry.toLowerCase()));
	const emailSet = lower(emails);

	const conditions: Record<EventTypeKey, EventPredicate[]> = {
		itemUsages: [],
		signInAttempts: [],
		auditEvents: [],
	};

	if (emailSet.size > 0) {
		for (const key of EVENT_TYPE_KEYS) {
			const spec = EVENT_TYPES[key];
			conditions[key].push((record) => valueIn(emailSet, spec.userEmail(record)));
		}
	}

	const actions = lower(settings.itemUsageActions ?? []);
	if (actions.size > 0)
		conditions.itemUsages.push((record) => valueIn(actions, field(record, 'action')));
	const vaultSet = lower(vaults);
	if (vaultSet.size > 0)
		conditions.itemUsages.push((record) => valueIn(vaultSet, field(record, 'vault_uuid')));

	const categories = lower(settings.signInCategories ?? []);
	if (categories.size > 0) {
		conditions.signInAttempts.push((record) => valueIn(categories, field(record, 'category')));
	}
	if (settings.signInResult === 'failures' || settings.signInResult === 'successes') {
		const wantSuccess = settings.signInResult === 'successes';
		conditions.signInAttempts.push((record) => {
			const category = field(record, 'category');
			const succeeded =
				typeof category === 'string' && SIGN_IN_SUCCESS_CATEGORIES.includes(category);
			return succeeded === wantSuccess;
		});
	}

	const auditActions = lower(splitList(settings.auditActions));
	if (auditActions.size > 0)
		conditions.auditEvents.push((record) => valueIn(auditActions, field(record, 'action')));
	const objectTypes = lower(splitList(settings.auditObjectTypes));
	if (objectTypes.size > 0) {
		conditions.auditEvents.push((record) => valueIn(objectTypes, field(record, 'object_type')));
	}

	const compile = (list: EventPredicate[]): EventPredicate | undefined =>
		list.length === 0 ? undefined : (record) => list.every((condition) => condition(record));
	return {
		itemUsages: compile(conditions.itemUsages),
		signInAttempts: compile(conditions.signInAttempts),
		auditEvents: compile(conditions.auditEvents),
	};
}
