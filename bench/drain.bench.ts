/**
 * `npm run bench` (issue 6): what the package costs. The trigger's real poll path and two
 * baselines drain backlogs of 10,000, 100,000 and 1,000,000 item usages, side by side in one
 * process, from a server in a child process that serves pre-rendered pages (so the server is
 * never on the critical path; its share of each drain's wall time is measured and checked).
 * Main figure: this process's CPU per event; beside it, wall-time throughput, memory, requests,
 * static data, and the node's own request budget (against the emulator). Prints progress and
 * writes bench/RESULTS.md. A benchmark that prints figures, not a timed test.
 *
 *   npm run bench                 full run (about 8 minutes on 2 cores)
 *   npm run bench -- --quick      10,000 and 100,000 only, fewer rounds (about 2 minutes)
 *   npm run bench -- --out FILE   write the Markdown there (--quick writes none unless asked)
 *   npm run bench -- --json FILE  also write the raw figures there (never by default)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { booleanFlag, readFlags, stringFlag } from '../emulator/cli-args';
import type { EventTypeKey } from '../nodes/OnePasswordEvents/shared/eventTypes';
import { startEmulatorChild } from './lib/emulatorChild';
import { measureHeldHeap } from './lib/heldHeap';
import { currentLoad, describeMachine } from './lib/machine';
import { measureDrain, warmUpDrain } from './lib/measureDrain';
import { measurePacerWindow } from './lib/pacerWindow';
import { startPageServer } from './lib/pageServer';
import type { PageServer } from './lib/pageServer';
import { renderReport, reportTitle } from './lib/report';
import type { BenchResults, DrainRun } from './lib/results';
import { isBalanced, roundOrder } from './lib/runOrder';
import { thousands } from './lib/summary';
import { VARIANTS, variantById } from './lib/variants';

interface Plan {
	/** Backlog per event type → balanced rounds of every variant (whole periods: runOrder.ts). */
	backlogs: Array<{ events: number; rounds: number }>;
	/** Backlogs at which the node also reads all three event types. */
	threeTypeBacklogs: number[];
	/** Backlogs at which the live heap with one poll held is measured (forced GCs: untimed). */
	heldHeapBacklogs: number[];
	pacerSeconds: number;
}

const FULL: Plan = {
	backlogs: [
		// Short drains (11 requests) are the noisiest: more rounds.
		{ events: 10_000, rounds: 16 },
		{ events: 100_000, rounds: 8 },
		{ events: 1_000_000, rounds: 4 },
	],
	threeTypeBacklogs: [10_000, 100_000],
	heldHeapBacklogs: [10_000, 100_000],
	// Longer than the pacer's window, so that a second minute's requests can meet the first's.
	pacerSeconds: 75,
};

const QUICK: Plan = {
	backlogs: [
		{ events: 10_000, rounds: 8 },
		{ events: 100_000, rounds: 4 },
	],
	threeTypeBacklogs: [10_000],
	heldHeapBacklogs: [10_000],
	pacerSeconds: 20,
};

/** Warm-up before anything is recorded: every variant, and the server, run first untimed. */
const WARM_UP = { initialDrains: 3, initialEvents: 10_000, perBacklogEvents: 20_000 };
/** A drain where the client waited for the server longer than this share of its wall time is flagged. */
const SERVER_SHARE_LIMIT = 0.1;
const ITEM_USAGES: EventTypeKey[] = ['itemUsages'];

const flags = readFlags(process.argv.slice(2), {}, { quick: { boolean: true }, out: {}, json: {} });
const quick = booleanFlag(flags, 'quick', false);
const plan = quick ? QUICK : FULL;
const outFile = stringFlag(flags, 'out', quick ? '' : resolve(__dirname, 'RESULTS.md'));
const jsonFile = stringFlag(flags, 'json', '');

const log = (line: string): void =>
	console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** One untimed drain of every variant over `events`, in a balanced order. */
async function warmUp(server: PageServer, events: number, round: number): Promise<void> {
	await server.setWindow(events);
	for (const index of roundOrder(VARIANTS.length, round)) {
		await warmUpDrain(server, VARIANTS[index].drain, events, ITEM_USAGES);
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const machine = describeMachine();
	log(
		`${machine.cores} × ${machine.cpu}, Node.js ${machine.node}, n8n-workflow ${machine.n8nWorkflow}, load ${machine.loadAtStart.toFixed(2)}, nice ${machine.nice}`,
	);

	const largest = Math.max(...plan.backlogs.map((entry) => entry.events));
	const otherTypes = Math.max(...plan.threeTypeBacklogs);
	const pageBacklog = { itemusages: largest, signinattempts: otherTypes, auditevents: otherTypes };
	log(
		`page server: rendering ${thousands(largest)} item usages and ${thousands(otherTypes)} of each other type...`,
	);
	const server = await startPageServer(pageBacklog);
	log(
		`  rendered in ${server.renderSeconds.toFixed(1)} s (${(server.bytes / 1024 / 1024).toFixed(0)} MiB)`,
	);

	const drains: DrainRun[] = [];
	const threeTypeDrains: DrainRun[] = [];
	const held: BenchResults['held'] = [];
	try {
		log(
			`warm-up: ${WARM_UP.initialDrains} untimed drains per variant over ${thousands(WARM_UP.initialEvents)} events`,
		);
		for (let round = 0; round < WARM_UP.initialDrains; round++)
			await warmUp(server, WARM_UP.initialEvents, round);

		for (const { events, rounds } of plan.backlogs) {
			await warmUp(server, Math.min(events, WARM_UP.perBacklogEvents), 0);
			await server.setWindow(events);
			for (let round = 0; round < rounds; round++) {
				const order = roundOrder(VARIANTS.length, round);
				const line: string[] = [];
				for (const [position, index] of order.entries()) {
					const variant = VARIANTS[index];
					const run = await measureDrain(server, variant.id, variant.drain, events, ITEM_USAGES);
					drains.push({ ...run, variant: variant.id, round, position });
					line.push(
						`${variant.id} ${run.cpuMicrosPerEvent.toFixed(2)} µs ${thousands(run.eventsPerSecond)}/s wait ${percent(run.clientIdleShare)}`,
					);
				}
				log(`${thousands(events)} round ${round + 1}/${rounds}: ${line.join(' | ')}`);
			}
			if (plan.threeTypeBacklogs.includes(events)) {
				const variant = variantById('nodeRaw');
				const run = await measureDrain(server, variant.id, variant.drain, events, [
					'itemUsages',
					'signInAttempts',
					'auditEvents',
				]);
				threeTypeDrains.push({ ...run, variant: variant.id, round: 0, position: 0 });
				log(
					`${thousands(events)} × 3 types: ${run.requests} requests, idle ${run.idleRequests}, static data ${run.staticDataBytes} bytes`,
				);
			}
			if (plan.heldHeapBacklogs.includes(events)) {
				for (const variant of VARIANTS)
					held.push(await measureHeldHeap(server, variant.id, variant.drain, events, ITEM_USAGES));
				log(
					`${thousands(events)} live heap with one poll held: ${held
						.filter((entry) => entry.backlog === events)
						.map((entry) => `${entry.variant} ${(entry.heldPeak / 1024 / 1024).toFixed(1)} MiB`)
						.join(', ')}`,
				);
			}
		}
	} finally {
		await server.stop();
	}

	log(
		`node's request budget: 2 workflows, one token, polling back to back for ${plan.pacerSeconds} s (emulator)...`,
	);
	const pacerEmulator = await startEmulatorChild({
		backlog: { itemusages: 1_000_000 },
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
		backlogs: plan.backlogs.map((entry) => ({
			...entry,
			balanced: isBalanced(VARIANTS.length, entry.rounds),
		})),
		warmUp: WARM_UP,
		serverShareLimit: SERVER_SHARE_LIMIT,
		pageServer: {
			renderSeconds: server.renderSeconds,
			bytes: server.bytes,
			backlog: pageBacklog,
		},
		drains,
		threeTypeDrains,
		held,
		pacer,
	};
	console.log(`\n${renderReport(results)}`);
	if (jsonFile) {
		writeFileSync(jsonFile, `${JSON.stringify(results, null, '\t')}\n`);
		log(`wrote ${jsonFile}`);
	}
	if (outFile) {
		writeFileSync(outFile, renderReport(results));
		log(`wrote ${outFile}: ${reportTitle(results)}`);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
