/**
 * Random PROGRAMS for the model-based tests: a starting configuration and a list of steps over
 * hundreds of virtual days (appends, polls, faults, restarts, crashes, re-publishes, token
 * expiry and renewal, refused cursors, time jumps). Plain data, so fast-check shrinks them to a
 * minimal failing program, and `formatProgram` prints one readably.
 */
import fc from 'fast-check';

import { FAULT_KINDS, START_TIME_BOUNDS } from '../../../emulator';
import type { FaultKind, StartTimeBounds } from '../../../emulator';
import { DAY_MS, HOUR_MS, MINUTE_MS, duration } from './time';

export type EmuType = 'itemusages' | 'signinattempts' | 'auditevents';
export type TypeKey = 'itemUsages' | 'signInAttempts' | 'auditEvents';
export const TYPE_KEYS: readonly TypeKey[] = ['itemUsages', 'signInAttempts', 'auditEvents'];
export const EMU_TYPES: readonly EmuType[] = ['itemusages', 'signinattempts', 'auditevents'];
export const EMU_TYPE_OF: Record<TypeKey, EmuType> = {
	itemUsages: 'itemusages',
	signInAttempts: 'signinattempts',
	auditEvents: 'auditevents',
};
export const TYPE_KEY_OF: Record<EmuType, TypeKey> = {
	itemusages: 'itemUsages',
	signinattempts: 'signInAttempts',
	auditevents: 'auditEvents',
};

/** Item usage actions as the API reference lists them (events-api.md). */
export const ITEM_ACTIONS = [
	'enter-item-edit-mode',
	'export',
	'fill',
	'other',
	'reveal',
	'secure-copy',
	'select-sso-provider',
	'server-create',
	'server-fetch',
	'server-update',
	'share',
] as const;

export type Engine = 'default' | 'scheduler' | 'durable';
/** What the emulator's start_time bounds: the event's timestamp or its arrival (both are drawn). */
export type Semantics = StartTimeBounds;

export type StartSpec =
	| { mode: 'now' }
	| { mode: 'lookback'; amount: number; unit: 'hours' | 'days' }
	/** A Start Date this many days before the moment the setting is made (resolved by the runner). */
	| { mode: 'date'; daysAgo: number };

export interface SettingsSpec {
	eventTypes: TypeKey[];
	start: StartSpec;
	/** Filters > Item Usage Actions (empty = no filter). */
	itemUsageActions: string[];
	/** Filters > Sign-In Result. */
	signInResult: 'any' | 'failures' | 'successes';
	pageSize: number;
	maxEventsPerPoll: number;
}

/** A fault as queued on the emulator; extra fields for kinds that take parameters. */
export interface FaultStep {
	kind: FaultKind;
	latencyMs?: number;
	retryAfterSeconds?: number;
	stallMs?: number;
	count?: number;
}

export type Action =
	| {
			k: 'append';
			type: EmuType;
			count: number;
			timing: 'onTime' | 'late' | 'future';
			futureMs?: number;
			omit?: string[];
	  }
	| { k: 'tick'; ticks: number }
	| { k: 'faults'; faults: FaultStep[] }
	| { k: 'profile'; probability: number }
	| { k: 'restart' }
	| { k: 'crashInPoll' }
	| { k: 'crashAfterDelivery' }
	| { k: 'overlap' }
	| { k: 'republish'; change: Partial<SettingsSpec> }
	| { k: 'token'; action: 'expiring' | 'renew' | 'revoke'; expiresInSeconds?: number }
	/** A new token that may not read one event type (a lasting failure of that type only). */
	| { k: 'token'; action: 'scoped'; without: EmuType }
	| { k: 'refuseCursor' };

export interface Step {
	/** Virtual time that passes before the step. */
	gapMs: number;
	action: Action;
}

export interface HistorySpec {
	type: EmuType;
	count: number;
	/** Timestamps spread evenly over this many days before the program starts. */
	spanDays: number;
}

/** Emulator run-time settings for a whole program (see emulator/settings.ts). */
export interface EmulatorSetup {
	timestampStyle: 'utc' | 'offset' | 'nanos' | 'mixed';
	sparseRecords: boolean;
	/** Cursors older than this are refused (400); null = never. */
	cursorLifetimeDays: number | null;
}

export interface Program {
	engine: Engine;
	semantics: Semantics;
	emulator: EmulatorSetup;
	initial: SettingsSpec;
	history: HistorySpec[];
	steps: Step[];
}

export interface Scale {
	minSteps: number;
	maxSteps: number;
	/** Most events in one append step. */
	maxAppend: number;
	/** Most events in one history entry. */
	maxHistory: number;
	/** Latency of `latency` faults that should time out (over the poll budget). */
	slowLatencyMs: number;
	pageSizes: number[];
	maxPerPoll: number[];
}

export const BOUNDED_SCALE: Scale = {
	minSteps: 8,
	maxSteps: 30,
	maxAppend: 30,
	maxHistory: 80,
	// Over the 2000 ms poll budget of the bounded run: such a request times out.
	slowLatencyMs: 2600,
	pageSizes: [1000, 100, 9],
	maxPerPoll: [10_000, 200, 40],
};

export const LONG_SCALE: Scale = {
	minSteps: 40,
	maxSteps: 110,
	maxAppend: 4000,
	maxHistory: 15_000,
	// Over the 3000 ms poll budget of the long run: such a request times out.
	slowLatencyMs: 3500,
	pageSizes: [1000, 1000, 500, 250],
	maxPerPoll: [10_000, 10_000, 3000],
};

/** Kinds an outage repeats: one passing kind many times over, so that several polls in a row fail. */
const OUTAGE_KINDS: readonly FaultKind[] = [
	'429',
	'500',
	'502',
	'503',
	'reset',
	'truncated-json',
	'drop-after-headers',
	'html-200',
];

function faultArb(kinds: readonly FaultKind[], scale: Scale): fc.Arbitrary<FaultStep> {
	return fc.constantFrom(...kinds).chain((kind): fc.Arbitrary<FaultStep> => {
		switch (kind) {
			case 'latency':
				return fc.constantFrom(200, scale.slowLatencyMs).map((latencyMs) => ({ kind, latencyMs }));
			case '429-retry-after':
				return fc
					.integer({ min: 1, max: 3 })
					.map((retryAfterSeconds) => ({ kind, retryAfterSeconds }));
			case 'stall-body':
				return fc.constantFrom(300, scale.slowLatencyMs).map((stallMs) => ({ kind, stallMs }));
			case 'empty-has-more':
				return fc.integer({ min: 1, max: 3 }).map((count) => ({ kind, count }));
			default:
				return fc.constant({ kind });
		}
	});
}

const gapArb: fc.Arbitrary<number> = fc.oneof(
	{ weight: 3, arbitrary: fc.integer({ min: 1, max: 59 }).map((minutes) => minutes * MINUTE_MS) },
	{ weight: 3, arbitrary: fc.integer({ min: 1, max: 23 }).map((hours) => hours * HOUR_MS) },
	{ weight: 4, arbitrary: fc.integer({ min: 1, max: 7 }).map((days) => days * DAY_MS) },
);

const startArb: fc.Arbitrary<StartSpec> = fc.oneof(
	{ weight: 3, arbitrary: fc.constant<StartSpec>({ mode: 'now' }) },
	{
		weight: 2,
		arbitrary: fc.oneof(
			fc
				.integer({ min: 1, max: 72 })
				.map((amount): StartSpec => ({ mode: 'lookback', amount, unit: 'hours' })),
			fc
				.integer({ min: 1, max: 30 })
				.map((amount): StartSpec => ({ mode: 'lookback', amount, unit: 'days' })),
		),
	},
	{
		weight: 2,
		// Mostly inside retention; sometimes clearly outside it (refused for a type without a position).
		arbitrary: fc
			.oneof(
				{ weight: 4, arbitrary: fc.integer({ min: 1, max: 100 }) },
				{ weight: 1, arbitrary: fc.integer({ min: 125, max: 160 }) },
			)
			.map((daysAgo): StartSpec => ({ mode: 'date', daysAgo })),
	},
);

function typesArb(): fc.Arbitrary<TypeKey[]> {
	return fc.subarray([...TYPE_KEYS], { minLength: 1 });
}

function settingsArb(scale: Scale): fc.Arbitrary<SettingsSpec> {
	return fc.record({
		eventTypes: typesArb(),
		start: startArb,
		itemUsageActions: fc.oneof(
			{ weight: 3, arbitrary: fc.constant<string[]>([]) },
			{ weight: 1, arbitrary: fc.subarray([...ITEM_ACTIONS], { minLength: 1, maxLength: 5 }) },
		),
		signInResult: fc.constantFrom<SettingsSpec['signInResult']>(
			'any',
			'any',
			'failures',
			'successes',
		),
		pageSize: fc.constantFrom(...scale.pageSizes),
		maxEventsPerPoll: fc.constantFrom(...scale.maxPerPoll),
	});
}

function changeArb(scale: Scale): fc.Arbitrary<Partial<SettingsSpec>> {
	return fc.oneof(
		typesArb().map((eventTypes) => ({ eventTypes })),
		startArb.map((start) => ({ start })),
		fc
			.subarray([...ITEM_ACTIONS], { maxLength: 5 })
			.map((itemUsageActions) => ({ itemUsageActions })),
		fc
			.constantFrom<SettingsSpec['signInResult']>('any', 'failures', 'successes')
			.map((signInResult) => ({ signInResult })),
		fc.constantFrom(...scale.maxPerPoll).map((maxEventsPerPoll) => ({ maxEventsPerPoll })),
		fc.constantFrom(...scale.pageSizes).map((pageSize) => ({ pageSize })),
	);
}

function appendArb(scale: Scale): fc.Arbitrary<Action> {
	return fc
		.record({
			type: fc.constantFrom<EmuType>('itemusages', 'itemusages', 'signinattempts', 'auditevents'),
			count: fc.integer({ min: 1, max: scale.maxAppend }),
			timing: fc.constantFrom<'onTime' | 'late' | 'future'>('onTime', 'onTime', 'late', 'future'),
			futureMinutes: fc.integer({ min: 1, max: 6 * 60 }),
			// Real samples leave fields out (events-api.md); an item usage without `action` matches no action filter.
			omit: fc.oneof(
				{ weight: 6, arbitrary: fc.constant<string[] | undefined>(undefined) },
				{
					weight: 1,
					arbitrary: fc.constantFrom<string[] | undefined>(
						['location'],
						['client', 'location'],
						['action'],
						['category', 'details'],
						['account_uuid'],
					),
				},
			),
		})
		.map(({ type, count, timing, futureMinutes, omit }): Action => {
			// Only item usages are uploaded late (events-api.md); any type may carry a skewed clock.
			const actual = timing === 'late' && type !== 'itemusages' ? 'onTime' : timing;
			const action: Action =
				actual === 'future'
					? { k: 'append', type, count, timing: actual, futureMs: futureMinutes * MINUTE_MS }
					: { k: 'append', type, count, timing: actual };
			return omit ? { ...action, omit } : action;
		});
}

export function actionArb(scale: Scale): fc.Arbitrary<Action> {
	const weighted: Array<{ weight: number; arbitrary: fc.Arbitrary<Action> }> = [
		{ weight: 30, arbitrary: appendArb(scale) },
		{
			weight: 28,
			arbitrary: fc.integer({ min: 1, max: 3 }).map((ticks): Action => ({ k: 'tick', ticks })),
		},
		{
			weight: 3,
			arbitrary: fc
				.constantFrom(0, 0.05, 0.15)
				.map((probability): Action => ({ k: 'profile', probability })),
		},
		{ weight: 4, arbitrary: fc.constant<Action>({ k: 'restart' }) },
		{ weight: 3, arbitrary: fc.constant<Action>({ k: 'crashInPoll' }) },
		{ weight: 3, arbitrary: fc.constant<Action>({ k: 'crashAfterDelivery' }) },
		{ weight: 3, arbitrary: fc.constant<Action>({ k: 'overlap' }) },
		{
			weight: 6,
			arbitrary: changeArb(scale).map((change): Action => ({ k: 'republish', change })),
		},
		{
			weight: 5,
			arbitrary: fc.oneof(
				fc.constantFrom(60, 3600, 86_400).map((expiresInSeconds): Action => ({
					k: 'token',
					action: 'expiring',
					expiresInSeconds,
				})),
				fc.constant<Action>({ k: 'token', action: 'renew' }),
				fc.constant<Action>({ k: 'token', action: 'revoke' }),
				{
					weight: 2,
					arbitrary: fc
						.constantFrom<EmuType>(...EMU_TYPES)
						.map((without): Action => ({ k: 'token', action: 'scoped', without })),
				},
			),
		},
		{
			weight: 8,
			// Queued faults: any kind the emulator has (refused cursors also have their own step).
			arbitrary: fc
				.array(faultArb(FAULT_KINDS, scale), { minLength: 1, maxLength: 3 })
				.map((faults): Action => ({ k: 'faults', faults })),
		},
		{
			weight: 2,
			arbitrary: fc
				.record({ kind: fc.constantFrom(...OUTAGE_KINDS), count: fc.integer({ min: 4, max: 12 }) })
				.map(({ kind, count }): Action => ({
					k: 'faults',
					faults: Array.from({ length: count }, () => ({ kind })),
				})),
		},
		{ weight: 3, arbitrary: fc.constant<Action>({ k: 'refuseCursor' }) },
	];
	return fc.oneof(...weighted);
}

export interface ProgramOptions {
	scale: Scale;
	engines?: readonly Engine[];
}

export function programArb(options: ProgramOptions): fc.Arbitrary<Program> {
	const { scale } = options;
	return fc
		.record({
			engine: fc.constantFrom(
				...(options.engines ?? (['default', 'scheduler', 'durable'] as const)),
			),
			semantics: fc.constantFrom<Semantics>(...START_TIME_BOUNDS),
			// Set with the emulator's options at start (see emulator/settings.ts).
			emulator: fc.record({
				timestampStyle: fc.constantFrom<EmulatorSetup['timestampStyle']>(
					'utc',
					'utc',
					'offset',
					'nanos',
					'mixed',
				),
				sparseRecords: fc.boolean(),
				cursorLifetimeDays: fc.oneof(
					{ weight: 3, arbitrary: fc.constant<number | null>(null) },
					{ weight: 1, arbitrary: fc.constantFrom<number | null>(2, 8, 30) },
				),
			}),
			initial: settingsArb(scale),
			history: fc.array(
				fc.record({
					type: fc.constantFrom<EmuType>(...EMU_TYPES),
					count: fc.integer({ min: 1, max: scale.maxHistory }),
					spanDays: fc.integer({ min: 1, max: 150 }),
				}),
				{ maxLength: 3 },
			),
			steps: fc.array(fc.record({ gapMs: gapArb, action: actionArb(scale) }), {
				minLength: scale.minSteps,
				maxLength: scale.maxSteps,
			}),
		})
		.map((program) => withToString(program));
}

/** fast-check prints a counterexample with this. */
export function withToString(program: Program): Program {
	Object.defineProperty(program, fc.toStringMethod, {
		value: () => formatProgram(program),
		enumerable: false,
	});
	return program;
}

export function formatStart(start: StartSpec): string {
	if (start.mode === 'now') return 'now';
	if (start.mode === 'lookback') return `look back ${start.amount} ${start.unit}`;
	return `date ${start.daysAgo} days ago`;
}

export function formatSettings(settings: Partial<SettingsSpec>): string {
	const parts: string[] = [];
	if (settings.eventTypes) parts.push(`types [${settings.eventTypes.join(', ')}]`);
	if (settings.start) parts.push(`start ${formatStart(settings.start)}`);
	if (settings.itemUsageActions)
		parts.push(
			settings.itemUsageActions.length
				? `item actions [${settings.itemUsageActions.join(', ')}]`
				: 'no item action filter',
		);
	if (settings.signInResult) parts.push(`sign-in result ${settings.signInResult}`);
	if (settings.pageSize !== undefined) parts.push(`page ${settings.pageSize}`);
	if (settings.maxEventsPerPoll !== undefined) parts.push(`max/poll ${settings.maxEventsPerPoll}`);
	return parts.join(', ');
}

export function formatFault(fault: FaultStep): string {
	const extra = fault.latencyMs ?? fault.stallMs ?? fault.retryAfterSeconds ?? fault.count;
	return extra === undefined ? fault.kind : `${fault.kind}(${extra})`;
}

export function formatAction(action: Action): string {
	switch (action.k) {
		case 'append':
			return `append ${action.count} ${action.type}${action.timing === 'onTime' ? '' : action.timing === 'late' ? ' LATE' : ` FUTURE +${duration(action.futureMs ?? 0)}`}${action.omit ? ` without ${action.omit.join('+')}` : ''}`;
		case 'tick':
			return action.ticks === 1 ? 'tick' : `tick x${action.ticks}`;
		case 'faults':
			return `faults [${action.faults.map(formatFault).join(', ')}]`;
		case 'profile':
			return action.probability ? `fault profile ${action.probability}` : 'fault profile off';
		case 'republish':
			return `re-publish: ${formatSettings(action.change)}`;
		case 'token':
			if (action.action === 'scoped') return `new token that may not read ${action.without}`;
			return action.action === 'expiring'
				? `new token expiring in ${duration((action.expiresInSeconds ?? 0) * 1000)}`
				: `token ${action.action}`;
		default:
			return action.k;
	}
}

export function formatProgram(program: Program): string {
	const setup = program.emulator;
	const lines = [
		`engine ${program.engine}, emulator start_time bounds ${program.semantics}, timestamps ${setup.timestampStyle}${setup.sparseRecords ? ', sparse records' : ''}${setup.cursorLifetimeDays ? `, cursors expire after ${setup.cursorLifetimeDays} days` : ''}`,
		`settings: ${formatSettings(program.initial)}`,
	];
	for (const history of program.history)
		lines.push(`history: ${history.count} ${history.type} over the last ${history.spanDays} days`);
	program.steps.forEach((step, index) =>
		lines.push(
			`${String(index + 1).padStart(3)}. +${duration(step.gapMs).padEnd(7)} ${formatAction(step.action)}`,
		),
	);
	return lines.join('\n');
}
