/**
 * Runs many random programs, one after another, and sums their figures: shared by the bounded
 * run in `npm test` (test/model) and the long run (`npm run soak -- --model`, scripts/model.ts).
 *
 * Program i is the first value fast-check generates from seed `seed + i`, so a failing program is
 * replayed (and shrunk to a minimal one) by running fast-check with that seed and numRuns 1.
 */
import fc from 'fast-check';

import { VirtualClock } from './clock';
import { programArb } from './program';
import type { Engine, Program, Scale } from './program';
import { formatFailure, runProgram } from './runner';
import type { RunFigures, RunOptions, RunResult } from './runner';

export interface ModelRunOptions {
	seed: number;
	scale: Scale;
	/** Stop once this many events were produced and... */
	minEvents: number;
	/** ...this many programs ran (at least). */
	minPrograms: number;
	/** Each program covers at least this many virtual days. */
	minDays: number;
	pollBudgetMs: number;
	budgetMarginMs: number;
	/** Stop after this long (real) even if the targets are not met. */
	maxRealMs?: number;
	engines?: Engine[];
	/** Shrink the first failing program to a minimal one (re-runs it many times). */
	shrink: boolean;
	/** Time limit for shrinking. */
	shrinkTimeMs?: number;
	/** Journal lines printed with a failing program. Default 80. */
	journalLines?: number;
	onProgress?: (line: string) => void;
	onFailure?: (text: string) => void;
}

export interface ModelTotals {
	seed: number;
	programs: number;
	failedPrograms: number;
	steps: number;
	produced: number;
	delivered: number;
	duplicated: Record<string, number>;
	lost: number;
	excused: Record<string, number>;
	notRequired: Record<string, number>;
	virtualDays: number;
	requests: number;
	eventsServed: number;
	eventsRedelivered: number;
	maxPeakPer60s: number;
	maxStaticDataBytes: number;
	maxPollRealMs: number;
	polls: number;
	failedPolls: number;
	restarts: number;
	crashes: number;
	faultsInjected: Record<string, number>;
	byEngine: Record<string, number>;
	violationsByProperty: Record<string, number>;
	realMs: number;
	failureMessages: Record<string, number>;
	/** The first failing program, shrunk when asked. */
	counterexample?: string;
	/** Seeds of the failing programs, with their violations by property. */
	failures: Array<{ seed: number; violations: Record<string, number> }>;
}

function add(target: Record<string, number>, source: Record<string, number>): void {
	for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

export async function runModel(options: ModelRunOptions): Promise<ModelTotals> {
	const clock = new VirtualClock();
	const started = VirtualClock.real();
	const arbitrary = programArb({ scale: options.scale, engines: options.engines });
	const runOptions: RunOptions = {
		clock,
		pollBudgetMs: options.pollBudgetMs,
		budgetMarginMs: options.budgetMarginMs,
		minDays: options.minDays,
	};
	const totals: ModelTotals = {
		seed: options.seed,
		programs: 0,
		failedPrograms: 0,
		steps: 0,
		produced: 0,
		delivered: 0,
		duplicated: {},
		lost: 0,
		excused: {},
		notRequired: {},
		virtualDays: 0,
		requests: 0,
		eventsServed: 0,
		eventsRedelivered: 0,
		maxPeakPer60s: 0,
		maxStaticDataBytes: 0,
		maxPollRealMs: 0,
		polls: 0,
		failedPolls: 0,
		restarts: 0,
		crashes: 0,
		faultsInjected: {},
		byEngine: {},
		violationsByProperty: {},
		realMs: 0,
		failureMessages: {},
		failures: [],
	};
	let firstFailure: number | undefined;
	clock.install();
	try {
		for (let index = 0; ; index++) {
			if (totals.produced >= options.minEvents && totals.programs >= options.minPrograms) break;
			if (options.maxRealMs && VirtualClock.real() - started > options.maxRealMs) break;
			const programSeed = options.seed + index;
			const [program] = fc.sample(arbitrary, { seed: programSeed, numRuns: 1 });
			const result = await runProgram(program, runOptions);
			accumulate(totals, program, result.figures);
			for (const [message, count] of result.failureMessages)
				totals.failureMessages[message] = (totals.failureMessages[message] ?? 0) + count;
			for (const violation of result.violations)
				totals.violationsByProperty[violation.property] =
					(totals.violationsByProperty[violation.property] ?? 0) + 1;
			const days = result.figures.virtualDays.toFixed(0);
			options.onProgress?.(
				`program ${index + 1} (seed ${programSeed}, ${program.engine}/${program.semantics}, ${program.steps.length} steps, ${days} days): ` +
					`${result.figures.produced} events, ${result.figures.delivered} delivered, ${result.violations.length} violations, ${(result.figures.realMs / 1000).toFixed(1)} s; ` +
					`total ${totals.produced} events`,
			);
			if (result.violations.length > 0) {
				totals.failedPrograms++;
				const violations: Record<string, number> = {};
				for (const violation of result.violations)
					violations[violation.property] = (violations[violation.property] ?? 0) + 1;
				totals.failures.push({ seed: programSeed, violations });
				if (firstFailure === undefined) {
					firstFailure = programSeed;
					options.onFailure?.(
						`Program seed ${programSeed} failed:\n${formatFailure(program, result, options.journalLines)}`,
					);
				}
			}
		}
		if (firstFailure !== undefined && options.shrink) {
			totals.counterexample = await shrink(
				arbitrary,
				firstFailure,
				runOptions,
				options.shrinkTimeMs ?? 10 * 60_000,
				options.journalLines,
			);
		}
	} finally {
		clock.uninstall();
	}
	totals.realMs = VirtualClock.real() - started;
	return totals;
}

function accumulate(totals: ModelTotals, program: Program, figures: RunFigures): void {
	totals.programs++;
	totals.steps += figures.steps;
	totals.produced += figures.produced;
	totals.delivered += figures.delivered;
	add(totals.duplicated, figures.duplicated);
	totals.lost += figures.lost;
	add(totals.excused, figures.excused);
	add(totals.notRequired, figures.notRequired);
	totals.virtualDays += figures.virtualDays;
	totals.requests += figures.requests;
	totals.eventsServed += figures.eventsServed;
	totals.eventsRedelivered += figures.eventsRedelivered;
	totals.maxPeakPer60s = Math.max(totals.maxPeakPer60s, figures.peakRequestsPer60s);
	totals.maxStaticDataBytes = Math.max(totals.maxStaticDataBytes, figures.maxStaticDataBytes);
	totals.maxPollRealMs = Math.max(totals.maxPollRealMs, figures.maxPollRealMs);
	totals.polls += figures.polls;
	totals.failedPolls += figures.failedPolls;
	totals.restarts += figures.restarts;
	totals.crashes += figures.crashes;
	add(totals.faultsInjected, figures.faultsInjected);
	totals.byEngine[`${program.engine}/${program.semantics}`] =
		(totals.byEngine[`${program.engine}/${program.semantics}`] ?? 0) + 1;
}

/** fast-check's shrinker on the failing program (the first value of its seed); returns it printed. */
export async function shrink(
	arbitrary: fc.Arbitrary<Program>,
	seed: number,
	runOptions: RunOptions,
	timeLimitMs: number,
	journalLines = 80,
): Promise<string> {
	let last: { program: Program; result: RunResult } | undefined;
	const details = await fc.check(
		fc.asyncProperty(arbitrary, async (program) => {
			const result = await runProgram(program, runOptions);
			if (result.violations.length === 0) return true;
			last = { program, result };
			return false;
		}),
		{ seed, numRuns: 1, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false },
	);
	if (!details.failed || !details.counterexample)
		return `seed ${seed}: did not fail again when replayed (timing-dependent?)`;
	const program = details.counterexample[0];
	// Run the minimal program once more for its violations and journal.
	const result =
		last && last.program === program ? last.result : await runProgram(program, runOptions);
	return `Minimal program (seed ${seed}, ${details.numShrinks} shrinks${details.interrupted ? ', shrinking interrupted by the time limit' : ''}):\n${formatFailure(program, result, journalLines)}`;
}

export function formatTotals(totals: ModelTotals): string {
	const n = (value: number) => Math.round(value).toLocaleString('en-US');
	const list = (record: Record<string, number>) =>
		Object.entries(record).length === 0
			? '0'
			: Object.entries(record)
					.map(([key, value]) => `${n(value)} (${key})`)
					.join(', ');
	const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
	const lines = [
		`Model run: seed ${totals.seed}, ${n(totals.programs)} programs (${Object.entries(
			totals.byEngine,
		)
			.map(([key, value]) => `${key} ${value}`)
			.join(', ')}).`,
		'',
		'| Figure | Value |',
		'|---|---:|',
		`| Programs (failed) | ${n(totals.programs)} (${n(totals.failedPrograms)}) |`,
		`| Steps | ${n(totals.steps)} |`,
		`| Polls (threw) | ${n(totals.polls)} (${n(totals.failedPolls)}) |`,
		`| n8n restarts / crashes | ${n(totals.restarts)} / ${n(totals.crashes)} |`,
		`| Events produced | ${n(totals.produced)} |`,
		`| Events delivered (incl. duplicates) | ${n(totals.delivered)} |`,
		`| Duplicated: ${sum(totals.duplicated) ? list(totals.duplicated) : 'none'} | ${n(sum(totals.duplicated))} |`,
		`| Lost (unexcused) | ${n(totals.lost)} |`,
		`| Lost but excused: ${sum(totals.excused) ? list(totals.excused) : 'none'} | ${n(sum(totals.excused))} |`,
		`| Not delivered and not required: ${list(totals.notRequired)} | ${n(sum(totals.notRequired))} |`,
		`| Virtual days (sum over programs) | ${n(totals.virtualDays)} (${n(totals.virtualDays / Math.max(1, totals.programs))} per program) |`,
		`| Requests to the emulator | ${n(totals.requests)} |`,
		`| Events served by the emulator (of which redelivered by faults) | ${n(totals.eventsServed)} (${n(totals.eventsRedelivered)}) |`,
		`| Most event requests in any 60 s window of virtual time (limit 600) | ${n(totals.maxPeakPer60s)} |`,
		`| Largest static data | ${n(totals.maxStaticDataBytes)} bytes |`,
		`| Longest poll (wall time) | ${n(totals.maxPollRealMs)} ms |`,
		`| Faults injected | ${n(sum(totals.faultsInjected))}: ${list(totals.faultsInjected)} |`,
		`| Real time | ${(totals.realMs / 1000).toFixed(1)} s |`,
	];
	const violations = Object.entries(totals.violationsByProperty);
	lines.push(
		'',
		violations.length === 0
			? 'No property violated.'
			: `Violations by property: ${violations.map(([key, value]) => `${key} ${value}`).join(', ')}`,
	);
	for (const failure of totals.failures) {
		lines.push(
			`- program seed ${failure.seed}: ${Object.entries(failure.violations)
				.map(([key, value]) => `${key} ${value}`)
				.join(
					', ',
				)} (replay: npm run soak -- --model --seed ${failure.seed} --programs 1 --events 1)`,
		);
	}
	return lines.join('\n');
}
