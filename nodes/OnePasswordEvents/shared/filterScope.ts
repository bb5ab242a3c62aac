/**
 * Which filter applies to which event type, as data, and the check the action node makes with it.
 * buildFilters (filters.ts) compiles one predicate per type and simply leaves out a filter that
 * does not belong to a type: right for the trigger, which reads several types with one set of
 * filters, but in the action node, which reads one type, a left-out filter means the user (or an
 * AI agent) asked for something that is silently not done. The action node refuses it instead.
 */
import { EVENT_TYPES } from './eventTypes';
import type { EventTypeKey } from './eventTypes';
import { splitList } from './filters';
import type { FilterSettings } from './filters';
import { SettingsError } from '../transport/errors';

export interface FilterScope {
	/** The filter's displayName, as messages name it. */
	label: string;
	/** The event types it filters; 'all' for every type. */
	types: readonly EventTypeKey[] | 'all';
	/** The value that means "off" besides an empty one (an options field's default). */
	off?: string;
}

/**
 * Every filter of the `filters` collection. Keyed by FilterSettings' own keys, so a filter added
 * there does not compile until it has a line here.
 */
export const FILTER_SCOPE: Readonly<Record<keyof FilterSettings, FilterScope>> = {
	userEmails: { label: 'User Emails', types: 'all' },
	userEmailsMatch: { label: 'Match User Emails Against', types: 'all', off: 'actor' },
	itemUsageActions: { label: 'Item Usage Actions', types: ['itemUsages'] },
	vaultUuids: { label: 'Vault UUIDs', types: ['itemUsages'] },
	signInResult: { label: 'Sign-In Result', types: ['signInAttempts'], off: 'any' },
	signInCategories: { label: 'Sign-In Categories', types: ['signInAttempts'] },
	signInTypes: { label: 'Sign-In Types', types: ['signInAttempts'] },
	auditActionList: { label: 'Audit Actions', types: ['auditEvents'] },
	auditActions: { label: 'Other Audit Action Codes', types: ['auditEvents'] },
	auditObjectTypeList: { label: 'Audit Object Types', types: ['auditEvents'] },
	auditObjectTypes: { label: 'Other Audit Object Types', types: ['auditEvents'] },
};

/** Whether a filter's value asks for anything: an empty list, blank text or the default does not. */
function isSet(value: unknown, scope: FilterScope): boolean {
	if (value === undefined || value === null) return false;
	if (Array.isArray(value)) return value.some((entry) => splitList(entry).length > 0);
	if (typeof value === 'string')
		return value.trim() !== (scope.off ?? '') && splitList(value).length > 0;
	return true;
}

function has(table: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(table, key);
}

/** The filters set in `settings` that do not apply to `eventType`, in the table's order. */
export function misappliedFilters(
	settings: FilterSettings | undefined,
	eventType: EventTypeKey,
): Array<keyof FilterSettings> {
	if (typeof settings !== 'object' || settings === null) return [];
	return (Object.keys(FILTER_SCOPE) as Array<keyof FilterSettings>).filter((name) => {
		const scope = FILTER_SCOPE[name];
		if (scope.types === 'all' || scope.types.includes(eventType)) return false;
		return has(settings, name) && isSet(settings[name], scope);
	});
}

function joinWords(words: string[]): string {
	return words.length <= 1
		? words.join('')
		: `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function typesText(types: readonly EventTypeKey[]): string {
	return joinWords(types.map((key) => `${EVENT_TYPES[key].noun}s`));
}

/**
 * Refuses filters that cannot apply to `eventType`, naming each one, the event type it applies
 * to and what to do: "Sign-In Result applies to sign-in attempts only, but Event Type is Item
 * Usages: remove the filter or change Event Type to Sign-In Attempts."
 */
export function checkFiltersApply(
	settings: FilterSettings | undefined,
	eventType: EventTypeKey,
): void {
	const wrong = misappliedFilters(settings, eventType);
	if (wrong.length === 0) return;
	// One clause per set of types, in the order the filters were found.
	const groups = new Map<string, string[]>();
	for (const name of wrong) {
		const types = FILTER_SCOPE[name].types as readonly EventTypeKey[];
		const key = types.join(',');
		groups.set(key, [...(groups.get(key) ?? []), FILTER_SCOPE[name].label]);
	}
	const clauses = [...groups].map(([key, labels]) => {
		const verb = labels.length === 1 ? 'applies' : 'apply';
		return `${joinWords(labels)} ${verb} to ${typesText(key.split(',') as EventTypeKey[])} only`;
	});
	const single = groups.size === 1 ? [...groups.keys()][0].split(',') : [];
	const target =
		single.length === 1 ? ` to ${EVENT_TYPES[single[0] as EventTypeKey].displayName}` : '';
	const them = wrong.length === 1 ? 'the filter' : 'these filters';
	throw new SettingsError(
		`${joinWords(clauses)}, but Event Type is ${EVENT_TYPES[eventType].displayName}: remove ${them} or change Event Type${target}.`,
	);
}
