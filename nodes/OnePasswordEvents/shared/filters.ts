/**
 * Which events the user wants to see. Filters decide what is emitted, never how far the cursor
 * moves: an event that is filtered out has still been read (it is read again only when n8n
 * restarts before a later execution saves the position; see progressCache.ts).
 * Unknown values in records are never rejected; they simply don't match a filter that names
 * values. Codes the user types are checked instead: a typo there would silently match nothing
 * and so silently switch an alert off.
 */
import type { IDataObject } from 'n8n-workflow';

import { AUDIT_ACTION_WORDS, AUDIT_OBJECT_TYPE_WORDS } from './auditCatalogue';
import { EVENT_TYPE_KEYS, SIGN_IN_SUCCESS_CATEGORIES } from './eventTypes';
import type { EventRecord, EventTypeKey } from './eventTypes';
import { SettingsError } from '../transport/errors';

/** Whose email the User Emails filter looks at. */
export type UserEmailsMatch = 'actor' | 'target' | 'either';

/**
 * The `filters` collection as saved in workflows. The names are a contract: `auditActions` and
 * `auditObjectTypes` were the only audit filters before the option lists existed, so saved
 * workflows hold every code there; they still work as before, now merged with the lists.
 */
export interface FilterSettings {
	userEmails?: string;
	/** Missing in workflows saved before it existed: they mean 'actor'. */
	userEmailsMatch?: UserEmailsMatch;
	itemUsageActions?: string[];
	vaultUuids?: string;
	signInResult?: 'any' | 'failures' | 'successes';
	signInCategories?: string[];
	signInTypes?: string[];
	/** Audit actions picked from the documented codes. */
	auditActionList?: string[];
	/** Audit action codes typed in (comma-separated): codes newer than the list. */
	auditActions?: string;
	/** Audit object types picked from the documented codes. */
	auditObjectTypeList?: string[];
	/** Audit object types typed in (comma-separated): types newer than the list. */
	auditObjectTypes?: string;
}

export type EventPredicate = (record: EventRecord) => boolean;

/** One predicate per event type; `undefined` where nothing is filtered (the fast path). */
export type EventFilters = Record<EventTypeKey, EventPredicate | undefined>;

// 1Password ids are 26-character base32 strings; RFC 4122 UUIDs are accepted too.
const VAULT_ID = /^([a-z0-9]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Every documented code fits this, with room for longer ones; anything else (a space between two
// codes, a display name pasted in) can never match an event.
const CODE = /^[a-z0-9_-]{2,40}$/i;

/**
 * Written before a typed code, accepts it although it is one or two letters away from a
 * documented code. A plain refusal is not enough: 39 of the 79 documented actions are within two
 * edits of another one (cancel/cancelr, revoke/trevoke, vrfydmn/dvrfydmn), so 1Password's next
 * code may well look like a typo of an old one, and the node must never make a real code
 * unfilterable.
 */
export const NEW_CODE_PREFIX = 'new:';

/** Splits a comma- or newline-separated list, dropping blanks. */
export function splitList(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(/[,\n;]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** The strings of a multi-options value; a string from an expression is read as a typed list. */
function listValues(value: unknown): string[] {
	if (Array.isArray(value))
		return value.filter((entry): entry is string => typeof entry === 'string');
	return splitList(value);
}

function checkEach(entries: string[], pattern: RegExp, what: string, example: string): void {
	const bad = entries.filter((entry) => !pattern.test(entry));
	if (bad.length > 0) {
		throw new SettingsError(
			`${what} filter: ${quoteAll(bad)} ${bad.length === 1 ? 'is' : 'are'} not valid. Enter a comma-separated list such as ${example}.`,
		);
	}
}

function quoteAll(entries: string[]): string {
	return entries.map((entry) => `"${entry}"`).join(', ');
}

function field(record: EventRecord, name: string): unknown {
	return (record as IDataObject)[name];
}

function valueIn(values: Set<string>, value: unknown): boolean {
	return typeof value === 'string' && values.has(value.toLowerCase());
}

function has(words: Readonly<Record<string, string>>, code: string): boolean {
	// Not `code in words`: that also accepts inherited names such as "constructor".
	return Object.prototype.hasOwnProperty.call(words, code);
}

/**
 * Edit distance between two codes: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each count 1 (optimal string alignment). Swaps count once because
 * "dsiblmfa" for "disblmfa" is the commonest slip of all.
 */
export function editDistance(a: string, b: string): number {
	// rows[i][j]: distance between the first i letters of a and the first j letters of b.
	const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
				best = Math.min(best, rows[i - 2][j - 2] + 1);
			row.push(best);
		}
		rows.push(row);
	}
	return rows[a.length][b.length];
}

/**
 * How far a typed code may be from a documented one to be taken for a typo of it. Two edits,
 * except for codes of up to four letters: two edits turn any two-letter entry into `ec` or `gm`,
 * so a new short object type would always be refused.
 */
function typoDistance(code: string): number {
	return code.length <= 4 ? 1 : 2;
}

/** The documented codes closest to `code`, if close enough to be what was meant (at most 3). */
function nearestCodes(code: string, words: Readonly<Record<string, string>>): string[] {
	let best = typoDistance(code);
	let nearest: string[] = [];
	for (const known of Object.keys(words).sort()) {
		const distance = editDistance(code, known);
		if (distance > best) continue;
		if (distance < best) nearest = [];
		best = distance;
		nearest.push(known);
	}
	return nearest.slice(0, 3);
}

/** A text field of codes the option list beside it does not offer yet. */
interface TypedCodeField {
	/** Its displayName, which starts every message. */
	label: string;
	/** "an audit action": what one of its codes is. */
	noun: string;
	/** displayName of the option list of documented codes. */
	list: string;
	words: Readonly<Record<string, string>>;
	example: string;
	/** The other audit field: a code of the other kind typed here is a mistake too. */
	other: () => TypedCodeField;
}

const AUDIT_ACTION_FIELD: TypedCodeField = {
	label: 'Other Audit Action Codes',
	noun: 'an audit action',
	list: 'Audit Actions',
	words: AUDIT_ACTION_WORDS,
	example: 'disblmfa, grant',
	other: () => AUDIT_OBJECT_TYPE_FIELD,
};

const AUDIT_OBJECT_TYPE_FIELD: TypedCodeField = {
	label: 'Other Audit Object Types',
	noun: 'an audit object type',
	list: 'Audit Object Types',
	words: AUDIT_OBJECT_TYPE_WORDS,
	example: 'vault, user',
	other: () => AUDIT_ACTION_FIELD,
};

/**
 * The codes of a typed field, lower-cased. A documented code, or a code far from every
 * documented one (a code 1Password added since), is accepted. Refused, with what to do instead:
 * an entry that cannot be a code, a likely typo of a documented code, and a documented code of
 * the other audit field, unless written with NEW_CODE_PREFIX.
 */
function readTypedCodes(value: unknown, spec: TypedCodeField): string[] {
	const entries = splitList(value).map((entry) => {
		const forced = entry.toLowerCase().startsWith(NEW_CODE_PREFIX);
		const code = forced ? entry.slice(NEW_CODE_PREFIX.length).trim() : entry;
		return { entry, code: code.toLowerCase(), forced };
	});

	const malformed = entries.filter(({ code }) => !CODE.test(code));
	if (malformed.length > 0) {
		const bad = malformed.map(({ entry }) => entry);
		throw new SettingsError(
			`${spec.label}: ${quoteAll(bad)} ${bad.length === 1 ? 'is not a code' : 'are not codes'}. A code is 2 to 40 letters, digits, "_" or "-"; separate codes with commas, e.g. ${spec.example}.`,
		);
	}

	const problems: string[] = [];
	for (const { entry, code, forced } of entries) {
		if (forced || has(spec.words, code)) continue;
		const other = spec.other();
		const escape = `enter it as "${NEW_CODE_PREFIX}${code}"`;
		if (has(other.words, code)) {
			problems.push(
				`"${entry}" is ${other.noun}, not ${spec.noun}: pick it from ${other.list} instead. If 1Password really added ${spec.noun} "${code}", ${escape}.`,
			);
			continue;
		}
		const nearest = nearestCodes(code, spec.words);
		if (nearest.length === 0) continue; // far from every documented code: a new one
		const meant = nearest.map((known) => `"${known}" (${spec.words[known]})`).join(' or ');
		problems.push(
			`"${entry}" is not a code 1Password documents; did you mean ${meant}? Pick it from ${spec.list} instead. If 1Password really added "${code}", ${escape}.`,
		);
	}
	if (problems.length > 0) throw new SettingsError(`${spec.label}: ${problems.join(' ')}`);
	return entries.map(({ code }) => code);
}

/**
 * Where each event type names people: who did it (`actor`) and whom it was done to (`target`).
 * An item usage and a sign-in attempt name one person, who is both: the user acted on their own
 * item or account. An audit event names the actor and, in object_details or aux_details (either
 * may be missing or null), the person acted on, e.g. the user who was suspended.
 */
const PERSON_FIELDS: Record<EventTypeKey, Record<'actor' | 'target', string[]>> = {
	itemUsages: { actor: ['user'], target: ['user'] },
	signInAttempts: { actor: ['target_user'], target: ['target_user'] },
	auditEvents: { actor: ['actor_details'], target: ['object_details', 'aux_details'] },
};

const USER_EMAILS_MATCH: UserEmailsMatch[] = ['actor', 'target', 'either'];

function personFields(key: EventTypeKey, match: UserEmailsMatch): string[] {
	const fields = PERSON_FIELDS[key];
	if (match !== 'either') return fields[match];
	return [...new Set([...fields.actor, ...fields.target])];
}

function emailOf(person: unknown): unknown {
	return typeof person === 'object' && person !== null ? (person as IDataObject).email : undefined;
}

function readUserEmailsMatch(value: unknown): UserEmailsMatch {
	if (value === undefined) return 'actor';
	if (USER_EMAILS_MATCH.includes(value as UserEmailsMatch)) return value as UserEmailsMatch;
	throw new SettingsError(
		`Match User Emails Against must be Who Did It (actor), Person Acted On (target) or Either (either); it is "${String(value)}".`,
	);
}

/** Validates the filter settings and compiles them into one predicate per event type. */
export function buildFilters(settings: FilterSettings = {}): EventFilters {
	const emails = splitList(settings.userEmails);
	checkEach(emails, EMAIL, 'User Emails', 'alice@example.com, bob@example.com');
	const emailsMatch = readUserEmailsMatch(settings.userEmailsMatch);
	const vaults = splitList(settings.vaultUuids);
	checkEach(
		vaults,
		VAULT_ID,
		'Vault UUIDs',
		'the 26-character vault UUIDs from 1Password, e.g. jaqxqf5qylslqiitnduawrndc5',
	);
	const lower = (list: string[]) => new Set(list.map((entry) => entry.toLowerCase()));
	// The list and the typed field are one filter: an event matching either is kept.
	const auditActions = lower([
		...listValues(settings.auditActionList),
		...readTypedCodes(settings.auditActions, AUDIT_ACTION_FIELD),
	]);
	const objectTypes = lower([
		...listValues(settings.auditObjectTypeList),
		...readTypedCodes(settings.auditObjectTypes, AUDIT_OBJECT_TYPE_FIELD),
	]);

	const conditions: Record<EventTypeKey, EventPredicate[]> = {
		itemUsages: [],
		signInAttempts: [],
		auditEvents: [],
	};

	const emailSet = lower(emails);
	if (emailSet.size > 0) {
		for (const key of EVENT_TYPE_KEYS) {
			const fields = personFields(key, emailsMatch);
			conditions[key].push((record) =>
				fields.some((name) => valueIn(emailSet, emailOf(field(record, name)))),
			);
		}
	}

	const actions = lower(listValues(settings.itemUsageActions));
	if (actions.size > 0)
		conditions.itemUsages.push((record) => valueIn(actions, field(record, 'action')));
	const vaultSet = lower(vaults);
	if (vaultSet.size > 0)
		conditions.itemUsages.push((record) => valueIn(vaultSet, field(record, 'vault_uuid')));

	const categories = lower(listValues(settings.signInCategories));
	if (categories.size > 0) {
		conditions.signInAttempts.push((record) => valueIn(categories, field(record, 'category')));
	}
	const signInTypes = lower(listValues(settings.signInTypes));
	if (signInTypes.size > 0) {
		conditions.signInAttempts.push((record) => valueIn(signInTypes, field(record, 'type')));
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

	if (auditActions.size > 0)
		conditions.auditEvents.push((record) => valueIn(auditActions, field(record, 'action')));
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
