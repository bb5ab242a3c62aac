/**
 * What the emulator in this tree can do. The emulator is being extended in parallel (new fault
 * kinds, start_time semantics, cursor lifetime, statistics); the harness uses what is there and
 * reports what is not, instead of assuming.
 */
import { FAULT_KINDS, startEmulator } from '../../../emulator';
import type { Emulator, EmulatorOptions } from '../../../emulator';
import { KNOWN_FAULT_KINDS } from './program';

export interface EmulatorFeatures {
	/** Fault kinds the harness knows and the emulator has. */
	faultKinds: string[];
	/** Kinds the harness knows but the emulator does not have (yet). */
	missingFaultKinds: string[];
	/** The `startTimeBounds: 'arrival'` option works (probed over HTTP). */
	arrivalSemantics: boolean;
	/** `emulator.configure({...})` exists. */
	configure: boolean;
	/** A stats method for the most event requests in a 60 s window. */
	eventRequestPeakMethod: string | undefined;
}

let cached: Promise<EmulatorFeatures> | undefined;

export function detectFeatures(): Promise<EmulatorFeatures> {
	cached ??= probe();
	return cached;
}

const PEAK_METHOD_NAMES = [
	'peakEventRequestsPer60s',
	'maxEventRequestsPer60s',
	'maxEventRequestsIn60s',
	'peakEventRequestsPer60s',
	'maxEventRequestsPerMinute',
	'eventRequestPeak',
];

async function probe(): Promise<EmulatorFeatures> {
	const have = new Set<string>(FAULT_KINDS as readonly string[]);
	const faultKinds = KNOWN_FAULT_KINDS.filter((kind) => have.has(kind));
	const missingFaultKinds = KNOWN_FAULT_KINDS.filter((kind) => !have.has(kind));
	let arrivalSemantics = false;
	let configure = false;
	let eventRequestPeakMethod: string | undefined;
	const now = Date.parse('2026-03-01T12:00:00Z');
	const emu = await startEmulator({
		port: 0,
		seed: 'probe',
		backlog: 0,
		rateLimit: false,
		now: () => now,
		startTimeBounds: 'arrival',
	} as EmulatorOptions);
	try {
		configure = typeof (emu as unknown as { configure?: unknown }).configure === 'function';
		eventRequestPeakMethod = PEAK_METHOD_NAMES.find(
			(name) => typeof (emu as unknown as Record<string, unknown>)[name] === 'function',
		);
		// A late event (timestamp two hours back) that arrives now: under 'arrival' semantics a
		// reset with start_time one minute back returns it; under 'timestamp' semantics it does not.
		emu.inject('itemusages', [{ timestamp: new Date(now - 2 * 3_600_000).toISOString() }]);
		const body = await fetchPage(emu, new Date(now - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'));
		arrivalSemantics = Array.isArray(body.items) && body.items.length === 1;
	} finally {
		await emu.stop();
	}
	return { faultKinds, missingFaultKinds, arrivalSemantics, configure, eventRequestPeakMethod };
}

async function fetchPage(emu: Emulator, startTime: string): Promise<{ items?: unknown[] }> {
	const token = emu.issueToken();
	const response = await fetch(`${emu.url}/api/v2/itemusages`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ limit: 10, start_time: startTime }),
	});
	return (await response.json()) as { items?: unknown[] };
}

export function describeFeatures(features: EmulatorFeatures): string {
	const lines = [`fault kinds used: ${features.faultKinds.join(', ')}`];
	if (features.missingFaultKinds.length > 0)
		lines.push(
			`TODO fault kinds not in the emulator yet: ${features.missingFaultKinds.join(', ')}`,
		);
	if (!features.arrivalSemantics)
		lines.push(
			"TODO emulator option startTimeBounds: 'arrival' not available: programs run under 'timestamp' semantics only",
		);
	if (!features.eventRequestPeakMethod)
		lines.push(
			'TODO no emulator method for the peak of event requests per 60 s: using stats().peakRequestsPer60s.overall (introspect included)',
		);
	return lines.join('\n');
}
