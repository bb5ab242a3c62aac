/**
 * Parameter descriptions both nodes show: event types, output mode and filters. Their names are
 * a contract with saved workflows; rename nothing here.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { AUDIT_ACTION_WORDS, AUDIT_OBJECT_TYPE_WORDS, SIGN_IN_TYPE_WORDS } from './auditCatalogue';
import { EVENT_TYPE_KEYS, EVENT_TYPES, ITEM_USAGE_ACTIONS, SIGN_IN_CATEGORIES } from './eventTypes';

function titleCase(code: string): string {
	return code
		.split(/[-_]/)
		.map((word) => (word === 'sso' ? 'SSO' : word.charAt(0).toUpperCase() + word.slice(1)))
		.join(' ');
}

// Joining words kept in lower case inside a name; n8n's lint (the title-case package) accepts
// them either way. Not "in" and "on": in these names they belong to the verb ("Turned On").
const SMALL_WORDS = new Set('a an and as at by for of or the to with'.split(' '));

/** "disabled two-factor authentication" → "Disabled Two-Factor Authentication". */
function titleWords(words: string): string {
	const list = words.split(' ');
	return list
		.map((word, index) => {
			const starts = index === 0 || list[index - 1].endsWith(':');
			if (!starts && index < list.length - 1 && SMALL_WORDS.has(word)) return word;
			return word
				.split('-')
				.map((part) => part.charAt(0).toUpperCase() + part.slice(1))
				.join('-');
		})
		.join(' ');
}

/**
 * One option per documented code, named by its readable words with the code after them, since
 * raw events, SIEM exports and 1Password's documentation show only the code: "Disabled
 * Two-Factor Authentication (disblmfa)". Sorted by name, as n8n's lint wants option lists (it
 * cannot see names built here, so test/shared/filterDescriptions.test.ts checks them).
 */
export function codeOptions(words: Readonly<Record<string, string>>): INodePropertyOptions[] {
	return Object.keys(words)
		.map((code) => ({ name: `${titleWords(words[code])} (${code})`, value: code }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const eventTypeOptions: INodePropertyOptions[] = EVENT_TYPE_KEYS.map((key) => ({
	name: EVENT_TYPES[key].displayName,
	value: key,
}));

export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'raw',
	description: 'How each event is turned into an item',
	options: [
		{
			name: 'Raw',
			value: 'raw',
			description: 'The record exactly as 1Password sends it, plus event_type',
		},
		{
			name: 'Simplified',
			value: 'simplified',
			description:
				'Flat, readable fields: event type, time, action or outcome, person, IP, country, app and the IDs',
		},
	],
};

export const filtersProperty: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description:
		'Emit only matching events. Events that do not match are still read and the position moves past them. n8n saves the position only with an execution, so after an n8n restart the events read since the last match are read once more (not emitted).',
	options: [
		{
			displayName: 'Audit Actions',
			name: 'auditActionList',
			type: 'multiOptions',
			default: [],
			description:
				'Audit events: the actions to keep. Codes 1Password added after this version go in Other Audit Action Codes.',
			options: codeOptions(AUDIT_ACTION_WORDS),
		},
		{
			displayName: 'Audit Object Types',
			name: 'auditObjectTypeList',
			type: 'multiOptions',
			default: [],
			description:
				'Audit events: the object types to keep. Types 1Password added after this version go in Other Audit Object Types.',
			options: codeOptions(AUDIT_OBJECT_TYPE_WORDS),
		},
		{
			displayName: 'Item Usage Actions',
			name: 'itemUsageActions',
			type: 'multiOptions',
			default: [],
			description: 'Item usages: the actions to keep',
			options: ITEM_USAGE_ACTIONS.map((action) => ({ name: titleCase(action), value: action })),
		},
		{
			displayName: 'Match User Emails Against',
			name: 'userEmailsMatch',
			type: 'options',
			default: 'actor',
			description:
				'Whose email User Emails looks for. Item usages and sign-in attempts name one person, who acted on their own item or account, so every choice matches them alike.',
			options: [
				{
					name: 'Who Did It',
					value: 'actor',
					description:
						'The user of an item usage, the target user of a sign-in attempt, the actor of an audit event',
				},
				{
					name: 'Person Acted On',
					value: 'target',
					description:
						'Audit events: the person in the object or aux details, e.g. the user who was suspended; item usages and sign-in attempts: their user',
				},
				{
					name: 'Either',
					value: 'either',
					description: 'Who did it or the person acted on',
				},
			],
		},
		{
			displayName: 'Other Audit Action Codes',
			name: 'auditActions',
			type: 'string',
			default: '',
			placeholder: 'codes missing from Audit Actions',
			description:
				'Only for action codes 1Password added after this version, comma-separated; events with these or the ones picked in Audit Actions are kept. A code one or two letters away from a documented one is refused as a likely typo; write it as new:code to use it anyway.',
		},
		{
			displayName: 'Other Audit Object Types',
			name: 'auditObjectTypes',
			type: 'string',
			default: '',
			placeholder: 'types missing from Audit Object Types',
			description:
				'Only for object types 1Password added after this version, comma-separated; events with these or the ones picked in Audit Object Types are kept. A type one or two letters away from a documented one is refused as a likely typo; write it as new:type to use it anyway.',
		},
		{
			displayName: 'Sign-In Categories',
			name: 'signInCategories',
			type: 'multiOptions',
			default: [],
			description: 'Sign-in attempts: the categories to keep',
			options: SIGN_IN_CATEGORIES.map((category) => ({
				name: titleCase(category),
				value: category,
			})),
		},
		{
			displayName: 'Sign-In Result',
			name: 'signInResult',
			type: 'options',
			default: 'any',
			description:
				'Sign-in attempts: keep failures or successes only. Firewall Reported Success counts as a success; any category 1Password adds later counts as a failure.',
			options: [
				{ name: 'Any', value: 'any' },
				{ name: 'Failures Only', value: 'failures' },
				{ name: 'Successes Only', value: 'successes' },
			],
		},
		{
			displayName: 'Sign-In Types',
			name: 'signInTypes',
			type: 'multiOptions',
			default: [],
			description:
				'Sign-in attempts: the types to keep, which say what exactly happened, e.g. Wrong One-Time Password',
			options: codeOptions(SIGN_IN_TYPE_WORDS),
		},
		{
			displayName: 'User Emails',
			name: 'userEmails',
			type: 'string',
			default: '',
			placeholder: 'alice@example.com, bob@example.com',
			description:
				'Comma-separated emails of the people whose events to keep: who did it unless Match User Emails Against says otherwise',
		},
		{
			displayName: 'Vault UUIDs',
			name: 'vaultUuids',
			type: 'string',
			default: '',
			placeholder: 'jaqxqf5qylslqiitnduawrndc5',
			description: 'Item usages: comma-separated vault UUIDs to keep',
		},
	],
};

export const addNamesProperty: INodeProperties = {
	displayName: 'Add Vault and Item Names',
	name: 'addNames',
	type: 'boolean',
	default: false,
	description:
		'Whether to add vault names and item titles (vaultName, itemTitle) to item usages and audit events, from your 1Password Connect server. Connect being slow or down never holds back an event: the names then stay empty.',
	displayOptions: { show: { output: ['simplified'] } },
};
