/**
 * The oracle: what the trigger must do, written from the DOCUMENTED behaviour only
 * (../shared/events-api.md, ../shared/n8n-polling.md, emulator/README.md, the trigger's parameter
 * descriptions and the contract in issue #11). Nothing here imports the node's code: its filters,
 * positions, de-duplication and time handling are re-derived from the documents, so a mistake in
 * the node is not shared by its judge.
 *
 * The oracle keeps an ABSTRACT picture of the trigger's static data (which event types have a
 * stream position, and the latest time that position's start can be) and moves it along with
 * n8n's engines exactly as they move the real static data (see engines.ts). From that picture it
 * derives, per produced event, whether delivery is REQUIRED, ALLOWED or FORBIDDEN:
 *
 * - a stream started at S delivers the events with timestamp >= S (emulator 'timestamp' bounds)
 *   or that arrived at or after S ('arrival' bounds); the start S of a stream is only known to lie
 *   in [lo, hi] (the poll that seeded it ran between two instants, times go out in whole seconds);
 * - a position is kept only where the engine keeps the static data the poll wrote;
 * - Start From applies to a type with no position; removing a type forgets it;
 * - filters: an event must match the filter of the poll that delivered it, and is required when it
 *   matches every filter in effect from its arrival to the end;
 * - an event is excused when its stream's cursor was refused and the trigger said so (sentence
 *   "Events timestamped at or before X that reached 1Password after Y may be missing"), or when it
 *   had left the 120-day retention before the trigger can have read it;
 * - a duplicate is excused once per crash after delivery (that poll's items only), and once per
 *   re-added type whose fresh stream re-reads its Start From window.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { LogLine } from '../n8n/pollContext';
import { EMU_TYPE_OF, TYPE_KEY_OF } from './program';
import type { EmuType, Semantics, SettingsSpec } from './program';
import { DAY_MS, MINUTE_MS, RETENTION_MS, SECOND_MS, iso, parseRfc3339 } from './time';

/** What the abstract static data says about one event type's position. */
export interface ModelEntry {
	/** 'yes': a successful poll certainly stored a position; 'maybe': a poll may have. */
	status: 'yes' | 'maybe';
	/** Latest possible start of the stream this position belongs to. */
	hi: number;
}

export interface ModelPositions {
	entries: Map<EmuType, ModelEntry>;
	/** Types whose position a successful poll forgot because the type was removed. */
	forgotten: Set<EmuType>;
}

export function emptyModel(): ModelPositions {
	return { entries: new Map(), forgotten: new Set() };
}

export function cloneModel(model: ModelPositions): ModelPositions {
	return {
		entries: new Map([...model.entries].map(([type, entry]) => [type, { ...entry }])),
		forgotten: new Set(model.forgotten),
	};
}

/**
 * What a poll may find when it can be given either of two states: under the poll scheduler the
 * trigger may resume from its in-process progress cache instead of the copy n8n hands it. A type
 * is certainly positioned only if both have it, and its start is at most the later of the two.
 */
export function mergeModels(
	given: ModelPositions,
	cached: ModelPositions | undefined,
): ModelPositions {
	if (!cached) return cloneModel(given);
	const merged = emptyModel();
	for (const type of new Set([...given.entries.keys(), ...cached.entries.keys()])) {
		const a = given.entries.get(type);
		const b = cached.entries.get(type);
		const status = a?.status === 'yes' && b?.status === 'yes' ? 'yes' : 'maybe';
		merged.entries.set(type, { status, hi: Math.max(a?.hi ?? -Infinity, b?.hi ?? -Infinity) });
	}
	for (const type of [...given.forgotten, ...cached.forgotten]) merged.forgotten.add(type);
	return merged;
}

export interface ResolvedSettings {
	version: number;
	spec: SettingsSpec;
	/** Start Date in ms, when start is a date (resolved when the setting was made). */
	startDateMs?: number;
	/** When this version was published (virtual ms). */
	since: number;
}

export interface EventInfo {
	type: EmuType;
	uuid: string;
	/** Order of arrival in its type's log (0-based, counted by the harness). */
	seq: number;
	tsMs: number;
	arrivalMs: number;
	/** Settings version in effect when it arrived. */
	version: number;
	action?: string;
	category?: string;
	kind: 'history' | 'onTime' | 'late' | 'future';
	deliveries: number;
	/** Virtual end time of the first poll that delivered it. */
	firstDeliveredAt?: number;
	/** Excuses for extra deliveries, consumed in order. */
	credits: string[];
}

export interface StatsDelta {
	requests: number;
	byStatus: Record<string, number>;
	faults: Record<string, number>;
}

export interface PollRecord {
	processId: string;
	label: string;
	settings: ResolvedSettings;
	startedAt: number;
	endedAt: number;
	realMs: number;
	result: INodeExecutionData[][] | null;
	threw: boolean;
	error?: unknown;
	logs: LogLine[];
	staticData: IDataObject;
	/** Emulator traffic during the poll; undefined when polls overlapped (traffic is shared). */
	stats?: StatsDelta;
	firstInProcess: boolean;
	/** The items reached n8n (false for a poll cut off by a crash). */
	delivered: boolean;
	/** Started together with another tick of the same workflow (which may legitimately make it do nothing). */
	overlapped: boolean;
	/** Event types the credential's token may not read (its scope). */
	tokenLacks: EmuType[];
	/** The abstract copy the poll read; updated here as the poll's commit would. */
	model: ModelPositions;
}

export interface Violation {
	property: string;
	detail: string;
	step: string;
	/** Journal line count when it was found (see runner.ts). */
	journalAt?: number;
}

export interface RefusalExcuse {
	type: EmuType | undefined;
	timestampedAtOrBefore: number;
	arrivedAfter: number;
}

export interface OracleFigures {
	produced: number;
	delivered: number;
	duplicated: Record<string, number>;
	lost: number;
	excused: Record<string, number>;
	notRequired: Record<string, number>;
	polls: number;
	failedPolls: number;
	maxStaticDataBytes: number;
	maxPollRealMs: number;
}

type ErrorClass = 'lasting' | 'passing' | 'refusal' | 'settings' | 'other';

interface ProcessTrack {
	/** Per poll, whether it met a passing problem (faults or 429/5xx/no answer). */
	troubleRun: number;
	lastThrow: Map<string, number>;
	/** Whether a lasting-problem report is outstanding since the last clean poll. */
	lastingReported: Map<string, number>;
	refusalsServed: number;
	refusalReports: number;
}

const STATIC_DATA_LIMIT = 64 * 1024;
const NEUTRAL_FAULTS = new Set([
	'redeliver',
	'empty-has-more',
	'malformed-records',
	'429-retry-after',
]);

export interface OracleOptions {
	semantics: Semantics;
	pollBudgetMs: number;
	/** Allowed overrun of a poll's wall time past its budget. */
	budgetMarginMs: number;
	/** Tokens (and their secret parts) that must never appear anywhere. */
	secrets: () => string[];
	/** Current step label, for violation reports. */
	stepLabel: () => string;
	/** Stop collecting after this many violations (a broken trigger can produce thousands). */
	maxViolations?: number;
	/** Lines written to the run's journal so far. */
	journalPosition?: () => number;
}

/** The type an item names in `event_type` (singular or plural, any case: the README does not fix the spelling). */
export function typeOfItem(value: unknown): EmuType | undefined {
	if (typeof value !== 'string') return undefined;
	const word = value
		.toLowerCase()
		.replace(/[^a-z]/g, '')
		.replace(/s$/, '');
	return word === 'itemusage'
		? 'itemusages'
		: word === 'signinattempt'
			? 'signinattempts'
			: word === 'auditevent'
				? 'auditevents'
				: undefined;
}

const TYPE_WORDS: Array<[RegExp, EmuType]> = [
	[/item usages?/i, 'itemusages'],
	[/sign-in attempts?/i, 'signinattempts'],
	[/audit events?/i, 'auditevents'],
];

export class Oracle {
	readonly events = new Map<string, EventInfo>();
	private readonly byType: Record<EmuType, EventInfo[]> = {
		itemusages: [],
		signinattempts: [],
		auditevents: [],
	};
	readonly versions: ResolvedSettings[] = [];
	readonly violations: Violation[] = [];
	readonly excuses: RefusalExcuse[] = [];
	private readonly minLo = new Map<EmuType, number>();
	/** 400 answers (refused cursors) served during polls, over all processes. */
	private refusalsServed = 0;
	private readonly processes = new Map<string, ProcessTrack>();
	readonly figures: OracleFigures = {
		produced: 0,
		delivered: 0,
		duplicated: {},
		lost: 0,
		excused: {},
		notRequired: {},
		polls: 0,
		failedPolls: 0,
		maxStaticDataBytes: 0,
		maxPollRealMs: 0,
	};
	/** Messages of thrown errors, counted (for the report). */
	readonly failureMessages = new Map<string, number>();

	constructor(private readonly options: OracleOptions) {}

	get current(): ResolvedSettings {
		return this.versions[this.versions.length - 1];
	}

	publish(spec: SettingsSpec, startDateMs: number | undefined, now: number): ResolvedSettings {
		const resolved: ResolvedSettings = {
			version: this.versions.length,
			spec: structuredClone(spec),
			startDateMs,
			since: now,
		};
		this.versions.push(resolved);
		return resolved;
	}

	violate(property: string, detail: string): void {
		if (this.violations.length >= (this.options.maxViolations ?? 200)) return;
		this.violations.push({
			property,
			detail,
			step: this.options.stepLabel(),
			journalAt: this.options.journalPosition?.(),
		});
	}

	/** Records events the emulator appended (its inject() answer), with their arrival time. */
	produced(
		type: EmuType,
		records: ReadonlyArray<Record<string, unknown>>,
		arrivalMs: number,
		kind: EventInfo['kind'],
	): void {
		const list = this.byType[type];
		for (const record of records) {
			const uuid = String(record.uuid);
			const key = `${type}:${uuid}`;
			if (this.events.has(key)) {
				this.violate('emulator', `the emulator produced ${key} twice`);
				continue;
			}
			const info: EventInfo = {
				type,
				uuid,
				seq: list.length,
				tsMs: parseRfc3339(record.timestamp),
				arrivalMs,
				version: this.current.version,
				action: typeof record.action === 'string' ? record.action : undefined,
				category: typeof record.category === 'string' ? record.category : undefined,
				kind,
				deliveries: 0,
				credits: [],
			};
			if (!Number.isFinite(info.tsMs))
				this.violate(
					'emulator',
					`record ${key} has an unreadable timestamp ${String(record.timestamp)}`,
				);
			list.push(info);
			this.events.set(key, info);
			this.figures.produced++;
		}
	}

	/**
	 * Filters as the parameter descriptions and README define them, on the raw record. `lenient`:
	 * where the documents leave the answer open (a sign-in attempt without a category under a
	 * Sign-In Result filter), count it as matching; otherwise as not matching.
	 */
	matches(settings: ResolvedSettings, event: EventInfo, lenient = false): boolean {
		const spec = settings.spec;
		if (event.type === 'itemusages' && spec.itemUsageActions.length > 0) {
			const wanted = new Set(spec.itemUsageActions.map((action) => action.toLowerCase()));
			if (typeof event.action !== 'string' || !wanted.has(event.action.toLowerCase())) return false;
		}
		if (event.type === 'signinattempts' && spec.signInResult !== 'any') {
			if (event.category === undefined) return lenient;
			// "Firewall Reported Success counts as a success; any category 1Password adds later counts as a failure."
			const success =
				event.category === 'success' || event.category === 'firewall_reported_success';
			if (spec.signInResult === 'successes' ? !success : success) return false;
		}
		return true;
	}

	private selected(settings: ResolvedSettings): EmuType[] {
		return settings.spec.eventTypes.map((key) => EMU_TYPE_OF[key]);
	}

	/** [lo, hi] of the start a poll running from `startedAt` to `endedAt` gives a new stream, or 'refused'. */
	private startBounds(
		settings: ResolvedSettings,
		startedAt: number,
		endedAt: number,
	): { lo: number; hi: number } | 'refused' | 'edge' {
		const start = settings.spec.start;
		// Times go out with whole seconds: a start can be up to a second earlier than the clock.
		if (start.mode === 'now') return { lo: startedAt - SECOND_MS, hi: endedAt };
		if (start.mode === 'lookback') {
			const span = start.amount * (start.unit === 'days' ? DAY_MS : 60 * MINUTE_MS);
			return { lo: startedAt - span - SECOND_MS, hi: endedAt - span };
		}
		const date = settings.startDateMs as number;
		if (date < startedAt - RETENTION_MS - MINUTE_MS) return 'refused';
		if (date < endedAt - RETENTION_MS + MINUTE_MS) return 'edge';
		return { lo: date - SECOND_MS, hi: date };
	}

	private track(processId: string): ProcessTrack {
		let track = this.processes.get(processId);
		if (!track) {
			track = {
				troubleRun: 0,
				lastThrow: new Map(),
				lastingReported: new Map(),
				refusalsServed: 0,
				refusalReports: 0,
			};
			this.processes.set(processId, track);
		}
		return track;
	}

	private classify(message: string): ErrorClass {
		if (/may be missing/i.test(message)) return 'refusal';
		if (/Start Date|Look Back|Page Size|Max Events|Event Types|filter/i.test(message))
			return 'settings';
		if (
			/rejected the token|refused access|may not read|answered 40[134]\b|\(40[134]\)|could not be found|TLS/i.test(
				message,
			)
		)
			return 'lasting';
		if (
			/rate limit|\(429\)|problem answering|\(5\d\d\)|connection broke|Could not reach|unusable answer|timed out|answered \d+ when/i.test(
				message,
			)
		)
			return 'passing';
		return 'other';
	}

	/** The type named last in a text (the one a following sentence is about). */
	private lastTypeNamed(text: string): EmuType | undefined {
		let best: { at: number; type: EmuType } | undefined;
		for (const [pattern, type] of TYPE_WORDS) {
			for (const match of text.matchAll(new RegExp(pattern.source, 'gi'))) {
				if (!best || (match.index ?? 0) > best.at) best = { at: match.index ?? 0, type };
			}
		}
		return best?.type;
	}

	private typeNamed(text: string): EmuType | undefined {
		const found = TYPE_WORDS.filter(([pattern]) => pattern.test(text)).map(([, type]) => type);
		return found.length === 1 ? found[0] : undefined;
	}

	/** Everything the oracle checks about one poll, then the abstract commit. */
	onPoll(poll: PollRecord): void {
		this.figures.polls++;
		this.figures.maxPollRealMs = Math.max(this.figures.maxPollRealMs, poll.realMs);
		const settings = poll.settings;
		const selected = this.selected(settings);
		const items = poll.result?.[0] ?? [];

		// Bounded polls.
		if (poll.realMs > this.options.pollBudgetMs + this.options.budgetMarginMs) {
			this.violate(
				'poll budget',
				`${poll.label} ran ${poll.realMs} ms (budget ${this.options.pollBudgetMs} ms + ${this.options.budgetMarginMs} ms margin)`,
			);
		}
		const size = JSON.stringify(poll.staticData).length;
		this.figures.maxStaticDataBytes = Math.max(this.figures.maxStaticDataBytes, size);
		if (size > STATIC_DATA_LIMIT)
			this.violate('static data size', `${size} bytes after ${poll.label}`);

		// Errors: n8n's own error classes, a message, and never the token.
		let message = '';
		let description = '';
		if (poll.threw) {
			this.figures.failedPolls++;
			const error = poll.error as { message?: unknown; description?: unknown };
			message = typeof error?.message === 'string' ? error.message : '';
			description = typeof error?.description === 'string' ? error.description : '';
			if (!(poll.error instanceof NodeApiError || poll.error instanceof NodeOperationError)) {
				this.violate(
					'error class',
					`${poll.label} threw ${(poll.error as Error)?.constructor?.name ?? typeof poll.error}: ${message}`,
				);
			}
			if (message.trim() === '')
				this.violate('error message', `${poll.label} threw an error without a message`);
			const shortMessage = message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');
			this.failureMessages.set(shortMessage, (this.failureMessages.get(shortMessage) ?? 0) + 1);
		}
		this.checkSecrets(poll, `${message}\n${description}`, items);

		// First poll after an n8n (re)start, every selected type positioned: null, no request.
		const positioned = selected.every((type) => poll.model.entries.get(type)?.status === 'yes');
		if (poll.firstInProcess && positioned && poll.delivered) {
			if (poll.threw || poll.result !== null)
				this.violate(
					'quiet activation',
					`the first poll after a (re)start ${poll.threw ? `threw "${message}"` : `returned ${items.length} items`} although every selected type had a position`,
				);
			if (poll.stats && poll.stats.requests > 0)
				this.violate(
					'quiet activation',
					`the first poll after a (re)start sent ${poll.stats.requests} requests although every selected type had a position`,
				);
		}

		// The message names the problem. A restart report is recognised by the sentence, or by a
		// message saying delivery restarted (which must then carry the sentence).
		const errorClass = poll.threw
			? /may be missing/i.test(description) ||
				/no longer accepted|delivery restarted/i.test(message)
				? 'refusal'
				: this.classify(message)
			: undefined;
		const bounds = this.startBounds(settings, poll.startedAt, poll.endedAt);
		// Start Date: refused only for a type that has no position.
		const needsStart = selected.filter((type) => poll.model.entries.get(type)?.status !== 'yes');
		const certainlyUnpositioned = selected.filter((type) => !poll.model.entries.has(type));
		if (poll.threw && /Start Date|120 days/i.test(message) && needsStart.length === 0) {
			this.violate(
				'stored position never refused',
				`${poll.label} threw "${message}" although every selected type has a position`,
			);
		}
		const track = this.track(poll.processId);
		if (poll.stats) this.refusalsServed += poll.stats.byStatus['400'] ?? 0;
		if (
			bounds === 'refused' &&
			certainlyUnpositioned.length > 0 &&
			poll.delivered &&
			!poll.overlapped
		) {
			const key = 'start date refused';
			const last = track.lastThrow.get(key);
			if (
				!(poll.threw && /Start Date|120 days|retention/i.test(`${message} ${description}`)) &&
				(last === undefined || poll.startedAt - last > 61 * MINUTE_MS)
			) {
				this.violate(
					'old Start Date refused',
					`${poll.label}: Start Date ${iso(settings.startDateMs as number)} is over 120 days old and ${certainlyUnpositioned.join(', ')} has no position, but the poll ${poll.threw ? `threw "${message}"` : 'did not fail'}`,
				);
			}
		}

		// A token not scoped for a selected type: a lasting problem, so the first poll that meets it fails.
		// (Only where the type has a position: a new 'now' stream is only marked, nothing is read.)
		const unreadable = selected.filter(
			(type) => poll.tokenLacks.includes(type) && poll.model.entries.get(type)?.status === 'yes',
		);
		const quietFirst = poll.firstInProcess && positioned;
		if (unreadable.length > 0 && poll.delivered && !poll.overlapped && !quietFirst && !poll.threw) {
			const reported = [...track.lastThrow.entries()].some(
				([key, at]) =>
					/may not read|refused access|\(403\)/i.test(key) && poll.startedAt - at < 61 * MINUTE_MS,
			);
			if (!reported)
				this.violate(
					'lasting problems fail at once',
					`${poll.label}: the token may not read ${unreadable.join(', ')}, but the poll did not fail (and had not in the last hour)`,
				);
		}

		// Failure policy.
		if (poll.stats && poll.delivered)
			this.checkFailurePolicy(
				poll,
				track,
				errorClass,
				message,
				selected.some((type) => poll.tokenLacks.includes(type)),
			);
		else if (poll.threw) this.recordThrow(track, errorClass, message, poll.startedAt);

		// The refused-cursor report and what it excuses.
		if (poll.threw && errorClass === 'refusal') {
			track.refusalReports++;
			// One sentence per restarted type; a report of several names each type before its sentence.
			const text = `${message} ${description}`;
			const sentences = [
				...text.matchAll(
					/Events timestamped at or before (\S+?) that reached 1Password after (\S+?) may be missing/g,
				),
			];
			if (sentences.length === 0) {
				this.violate(
					'refused cursor report',
					`the report does not carry the sentence with two ISO times: "${message}" / "${description}"`,
				);
			}
			let from = 0;
			for (const sentence of sentences) {
				const atOrBefore = parseRfc3339(sentence[1].replace(/[.,;]$/, ''));
				const after = parseRfc3339(sentence[2].replace(/[.,;]$/, ''));
				const before = text.slice(from, sentence.index);
				from = (sentence.index ?? 0) + sentence[0].length;
				if (!Number.isFinite(atOrBefore) || !Number.isFinite(after))
					this.violate('refused cursor report', `unreadable times in "${sentence[0]}"`);
				else
					this.excuses.push({
						type:
							this.lastTypeNamed(before) ??
							(sentences.length === 1 ? this.typeNamed(message) : undefined),
						timestampedAtOrBefore: atOrBefore,
						arrivedAfter: after,
					});
			}
			// Once per refused cursor per process: a new process may report an earlier refusal again.
			if (track.refusalReports > this.refusalsServed) {
				this.violate(
					'refused cursor reported once',
					`${track.refusalReports} reports in process ${poll.processId} for ${this.refusalsServed} refused cursors in the whole run`,
				);
			}
		}

		// Deliveries.
		if (poll.delivered) this.deliver(poll, items, selected, bounds);

		// The abstract commit: what the poll's single assignment at the end does to the positions.
		this.commit(poll, selected, bounds);
	}

	private checkSecrets(poll: PollRecord, errorText: string, items: INodeExecutionData[]): void {
		const secrets = this.options.secrets();
		if (secrets.length === 0) return;
		const places: Array<[string, string]> = [
			['error', errorText],
			['logs', poll.logs.map((line) => line.message).join('\n')],
			['static data', JSON.stringify(poll.staticData)],
		];
		if (items.length > 0) places.push(['items', JSON.stringify(items)]);
		for (const [where, text] of places) {
			for (const secret of secrets) {
				if (text.includes(secret)) {
					this.violate(
						'token leak',
						`a token (or part of one) appears in the ${where} of ${poll.label}`,
					);
					return;
				}
			}
		}
	}

	/** `unscoped`: a selected type the token may not read, a lasting problem found without a request. */
	private checkFailurePolicy(
		poll: PollRecord,
		track: ProcessTrack,
		errorClass: ErrorClass | undefined,
		message: string,
		unscoped: boolean,
	): void {
		const stats = poll.stats as StatsDelta;
		const count = (status: string) => stats.byStatus[status] ?? 0;
		const lastingMet = count('401') + count('403') + count('404') > 0;
		const refused = count('400');
		track.refusalsServed += refused;
		const passingFaults = Object.entries(stats.faults).some(
			([kind, n]) => n > 0 && !NEUTRAL_FAULTS.has(kind),
		);
		const passingStatus = Object.entries(stats.byStatus).some(
			([status, n]) =>
				n > 0 && (status === '429' || status.startsWith('5') || status === 'no-response'),
		);
		const onlyPauses =
			(stats.faults['429-retry-after'] ?? 0) > 0 &&
			!passingFaults &&
			!lastingMet &&
			!unscoped &&
			Object.entries(stats.byStatus).every(([status]) => status === '200' || status === '429');
		// A failing poll of any kind (thrown, or a failure logged as a warning) counts towards "3 failing
		// polls in a row" (a superset of the node's own count: the check stays sound).
		const warned = poll.logs.some((line) => line.level === 'warn' || line.level === 'error');
		const troubled =
			(passingFaults || passingStatus || lastingMet || refused > 0 || poll.threw || warned) &&
			!onlyPauses;
		const clean = !troubled && !lastingMet && refused === 0 && !poll.threw && !warned;

		if (poll.threw && errorClass) {
			const key = message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '');
			const last = track.lastThrow.get(key);
			if (
				(errorClass === 'lasting' || errorClass === 'passing') &&
				last !== undefined &&
				poll.startedAt - last < 60 * MINUTE_MS
			) {
				this.violate(
					'failures at most hourly',
					`"${message}" thrown again ${Math.round((poll.startedAt - last) / 1000)} s after the last time in the same process, with no clean poll between`,
				);
			}
			if (errorClass === 'passing' && track.troubleRun < 2) {
				this.violate(
					'passing problems fail after 3 polls',
					`"${message}" thrown after ${track.troubleRun} troubled polls before it (needs 2 before the failing one)`,
				);
			}
			if (onlyPauses)
				this.violate(
					'Retry-After is a pause',
					`"${message}" thrown by a poll whose only trouble was 429 with Retry-After`,
				);
			this.recordThrow(track, errorClass, message, poll.startedAt);
		}
		if (lastingMet && !poll.threw && !track.lastingReported.has('lasting')) {
			this.violate(
				'lasting problems fail at once',
				`${poll.label} met ${count('401') ? '401' : count('403') ? '403' : '404'} and did not fail, with no report of it since the last clean poll in this process`,
			);
			track.lastingReported.set('lasting', poll.startedAt);
		}
		track.troubleRun = troubled ? track.troubleRun + 1 : onlyPauses ? track.troubleRun : 0;
		if (clean) {
			track.lastThrow.clear();
			track.lastingReported.clear();
		}
	}

	private recordThrow(
		track: ProcessTrack,
		errorClass: ErrorClass | undefined,
		message: string,
		at: number,
	): void {
		track.lastThrow.set(message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ''), at);
		if (errorClass === 'lasting') track.lastingReported.set('lasting', at);
		if (errorClass === 'settings' || errorClass === 'refusal')
			track.lastThrow.set('start date refused', at);
	}

	private deliver(
		poll: PollRecord,
		items: INodeExecutionData[],
		selected: EmuType[],
		bounds: ReturnType<Oracle['startBounds']>,
	): void {
		const seen = new Set<string>();
		for (const item of items) {
			const json = item.json ?? {};
			// Warn Before Token Expiry's alert item (README, Trigger options): not an event.
			if (json.alert === 'tokenExpiry') {
				if (typeof json.message !== 'string' || typeof json.daysLeft !== 'number')
					this.violate(
						'item shape',
						`${poll.label} emitted a token expiry alert without message or daysLeft: ${JSON.stringify(json).slice(0, 200)}`,
					);
				continue;
			}
			const uuid = typeof json.uuid === 'string' ? json.uuid : undefined;
			const type = typeOfItem(json.event_type);
			if (!uuid || !type) {
				this.violate(
					'item shape',
					`${poll.label} emitted an item without uuid or event_type: ${JSON.stringify(json).slice(0, 200)}`,
				);
				continue;
			}
			const key = `${type}:${uuid}`;
			const event = this.events.get(key);
			if (!event) {
				this.violate(
					'unexpected event',
					`${poll.label} delivered ${key}, which was never produced`,
				);
				continue;
			}
			if (seen.has(key))
				this.violate('no duplicates', `${poll.label} delivered ${key} twice in one execution`);
			seen.add(key);
			if (!selected.includes(type))
				this.violate(
					'selected types only',
					`${poll.label} delivered ${key} although ${TYPE_KEY_OF[type]} is not selected`,
				);
			if (!this.matches(poll.settings, event, true)) {
				this.violate(
					'filters',
					`${poll.label} delivered ${key} (action ${event.action ?? '-'}, category ${event.category ?? '-'}) which the poll's filter excludes`,
				);
			}
			// No stream of this type can have started later than its earliest possible start.
			let lo = this.minLo.get(type);
			if (
				bounds !== 'refused' &&
				bounds !== 'edge' &&
				poll.model.entries.get(type)?.status !== 'yes'
			)
				lo = Math.min(lo ?? Infinity, bounds.lo);
			const position = this.options.semantics === 'timestamp' ? event.tsMs : event.arrivalMs;
			if (lo !== undefined && position < lo - SECOND_MS) {
				this.violate(
					'nothing before the start',
					`${poll.label} delivered ${key} (${event.kind}, timestamp ${iso(event.tsMs)}, arrived ${iso(event.arrivalMs)}) although no stream of ${type} can have started before ${iso(lo)} (${this.options.semantics} bounds)`,
				);
			}
			event.deliveries++;
			this.figures.delivered++;
			if (event.deliveries === 1) {
				event.firstDeliveredAt = poll.endedAt;
			} else {
				const credit = event.credits.shift();
				if (credit) {
					this.figures.duplicated[credit] = (this.figures.duplicated[credit] ?? 0) + 1;
				} else {
					this.figures.duplicated['unexcused'] = (this.figures.duplicated['unexcused'] ?? 0) + 1;
					this.violate(
						'no duplicates',
						`${poll.label} delivered ${key} (${event.kind}, timestamp ${iso(event.tsMs)}) for the ${event.deliveries}th time`,
					);
				}
			}
		}
	}

	private commit(
		poll: PollRecord,
		selected: EmuType[],
		bounds: ReturnType<Oracle['startBounds']>,
	): void {
		const model = poll.model;
		const succeeded = !poll.threw;
		const warned = poll.logs.some((line) => line.level === 'warn' || line.level === 'error');
		if (succeeded) {
			for (const type of [...model.entries.keys()]) {
				if (!selected.includes(type)) {
					model.entries.delete(type);
					model.forgotten.add(type);
				}
			}
		}
		for (const type of selected) {
			const entry = model.entries.get(type);
			if (entry?.status === 'yes') continue;
			if (bounds === 'refused') continue;
			const hi = bounds === 'edge' ? poll.endedAt : bounds.hi;
			if (bounds !== 'edge')
				this.minLo.set(type, Math.min(this.minLo.get(type) ?? Infinity, bounds.lo));
			else
				this.minLo.set(
					type,
					Math.min(this.minLo.get(type) ?? Infinity, poll.startedAt - RETENTION_MS - 2 * MINUTE_MS),
				);
			const status: ModelEntry['status'] =
				succeeded && !warned && bounds !== 'edge' ? 'yes' : 'maybe';
			if (model.forgotten.has(type) && poll.delivered) {
				// A fresh stream for a re-added type may read its Start From window again.
				for (const event of this.byType[type])
					if (event.deliveries > 0) event.credits.push('re-added type');
				if (status === 'yes') model.forgotten.delete(type);
			}
			model.entries.set(type, { status, hi: Math.max(entry?.hi ?? -Infinity, hi) });
		}
	}

	/** Traffic of polls that ran together (their requests cannot be told apart). */
	sharedTraffic(stats: StatsDelta): void {
		this.refusalsServed += stats.byStatus['400'] ?? 0;
	}

	/** A crash after n8n got the items but before it saved static data: they may come again, once. */
	crashedAfterDelivery(items: INodeExecutionData[]): void {
		for (const item of items) {
			const type = typeOfItem(item.json?.event_type);
			const event = type ? this.events.get(`${type}:${String(item.json?.uuid)}`) : undefined;
			if (event) event.credits.push('crash after delivery');
		}
	}

	/**
	 * The end of a program (after healing and draining): every required event was delivered.
	 * `finalModel` is the static data n8n would use next; `endedAt` the end of the drain.
	 */
	finish(finalModel: ModelPositions, endedAt: number): void {
		const finalSettings = this.current;
		const finalTypes = this.selected(finalSettings);
		for (const type of finalTypes) {
			const list = this.byType[type];
			const entry = finalModel.entries.get(type);
			// The time by which the cursor had certainly passed each event (retention excuse).
			const passedBy = new Array<number>(list.length);
			let next = endedAt;
			for (let index = list.length - 1; index >= 0; index--) {
				passedBy[index] = next;
				const delivered = list[index].firstDeliveredAt;
				if (delivered !== undefined) next = Math.min(next, delivered);
			}
			for (const [index, event] of list.entries()) {
				if (event.deliveries > 0) continue;
				const reason = this.notRequired(event, entry, finalSettings);
				if (reason) {
					this.figures.notRequired[reason] = (this.figures.notRequired[reason] ?? 0) + 1;
					continue;
				}
				if (event.tsMs < passedBy[index] - RETENTION_MS) {
					this.excuse('retention');
					continue;
				}
				const refusal = this.excuses.find(
					(excuse) =>
						(excuse.type === undefined || excuse.type === type) &&
						event.tsMs <= excuse.timestampedAtOrBefore &&
						event.arrivalMs > excuse.arrivedAfter,
				);
				if (refusal) {
					this.excuse('refused cursor (reported)');
					continue;
				}
				this.figures.lost++;
				this.violate(
					'nothing lost',
					`${type}:${event.uuid} (${event.kind}, timestamp ${iso(event.tsMs)}, arrived ${iso(event.arrivalMs)}${event.action ? `, action ${event.action}` : ''}${event.category ? `, category ${event.category}` : ''}) was never delivered; the final stream started by ${iso(entry?.hi ?? NaN)}`,
				);
			}
		}
		for (const type of Object.keys(this.byType) as EmuType[]) {
			if (finalTypes.includes(type)) continue;
			const undelivered = this.byType[type].filter((event) => event.deliveries === 0).length;
			if (undelivered)
				this.figures.notRequired['type not selected at the end'] =
					(this.figures.notRequired['type not selected at the end'] ?? 0) + undelivered;
		}
	}

	private excuse(reason: string): void {
		this.figures.excused[reason] = (this.figures.excused[reason] ?? 0) + 1;
	}

	/** Why an undelivered event was not required (undefined = it was required). */
	private notRequired(
		event: EventInfo,
		entry: ModelEntry | undefined,
		finalSettings: ResolvedSettings,
	): string | undefined {
		if (!entry || entry.status !== 'yes') return 'type has no certain position at the end';
		const position = this.options.semantics === 'timestamp' ? event.tsMs : event.arrivalMs;
		if (position < entry.hi) return 'before the stream start';
		for (let version = event.version; version <= finalSettings.version; version++) {
			if (!this.matches(this.versions[version], event)) return 'filtered out';
		}
		return undefined;
	}
}
