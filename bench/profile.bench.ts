/**
 * `npm run bench:profile`: where the node's time goes. Drains a backlog through the thin trigger
 * (b) and the node (raw and simplified output) under V8's CPU profiler, in this process, with the
 * pre-rendered page server of `npm run bench` in a child process, and prints self time per origin
 * and the project's hottest functions, per event, next to each other (see bench/HOTSPOTS.md).
 *
 *   npm run bench:profile [-- --events 300000] [--variants thin,nodeRaw,nodeSimplified]
 */
import { numberFlag, readFlags, stringFlag } from '../emulator/cli-args';
import { profile, summarise } from './lib/cpuProfile';
import type { ProfileSummary } from './lib/cpuProfile';
import { measureDrain } from './lib/measureDrain';
import type { DrainMeasurement } from './lib/measureDrain';
import { startPageServer } from './lib/pageServer';
import { thousands } from './lib/summary';
import { variantById } from './lib/variants';
import type { VariantId } from './lib/variants';

const WARM_UP_EVENTS = 50_000;
const flags = readFlags(process.argv.slice(2), {}, { events: {}, variants: {} });
const events = numberFlag(
	flags,
	'events',
	300_000,
	(n) => Number.isInteger(n) && n >= WARM_UP_EVENTS && n % 1000 === 0,
);
const variantIds = stringFlag(flags, 'variants', 'thin,nodeRaw,nodeSimplified').split(
	',',
) as VariantId[];
const TOP_FUNCTIONS = 12;

const perEvent = (ms: number): string => ((ms * 1000) / events).toFixed(2);

function print(id: VariantId, drain: DrainMeasurement, summary: ProfileSummary): void {
	console.log(
		`\n### ${variantById(id).label}: ${thousands(events)} events, ${thousands(drain.eventsPerSecond)} events/s and ${drain.cpuMicrosPerEvent.toFixed(2)} CPU µs/event under the profiler (server ${(drain.serverCpuShare * 100).toFixed(1)} % of wall)\n`,
	);
	console.log('| Origin (self time) | ms | µs/event |');
	console.log('|---|---:|---:|');
	for (const { origin, ms } of summary.byOrigin.filter((entry) => entry.ms >= 1))
		console.log(`| ${origin} | ${ms.toFixed(0)} | ${perEvent(ms)} |`);
	console.log(`| total wall | ${summary.totalMs.toFixed(0)} | ${perEvent(summary.totalMs)} |`);
	const ownFunctions = summary.byFunction
		.filter((entry) => entry.origin.startsWith('project:'))
		.slice(0, TOP_FUNCTIONS);
	if (ownFunctions.length === 0) return;
	console.log('\n| Project function | File | self ms | self µs/event | inclusive µs/event |');
	console.log('|---|---|---:|---:|---:|');
	for (const entry of ownFunctions) {
		console.log(
			`| ${entry.name} | ${entry.origin.slice('project: '.length)} | ${entry.ms.toFixed(0)} | ${perEvent(entry.ms)} | ${perEvent(entry.inclusiveMs)} |`,
		);
	}
}

async function main(): Promise<void> {
	const server = await startPageServer({ itemusages: events });
	try {
		// Warm up on a small window first, so the profile shows optimised code, not the first compilation.
		await server.setWindow(WARM_UP_EVENTS);
		for (const id of variantIds)
			await measureDrain(server, id, variantById(id).drain, WARM_UP_EVENTS, ['itemUsages']);
		await server.setWindow(events);
		for (const id of variantIds) {
			const variant = variantById(id);
			const { result, profile: taken } = await profile(() =>
				measureDrain(server, id, variant.drain, events, ['itemUsages']),
			);
			print(id, result, summarise(taken));
		}
	} finally {
		await server.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
