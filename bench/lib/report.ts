/**
 * Turns one run's figures into bench/RESULTS.md: a title saying what was measured, the machine,
 * the check that the server stayed off the critical path, targets with verdicts, the tables
 * behind them, then how it was measured. Every number here comes from the run itself.
 *
 * Verdicts compare medians and use the spread: a target is met or missed by its median, and
 * "within noise" says the min–max range crosses the line; two variants differ measurably only
 * when their ranges do not overlap.
 */
import { PAGE_SIZE } from './drainSetup';
import type { BenchResults, DrainRun } from './results';
import { mib, MIB, showSpread, spread, thousands } from './summary';
import type { Spread } from './summary';
import { VARIANTS } from './variants';
import type { VariantId } from './variants';

const MAX_STATIC_DATA = 64 * 1024;
const PEAK_HEAP_ALLOWANCE = 16 * MIB;
/** Retained heap counts as flat when it moves less than this between the smallest and largest backlog. */
const FLAT_TOLERANCE = 2 * MIB;
const API_PER_MINUTE = 600;
const NODE_PER_MINUTE = 500;
const NODE_VARIANTS: VariantId[] = ['nodeRaw', 'nodeSimplified'];

const label = (id: VariantId): string => VARIANTS.find((variant) => variant.id === id)?.label ?? id;
const shortName: Record<VariantId, string> = {
	bare: '(a)',
	thin: '(b)',
	nodeRaw: 'node raw',
	nodeSimplified: 'node simplified',
	nodeFiltered: 'node raw + filter',
};
const backlogsOf = (runs: DrainRun[]): number[] =>
	[...new Set(runs.map((run) => run.backlog))].sort((a, b) => a - b);
const runsOf = (runs: DrainRun[], variant: VariantId, backlog: number): DrainRun[] =>
	runs.filter((run) => run.variant === variant && run.backlog === backlog);
const ratio = (value: number): string => value.toFixed(2);
const micros = (value: number): string => value.toFixed(2);
const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;
const expectedRequests = (run: DrainRun): number =>
	run.eventTypes * (Math.ceil(run.backlog / PAGE_SIZE) + 1);

/** Per round, `variant`'s figure divided by (or minus) the baseline's from the same round. */
function paired(
	runs: DrainRun[],
	variant: VariantId,
	baseline: VariantId,
	backlog: number,
	pick: (run: DrainRun) => number,
	combine: (a: number, b: number) => number = (a, b) => a / b,
): Spread {
	const values: number[] = [];
	for (const run of runsOf(runs, variant, backlog)) {
		const base = runs.find(
			(other) =>
				other.variant === baseline && other.backlog === backlog && other.round === run.round,
		);
		if (base) values.push(combine(pick(run), pick(base)));
	}
	return spread(values);
}

const cpu = (run: DrainRun): number => run.cpuMicrosPerEvent;
const rate = (run: DrainRun): number => run.eventsPerSecond;

type Met = 'yes' | 'yes, within noise' | 'no, within noise' | 'no';
const MET_ORDER: Met[] = ['yes', 'yes, within noise', 'no, within noise', 'no'];
const worstOf = (list: Met[]): Met =>
	list.reduce<Met>((a, b) => (MET_ORDER.indexOf(b) > MET_ORDER.indexOf(a) ? b : a), 'yes');

/** Met by the median; "within noise" when the min–max range crosses the line. */
function against(values: Spread, line: number, want: 'atLeast' | 'atMost'): Met {
	const good = (value: number) => (want === 'atLeast' ? value >= line : value <= line);
	if (good(values.median))
		return good(want === 'atLeast' ? values.min : values.max) ? 'yes' : 'yes, within noise';
	return good(want === 'atLeast' ? values.max : values.min) ? 'no, within noise' : 'no';
}

/** How two variants' ranges compare: a difference only when they do not overlap. */
function compareRanges(mine: Spread, theirs: Spread, lowerIsBetter: boolean, noun: string): string {
	const shown = `${showSpread(mine, micros)} vs ${showSpread(theirs, micros)}`;
	if (mine.max >= theirs.min && theirs.max >= mine.min)
		return `no measurable difference (ranges overlap: ${shown})`;
	const change = mine.median / theirs.median - 1;
	const better = lowerIsBetter ? change < 0 : change > 0;
	return `${(Math.abs(change) * 100).toFixed(0)} % ${change > 0 ? 'more' : 'less'} ${noun} (${better ? 'better' : 'worse'}; ranges apart: ${shown})`;
}

interface Verdict {
	target: string;
	measured: string;
	met: Met;
	/** Why it missed and what would fix it (shown only when missed). */
	whenMissed?: string;
}

/**
 * The most of a drain's wall time the server can have taken: client and server take turns on
 * every page, so the server delays the client only while the client's event loop sits idle
 * waiting for an answer. (The server's CPU time is no bound of its own: a server that waits for
 * a core delays the client longer than it computes; and much of its CPU runs in parallel with the
 * client, while the client is still reading or parsing the page before.)
 */
const serverShare = (run: DrainRun): number => run.clientIdleShare;

function flagged(results: BenchResults, runs: DrainRun[]): DrainRun[] {
	return runs.filter((run) => serverShare(run) > results.serverShareLimit);
}

function serverVerdict(results: BenchResults): Verdict {
	const all = [...results.drains, ...results.threeTypeDrains];
	const worst = all.reduce((a, b) => (serverShare(b) > serverShare(a) ? b : a));
	const over = flagged(results, all);
	const serverCpu = spread(all.map((run) => run.serverCpuShare)).median;
	const wait = spread(all.map(serverShare)).median;
	return {
		target: `Server off the critical path: its share of the wall time (at most the time the client waited for an answer) ≤ ${percent(results.serverShareLimit)} in every timed drain`,
		measured: `median ${percent(wait)}, worst ${percent(serverShare(worst))} (${shortName[worst.variant]} at ${thousands(worst.backlog)}); ${over.length} of ${all.length} drains above. Server CPU meanwhile: median ${percent(serverCpu)} of the wall time${serverCpu > wait ? ', more than the client waited: the rest ran in parallel with the client' : ''}`,
		met: over.length === 0 ? 'yes' : 'no',
		whenMissed: `${over.length} drains are marked ⚠ in the throughput table: in those the client waited more than ${percent(results.serverShareLimit)} of the wall time, so their events/s are partly the server's or the machine's (CPU µs/event, measured in the client alone, is not affected). Usually another process competed for the cores: see the load average.`,
	};
}

function ratioVerdict(
	results: BenchResults,
	baseline: VariantId,
	floor: number,
	figure: 'throughput' | 'cpu',
): Verdict {
	const { drains } = results;
	const backlogs = backlogsOf(drains);
	// Throughput: node ÷ baseline ≥ floor. CPU: node ÷ baseline ≤ 1 / floor (the same target
	// in the client's own time, free of everything else on the machine's wall clock).
	const line = figure === 'throughput' ? floor : 1 / floor;
	const each = backlogs.map((backlog) => {
		const values = paired(
			drains,
			'nodeRaw',
			baseline,
			backlog,
			figure === 'throughput' ? rate : cpu,
		);
		const over = flagged(results, [
			...runsOf(drains, 'nodeRaw', backlog),
			...runsOf(drains, baseline, backlog),
		]).length;
		return {
			backlog,
			values,
			met: against(values, line, figure === 'throughput' ? 'atLeast' : 'atMost'),
			note:
				figure === 'throughput' && over > 0
					? ` ⚠ ${over} drains with the server above the limit`
					: '',
		};
	});
	const name = baseline === 'thin' ? '(b) thin trigger' : '(a) bare client';
	return {
		target:
			figure === 'throughput'
				? `Raw drain throughput ≥ ${floor} × ${name}`
				: `Raw drain CPU per event ≤ ${name}’s ÷ ${floor} (= ${ratio(line)} ×)`,
		measured: each
			.map(
				(entry) =>
					`${thousands(entry.backlog)}: ${showSpread(entry.values, ratio)} (${entry.met})${entry.note}`,
			)
			.join('; '),
		met: worstOf(each.map((entry) => entry.met)),
		whenMissed:
			baseline === 'thin'
				? 'The node does more per event than the thin trigger (de-duplication memory, newest-time tracking, output mapping) and a little more per page and per poll (request budget, retry wrapper, positions). `npm run bench:profile` shows where its own time goes (bench/HOTSPOTS.md).'
				: 'Part of the gap to (a) is n8n’s request helper (axios) itself: compare (b) with (a) in the throughput table; the rest is the node’s own work (see the row above).',
	};
}

function verdicts(results: BenchResults): Verdict[] {
	const { drains } = results;
	const backlogs = backlogsOf(drains);
	const list: Verdict[] = [serverVerdict(results)];
	list.push(ratioVerdict(results, 'thin', 0.95, 'cpu'));
	list.push(ratioVerdict(results, 'thin', 0.95, 'throughput'));
	list.push(ratioVerdict(results, 'bare', 0.75, 'cpu'));
	list.push(ratioVerdict(results, 'bare', 0.75, 'throughput'));

	const retained = NODE_VARIANTS.map((variant) => {
		const medians = backlogs.map(
			(backlog) => spread(runsOf(drains, variant, backlog).map((run) => run.heapRetained)).median,
		);
		return { variant, medians, range: Math.max(...medians) - Math.min(...medians) };
	});
	list.push({
		target: `Heap retained after each drain (after GC) flat in backlog size (medians within ${mib(FLAT_TOLERANCE, 0)} MiB)`,
		measured: retained
			.map(
				({ variant, medians }) =>
					`${shortName[variant]}: ${medians.map((value) => `${(value / 1024).toFixed(0)} KiB`).join(' / ')}`,
			)
			.join('; '),
		met: retained.every((entry) => entry.range <= FLAT_TOLERANCE) ? 'yes' : 'no',
		whenMissed:
			'Something grows with the backlog; compare heap snapshots after a 10,000 and a 1,000,000 drain.',
	});

	const excesses = NODE_VARIANTS.flatMap((variant) =>
		backlogs.map((backlog) => ({
			variant,
			backlog,
			excess: paired(
				drains,
				variant,
				'bare',
				backlog,
				(run) => run.memory.peakHeapUsed,
				(a, b) => a - b,
			),
		})),
	);
	const worst = excesses.reduce((a, b) => (b.excess.median > a.excess.median ? b : a));
	list.push({
		target: 'Peak heap while draining ≤ (a)’s peak + 16 MiB (timed drains, GC profiler, paired)',
		measured: `worst median: ${shortName[worst.variant]} at ${thousands(worst.backlog)}: ${showSpread(worst.excess, (value) => `${mib(value)} MiB`)} over (a)`,
		met: worstOf(excesses.map((entry) => against(entry.excess, PEAK_HEAP_ALLOWANCE, 'atMost'))),
		whenMissed:
			'Peak heap counts garbage V8 has not collected yet; the node allocates more per event, so V8 lets the heap grow further between collections. The live heap with one poll held (Memory table) shows what is really kept.',
	});
	const heldBare = new Map(
		results.held
			.filter((entry) => entry.variant === 'bare')
			.map((entry) => [entry.backlog, entry.heldPeak]),
	);
	const heldExcess = results.held
		.filter((entry) => NODE_VARIANTS.includes(entry.variant as VariantId))
		.map((entry) => ({ ...entry, excess: entry.heldPeak - (heldBare.get(entry.backlog) ?? 0) }));
	if (heldExcess.length > 0) {
		const worstHeld = heldExcess.reduce((a, b) => (b.excess > a.excess ? b : a));
		list.push({
			target: 'Live heap with one poll’s items held ≤ (a)’s + 16 MiB (forced GC, one pass)',
			measured: `worst: ${shortName[worstHeld.variant as VariantId]} at ${thousands(worstHeld.backlog)}: ${mib(worstHeld.excess)} MiB over (a)`,
			met: heldExcess.every((entry) => entry.excess <= PEAK_HEAP_ALLOWANCE) ? 'yes' : 'no',
			whenMissed: 'The node keeps more per item than the bare client.',
		});
	}

	const nodeRuns = [
		...drains.filter((run) => NODE_VARIANTS.includes(run.variant)),
		...results.threeTypeDrains,
	];
	const wrongRequests = nodeRuns.filter((run) => run.requests !== expectedRequests(run));
	list.push({
		target: `Requests per drain = ⌈N / ${PAGE_SIZE}⌉ + 1 per event type`,
		measured:
			wrongRequests.length === 0
				? `all ${nodeRuns.length} node drains exact`
				: `${wrongRequests.length} of ${nodeRuns.length} differ (e.g. ${wrongRequests[0].requests} for ${thousands(wrongRequests[0].backlog)} × ${wrongRequests[0].eventTypes})`,
		met: wrongRequests.length === 0 ? 'yes' : 'no',
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
		met: wrongIdle.length === 0 ? 'yes' : 'no',
	});
	list.push({
		target: `Highest count in any 60 s window ≤ ${API_PER_MINUTE} (node's own pacing, emulator limit lifted)`,
		measured: `${results.pacer.peakPer60s} requests (node aims for ≤ ${NODE_PER_MINUTE}) over ${results.pacer.seconds.toFixed(0)} s`,
		met: results.pacer.peakPer60s <= API_PER_MINUTE ? 'yes' : 'no',
		whenMissed:
			'The pacer let more through than it should: check transport/requestBudget.ts is shared per token across workflows.',
	});
	const largestStatic = Math.max(...nodeRuns.map((run) => run.staticDataBytes ?? 0));
	list.push({
		target: 'Static data ≤ 64 KiB after each drain',
		measured: `largest ${thousands(largestStatic)} bytes (3 event types: ${thousands(Math.max(0, ...results.threeTypeDrains.map((run) => run.staticDataBytes ?? 0)))})`,
		met: largestStatic <= MAX_STATIC_DATA ? 'yes' : 'no',
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
		'Met or missed by the median; “within noise” means the min–max range crosses the line, so this run cannot settle it.',
		'',
		'| Target | Measured (median, min–max over paired rounds) | Met |',
		'|---|---|---|',
	];
	for (const verdict of list)
		lines.push(
			`| ${verdict.target} | ${verdict.measured} | ${verdict.met === 'yes' ? 'yes' : `**${verdict.met}**`} |`,
		);
	const missed = list.filter((verdict) => verdict.met.startsWith('no') && verdict.whenMissed);
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
		'## Client CPU per event and throughput (item usages, pages of 1000, 10,000 events per poll)',
		'',
		'CPU µs/event = this process’s CPU time (user + system, all threads, `process.cpuUsage()` around the drain) ÷ events read: the main figure, free of the server and of waiting. Events/s = events read ÷ wall time of the whole drain. “×” columns are paired: each run divided by the baseline run of the same round. Client CPU can exceed 100 % of the wall time (V8’s GC helper threads). Client waiting = its event loop idle, waiting for an answer: the most of the wall time the server can have taken.',
		'',
		'| Backlog | Variant | Runs | CPU µs/event | CPU × (b) | events/s | events/s × (a) | events/s × (b) | Client CPU / wall | Client waiting / wall (max) | Server CPU / wall |',
		'|---:|---|---:|---|---|---|---|---|---:|---:|---:|',
	];
	for (const backlog of backlogsOf(drains)) {
		for (const variant of VARIANTS) {
			const runs = runsOf(drains, variant.id, backlog);
			const versus = (baseline: VariantId, pick: (run: DrainRun) => number) =>
				variant.id === baseline
					? '1'
					: showSpread(paired(drains, variant.id, baseline, backlog, pick), ratio);
			const over = flagged(results, runs).length;
			const share = spread(runs.map(serverShare));
			lines.push(
				`| ${thousands(backlog)} | ${variant.label} | ${runs.length} | ${showSpread(spread(runs.map(cpu)), micros)} | ${versus('thin', cpu)} | ${showSpread(spread(runs.map(rate)), thousands)} | ${versus('bare', rate)} | ${versus('thin', rate)} | ${percent(spread(runs.map((run) => run.clientCpuShare)).median)} | ${percent(share.median)} (${percent(share.max)})${over > 0 ? ` ⚠ ${over} over ${percent(results.serverShareLimit)}` : ''} | ${percent(spread(runs.map((run) => run.serverCpuShare)).median)} |`,
			);
		}
	}
	lines.push('');
	return lines;
}

function differenceSection(results: BenchResults): string[] {
	const { drains } = results;
	const pairs: Array<[VariantId, VariantId]> = [
		['nodeRaw', 'thin'],
		['nodeSimplified', 'thin'],
		['nodeSimplified', 'nodeRaw'],
		['thin', 'bare'],
		['nodeRaw', 'bare'],
	];
	const lines = [
		'## Differences',
		'',
		'A difference is reported only where the two variants’ min–max ranges (all rounds) do not overlap; otherwise it says so. Medians, then ranges, in µs/event.',
		'',
		'| Backlog | Compared | CPU per event |',
		'|---:|---|---|',
	];
	for (const backlog of backlogsOf(drains)) {
		for (const [mine, theirs] of pairs) {
			const of = (id: VariantId) => spread(runsOf(drains, id, backlog).map(cpu));
			lines.push(
				`| ${thousands(backlog)} | ${shortName[mine]} vs ${shortName[theirs]} | ${compareRanges(of(mine), of(theirs), true, 'CPU per event')} |`,
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
						: showSpread(
								paired(
									drains,
									variant.id,
									'bare',
									backlog,
									(run) => run.memory.peakHeapUsed,
									(a, b) => a - b,
								),
								(value) => mib(value),
							),
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
		'Counted by the page server. Expected = ⌈N / 1000⌉ + 1 per event type for a drain (the last page says `has_more: false` and ends a poll; the next poll’s one request finds nothing), 1 per type for an idle poll. Static data = `JSON.stringify(staticData).length` after the drain.',
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
		`${pacer.workflows} workflows sharing one token polled a 1,000,000-event backlog of the emulator (\`emulator/\`, in a child process) back to back (1 s pause after a poll that emitted nothing) for ${pacer.seconds.toFixed(0)} s, with the emulator’s rate limit lifted, so only the node limited itself. The emulator counts every request on arrival in sliding 60 s windows. Not a throughput figure: the node waits on purpose here.`,
		'',
		'| Busiest 60 s window (this token) | Requests in total | Polls | Polls that emitted nothing | Items |',
		'|---:|---:|---:|---:|---:|',
		`| ${pacer.peakPer60s} | ${pacer.requests} | ${pacer.polls} | ${pacer.emptyOrFailedPolls} | ${thousands(pacer.items)} |`,
		'',
		pacer.warnings.length > 0
			? `What the node logged: ${pacer.warnings.map((warning) => `“${warning}”`).join('; ')}`
			: 'The node logged no warning.',
		'',
		...(pacer.peakPer60s > NODE_PER_MINUTE && pacer.peakPer60s <= API_PER_MINUTE
			? [
					`${pacer.peakPer60s - NODE_PER_MINUTE} over the node’s own 500: the pacer counts a request when it lets it go, the server when it arrives, and the delay between the two varies by a few milliseconds, so a 60 s window as the server counts it can hold a request or two more than any 60 s window of the pacer’s own stamps. The API allows 600.`,
					'',
				]
			: []),
	];
}

function serverSection(results: BenchResults): string[] {
	const { drains, pageServer } = results;
	const lines = [
		'## The page server',
		'',
		`Every throughput drain read from \`bench/lib/pageServerMain.ts\` in a child process: ${Object.entries(
			pageServer.backlog,
		)
			.map(([type, count]) => `${thousands(count)} ${type}`)
			.join(
				', ',
			)} rendered once from the emulator’s records before anything was timed (${pageServer.renderSeconds.toFixed(1)} s, ${mib(pageServer.bytes, 0)} MiB of JSON), then served from memory; a cursor is the index of the next page. Its CPU time is read from the server process itself (\`process.cpuUsage()\`, via its admin API) before and after each drain.`,
		'',
		'Client and server take turns on every page (each request needs the previous cursor), so the server can have delayed the client only while the client’s event loop sat idle waiting for an answer (`performance.eventLoopUtilization()` around the drain; that idle time also holds the network and any wait for a core taken by other work). The server’s CPU time is larger than that wait: most of it runs while the client still reads and parses the page before, on the other core.',
		'',
		'| Backlog | Variant | Server CPU µs/event | Server CPU / wall, median (min–max) | Client event loop idle / wall, median (min–max) |',
		'|---:|---|---:|---|---|',
	];
	for (const backlog of backlogsOf(drains)) {
		for (const variant of VARIANTS) {
			const runs = runsOf(drains, variant.id, backlog);
			lines.push(
				`| ${thousands(backlog)} | ${variant.label} | ${micros(spread(runs.map((run) => run.serverMicrosPerEvent)).median)} | ${showSpread(spread(runs.map((run) => run.serverCpuShare)), percent)} | ${showSpread(spread(runs.map((run) => run.clientIdleShare)), percent)} |`,
			);
		}
	}
	lines.push('');
	return lines;
}

function method(results: BenchResults): string[] {
	const orders = results.backlogs
		.map(
			(plan) =>
				`${thousands(plan.events)}: ${plan.rounds} rounds${plan.balanced ? '' : ' (not a whole period: only partly balanced)'}`,
		)
		.join('; ');
	return [
		'## How it was measured',
		'',
		'- One process (`node --expose-gc --import tsx bench/drain.bench.ts`) runs the node and both baselines; the server runs in a child process, so client and server each have a core.',
		'- **Server**: pre-rendered pages (see “The page server”), one process for all throughput drains; the backlog of a drain is the window of pages it shows (`POST /admin/window`). Tokens are real emulator tokens (all three features), so the node’s scope check runs as in production; the server does not verify them.',
		'- **Node**: the real `OnePasswordEventsTrigger.poll()` in n8n-core’s real `PollContext` (`test/harness/n8n/pollContext.ts`: real request helpers, the credential’s own `authenticate`), Start From = Look Back 8 days, Max Events per Poll 10,000 (the default), Page Size 1000, poll budget 45 s. Polls run back to back, as n8n’s cron would call them on a backlog, until a poll returns nothing and moves no cursor; each poll’s items are dropped when it returns, as n8n hands them to the execution.',
		'- **(a) bare client**: global `fetch` (keep-alive), `JSON.parse`, cursor loop, one `{json: record}` per event, in chunks of 10 pages held until complete and then dropped — the same chunk the node returns per poll.',
		'- **(b) thin trigger**: a `poll()` in the same `PollContext` sending pages of 1000 through `httpRequestWithAuthentication` with `disableFollowRedirect` (as the node does), 10 pages per poll, cursor in static data, nothing else.',
		'- **Pacer**: the node keeps each token under 500 requests a minute, process-wide (`transport/requestBudget.ts`). Throughput drains switch to a never-used token every 450 requests, for every variant alike, so the pacer is never waited on there; it is not disabled anywhere, and is measured on its own against the emulator.',
		`- **Warm-up**: before the first timed drain, ${results.warmUp.initialDrains} untimed drains of every variant over ${thousands(results.warmUp.initialEvents)} events (server and client); before each backlog’s rounds, one more untimed drain of every variant over min(backlog, ${thousands(results.warmUp.perBacklogEvents)}) events.`,
		`- **Order**: each round runs every variant once, in the order of a balanced Latin square (Williams design, \`bench/lib/runOrder.ts\`): over ${VARIANTS.length} rounds every variant runs once in every position and directly after every other variant once. ${orders}.`,
		'- **Figures**: CPU µs/event from `process.cpuUsage()` of this process around the drain (all its threads: GC helpers included); wall time from `process.hrtime`; the server’s CPU from `process.cpuUsage()` in the server. Ratios are taken within a round, then summarised as median (min–max).',
		'- **Memory**: peak heap from V8’s `GCProfiler` (used heap before every collection during the drain, and at its end); peak RSS sampled every 5 ms; retained heap and the floor after two forced full GCs. The live heap with one poll held comes from a separate drain that forces a full GC after up to 12 evenly spread polls while their items are held.',
		'- **Requests** are counted by the page server (reset before each drain); the idle poll is one more poll after the drain. Any non-200 answer aborts the run.',
		'',
	];
}

export function reportTitle(results: BenchResults): string {
	const { machine } = results;
	const backlogs = results.backlogs.map((plan) => thousands(plan.events)).join(' / ');
	const rounds = results.backlogs.map((plan) => plan.rounds).join(' / ');
	return `Client CPU per event and drain throughput of the 1Password Events trigger: ${machine.cores} × ${machine.cpu}, Node.js ${machine.node}; item-usage backlogs of ${backlogs} events, ${rounds} rounds of ${VARIANTS.length} variants${results.quick ? ' (--quick)' : ''}`;
}

export function renderReport(results: BenchResults): string {
	return [
		`# ${reportTitle(results)}`,
		'',
		'Generated by `npm run bench` (bench/drain.bench.ts); every figure below comes from that one run. The server serves pre-rendered pages from its own process and is checked to stay off the critical path.',
		'',
		...machineSection(results),
		...targetSection(verdicts(results)),
		...throughputSection(results),
		...differenceSection(results),
		...memorySection(results),
		...requestSection(results),
		...pacerSection(results),
		...serverSection(results),
		...method(results),
	].join('\n');
}
