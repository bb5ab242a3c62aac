/**
 * Runs one PROGRAM against the real trigger and the emulator (in-process, real HTTP), under one
 * of n8n's engines, checking the oracle's invariants after every poll and step, and "nothing
 * lost" after healing (faults off, a valid token) and polling until idle.
 *
 * Virtual time: the emulator is given the harness clock; the trigger reads Date.now(), which the
 * clock replaces with real time + an offset. Between steps the offset jumps (the step's gap); inside
 * a poll virtual time runs with real time, so the trigger's real sleeps still count.
 */
import type { IDataObject } from 'n8n-workflow';

import { FAULT_KINDS, startEmulator } from '../../../emulator';
import type { Emulator, FaultKind, FaultSpec } from '../../../emulator';
import { VirtualClock } from './clock';
import { SimulatedN8n } from './engines';
import { Oracle } from './oracle';
import type { OracleFigures, ResolvedSettings, Violation } from './oracle';
import { EMU_TYPES, EMU_TYPE_OF, formatAction, formatProgram } from './program';
import type { Action, EmuType, FaultStep, Program, SettingsSpec, StartSpec } from './program';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, duration, iso } from './time';

export interface RunOptions {
	clock: VirtualClock;
	/** Given to the trigger as n8n's getPollBudgetMs(). */
	pollBudgetMs: number;
	/** How far past its budget a poll may run (wall time). */
	budgetMarginMs: number;
	/** Programs shorter than this (virtual) are extended by idle days with a few events. */
	minDays: number;
	/** Virtual start of every program. */
	startAt?: number;
	/** The trigger is never left without a poll for longer than this (virtual). */
	maxIdleMs?: number;
	/** A token left invalid for longer than this is renewed by the runner. */
	maxTokenOutageMs?: number;
	/** Upper bound on polls in the final drain. */
	maxDrainTicks?: number;
	emulatorSeed?: string;
	onProgress?: (line: string) => void;
	/** Stops the run at its next step (the test that started it has ended). */
	signal?: AbortSignal;
}

export interface RunFigures extends OracleFigures {
	steps: number;
	virtualDays: number;
	requests: number;
	peakRequestsPer60s: number;
	realMs: number;
	restarts: number;
	crashes: number;
	executions: number;
	faultsInjected: Record<string, number>;
	eventsServed: number;
	/** Of those, served again by `redeliver` faults. */
	eventsRedelivered: number;
}

export interface RunResult {
	violations: Violation[];
	figures: RunFigures;
	journal: string[];
	/** Journal lines dropped from the front (very long runs). */
	journalDropped: number;
	failureMessages: Map<string, number>;
}

export const DEFAULT_START = Date.parse('2026-03-02T09:00:00Z');
const REQUEST_LIMIT_PER_MINUTE = 600;

/** Kinds a random fault profile may draw: not refused cursors (their own step) nor long stalls. */
const PROFILE_EXCLUDED: ReadonlySet<FaultKind> = new Set<FaultKind>([
	'refuse-cursor',
	'stall-body',
]);
const PROFILE_KINDS: readonly FaultKind[] = FAULT_KINDS.filter(
	(kind) => !PROFILE_EXCLUDED.has(kind),
);

export async function runProgram(program: Program, options: RunOptions): Promise<RunResult> {
	const { clock } = options;
	const realStart = VirtualClock.real();
	const startAt = options.startAt ?? DEFAULT_START;
	clock.set(startAt);
	const emu = await startEmulator({
		port: 0,
		seed: options.emulatorSeed ?? 'model',
		backlog: 0,
		now: () => clock.now(),
		startTimeBounds: program.semantics,
		timestampStyle: program.emulator.timestampStyle,
		sparseRecords: program.emulator.sparseRecords,
		cursorLifetimeMs:
			program.emulator.cursorLifetimeDays === null
				? null
				: program.emulator.cursorLifetimeDays * DAY_MS,
	});
	try {
		return await drive(program, options, emu, realStart, startAt);
	} finally {
		await emu.stop();
	}
}

async function drive(
	program: Program,
	options: RunOptions,
	emu: Emulator,
	realStart: number,
	startAt: number,
): Promise<RunResult> {
	const { clock } = options;
	const journal: string[] = [];
	let dropped = 0;
	const note = (line: string) => {
		journal.push(line);
		if (journal.length > 20_000) {
			journal.splice(0, 10_000);
			dropped += 10_000;
		}
	};
	let stepLabel = 'start';
	const tokens: string[] = [];
	/** Types the current token was issued without. */
	let tokenLacks: EmuType[] = [];
	const issue = (expiresInSeconds?: number, features?: EmuType[]) => {
		const token = emu.issueToken({
			...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
			...(features ? { features } : {}),
		});
		tokenLacks = features ? EMU_TYPES.filter((type) => !features.includes(type)) : [];
		tokens.push(token);
		return token;
	};
	let token = issue();
	/** Virtual time from which the current token no longer works (undefined: it works). */
	let tokenBrokenAt: number | undefined;
	const secrets = () =>
		tokens.flatMap((value) => [
			value,
			...value
				.split('.')
				.slice(1)
				.filter((part) => part.length >= 16),
		]);

	const oracle = new Oracle({
		semantics: program.semantics,
		pollBudgetMs: options.pollBudgetMs,
		budgetMarginMs: options.budgetMarginMs,
		secrets,
		stepLabel: () => stepLabel,
		// The poll being checked writes its journal line after the oracle ran: count it in.
		journalPosition: () => dropped + journal.length + 1,
	});
	const resolveDate = (start: StartSpec, now: number): number | undefined =>
		start.mode === 'date'
			? Math.floor((now - start.daysAgo * DAY_MS) / SECOND_MS) * SECOND_MS
			: undefined;
	oracle.publish(program.initial, resolveDate(program.initial.start, clock.now()), clock.now());

	const parameters = (settings: ResolvedSettings): IDataObject => {
		const spec = settings.spec;
		const filters: IDataObject = {};
		if (spec.itemUsageActions.length > 0) filters.itemUsageActions = [...spec.itemUsageActions];
		if (spec.signInResult !== 'any') filters.signInResult = spec.signInResult;
		const parameters: IDataObject = {
			eventTypes: [...spec.eventTypes],
			startFrom: spec.start.mode,
			output: 'raw',
			filters,
			options: { pageSize: spec.pageSize, maxEventsPerPoll: spec.maxEventsPerPoll },
		};
		if (spec.start.mode === 'lookback')
			Object.assign(parameters, {
				lookbackAmount: spec.start.amount,
				lookbackUnit: spec.start.unit,
			});
		if (spec.start.mode === 'date')
			parameters.startDate = iso(settings.startDateMs as number).replace(/\.\d+Z$/, 'Z');
		return parameters;
	};

	const n8n = new SimulatedN8n(program.engine, {
		emulator: emu,
		oracle,
		clock,
		pollBudgetMs: options.pollBudgetMs,
		token: () => token,
		tokenLacks: () => tokenLacks,
		settings: () => oracle.current,
		parameters: () => parameters(oracle.current),
		onExecution: () => undefined,
		journal: note,
	});
	let crashes = 0;
	let lastPollAt = clock.now();
	const polled = () => {
		lastPollAt = clock.now();
	};

	// Events that reached 1Password before the workflow existed.
	for (const history of program.history) {
		const now = clock.now();
		const span = history.spanDays * DAY_MS;
		const records = Array.from({ length: history.count }, (_, index) => ({
			timestamp: iso(now - span + Math.floor(((index + 1) * (span - MINUTE_MS)) / history.count)),
		}));
		oracle.produced(
			history.type,
			emu.inject(history.type, records) as unknown as Array<Record<string, unknown>>,
			now,
			'history',
		);
	}
	note(
		`program start ${iso(startAt)}: ${formatProgram(program).split('\n').slice(0, 2).join('; ')}`,
	);
	stepLabel = 'activation';
	await n8n.tick('activation (first publish)');
	polled();

	const checkPeak = () => {
		const peak = emu.peakEventRequestsPer60s();
		if (peak > REQUEST_LIMIT_PER_MINUTE)
			oracle.violate(
				'requests per minute',
				`${peak} requests in one 60 s window (limit ${REQUEST_LIMIT_PER_MINUTE})`,
			);
	};

	const maxIdle = options.maxIdleMs ?? 10 * DAY_MS;
	const maxOutage = options.maxTokenOutageMs ?? 15 * DAY_MS;
	const advance = async (gap: number) => {
		let left = gap;
		while (clock.now() + left - lastPollAt > maxIdle) {
			const step = Math.max(0, lastPollAt + maxIdle - clock.now());
			clock.advance(step);
			left -= step;
			if (tokenBrokenAt !== undefined && clock.now() - tokenBrokenAt > maxOutage)
				renewToken('runner: token outage too long, renewed');
			note(`  (runner: no poll for ${duration(maxIdle)}, tick)`);
			await n8n.tick('tick (runner: keep-alive)');
			polled();
		}
		clock.advance(left);
		if (tokenBrokenAt !== undefined && clock.now() - tokenBrokenAt > maxOutage)
			renewToken('runner: token outage too long, renewed');
	};
	const renewToken = (why: string) => {
		token = issue();
		tokenBrokenAt = undefined;
		note(`  (${why})`);
	};

	const execute = async (action: Action, index: number) => {
		switch (action.k) {
			case 'append': {
				const now = clock.now();
				let records: unknown[];
				if (action.omit) {
					// Explicit records (only they can leave fields out); late ones 1 to 23 hours old.
					const omit = action.omit;
					const timestamp = (i: number) =>
						action.timing === 'future'
							? now + (action.futureMs ?? MINUTE_MS) + i * SECOND_MS
							: action.timing === 'late'
								? now - HOUR_MS - ((i * 7 * MINUTE_MS) % (22 * HOUR_MS))
								: now;
					records = emu.inject(
						action.type,
						Array.from({ length: action.count }, (_, i) => ({
							omit,
							timestamp: iso(timestamp(i)),
						})),
					);
				} else if (action.timing === 'future') {
					const future = action.futureMs ?? MINUTE_MS;
					records = emu.inject(
						action.type,
						Array.from({ length: action.count }, (_, i) => ({
							timestamp: iso(now + future + i * SECOND_MS).replace(/\.\d+Z$/, 'Z'),
						})),
					);
				} else {
					records = emu.inject(action.type, {
						count: action.count,
						late: action.timing === 'late',
					});
				}
				oracle.produced(action.type, records as Array<Record<string, unknown>>, now, action.timing);
				return;
			}
			case 'tick':
				for (let tick = 0; tick < action.ticks; tick++) {
					if (tick > 0) clock.advance(MINUTE_MS);
					await n8n.tick();
					polled();
				}
				return;
			case 'faults':
				emu.enqueueFaults(action.faults.map(toFaultSpec));
				return;
			case 'profile':
				emu.setFaultProfile(
					action.probability > 0
						? {
								probability: action.probability,
								kinds: PROFILE_KINDS,
								seed: `profile-${index}`,
								latencyMs: 200,
								retryAfterSeconds: 1,
							}
						: null,
				);
				return;
			case 'restart':
				await n8n.restart();
				polled();
				return;
			case 'crashInPoll':
				crashes++;
				await n8n.crashInPoll();
				polled();
				return;
			case 'crashAfterDelivery':
				crashes++;
				await n8n.crashAfterDelivery();
				polled();
				return;
			case 'overlap':
				await n8n.overlap();
				polled();
				return;
			case 'republish': {
				const current = oracle.current;
				const spec: SettingsSpec = { ...current.spec, ...structuredClone(action.change) };
				const startDateMs = action.change.start
					? resolveDate(action.change.start, clock.now())
					: current.startDateMs;
				oracle.publish(spec, startDateMs, clock.now());
				await n8n.republish();
				polled();
				return;
			}
			case 'token':
				if (action.action === 'scoped') {
					token = issue(
						undefined,
						EMU_TYPES.filter((type) => type !== action.without),
					);
					tokenBrokenAt = tokenBrokenAt ?? clock.now();
				} else if (action.action === 'renew') renewToken('renewed by the program');
				else if (action.action === 'revoke') {
					emu.revokeToken(token);
					tokenBrokenAt = tokenBrokenAt ?? clock.now();
				} else {
					token = issue(action.expiresInSeconds);
					tokenBrokenAt = clock.now() + (action.expiresInSeconds ?? 0) * SECOND_MS;
				}
				return;
			case 'refuseCursor':
				emu.enqueueFaults([toFaultSpec({ kind: 'refuse-cursor' })]);
				return;
		}
	};

	// A run outliving its test would go on polling with the real clock put back under it.
	const stopIfAborted = () => {
		if (options.signal?.aborted)
			throw new Error(`model run stopped at ${stepLabel}: the test that started it has ended`);
	};

	for (const [index, step] of program.steps.entries()) {
		stopIfAborted();
		stepLabel = `step ${index + 1}: ${formatAction(step.action)}`;
		await advance(step.gapMs);
		note(
			`${String(index + 1).padStart(3)}. ${iso(clock.now())} +${duration(step.gapMs)} ${formatAction(step.action)}`,
		);
		await execute(step.action, index);
		checkPeak();
		options.onProgress?.(`step ${index + 1}/${program.steps.length}`);
	}

	// Coast: idle days with a trickle of events until the program covers minDays.
	stepLabel = 'coast';
	while (clock.now() - startAt < options.minDays * DAY_MS) {
		stopIfAborted();
		await advance(5 * DAY_MS);
		for (const key of oracle.current.spec.eventTypes) {
			const type = EMU_TYPE_OF[key];
			oracle.produced(
				type,
				emu.inject(type, { count: 3 }) as unknown as Array<Record<string, unknown>>,
				clock.now(),
				'onTime',
			);
		}
		note(`coast ${iso(clock.now())}: 3 events per selected type, tick`);
		await n8n.tick('tick (coast)');
		polled();
	}

	// Heal: no faults, a valid token; then poll until idle.
	stepLabel = 'final drain';
	emu.clearFaults();
	emu.configure({ cursorLifetimeMs: null });
	renewToken('healing: faults off, cursors never expire, new token');
	clock.advance(2 * MINUTE_MS);
	let quiet = 0;
	const maxDrain = options.maxDrainTicks ?? 400;
	for (let tick = 0; tick < maxDrain && quiet < 3; tick++) {
		stopIfAborted();
		const outcome = await n8n.tick('tick (final drain)');
		quiet = outcome.threw || (outcome.result?.[0]?.length ?? 0) > 0 ? 0 : quiet + 1;
		clock.advance(MINUTE_MS + SECOND_MS);
	}
	if (quiet < 3)
		oracle.violate(
			'drains',
			`still delivering or failing after ${maxDrain} polls with no faults and a valid token`,
		);
	checkPeak();
	stepLabel = 'end';
	oracle.finish(n8n.current().model, clock.now());

	const stats = emu.stats();
	return {
		violations: oracle.violations,
		journal,
		journalDropped: dropped,
		failureMessages: oracle.failureMessages,
		figures: {
			...oracle.figures,
			steps: program.steps.length,
			virtualDays: (clock.now() - startAt) / DAY_MS,
			requests: stats.requests.total,
			peakRequestsPer60s: emu.peakEventRequestsPer60s(),
			realMs: VirtualClock.real() - realStart,
			restarts: n8n.restarts,
			crashes,
			executions: n8n.executions,
			faultsInjected: { ...(stats.faultsInjected as Record<string, number>) },
			eventsServed: stats.eventsServed.total,
			eventsRedelivered: stats.eventsRedelivered.total,
		},
	};
}

function toFaultSpec(fault: FaultStep): FaultSpec {
	return { ...fault };
}

/** A failing run, readably: the violations, the program, the end of the journal. */
export function formatFailure(program: Program, result: RunResult, journalLines = 80): string {
	const lines = [`${result.violations.length} violation(s):`];
	const byProperty = new Map<string, Violation[]>();
	for (const violation of result.violations)
		byProperty.set(violation.property, [...(byProperty.get(violation.property) ?? []), violation]);
	for (const [property, list] of byProperty) {
		lines.push(`  [${property}] x${list.length}`);
		for (const violation of list.slice(0, 4))
			lines.push(`    at ${violation.step}: ${violation.detail}`);
	}
	lines.push('', 'Program:', formatProgram(program));
	const first = result.violations[0]?.journalAt;
	if (first !== undefined) {
		const end = Math.max(0, first - result.journalDropped);
		const start = Math.max(0, end - journalLines);
		lines.push(
			'',
			`Journal up to the first violation (lines ${start + 1}-${end}; "<-" marks the poll):`,
			...result.journal
				.slice(start, end)
				.map((line, index) => (start + index === end - 1 ? `${line}   <-` : line)),
		);
	}
	const tail = Math.min(journalLines, 25);
	lines.push('', `Journal (last ${tail} lines):`, ...result.journal.slice(-tail));
	return lines.join('\n');
}
