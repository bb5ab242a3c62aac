/**
 * Event > Get Many with Output "Summary (Counts)": one item of counts over the whole range, by
 * action, user, vault, country and outcome, so that "who revealed the most items this week" is
 * answered without thousands of items in an AI model's context. Only counters are held: memory
 * grows with the number of distinct values (at most `maxKeys` per dimension, the rest counted in
 * `other`), never with the number of events.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	readableAuditAction,
	readableAuditObjectType,
	readableItemUsageAction,
	readableSignInCategory,
	readableSignInType,
} from '../../shared/auditCatalogue';
import { readCountry } from '../../shared/country';
import { SIGN_IN_SUCCESS_CATEGORIES } from '../../shared/eventTypes';
import type { EventRecord, EventTypeKey } from '../../shared/eventTypes';

export interface SummaryLimits {
	/** Entries listed per dimension, the most frequent first; the rest is counted in `other`. */
	top: number;
	/** Distinct values counted per dimension; events with a value beyond these go to `other`. */
	maxKeys: number;
}

/** The limits Get Many uses. An object (not constants) so that tests can shrink them. */
export const SUMMARY_LIMITS: SummaryLimits = { top: 25, maxKeys: 10_000 };

export type Dimension =
	'byAction' | 'byUser' | 'byVault' | 'byCountry' | 'byOutcome' | 'byObjectType';

/** One entry of a dimension's list. `value` is null for events that carry no such value. */
export interface SummaryEntry {
	value: string | null;
	/** Readable words for a code, or a user's name; left out when there is nothing to add. */
	label?: string;
	count: number;
}

/** What an event gives for one dimension: its value (undefined: none) and a label for it. */
interface Reading {
	value?: string;
	label?: string;
}

type Reader = (record: EventRecord) => Reading;

function object(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A code and its readable words (left out when they are the code itself). */
function code(value: unknown, words: (code: string) => string): Reading {
	const found = text(value);
	if (found === undefined) return {};
	const label = words(found);
	return label === found ? { value: found } : { value: found, label };
}

/** A person by email (lower case: the same person in any case), else name, else uuid. */
function person(details: unknown, fallbackUuid?: unknown): Reading {
	const who = object(details);
	const email = text(who.email)?.toLowerCase();
	const name = text(who.name);
	if (email !== undefined) return { value: email, label: name };
	if (name !== undefined) return { value: name };
	const uuid = text(who.uuid) ?? text(fallbackUuid);
	return uuid === undefined ? {} : { value: uuid };
}

/** The ISO code when one is known, else the country as 1Password sent it. */
function country(...values: unknown[]): Reading {
	const found = readCountry(...values);
	const value = found.code ?? found.name;
	return value === undefined ? {} : { value };
}

/** The dimensions of each event type and where a record keeps them. */
const DIMENSIONS: Record<EventTypeKey, Partial<Record<Dimension, Reader>>> = {
	itemUsages: {
		byAction: (record) => code(record.action, readableItemUsageAction),
		byUser: (record) => person(record.user),
		byVault: (record) => ({ value: text(record.vault_uuid) }),
		byCountry: (record) => country(object(record.location).country),
	},
	signInAttempts: {
		// The sign-in type says what happened, as `action` does on simplified items.
		byAction: (record) => code(record.type, readableSignInType),
		byUser: (record) => person(record.target_user),
		byCountry: (record) => country(object(record.location).country, record.country),
		byOutcome: (record) => code(record.category, readableSignInCategory),
	},
	auditEvents: {
		byAction: (record) => code(record.action, readableAuditAction),
		byUser: (record) => person(record.actor_details, record.actor_uuid),
		byCountry: (record) => country(object(record.location).country),
		byObjectType: (record) => code(record.object_type, readableAuditObjectType),
	},
};

/** The key of events without a value: no string value can be it. */
const NONE = Symbol('none');

class Counter {
	readonly counts = new Map<string | typeof NONE, number>();
	readonly labels = new Map<string, string>();
	/** Events whose value was not counted because `maxKeys` values were counted already. */
	overflow = 0;

	constructor(private readonly maxKeys: number) {}

	add(reading: Reading): void {
		const key = reading.value ?? NONE;
		const count = this.counts.get(key);
		if (count !== undefined) {
			this.counts.set(key, count + 1);
			return;
		}
		if (this.counts.size >= this.maxKeys) {
			this.overflow++;
			return;
		}
		this.counts.set(key, 1);
		if (reading.value !== undefined && reading.label !== undefined)
			this.labels.set(reading.value, reading.label);
	}

	/** The `top` most frequent values (count descending, then value), and what the rest counts. */
	result(top: number): { entries: SummaryEntry[]; other: number } {
		const all: SummaryEntry[] = [];
		for (const [key, count] of this.counts) {
			const value = key === NONE ? null : key;
			const label = value === null ? undefined : this.labels.get(value);
			all.push(label === undefined ? { value, count } : { value, label, count });
		}
		all.sort(compareEntries);
		const entries = all.slice(0, top);
		let other = this.overflow;
		for (const entry of all.slice(top)) other += entry.count;
		return { entries, other };
	}
}

/** Count descending, then value ascending (code-point order), events without a value last. */
export function compareEntries(a: SummaryEntry, b: SummaryEntry): number {
	if (a.count !== b.count) return b.count - a.count;
	if (a.value === b.value) return 0;
	if (a.value === null) return 1;
	if (b.value === null) return -1;
	return a.value < b.value ? -1 : 1;
}

function timestampOf(record: EventRecord): number {
	return typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
}

export class EventSummarizer {
	total = 0;
	private successes = 0;
	private first = Number.POSITIVE_INFINITY;
	private last = Number.NEGATIVE_INFINITY;
	private readonly counters: Array<[Dimension, Reader, Counter]>;

	constructor(
		private readonly eventType: EventTypeKey,
		private readonly limits: SummaryLimits = SUMMARY_LIMITS,
	) {
		this.counters = Object.entries(DIMENSIONS[eventType]).map(([dimension, reader]) => [
			dimension as Dimension,
			reader,
			new Counter(limits.maxKeys),
		]);
	}

	/** Counts one record as the API sent it (raw). */
	add(record: EventRecord): void {
		this.total++;
		for (const [, reader, counter] of this.counters) counter.add(reader(record));
		const at = timestampOf(record);
		if (at < this.first) this.first = at;
		if (at > this.last) this.last = at;
		if (this.eventType === 'signInAttempts') {
			const category = record.category;
			if (typeof category === 'string' && SIGN_IN_SUCCESS_CATEGORIES.includes(category))
				this.successes++;
		}
	}

	/**
	 * The summary item. Each `by…` list holds the most frequent values; `other.by…` counts the
	 * events of all the values not listed, so a list's counts plus its `other` make `total`.
	 */
	result(range: { startTime: string; endTime: string }): IDataObject {
		const isoOrNull = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
		const summary: IDataObject = {
			eventType: this.eventType,
			startTime: range.startTime,
			endTime: range.endTime,
			total: this.total,
			firstEventAt: isoOrNull(this.first),
			lastEventAt: isoOrNull(this.last),
		};
		if (this.eventType === 'signInAttempts') {
			summary.successes = this.successes;
			summary.failures = this.total - this.successes;
		}
		const other: IDataObject = {};
		for (const [dimension, , counter] of this.counters) {
			const { entries, other: rest } = counter.result(this.limits.top);
			summary[dimension] = entries as unknown as IDataObject[];
			other[dimension] = rest;
		}
		summary.other = other;
		return summary;
	}
}
