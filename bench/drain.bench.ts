/**
 * `npm run bench` (issue 6): the trigger's real poll path against the two baselines, side by side
 * in one process, over backlogs of 10,000, 100,000 and 1,000,000 events served by the emulator in
 * a child process; then request counts, static data, the node's own request budget and the
 * emulator's serving rate. Prints progress, writes bench/RESULTS.md (and the raw figures as JSON).
 * A benchmark that prints figures, not a timed test.
 *
 *   npm run bench                 full run (about 8 minutes on 2 cores)
 *   npm run bench -- --quick      10,000 and 100,000 only, shorter budget window (about 2 minutes)
 *   npm run bench -- --out FILE   write the Markdown there (--quick writes none unless asked)
 *   npm run bench -- --from-json bench/RESULTS.json   render the report again from saved figures
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { booleanFlag, readFlags, stringFlag } from '../emulator/cli-args';
import { startEmulatorChild } from './lib/emulatorChild';
import { measureEmulatorServing } from './lib/emulatorServing';
import { measureHeldHeap } from './lib/heldHeap';
import { currentLoad, describeMachine } from './lib/machine';
import { measureDrain } from './lib/measureDrain';
import { measurePacerWindow } from './lib/pacerWindow';
import { renderReport } from './lib/report';
import type { BenchResults, DrainRun } from './lib/results';
import { thousands } from './lib/summary';
import { VARIANTS, variantById } from './lib/variants';

interface Plan {
	/** Backlog per event type → interleaved rounds of every variant. */
	backlogs: Array<{ events: number; rounds: number }>;
	/** Backlogs at which the node also reads all three event types. */
	threeTypeBacklogs: number[];
	/** Backlogs at which the live heap with one poll held is measured (forced GCs: untimed). */
	heldHeapBacklogs: number[];
	pacerSeconds: number;
	servingEvents: number;
}

const FULL: Plan = {
	backlogs: [
		// Short drains (11 requests) are the noisiest: more rounds.
		{ events: 10_000, rounds: 11 },
		{ events: 100_000, rounds: 5 },
		{ events: 1_000_000, rounds: 3 },
	],
	threeTypeBacklogs: [10_000, 100_000],
	heldHeapBacklogs: [10_000, 100_000],
	// Longer than the pacer's window, so that a second minute's requests can meet the first's.
	pacerSeconds: 75,
	servingEvents: 1_000_000,
};

const QUICK: Plan = {
	backlogs: [
		{ events: 10_000, rounds: 3 },
		{ events: 100_000, rounds: 3 },
	],
	threeTypeBacklogs: [10_000],
	heldHeapBacklogs: [10_000],
	pacerSeconds: 20,
	servingEvents: 200_000,
};

/** Warm-up before anything is recorded: every variant's code optimised by V8 first. */
const WARM_UP_DRAINS = 3;
const WARM_UP_EVENTS = 10_000;

const flags = readFlags(
	process.argv.slice(2),
	{},
	{ quick: { boolean: true }, out: {}, 'from-json': {} },
);
const quick = booleanFlag(flags, 'quick', false);
const plan = quick ? QUICK : FULL;
const outFile = stringFlag(flags, 'out', quick ? '' : resolve(__dirname, 'RESULTS.md'));
const fromJson = stringFlag(flags, 'from-json', '');

const log = (line: string): void =>
	console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function write(results: BenchResults, file: string): void {
	writeFileSync(file, renderReport(results));
	log(`wrote ${file}`);
}

async function main(): Promise<void> {
	if (fromJson) {
		const saved = JSON.parse(readFileSync(fromJson, 'utf8')) as BenchResults;
		write(saved, stringFlag(flags, 'out', fromJson.replace(/\.json$/, '.md')));
		return;
	}
	const started = Date.now();
	const machine = describeMachine();
	log(
		`${machine.cores} × ${machine.cpu}, Node.js ${machine.node}, n8n-workflow ${machine.n8nWorkflow}, load ${machine.loadAtStart.toFixed(2)}`,
	);

	log(`emulator serving rate over ${thousands(plan.servingEvents)} events...`);
	const serving = await measureEmulatorServing(plan.servingEvents);
	log(`  ${thousands(serving.eventsPerSecond)} events/s`);

	const drains: DrainRun[] = [];
	const threeTypeDrains: DrainRun[] = [];
	const held: BenchResults['held'] = [];
	for (const [backlogIndex, { events, rounds }] of plan.backlogs.entries()) {
		// Every type gets the backlog (generated lazily: a million costs the emulator no memory).
		const emulator = await startEmulatorChild({
			backlog: { itemusages: events, signinattempts: events, auditevents: events },
			rateLimit: false,
		});
		try {
			if (backlogIndex === 0) {
				log(`warm-up: ${WARM_UP_DRAINS} drains per variant (not recorded)`);
				for (let drain = 0; drain < WARM_UP_DRAINS; drain++) {
					for (const variant of VARIANTS)
						await measureDrain(
							emulator,
							variant.id,
							variant.drain,
							Math.min(events, WARM_UP_EVENTS),
							['itemUsages'],
						);
				}
			}
			for (let round = 0; round < rounds; round++) {
				// Rotate the order each round, so no variant always runs first (or after the same one).
				const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]);
				const line: string[] = [];
				for (const variant of order) {
					const run = await measureDrain(emulator, variant.id, variant.drain, events, [
						'itemUsages',
					]);
					drains.push({ ...run, variant: variant.id, round });
					line.push(`${variant.id} ${thousands(run.eventsPerSecond)}`);
				}
				log(`${thousands(events)} round ${round + 1}/${rounds}: ${line.join(', ')} events/s`);
			}
			if (plan.threeTypeBacklogs.includes(events)) {
				const variant = variantById('nodeRaw');
				const run = await measureDrain(emulator, variant.id, variant.drain, events, [
					'itemUsages',
					'signInAttempts',
					'auditEvents',
				]);
				threeTypeDrains.push({ ...run, variant: variant.id, round: 0 });
				log(
					`${thousands(events)} × 3 types: ${run.requests} requests, idle ${run.idleRequests}, static data ${run.staticDataBytes} bytes`,
				);
			}
			if (plan.heldHeapBacklogs.includes(events)) {
				for (const variant of VARIANTS)
					held.push(
						await measureHeldHeap(emulator, variant.id, variant.drain, events, ['itemUsages']),
					);
				log(
					`${thousands(events)} live heap with one poll held: ${held
						.filter((entry) => entry.backlog === events)
						.map((entry) => `${entry.variant} ${(entry.heldPeak / 1024 / 1024).toFixed(1)} MiB`)
						.join(', ')}`,
				);
			}
		} finally {
			await emulator.stop();
		}
	}

	log(
		`node's request budget: 2 workflows, one token, polling back to back for ${plan.pacerSeconds} s...`,
	);
	const largest = plan.backlogs[plan.backlogs.length - 1].events;
	const pacerEmulator = await startEmulatorChild({
		backlog: { itemusages: Math.max(largest, 1_000_000) },
		rateLimit: false,
	});
	let pacer;
	try {
		pacer = await measurePacerWindow(pacerEmulator, plan.pacerSeconds);
	} finally {
		await pacerEmulator.stop();
	}
	log(
		`  busiest 60 s: ${pacer.peakPer60s} requests (${pacer.requests} in ${pacer.seconds.toFixed(0)} s)`,
	);

	const results: BenchResults = {
		startedAt: new Date(started).toISOString(),
		quick,
		minutes: (Date.now() - started) / 60_000,
		machine,
		loadAtEnd: currentLoad(),
		serving,
		drains,
		threeTypeDrains,
		held,
		pacer,
	};
	console.log(`\n${renderReport(results)}`);
	if (outFile) {
		writeFileSync(
			outFile.replace(/\.md$/, '') + '.json',
			`${JSON.stringify(results, null, '\t')}\n`,
		);
		write(results, outFile);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
