/**
 * `npm run bench:compare -- --after DIR`: before/after figures for a change to the node, in one
 * process. The trigger is loaded from this checkout ("before") and from DIR ("after", e.g. a
 * private copy with a proposed fix, or `git worktree add` of another commit), and both drain the
 * same backlog from the pre-rendered page server with the thin trigger (b) and the bare client
 * (a), in a balanced order (runOrder.ts), so the ratios are paired within each round and machine
 * noise hits both sides alike. Main figure: CPU µs/event of this process.
 *
 *   npm run bench:compare -- --after /tmp/copy [--before .] [--events 300000] [--rounds 5] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { INodeType } from 'n8n-workflow';

import { numberFlag, readFlags, stringFlag } from '../emulator/cli-args';
import type { DrainFn } from './lib/drainSetup';
import { measureDrain } from './lib/measureDrain';
import type { DrainMeasurement } from './lib/measureDrain';
import { nodeTriggerDrain } from './lib/nodeTrigger';
import { startPageServer } from './lib/pageServer';
import { roundOrder } from './lib/runOrder';
import type { NodeVariant } from './lib/nodeTrigger';
import { mib, showSpread, spread, thousands } from './lib/summary';
import { BENCH_FILTERS, variantById } from './lib/variants';

const WARM_UP_EVENTS = 20_000;
const flags = readFlags(
	process.argv.slice(2),
	{},
	{ before: {}, after: {}, events: {}, rounds: {}, out: {} },
);
const beforeDir = resolve(stringFlag(flags, 'before', resolve(__dirname, '..')));
const afterDir = resolve(stringFlag(flags, 'after', ''));
const events = numberFlag(
	flags,
	'events',
	300_000,
	(n) => Number.isInteger(n) && n >= WARM_UP_EVENTS && n % 1000 === 0,
);
const rounds = numberFlag(flags, 'rounds', 5, (n) => Number.isInteger(n) && n >= 1);
const outFile = stringFlag(flags, 'out', '');
if (afterDir === resolve(''))
	throw new Error('pass --after DIR: a checkout of the project with the change');

interface Entry {
	id: string;
	label: string;
	drain: DrainFn;
}

async function loadTrigger(dir: string): Promise<new () => INodeType> {
	const file = resolve(dir, 'nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.ts');
	const loaded = (await import(pathToFileURL(file).href)) as {
		OnePasswordEventsTrigger: new () => INodeType;
	};
	return loaded.OnePasswordEventsTrigger;
}

function nodeEntries(side: 'before' | 'after', triggerClass: new () => INodeType): Entry[] {
	const configs: Array<[string, NodeVariant]> = [
		['raw', { output: 'raw', triggerClass }],
		['simplified', { output: 'simplified', triggerClass }],
		['raw + filter', { output: 'raw', filters: BENCH_FILTERS, triggerClass }],
	];
	return configs.map(([name, variant]) => ({
		id: `${side} ${name}`,
		label: `node ${name}, ${side}`,
		drain: nodeTriggerDrain(variant),
	}));
}

async function main(): Promise<void> {
	const entries: Entry[] = [
		{ id: 'bare', label: variantById('bare').label, drain: variantById('bare').drain },
		{ id: 'thin', label: variantById('thin').label, drain: variantById('thin').drain },
		...nodeEntries('before', await loadTrigger(beforeDir)),
		...nodeEntries('after', await loadTrigger(afterDir)),
	];
	const runs: Array<DrainMeasurement & { round: number }> = [];
	const server = await startPageServer({ itemusages: events });
	try {
		// Warm up every entry (and the server) on a small window first.
		await server.setWindow(WARM_UP_EVENTS);
		for (const entry of entries)
			await measureDrain(server, entry.id, entry.drain, WARM_UP_EVENTS, ['itemUsages']);
		await server.setWindow(events);
		for (let round = 0; round < rounds; round++) {
			for (const index of roundOrder(entries.length, round)) {
				const entry = entries[index];
				runs.push({
					...(await measureDrain(server, entry.id, entry.drain, events, ['itemUsages'])),
					round,
				});
			}
			console.error(`[compare] round ${round + 1}/${rounds} done`);
		}
	} finally {
		await server.stop();
	}

	const of = (id: string) => runs.filter((run) => run.variant === id);
	const pairedWith = (
		id: string,
		baseline: string,
		pick: (run: DrainMeasurement) => number,
		combine: (a: number, b: number) => number,
	) =>
		spread(
			of(id).flatMap((run) => {
				const base = runs.find((other) => other.variant === baseline && other.round === run.round);
				return base ? [combine(pick(run), pick(base))] : [];
			}),
		);
	const ratio = (value: number) => value.toFixed(2);
	const lines = [
		`Before: ${beforeDir}; after: ${afterDir}. ${thousands(events)} item usages per drain, ${rounds} rounds in a balanced order (whole periods: ${rounds % entries.length === 0 ? 'yes' : 'no'}); median (min–max), ratios paired within a round.`,
		'',
		'| Variant | CPU µs/event | CPU × (b) | events/s | × (a) | × (b) | Server CPU / wall (max) | Peak heap − (a) MiB | GC time |',
		'|---|---|---|---:|---|---|---:|---|---:|',
	];
	const quotient = (a: number, b: number) => a / b;
	const difference = (a: number, b: number) => a - b;
	for (const entry of entries) {
		const own = of(entry.id);
		const cpu = showSpread(spread(own.map((run) => run.cpuMicrosPerEvent)), (value) =>
			value.toFixed(2),
		);
		const cpuVsThin = showSpread(
			pairedWith(entry.id, 'thin', (run) => run.cpuMicrosPerEvent, quotient),
			ratio,
		);
		const rate = thousands(spread(own.map((run) => run.eventsPerSecond)).median);
		const vsBare = showSpread(
			pairedWith(entry.id, 'bare', (run) => run.eventsPerSecond, quotient),
			ratio,
		);
		const vsThin = showSpread(
			pairedWith(entry.id, 'thin', (run) => run.eventsPerSecond, quotient),
			ratio,
		);
		const serverShare = `${(spread(own.map((run) => run.serverCpuShare)).max * 100).toFixed(1)} %`;
		const peak = showSpread(
			pairedWith(entry.id, 'bare', (run) => run.memory.peakHeapUsed, difference),
			(value) => mib(value),
		);
		const gc = `${(spread(own.map((run) => run.memory.gcMs / 1000 / run.seconds)).median * 100).toFixed(0)} %`;
		lines.push(
			`| ${entry.label} | ${cpu} | ${cpuVsThin} | ${rate} | ${vsBare} | ${vsThin} | ${serverShare} | ${peak} | ${gc} |`,
		);
	}
	const markdown = lines.join('\n');
	console.log(markdown);
	if (outFile) writeFileSync(outFile, `${markdown}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
