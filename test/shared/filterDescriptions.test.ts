/**
 * The Filters collection as n8n shows it. Its option lists are built from the catalogue at load
 * time, where n8n's lint cannot see them, so this file checks what the lint would: names in title
 * case and sorted. And it checks that no documented code is missing from the UI, against both
 * the catalogue and the hand transcription of 1Password's reference.
 */
import { createRequire } from 'node:module';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	AUDIT_ACTION_WORDS,
	AUDIT_OBJECT_TYPE_WORDS,
	SIGN_IN_TYPE_WORDS,
} from '../../nodes/OnePasswordEvents/shared/auditCatalogue';
import { filtersProperty } from '../../nodes/OnePasswordEvents/shared/descriptions';
import { NEW_CODE_PREFIX } from '../../nodes/OnePasswordEvents/shared/filters';
import * as reference from '../reference/eventsApiReference';

// The title-case function n8n's lint (eslint-plugin-n8n-nodes-base) checks names with.
const { titleCase } = createRequire(require.resolve('eslint-plugin-n8n-nodes-base'))(
	'title-case',
) as { titleCase: (text: string) => string };

const filters = filtersProperty.options as INodeProperties[];
const filter = (name: string): INodeProperties => {
	const found = filters.find((property) => property.name === name);
	if (!found) throw new Error(`no filter named ${name}`);
	return found;
};
const optionsOf = (name: string) => filter(name).options as INodePropertyOptions[];
const sorted = (values: Iterable<string>) => [...values].sort();

describe('the Filters collection', () => {
	it('offers these filters, sorted by display name as n8n lists them', () => {
		expect(filters.map((property) => [property.displayName, property.name])).toEqual([
			['Audit Actions', 'auditActionList'],
			['Audit Object Types', 'auditObjectTypeList'],
			['Item Usage Actions', 'itemUsageActions'],
			['Match User Emails Against', 'userEmailsMatch'],
			['Other Audit Action Codes', 'auditActions'],
			['Other Audit Object Types', 'auditObjectTypes'],
			['Sign-In Categories', 'signInCategories'],
			['Sign-In Result', 'signInResult'],
			['Sign-In Types', 'signInTypes'],
			['User Emails', 'userEmails'],
			['Vault UUIDs', 'vaultUuids'],
		]);
		const displayNames = filters.map((property) => property.displayName);
		expect([...displayNames].sort((a, b) => a.localeCompare(b))).toEqual(displayNames);
	});

	it('keeps the saved text fields as text, for workflows saved before the lists', () => {
		for (const name of ['auditActions', 'auditObjectTypes'])
			expect([name, filter(name).type, filter(name).default]).toEqual([name, 'string', '']);
		for (const name of ['auditActionList', 'auditObjectTypeList', 'signInTypes'])
			expect([name, filter(name).type, filter(name).default]).toEqual([name, 'multiOptions', []]);
	});

	it('tells how to enter a new code close to a documented one', () => {
		for (const name of ['auditActions', 'auditObjectTypes'])
			expect(filter(name).description).toContain(NEW_CODE_PREFIX);
	});

	it('matches User Emails against who did it unless told otherwise, as before', () => {
		const match = filter('userEmailsMatch');
		expect(match.default).toBe('actor');
		expect(
			(match.options as INodePropertyOptions[]).map((option) => [option.name, option.value]),
		).toEqual([
			['Who Did It', 'actor'],
			['Person Acted On', 'target'],
			['Either', 'either'],
		]);
		expect(filter('userEmails').description).toContain('Match User Emails Against');
	});
});

describe.each([
	['auditActionList', AUDIT_ACTION_WORDS, reference.AUDIT_ACTIONS, 79],
	['auditObjectTypeList', AUDIT_OBJECT_TYPE_WORDS, reference.AUDIT_OBJECT_TYPES, 30],
	['signInTypes', SIGN_IN_TYPE_WORDS, reference.SIGN_IN_TYPES, 31],
] as Array<[string, Readonly<Record<string, string>>, readonly string[], number]>)(
	'the %s options',
	(name, words, documented, count) => {
		const options = optionsOf(name);

		it(`offer every code of the catalogue and the reference, once each (${count})`, () => {
			const values = options.map((option) => option.value as string);
			expect(values).toHaveLength(count);
			expect(new Set(values).size).toBe(count);
			expect(sorted(values)).toEqual(sorted(Object.keys(words)));
			expect(sorted(values)).toEqual(sorted(documented));
		});

		it('name each code by its words in title case, with the code after them', () => {
			for (const option of options) {
				const code = option.value as string;
				const suffix = ` (${code})`;
				expect(option.name.endsWith(suffix)).toBe(true);
				const readable = option.name.slice(0, -suffix.length);
				expect(readable.toLowerCase()).toBe(words[code].toLowerCase());
				expect(titleCase(readable)).toBe(readable);
			}
			expect(new Set(options.map((option) => option.name)).size).toBe(options.length);
		});

		it('are sorted by name, as the lint compares them', () => {
			const names = options.map((option) => option.name);
			expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
		});
	},
);

describe('option names', () => {
	it.each([
		['auditActionList', 'disblmfa', 'Disabled Two-Factor Authentication (disblmfa)'],
		['auditActionList', 'trvlaway', 'Turned On Travel Mode (trvlaway)'],
		['auditObjectTypeList', 'gva', 'Group Vault Access (gva)'],
		['signInTypes', 'totp_bad', 'Wrong One-Time Password (totp_bad)'],
		['signInTypes', 'ip_blocked', 'Blocked: IP Address Not Allowed (ip_blocked)'],
	])('%s shows %s as %p', (name, code, shown) => {
		expect(optionsOf(name).find((option) => option.value === code)?.name).toBe(shown);
	});
});
