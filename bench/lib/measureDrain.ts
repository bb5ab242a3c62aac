/**
 * One measured drain: fresh tokens, the server's counters reset, a settled heap before, then
 * wall time, this process's CPU time (process.cpuUsage), the server's CPU time (read from the
 * server process itself), memory and requests around the drain, one idle poll after it, and the
 * heap the process still holds once the drain is over (after GC).
 */
import type { EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { tokensNeeded } from './drainSetup';
import type { DrainFn, DrainServer, DrainSetup } from './drainSetup';
import { performance } from 'node:perf_hooks';

import { settledHeapUsed, startMemoryProbe } from './memoryProbe';
import type { MemoryFigures } from './memoryProbe';

export interface DrainMeasurement {
	variant: string;
	/** Events per event type in the backlog. */
	backlog: number;
	eventTypes: number;
	/** Wall time of the whole drain. */
	seconds: number;
	/** Events read (backlog × types) per second of wall time. */
	eventsPerSecond: number;
	/** This process's CPU (user + system, all its threads) per event read, in microseconds. */
	cpuMicrosPerEvent: number;
	/** This process's CPU seconds per wall second during the drain (1 = one core busy). */
	clientCpuShare: number;
	/** The server's CPU seconds per wall second: the most of the wall time it can have taken. */
	serverCpuShare: number;
	/** Share of the wall time this process's event loop sat idle: waiting for the server or the network. */
	clientIdleShare: number;
	/** The server's CPU per event read, in microseconds. */
	serverMicrosPerEvent: number;
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
}

let drainCounter = 0;

/** Fresh tokens and a fresh workflow id for one drain (issued before any clock starts). */
export async function newDrainSetup(
	server: DrainServer,
	backlog: number,
	eventTypes: EventTypeKey[],
): Promise<DrainSetup> {
	const tokens: string[] = [];
	for (let i = tokensNeeded(backlog, eventTypes.length); i > 0; i--)
		tokens.push(await server.issueToken());
	return { url: server.url, eventTypes, tokens, workflowId: `bench-${++drainCounter}` };
}

/** An untimed drain (warm-up): the same work, no figures, no forced GC. */
export async function warmUpDrain(
	server: DrainServer,
	drain: DrainFn,
	backlog: number,
	eventTypes: EventTypeKey[],
): Promise<void> {
	const counts = await drain(await newDrainSetup(server, backlog, eventTypes));
	await counts.idlePoll();
	if (counts.items === 0) throw new Error('a warm-up drain emitted nothing');
}

/** `backlog` must be what the server shows per type: a drain always reads all of it. */
export async function measureDrain(
	server: DrainServer,
	variant: string,
	drain: DrainFn,
	backlog: number,
	eventTypes: EventTypeKey[],
): Promise<DrainMeasurement> {
	const setup = await newDrainSetup(server, backlog, eventTypes);
	await server.resetStats();

	const heapBefore = settledHeapUsed();
	const serverCpuBefore = await server.cpuSeconds();
	const probe = startMemoryProbe();
	const loopBefore = performance.eventLoopUtilization();
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const counts = await drain(setup);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpu = process.cpuUsage(cpuBefore);
	const loop = performance.eventLoopUtilization(loopBefore);
	const memory = probe.stop();
	const serverCpu = (await server.cpuSeconds()) - serverCpuBefore;

	const requests = await server.apiRequests();
	await server.resetStats();
	await counts.idlePoll();
	const idleRequests = await server.apiRequests();
	// Measured while the drain's state (static data, context) is still referenced, as an active
	// workflow would keep it; only the emitted items are gone.
	const heapRetained = settledHeapUsed() - heapBefore;
	const { items, polls, staticDataBytes } = counts;

	if (items === 0) throw new Error(`${variant}: the drain emitted nothing`);
	const events = backlog * eventTypes.length;
	const clientCpu = (cpu.user + cpu.system) / 1e6;
	return {
		variant,
		backlog,
		eventTypes: eventTypes.length,
		seconds,
		eventsPerSecond: events / seconds,
		cpuMicrosPerEvent: (clientCpu * 1e6) / events,
		clientCpuShare: clientCpu / seconds,
		serverCpuShare: serverCpu / seconds,
		clientIdleShare: loop.idle / 1000 / seconds,
		serverMicrosPerEvent: (serverCpu * 1e6) / events,
		items,
		polls,
		requests,
		idleRequests,
		staticDataBytes,
		memory,
		heapBefore,
		heapRetained,
	};
}
