/**
 * Parameter descriptions both nodes show: event types, output mode and filters. Their names are
 * a contract with saved workflows; rename nothing here.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { EVENT_TYPE_KEYS, EVENT_TYPES, ITEM_USAGE_ACTIONS, SIGN_IN_CATEGORIES } from './eventTypes';

function titleCase(code: string): string {
	return code
		.split(/[-_]/)
		.map((word) => (word === 'sso' ? 'SSO' : word.charAt(0).toUpperCase() + word.slice(1)))
		.join(' ');
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
			name: 'auditActions',
			type: 'string',
			default: '',
			placeholder: 'disblmfa, grant, revoke',
			description:
				'Audit events: comma-separated action codes to keep, e.g. disblmfa (MFA disabled), grant, revoke, suspend',
		},
		{
			displayName: 'Audit Object Types',
			name: 'auditObjectTypes',
			type: 'string',
			default: '',
			placeholder: 'vault, user, sso',
			description:
				'Audit events: comma-separated object types to keep, e.g. vault, user, group, sso',
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
			displayName: 'User Emails',
			name: 'userEmails',
			type: 'string',
			default: '',
			placeholder: 'alice@example.com, bob@example.com',
			description:
				'Comma-separated emails: the user of an item usage, the target user of a sign-in attempt, the actor of an audit event',
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
