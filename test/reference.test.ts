/**
 * Both catalogues against 1Password's documentation, never against each other: the node's
 * readable words (shared/auditCatalogue.ts, shared/eventTypes.ts) and the emulator's generator
 * (emulator/catalogue.ts) are each compared with test/reference/eventsApiReference.ts, a hand
 * transcription of the Events API reference. If the node and the emulator made the same mistake,
 * a node-vs-emulator check would pass; these do not.
 */
import {
	AUDIT_ACTION_WORDS,
	AUDIT_OBJECT_TYPE_WORDS,
	SIGN_IN_TYPE_WORDS,
	readableAuditAction,
	readableAuditObjectType,
	readableSignInType,
} from '../nodes/OnePasswordEvents/shared/auditCatalogue';
import {
	ITEM_USAGE_ACTIONS as NODE_ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES as NODE_SIGN_IN_CATEGORIES,
} from '../nodes/OnePasswordEvents/shared/eventTypes';
import * as emulator from '../emulator/catalogue';
import { createCast } from '../emulator/cast';
import { hashString } from '../emulator/prng';
import {
	RecordFactory,
	type AuditEventRecord,
	type SignInAttemptRecord,
} from '../emulator/records';
import * as reference from './reference/eventsApiReference';

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** Codes in `actual` the reference does not document, and documented codes `actual` lacks. */
function differences(
	actual: Iterable<string>,
	documented: readonly string[],
): { undocumented: string[]; missing: string[] } {
	const have = new Set(actual);
	return {
		undocumented: sorted([...have].filter((code) => !documented.includes(code))),
		missing: sorted(documented.filter((code) => !have.has(code))),
	};
}

const NONE = { undocumented: [], missing: [] };

describe('the reference transcription', () => {
	it('holds the counts the reference documents, each code once', () => {
		const lists: Array<[readonly string[], number]> = [
			[reference.AUDIT_ACTIONS, 79],
			[reference.AUDIT_OBJECT_TYPES, 30],
			[reference.SIGN_IN_TYPES, 31],
			[reference.SIGN_IN_CATEGORIES, 7],
			[reference.ITEM_USAGE_ACTIONS, 11],
		];
		for (const [list, count] of lists) {
			expect(list).toHaveLength(count);
			expect(new Set(list).size).toBe(count);
		}
	});
});

describe("the node's catalogue", () => {
	const tables: Array<[string, Readonly<Record<string, string>>, readonly string[]]> = [
		['audit actions', AUDIT_ACTION_WORDS, reference.AUDIT_ACTIONS],
		['audit object types', AUDIT_OBJECT_TYPE_WORDS, reference.AUDIT_OBJECT_TYPES],
		['sign-in types', SIGN_IN_TYPE_WORDS, reference.SIGN_IN_TYPES],
	];

	it.each(tables)('%s: exactly the documented codes', (_name, words, documented) => {
		expect(differences(Object.keys(words), documented)).toEqual(NONE);
	});

	it.each(tables)('%s: every code has readable words', (_name, words) => {
		for (const [code, text] of Object.entries(words)) {
			// Words, not another code: letters, spaces and light punctuation, no underscores.
			expect({ code, text }).toEqual({
				code,
				text: expect.stringMatching(/^[A-Za-z][A-Za-z :,-]*[a-z]$/),
			});
		}
	});

	it('audit actions read as something done, never as the bare code', () => {
		for (const [code, text] of Object.entries(AUDIT_ACTION_WORDS)) expect(text).not.toBe(code);
		expect(readableAuditAction('disblmfa')).toBe('disabled two-factor authentication');
		expect(readableAuditObjectType('vault')).toBe('vault');
		expect(readableSignInType('u2f_timeout')).toBe('security key timed out');
	});

	it('passes codes 1Password adds later through unchanged', () => {
		for (const code of ['newaction', 'constructor', 'toString', '__proto__', '']) {
			expect(readableAuditAction(code)).toBe(code);
			expect(readableAuditObjectType(code)).toBe(code);
			expect(readableSignInType(code)).toBe(code);
		}
	});

	it('item usage actions and sign-in categories are the documented ones', () => {
		expect(differences(NODE_ITEM_USAGE_ACTIONS, reference.ITEM_USAGE_ACTIONS)).toEqual(NONE);
		expect(differences(NODE_SIGN_IN_CATEGORIES, reference.SIGN_IN_CATEGORIES)).toEqual(NONE);
	});
});

describe("the emulator's catalogue", () => {
	it('audit templates use only documented actions and object types, and cover all of them', () => {
		const actions = emulator.AUDIT_TEMPLATES.map((template) => template.action);
		const objectTypes = emulator.AUDIT_TEMPLATES.map((template) => template.objectType);
		expect(differences(actions, reference.AUDIT_ACTIONS)).toEqual(NONE);
		expect(differences(objectTypes, reference.AUDIT_OBJECT_TYPES)).toEqual(NONE);
		expect(differences(emulator.AUDIT_ACTIONS, reference.AUDIT_ACTIONS)).toEqual(NONE);
		expect(differences(emulator.AUDIT_OBJECT_TYPES, reference.AUDIT_OBJECT_TYPES)).toEqual(NONE);
	});

	it('sign-in types and categories are the documented ones, all of them', () => {
		const byCategory = emulator.SIGN_IN_TYPES_BY_CATEGORY;
		expect(differences(Object.keys(byCategory), reference.SIGN_IN_CATEGORIES)).toEqual(NONE);
		expect(differences(Object.values(byCategory).flat(), reference.SIGN_IN_TYPES)).toEqual(NONE);
		expect(differences(emulator.SIGN_IN_TYPES, reference.SIGN_IN_TYPES)).toEqual(NONE);
		expect(differences(emulator.SIGN_IN_CATEGORIES, reference.SIGN_IN_CATEGORIES)).toEqual(NONE);
	});

	it('item usage actions are the documented ones, all of them', () => {
		expect(differences(emulator.ITEM_USAGE_ACTIONS, reference.ITEM_USAGE_ACTIONS)).toEqual(NONE);
	});

	it('generated records carry only documented codes, and in time every one of them', () => {
		const seed = hashString('reference-test');
		const factory = new RecordFactory(seed, createCast(seed));
		const start = Date.UTC(2026, 0, 1);
		const audit = Array.from(
			{ length: 5000 },
			(_, seq) => factory.create('auditevents', seq, start + seq * 1000, 2) as AuditEventRecord,
		);
		const signIns = Array.from(
			{ length: 5000 },
			(_, seq) =>
				factory.create('signinattempts', seq, start + seq * 1000, 2) as SignInAttemptRecord,
		);
		expect(
			differences(
				audit.map((event) => event.action),
				reference.AUDIT_ACTIONS,
			),
		).toEqual(NONE);
		expect(
			differences(
				audit.map((event) => event.object_type),
				reference.AUDIT_OBJECT_TYPES,
			),
		).toEqual(NONE);
		expect(
			differences(
				signIns.map((attempt) => attempt.type),
				reference.SIGN_IN_TYPES,
			),
		).toEqual(NONE);
	});
});
