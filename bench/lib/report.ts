/**
 * Turns one run's figures into bench/RESULTS.md: machine, targets with verdicts, then the
 * tables behind them, then how it was measured. Every number here comes from the run itself.
 */
import type { BenchResults, DrainRun } from './results';
import { mib, MIB, showSpread, spread, thousands } from './summary';
import { VARIANTS } from './variants';
import type { VariantId } from './variants';
import { PAGE_SIZE } from './drainSetup';

const MAX_STATIC_DATA = 64 * 1024;
const PEAK_HEAP_ALLOWANCE = 16 * MIB;
/** Retained heap counts as flat when it moves less than this between the smallest and largest backlog. */
const FLAT_TOLERANCE = 2 * MIB;
const API_PER_MINUTE = 600;
const NODE_PER_MINUTE = 500;

const label = (id: VariantId): string => VARIANTS.find((variant) => variant.id === id)?.label ?? id;
const backlogsOf = (runs: DrainRun[]): number[] =>
	[...new Set(runs.map((run) => run.backlog))].sort((a, b) => a - b);
const runsOf = (runs: DrainRun[], variant: VariantId, backlog: number): DrainRun[] =>
	runs.filter((run) => run.variant === variant && run.backlog === backlog);
const ratio = (value: number): string => value.toFixed(2);
const cpuMicros = (run: DrainRun): number =>
	(run.clientCpu * run.seconds * 1e6) / (run.backlog * run.eventTypes);
const expectedRequests = (run: DrainRun): number =>
	run.eventTypes * (Math.ceil(run.backlog / PAGE_SIZE) + 1);

/** Per round, `variant`'s figure divided by (or minus) the baseline's from the same round. */
function paired(
	runs: DrainRun[],
	variant: VariantId,
	baseline: VariantId,
	backlog: number,
	pick: (run: DrainRun) => number,
	combine: (a: number, b: number) => number,
): number[] {
	const values: number[] = [];
	for (const run of runsOf(runs, variant, backlog)) {
		const base = runs.find(
			(other) =>
				other.variant === baseline && other.backlog === backlog && other.round === run.round,
		);
		if (base) values.push(combine(pick(run), pick(base)));
	}
	return values;
}

const throughputRatio = (
	runs: DrainRun[],
	variant: VariantId,
	baseline: VariantId,
	backlog: number,
) =>
	spread(
		paired(
			runs,
			variant,
			baseline,
			backlog,
			(run) => run.eventsPerSecond,
			(a, b) => a / b,
		),
	);
const peakHeapExcess = (runs: DrainRun[], variant: VariantId, backlog: number) =>
	spread(
		paired(
			runs,
			variant,
			'bare',
			backlog,
			(run) => run.memory.peakHeapUsed,
			(a, b) => a - b,
		),
	);

interface Verdict {
	target: string;
	measured: string;
	met: boolean;
	/** Why it missed and what would fix it (shown only when missed). */
	whenMissed?: string;
}

function verdicts(results: BenchResults): Verdict[] {
	const { drains } = results;
	const backlogs = backlogsOf(drains);
	const list: Verdict[] = [];
	const nodeVariants: VariantId[] = ['nodeRaw', 'nodeSimplified', 'nodeFiltered'];

	const helperShare = spread(
		backlogs.map((backlog) => throughputRatio(drains, 'thin', 'bare', backlog).median),
	).median;
	for (const [baseline, floor] of [
		['thin', 0.95],
		['bare', 0.75],
	] as const) {
		const medians = backlogs.map((backlog) =>
			throughputRatio(drains, 'nodeRaw', baseline, backlog),
		);
		list.push({
			target: `Raw drain throughput ≥ ${floor} × ${baseline === 'thin' ? '(b) thin trigger' : '(a) bare client'}`,
			measured: backlogs
				.map((backlog, index) => `${thousands(backlog)}: ${showSpread(medians[index], ratio)}`)
				.join('; '),
			met: medians.every((value) => value.median >= floor),
			whenMissed:
				baseline === 'thin'
					? 'The node does more per event than the thin trigger (de-duplication, newest-time tracking, filters, output mapping) and a little more per page and per poll (pacer, retry wrapper, settings, positions). The CPU µs/event column shows the extra cost; bench/HOTSPOTS.md has the profile, the hot spots found, the fix proposed and what remains.'
					: `The thin trigger (b) reaches ${ratio(helperShare)} × (a) here (median over backlogs), so ${helperShare >= 0.95 ? 'n8n’s request helper costs little on this machine and the gap is the node’s own work' : 'part of the gap is n8n’s request helper itself'}: see the “× (b)” and CPU columns and bench/HOTSPOTS.md.`,
		});
	}

	const retainedSpread = nodeVariants.map((variant) => {
		const medians = backlogs.map(
			(backlog) => spread(runsOf(drains, variant, backlog).map((run) => run.heapRetained)).median,
		);
		return { variant, medians, range: Math.max(...medians) - Math.min(...medians) };
	});
	list.push({
		target: `Heap retained after each drain (after GC) flat in backlog size (within ${mib(FLAT_TOLERANCE, 0)} MiB)`,
		measured: retainedSpread
			.map(
				({ variant, medians }) =>
					`${variant}: ${medians.map((value) => `${(value / 1024).toFixed(0)} KiB`).join(' / ')}`,
			)
			.join('; '),
		met: retainedSpread.every((entry) => entry.range <= FLAT_TOLERANCE),
		whenMissed:
			'Something grows with the backlog; compare heap snapshots after a 10,000 and a 1,000,000 drain.',
	});

	const excesses = nodeVariants.flatMap((variant) =>
		backlogs.map((backlog) => ({
			variant,
			backlog,
			excess: peakHeapExcess(drains, variant, backlog),
		})),
	);
	const worst = excesses.reduce((a, b) => (b.excess.median > a.excess.median ? b : a));
	list.push({
		target: 'Peak heap while draining ≤ bare client’s peak + 16 MiB (timed drains, GC profiler)',
		measured: `worst: ${worst.variant} at ${thousands(worst.backlog)}: ${showSpread(worst.excess, (value) => `${mib(value)} MiB`)} over (a)`,
		met: excesses.every((entry) => entry.excess.median <= PEAK_HEAP_ALLOWANCE),
		whenMissed:
			'Peak heap counts garbage V8 has not collected yet; the node allocates more per event (copies, intermediate objects), so V8 lets the heap grow further between collections. The live heap with one poll held (Memory table) shows what is really kept; fewer allocations per event (bench/HOTSPOTS.md) lower both.',
	});
	const heldBare = new Map(
		results.held
			.filter((entry) => entry.variant === 'bare')
			.map((entry) => [entry.backlog, entry.heldPeak]),
	);
	const heldExcess = results.held
		.filter((entry) => nodeVariants.includes(entry.variant as VariantId))
		.map((entry) => ({ ...entry, excess: entry.heldPeak - (heldBare.get(entry.backlog) ?? 0) }));
	if (heldExcess.length > 0) {
		const worstHeld = heldExcess.reduce((a, b) => (b.excess > a.excess ? b : a));
		list.push({
			target: 'Live heap with one poll’s items held ≤ bare client’s + 16 MiB (forced GC)',
			measured: `worst: ${worstHeld.variant} at ${thousands(worstHeld.backlog)}: ${mib(worstHeld.excess)} MiB over (a)`,
			met: heldExcess.every((entry) => entry.excess <= PEAK_HEAP_ALLOWANCE),
			whenMissed: 'The node keeps more per item than the bare client; see bench/HOTSPOTS.md.',
		});
	}

	const nodeRuns = [
		...drains.filter((run) => nodeVariants.includes(run.variant)),
		...results.threeTypeDrains,
	];
	const wrongRequests = nodeRuns.filter((run) => run.requests !== expectedRequests(run));
	list.push({
		target: `Requests per drain = ⌈N / ${PAGE_SIZE}⌉ + 1 per event type`,
		measured:
			wrongRequests.length === 0
				? `all ${nodeRuns.length} node drains exact`
				: `${wrongRequests.length} of ${nodeRuns.length} differ (e.g. ${wrongRequests[0].requests} for ${thousands(wrongRequests[0].backlog)} × ${wrongRequests[0].eventTypes})`,
		met: wrongRequests.length === 0,
		whenMissed:
			'Extra requests mean the poller reads past a page it could have known was the last, or re-reads one.',
	});
	const wrongIdle = nodeRuns.filter((run) => run.idleRequests !== run.eventTypes);
	list.push({
		target: 'Idle poll = 1 request per event type',
		measured:
			wrongIdle.length === 0
				? `all ${nodeRuns.length} idle polls exact (1 or 3)`
				: `${wrongIdle.length} differ`,
		met: wrongIdle.length === 0,
	});
	list.push({
		target: `Highest count in any 60 s window ≤ ${API_PER_MINUTE} (node's own pacing, emulator limit lifted)`,
		measured: `${results.pacer.peakPer60s} requests (node aims for ≤ ${NODE_PER_MINUTE}) over ${results.pacer.seconds.toFixed(0)} s`,
		met: results.pacer.peakPer60s <= API_PER_MINUTE,
		whenMissed:
			'The pacer let more through than it should: check requestPacer.ts is shared per token across workflows.',
	});
	const largestStatic = Math.max(...nodeRuns.map((run) => run.staticDataBytes ?? 0));
	list.push({
		target: 'Static data ≤ 64 KiB after each drain',
		measured: `largest ${thousands(largestStatic)} bytes (3 event types: ${thousands(Math.max(0, ...results.threeTypeDrains.map((run) => run.staticDataBytes ?? 0)))})`,
		met: largestStatic <= MAX_STATIC_DATA,
	});
	const bareEmulatorLoad = spread(
		drains.filter((run) => run.variant === 'bare').map((run) => run.emulatorCpu),
	).median;
	const fastestDrain = Math.max(...drains.map((run) => run.eventsPerSecond));
	list.push({
		target: 'Emulator not the bottleneck',
		measured: `serves ${thousands(results.serving.eventsPerSecond)} events/s alone; busy ${ratio(bareEmulatorLoad)} of a core during (a) drains; fastest drain ${thousands(fastestDrain)} events/s`,
		met: bareEmulatorLoad < 0.9,
		whenMissed:
			'The emulator used (nearly) a whole core, so the bare client waited on it and every ratio is compressed; make record generation cheaper (emulator/) before reading the ratios.',
	});
	return list;
}

function machineSection(results: BenchResults): string[] {
	const { machine } = results;
	return [
		'## Machine',
		'',
		'| | |',
		'|---|---|',
		`| CPU | ${machine.cores} × ${machine.cpu} |`,
		`| Memory | ${machine.memoryGiB} GiB |`,
		`| Kernel | Linux ${machine.kernel} |`,
		`| Node.js | ${machine.node} |`,
		`| n8n-workflow / n8n-core | ${machine.n8nWorkflow} / ${machine.n8nCore} |`,
		`| Load average (1 min) at start / end | ${machine.loadAtStart.toFixed(2)} / ${results.loadAtEnd.toFixed(2)} (other work on the machine shows here) |`,
		`| Priority (nice) | ${machine.nice}${machine.nice < 0 ? ' (raised: other work shared the machine)' : ''} |`,
		`| Run | ${results.quick ? '`--quick`' : 'full'}, started ${results.startedAt}, ${results.minutes.toFixed(1)} minutes |`,
		'',
	];
}

function targetSection(list: Verdict[]): string[] {
	const lines = [
		'## Targets',
		'',
		'| Target | Measured (median, min–max over paired rounds) | Met |',
		'|---|---|---|',
	];
	for (const verdict of list)
		lines.push(`| ${verdict.target} | ${verdict.measured} | ${verdict.met ? 'yes' : '**no**'} |`);
	const missed = list.filter((verdict) => !verdict.met && verdict.whenMissed);
	if (missed.length > 0) {
		lines.push('', 'Missed:');
		for (const verdict of missed) lines.push(`- *${verdict.target}*: ${verdict.whenMissed}`);
	}
	lines.push('');
	return lines;
}

function throughputSection(results: BenchResults): string[] {
	const { drains } = results;
	const lines = [
		'## Drain throughput (item usages, pages of 1000, 10,000 events per poll)',
		'',
		'Events/s = backlog ÷ wall time of the whole drain. Ratios are paired: each run divided by the baseline run of the same round.',
		'',
		'| Backlog | Variant | Runs | events/s min | median | max | × (a) | × (b) | CPU µs/event (this process) | emulator CPU (cores) |',
		'|---:|---|---:|---:|---:|---:|---|---|---:|---:|',
	];
	for (const backlog of backlogsOf(drains)) {
		for (const variant of VARIANTS) {
			const runs = runsOf(drains, variant.id, backlog);
			const rate = spread(runs.map((run) => run.eventsPerSecond));
			const versus = (baseline: VariantId) =>
				variant.id === baseline
					? '1'
					: showSpread(throughputRatio(drains, variant.id, baseline, backlog), ratio);
			lines.push(
				`| ${thousands(backlog)} | ${variant.label} | ${rate.count} | ${thousands(rate.min)} | ${thousands(rate.median)} | ${thousands(rate.max)} | ${versus('bare')} | ${versus('thin')} | ${spread(runs.map(cpuMicros)).median.toFixed(1)} | ${spread(runs.map((run) => run.emulatorCpu)).median.toFixed(2)} |`,
			);
		}
	}
	lines.push('');
	return lines;
}

function memorySection(results: BenchResults): string[] {
	const { drains } = results;
	const lines = [
		'## Memory',
		'',
		'Floor = used heap after full GC just before the drain (n8n-core and everything loaded). Peak = highest used heap during the timed drain, garbage included (V8 GC profiler: the heap peaks right before each collection). Live = used heap after a full GC while one poll’s items are still held, above the floor (separate untimed pass). Retained = heap after GC once the drain is over, with the workflow’s state still referenced, minus the floor.',
		'',
		'| Backlog | Variant | Floor MiB | Peak heap MiB | Peak − (a) MiB | Live, one poll held MiB | Retained KiB | Peak RSS MiB | GC time |',
		'|---:|---|---:|---|---|---:|---|---:|---:|',
	];
	for (const backlog of backlogsOf(drains)) {
		for (const variant of VARIANTS) {
			const runs = runsOf(drains, variant.id, backlog);
			const held = results.held.find(
				(entry) => entry.variant === variant.id && entry.backlog === backlog,
			);
			const gcShare = spread(runs.map((run) => run.memory.gcMs / 1000 / run.seconds)).median;
			lines.push(
				[
					'',
					thousands(backlog),
					variant.label,
					mib(spread(runs.map((run) => run.heapBefore)).median),
					showSpread(spread(runs.map((run) => run.memory.peakHeapUsed)), (value) => mib(value)),
					variant.id === 'bare'
						? '0'
						: showSpread(peakHeapExcess(drains, variant.id, backlog), (value) => mib(value)),
					held ? mib(held.heldPeak) : '—',
					showSpread(spread(runs.map((run) => run.heapRetained)), (value) =>
						(value / 1024).toFixed(0),
					),
					mib(spread(runs.map((run) => run.memory.peakRss)).median, 0),
					`${(gcShare * 100).toFixed(0)} %`,
					'',
				]
					.join(' | ')
					.trim(),
			);
		}
	}
	lines.push('');
	return lines;
}

function requestSection(results: BenchResults): string[] {
	const lines = [
		'## Requests and static data',
		'',
		'Counted by the emulator. Expected = ⌈N / 1000⌉ + 1 per event type for a drain (the last page says `has_more`, one more request finds nothing), 1 per type for an idle poll. Static data = `JSON.stringify(staticData).length` after the drain.',
		'',
		'| Backlog per type | Variant | Types | Runs | Polls | Requests | Expected | Idle poll requests | Expected | Static data bytes (max) |',
		'|---:|---|---:|---:|---:|---|---:|---|---:|---:|',
	];
	const groups = [...results.drains, ...results.threeTypeDrains];
	const keys = [...new Set(groups.map((run) => `${run.backlog}|${run.variant}|${run.eventTypes}`))];
	const range = (values: number[]) => {
		const { min, max } = spread(values);
		return min === max ? String(min) : `${min}–${max}`;
	};
	for (const key of keys) {
		const runs = groups.filter((run) => `${run.backlog}|${run.variant}|${run.eventTypes}` === key);
		const [first] = runs;
		const staticBytes = runs
			.map((run) => run.staticDataBytes)
			.filter((value): value is number => value !== undefined);
		lines.push(
			`| ${thousands(first.backlog)} | ${label(first.variant)} | ${first.eventTypes} | ${runs.length} | ${range(runs.map((run) => run.polls))} | ${range(runs.map((run) => run.requests))} | ${expectedRequests(first)} | ${range(runs.map((run) => run.idleRequests))} | ${first.eventTypes} | ${staticBytes.length > 0 ? thousands(Math.max(...staticBytes)) : '— (in memory)'} |`,
		);
	}
	lines.push('');
	return lines;
}

function pacerSection(results: BenchResults): string[] {
	const { pacer } = results;
	return [
		'## The node’s own request budget',
		'',
		`${pacer.workflows} workflows sharing one token polled a 1,000,000-event backlog back to back (1 s pause after a poll that emitted nothing) for ${pacer.seconds.toFixed(0)} s, with the emulator’s rate limit lifted, so only the node limited itself.`,
		'',
		'| Busiest 60 s window (emulator’s sliding count, this token) | Requests in total | Polls | Polls that emitted nothing | Items |',
		'|---:|---:|---:|---:|---:|',
		`| ${pacer.peakPer60s} | ${pacer.requests} | ${pacer.polls} | ${pacer.emptyOrFailedPolls} | ${thousands(pacer.items)} |`,
		'',
		pacer.warnings.length > 0
			? `What the node logged: ${pacer.warnings.map((warning) => `“${warning}”`).join('; ')}`
			: 'The node logged no warning.',
		'',
		...(pacer.peakPer60s > NODE_PER_MINUTE && pacer.peakPer60s <= API_PER_MINUTE
			? [
					`${pacer.peakPer60s - NODE_PER_MINUTE} over the node’s own 500: the pacer counts a request when it lets it go, the server when it arrives, and the delay between the two varies by a few milliseconds (credential, request set-up, the other workflow’s page being processed on the same event loop). So a 60 s window as the server counts it can hold a request or two more than any 60 s window of the pacer’s own stamps. The API allows 600, so the margin holds; a pacer that had to hold 500 exactly as the server counts would keep its window a second longer than a minute.`,
					'',
				]
			: []),
	];
}

function emulatorSection(results: BenchResults): string[] {
	const { drains, serving } = results;
	const lines = [
		'## Emulator',
		'',
		`Serving rate (bench/emulator-serving.bench.ts, same run, emulator in a child process, plain fetch client): **${thousands(serving.eventsPerSecond)} events/s** over ${thousands(serving.events)} events (${serving.megabytesPerSecond} MB/s).`,
		'',
		'Client and emulator take turns on every page (each request needs the previous cursor), so wall time per page is the client’s CPU time plus the emulator’s. Emulator load below one core means it was not saturated; its share of each page still compresses every ratio towards 1 (the CPU µs/event column is free of that).',
		'',
		'| Variant | Emulator CPU (cores, median over all drains) | Events per emulator CPU-second |',
		'|---|---:|---:|',
	];
	for (const variant of VARIANTS) {
		const runs = drains.filter((run) => run.variant === variant.id);
		const perCpuSecond = spread(
			runs.map((run) => (run.backlog * run.eventTypes) / (run.emulatorCpu * run.seconds)),
		);
		lines.push(
			`| ${variant.label} | ${spread(runs.map((run) => run.emulatorCpu)).median.toFixed(2)} | ${thousands(perCpuSecond.median)} |`,
		);
	}
	lines.push('');
	return lines;
}

const METHOD = [
	'## How it was measured',
	'',
	'- One process (`node --expose-gc --import tsx bench/drain.bench.ts`) runs the node and both baselines; the emulator runs in a child process (`emulator/cli.ts`, rate limit lifted, no live events), one per backlog size, so its CPU and memory stay out of the figures. Its CPU time is read from `/proc`.',
	'- **Node**: the real `OnePasswordEventsTrigger.poll()` in n8n-core 2.41’s real `PollContext` (`test/harness/n8n/pollContext.ts`: real request helpers, the credential’s own `authenticate`), Start From = Look Back 8 days (the backlog spans 7), Max Events per Poll 10,000 (the default), Page Size 1000, poll budget 45 s. Polls run back to back, as n8n’s cron would call them on a backlog, until a poll returns nothing and moves no cursor; each poll’s items are dropped when it returns, as n8n hands them to the execution.',
	'- **(a) bare client**: global `fetch` (keep-alive), `JSON.parse`, cursor loop, one `{json: record}` per event, in chunks of 10 pages held until complete and then dropped — the same chunk the node returns per poll.',
	'- **(b) thin trigger**: a `poll()` in the same `PollContext` sending pages of 1000 through `httpRequestWithAuthentication` with `disableFollowRedirect` (as the node does), 10 pages per poll, cursor in static data, nothing else. **(b0)** is the same with the helper’s defaults.',
	'- **Filters**: Item Usage Actions = reveal, export, secure-copy, share (4 of 11, about a third of the events emitted). Throughput counts events read, not emitted.',
	'- **Pacer**: the node keeps each token under 500 requests a minute, process-wide (`requestPacer.ts`), and a 1,000,000-event drain needs 1001 requests in well under a minute. Throughput drains therefore switch to a never-used token every 450 requests (40 polls), for the node and both baselines alike (so the emulator verifies the same number of new tokens for each); the pacer is never waited on in those drains and is not disabled anywhere. Its behaviour is measured separately (“The node’s own request budget”).',
	'- Variants run interleaved: each round runs every variant once, in an order rotated by one each round, after three unrecorded warm-up drains per variant. Ratios are taken within a round, then summarised as median (min–max).',
	'- Memory: peak heap from V8’s `GCProfiler` (used heap before every collection during the drain, and at its end); peak RSS sampled every 5 ms; retained heap and the floor after two forced full GCs. The live heap with one poll held comes from a separate drain that forces a full GC after up to 12 evenly spread polls while their items are held.',
	'- Requests are counted by the emulator (`/admin/stats`, reset before each drain); the idle poll is one more poll after the drain. Any non-200 answer aborts the run.',
	'',
];

export function renderReport(results: BenchResults): string {
	return [
		'# Benchmarks: the node is never the bottleneck (issue 6)',
		'',
		'Generated by `npm run bench` (bench/drain.bench.ts); raw figures in the JSON file next to this one. Profile and hot spots: bench/HOTSPOTS.md.',
		'',
		...machineSection(results),
		...targetSection(verdicts(results)),
		...throughputSection(results),
		...memorySection(results),
		...requestSection(results),
		...pacerSection(results),
		...emulatorSection(results),
		...METHOD,
	].join('\n');
}
