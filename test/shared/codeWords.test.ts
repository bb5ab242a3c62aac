/**
 * Every code 1Password documents reads as words in simplified output, and a code it adds later
 * passes through. The codes come from the hand transcription of the reference
 * (test/reference/eventsApiReference.ts) and, for item usage actions and sign-in categories, are
 * typed again here from shared/events-api.md; never from the node's catalogue.
 */
import {
	AUDIT_OBJECT_TYPE_WORDS,
	readableAuditAction,
	readableAuditObjectType,
	readableItemUsageAction,
	readableSignInCategory,
	readableSignInType,
} from '../../nodes/OnePasswordEvents/shared/auditCatalogue';
import { EVENT_TYPES } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import {
	AUDIT_ACTIONS,
	AUDIT_OBJECT_TYPES,
	ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES,
	SIGN_IN_TYPES,
} from '../reference/eventsApiReference';

/** Object types that are already a plain English word: their words are the code itself. */
const OBJECT_TYPES_ALREADY_WORDS = [
	'account',
	'device',
	'file',
	'group',
	'item',
	'items',
	'report',
	'template',
	'user',
	'vault',
];

function expectReadable(words: string): void {
	expect(typeof words).toBe('string');
	expect(words.trim()).not.toBe('');
	expect(words).toBe(words.trim());
	expect(words).not.toContain('_');
	expect(words).not.toMatch(/[\r\n]|\s{2}/);
}

describe('documented codes read as words', () => {
	it('the lists typed here match the reference transcription in length', () => {
		expect(AUDIT_ACTIONS).toHaveLength(79);
		expect(AUDIT_OBJECT_TYPES).toHaveLength(30);
		expect(SIGN_IN_TYPES).toHaveLength(31);
		expect(ITEM_USAGE_ACTIONS).toHaveLength(11);
		expect(SIGN_IN_CATEGORIES).toHaveLength(7);
	});

	it.each(AUDIT_ACTIONS)('audit action %s', (code) => {
		const words = readableAuditAction(code);
		expectReadable(words);
		expect(words).not.toBe(code);
	});

	it.each(AUDIT_OBJECT_TYPES)('audit object type %s', (code) => {
		const words = readableAuditObjectType(code);
		expectReadable(words);
		if (OBJECT_TYPES_ALREADY_WORDS.includes(code)) {
			expect(words).toBe(code);
			// Listed on purpose, not passed through as an unknown code.
			expect(Object.prototype.hasOwnProperty.call(AUDIT_OBJECT_TYPE_WORDS, code)).toBe(true);
		} else expect(words).not.toBe(code);
	});

	it('every object type listed as already a word is documented', () => {
		for (const code of OBJECT_TYPES_ALREADY_WORDS)
			expect(AUDIT_OBJECT_TYPES as readonly string[]).toContain(code);
	});

	it.each(SIGN_IN_TYPES)('sign-in type %s', (code) => {
		const words = readableSignInType(code);
		expectReadable(words);
		expect(words).not.toBe(code);
	});

	it.each(ITEM_USAGE_ACTIONS)('item usage action %s', (code) => {
		const words = readableItemUsageAction(code);
		expectReadable(words);
		expect(words).not.toBe(code);
		expect(words).not.toMatch(/^used \(/);
	});

	it.each(SIGN_IN_CATEGORIES)('sign-in category %s', (code) => {
		const words = readableSignInCategory(code);
		expectReadable(words);
		expect(words).not.toBe(code);
	});

	it('a few words, checked by hand', () => {
		expect(readableAuditAction('disblmfa')).toBe('disabled two-factor authentication');
		expect(readableAuditAction('suspend')).toBe('suspended');
		expect(readableAuditObjectType('gva')).toBe('group vault access');
		expect(readableSignInType('password_secret_bad')).toBe('wrong password or Secret Key');
		expect(readableItemUsageAction('reveal')).toBe('revealed');
		expect(readableItemUsageAction('secure-copy')).toBe('copied');
		expect(readableSignInCategory('firewall_failed')).toBe('blocked by the firewall');
		expect(readableSignInCategory('firewall_reported_success')).toBe(
			'let through by a firewall rule that only reports',
		);
		expect(readableSignInType('all_blocked')).toBe('blocked: all locations are blocked');
	});
});

describe('undocumented codes pass through', () => {
	it.each([
		'zorble',
		'new_code',
		'Create',
		'constructor',
		'toString',
		'__proto__',
		'hasOwnProperty',
	])('%s', (code) => {
		expect(readableAuditAction(code)).toBe(code);
		expect(readableAuditObjectType(code)).toBe(code);
		expect(readableSignInType(code)).toBe(code);
		expect(readableSignInCategory(code)).toBe(code);
		expect(readableItemUsageAction(code)).toBe(`used (${code})`);
	});

	it('the old misspelled sign-in type is not guessed at', () => {
		expect(readableSignInType('u2f_timout')).toBe('u2f_timout');
	});
});

describe('words in simplified items and their summary', () => {
	it.each(AUDIT_ACTIONS)('audit action %s', (action) => {
		const words = readableAuditAction(action);
		const item = EVENT_TYPES.auditEvents.simplify({
			uuid: 'A-1',
			action,
			object_type: 'vault',
			object_uuid: 'vault-fin-01',
			actor_details: { name: 'Carol Admin' },
		});
		expect(item.action).toBe(action);
		expect(item.actionText).toBe(words);
		expect(item.summary).toContain(`Carol Admin ${words} `);
		expect(item.summary).toContain('vault vault-fin-01');
	});

	it.each(AUDIT_OBJECT_TYPES)('audit object type %s', (objectType) => {
		const words = readableAuditObjectType(objectType);
		const item = EVENT_TYPES.auditEvents.simplify({
			action: 'update',
			object_type: objectType,
			object_uuid: 'OBJ-1',
		});
		expect(item.objectType).toBe(objectType);
		expect(item.objectTypeText).toBe(words);
		// The account is "the account"; a user's or group's access to a vault is the vault itself;
		// every other type is named in the sentence.
		if (objectType === 'account') expect(item.summary).toBe('Someone updated the account');
		else if (objectType === 'uva' || objectType === 'gva')
			expect(item.summary).toBe('Someone updated vault OBJ-1');
		else expect(item.summary).toContain(words);
	});

	it.each(SIGN_IN_TYPES)('sign-in type %s', (type) => {
		const words = readableSignInType(type);
		const item = EVENT_TYPES.signInAttempts.simplify({ category: 'credentials_failed', type });
		expect(item.action).toBe(type);
		expect(item.actionText).toBe(words);
		expect(item.summary).toBe(`Failed sign-in for Someone (${words})`);
	});

	it.each(ITEM_USAGE_ACTIONS)('item usage action %s', (action) => {
		const words = readableItemUsageAction(action);
		const item = EVENT_TYPES.itemUsages.simplify({ action, item_uuid: 'I-1', vault_uuid: 'V-1' });
		expect(item.actionText).toBe(words);
		expect(item.summary).toBe(`Someone ${words} item I-1 in vault V-1`);
	});

	it.each(SIGN_IN_CATEGORIES)('sign-in category %s', (category) => {
		const item = EVENT_TYPES.signInAttempts.simplify({ category });
		expect(item.outcome).toBe(category);
		const words = readableSignInCategory(category);
		expect(item.outcomeText).toBe(words);
		// Without a type, the category says why a sign-in failed.
		if (category === 'success') expect(item.summary).toBe('Someone signed in');
		else if (category === 'firewall_reported_success')
			expect(item.summary).toBe(`Someone signed in (${words})`);
		else expect(item.summary).toBe(`Failed sign-in for Someone (${words})`);
	});
});
