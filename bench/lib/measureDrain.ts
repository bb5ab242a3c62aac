/**
 * One measured drain: fresh tokens, emulator stats reset, a settled heap before, then time, CPU
 * (this process and the emulator's), memory and requests around the drain, one idle poll after
 * it, and the heap the process still holds once the drain is over (after GC).
 */
import type { StatsSnapshot } from '../../emulator';
import type { EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import type { EmulatorChild } from './emulatorChild';
import { tokensNeeded } from './drainSetup';
import type { DrainFn, DrainSetup } from './drainSetup';
import { settledHeapUsed, startMemoryProbe } from './memoryProbe';
import type { MemoryFigures } from './memoryProbe';

export interface DrainMeasurement {
	variant: string;
	/** Events per event type in the backlog. */
	backlog: number;
	eventTypes: number;
	seconds: number;
	/** Events read (backlog × types) per second of wall time. */
	eventsPerSecond: number;
	items: number;
	polls: number;
	requests: number;
	idleRequests: number;
	staticDataBytes?: number;
	memory: MemoryFigures;
	/** Used heap after GC just before the drain: the process's floor (n8n-core and all loaded). */
	heapBefore: number;
	/** Heap after GC once the drain is over (the workflow's state still held) minus before it. */
	heapRetained: number;
	/** This process's CPU seconds per wall second during the drain (1 = one core busy). */
	clientCpu: number;
	/** The emulator's CPU seconds per wall second: near 1 means the emulator was the limit. */
	emulatorCpu: number;
}

let drainCounter = 0;

function apiRequests(stats: StatsSnapshot): number {
	let total = 0;
	for (const [path, entry] of Object.entries(stats.requests.byPath)) {
		if (!path.startsWith('/api/')) continue;
		const failed = Object.entries(entry.byStatus).filter(([status]) => status !== '200');
		if (failed.length > 0)
			throw new Error(
				`${path} answered ${JSON.stringify(entry.byStatus)}: the figures would be wrong`,
			);
		total += entry.total;
	}
	return total;
}

/** Fresh tokens and a fresh workflow id for one drain (issued before any clock starts). */
export async function newDrainSetup(
	emulator: EmulatorChild,
	backlog: number,
	eventTypes: EventTypeKey[],
): Promise<DrainSetup> {
	const tokens: string[] = [];
	for (let i = tokensNeeded(backlog, eventTypes.length); i > 0; i--)
		tokens.push(await emulator.issueToken());
	return { url: emulator.url, eventTypes, tokens, workflowId: `bench-${++drainCounter}` };
}

/** `backlog` must be the emulator's backlog per type: a drain always reads all of it. */
export async function measureDrain(
	emulator: EmulatorChild,
	variant: string,
	drain: DrainFn,
	backlog: number,
	eventTypes: EventTypeKey[],
): Promise<DrainMeasurement> {
	const setup = await newDrainSetup(emulator, backlog, eventTypes);
	await emulator.resetStats();

	const heapBefore = settledHeapUsed();
	const cpuBefore = process.cpuUsage();
	const emulatorCpuBefore = emulator.cpuSeconds();
	const probe = startMemoryProbe();
	const started = process.hrtime.bigint();
	const counts = await drain(setup);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const memory = probe.stop();
	const cpu = process.cpuUsage(cpuBefore);
	const emulatorCpu = emulator.cpuSeconds() - emulatorCpuBefore;

	const requests = apiRequests(await emulator.stats());
	await emulator.resetStats();
	await counts.idlePoll();
	const idleRequests = apiRequests(await emulator.stats());
	// Measured while the drain's state (static data, context) is still referenced, as an active
	// workflow would keep it; only the emitted items are gone.
	const heapRetained = settledHeapUsed() - heapBefore;
	const { items, polls, staticDataBytes } = counts;

	if (items === 0) throw new Error(`${variant}: the drain emitted nothing`);
	return {
		variant,
		backlog,
		eventTypes: eventTypes.length,
		seconds,
		eventsPerSecond: (backlog * eventTypes.length) / seconds,
		items,
		polls,
		requests,
		idleRequests,
		staticDataBytes,
		memory,
		heapBefore,
		heapRetained,
		clientCpu: (cpu.user + cpu.system) / 1e6 / seconds,
		emulatorCpu: emulatorCpu / seconds,
	};
}
