/**
 * V8's sampling CPU profiler through the inspector, in this very process, and a summary of where
 * the time went: self time per origin (the project's own files, n8n, axios, Node.js internals,
 * GC, idle) and the hottest functions of the project's own code.
 */
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

export interface ProfileSummary {
	totalMs: number;
	/** Self time per origin, highest first. */
	byOrigin: Array<{ origin: string; ms: number }>;
	/** Self and inclusive time per function (inclusive: with everything it called), by self time. */
	byFunction: Array<{ name: string; origin: string; ms: number; inclusiveMs: number }>;
}

/** Sampling every 100 µs: fine enough for functions that take a microsecond per event. */
const SAMPLING_INTERVAL_US = 100;

export async function profile<T>(
	work: () => Promise<T>,
): Promise<{ result: T; profile: Profiler.Profile }> {
	const session = new Session();
	session.connect();
	try {
		await session.post('Profiler.enable');
		await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
		await session.post('Profiler.start');
		const result = await work();
		const { profile: taken } = await session.post('Profiler.stop');
		return { result, profile: taken };
	} finally {
		session.disconnect();
	}
}

/** Where a script comes from, in the terms the report needs. */
export function originOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(V8 / native)';
	const project = /\/(nodes|credentials)\/(.*)$/.exec(url);
	if (project && !url.includes('node_modules')) return `project: ${project[1]}/${project[2]}`;
	const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
		url.slice(url.lastIndexOf('node_modules/')),
	);
	if (dependency) return `dependency: ${dependency[1]}`;
	if (url.startsWith('node:')) return 'Node.js internals';
	return `other: ${url.replace(/^.*\/(bench|tools|emulator)\//, '$1/')}`;
}

export function summarise(taken: Profiler.Profile): ProfileSummary {
	const nodes = new Map(taken.nodes.map((node) => [node.id, node]));
	const parents = new Map<number, number>();
	for (const node of taken.nodes)
		for (const child of node.children ?? []) parents.set(child, node.id);
	const samples = taken.samples ?? [];
	const deltas = taken.timeDeltas ?? [];
	const byOrigin = new Map<string, number>();
	const byFunction = new Map<
		string,
		{ name: string; origin: string; ms: number; inclusiveMs: number }
	>();
	const entryOf = (frame: Profiler.ProfileNode['callFrame']) => {
		const origin = originOf(frame.url, frame.functionName);
		const name = frame.functionName || '(anonymous)';
		const key = `${origin}|${name}`;
		let entry = byFunction.get(key);
		if (!entry) {
			entry = { name, origin, ms: 0, inclusiveMs: 0 };
			byFunction.set(key, entry);
		}
		return entry;
	};
	// Each sample's time is the delta to the next one.
	for (let index = 0; index < samples.length; index++) {
		const ms = (deltas[index + 1] ?? 0) / 1000;
		const leaf = nodes.get(samples[index]);
		if (!leaf) continue;
		const self = entryOf(leaf.callFrame);
		self.ms += ms;
		byOrigin.set(self.origin, (byOrigin.get(self.origin) ?? 0) + ms);
		// Inclusive: once per function on the sample's stack (recursion counted once).
		const seen = new Set<object>();
		for (let id: number | undefined = leaf.id; id !== undefined; id = parents.get(id)) {
			const frame = nodes.get(id)?.callFrame;
			if (!frame) break;
			const entry = entryOf(frame);
			if (seen.has(entry)) continue;
			seen.add(entry);
			entry.inclusiveMs += ms;
		}
	}
	return {
		totalMs: (taken.endTime - taken.startTime) / 1000,
		byOrigin: [...byOrigin.entries()]
			.map(([origin, ms]) => ({ origin, ms }))
			.sort((a, b) => b.ms - a.ms),
		byFunction: [...byFunction.values()].sort((a, b) => b.ms - a.ms),
	};
}
