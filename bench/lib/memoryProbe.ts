/**
 * Memory figures of one drain, measured the same way for the node and the baselines.
 *
 * Peak heap: the heap only grows between collections, so its peaks are the moments right before
 * each GC. V8's GCProfiler reports the used heap before and after every collection, which gives
 * the true peak instead of whatever a timer happens to sample. RSS has no such hook; it is
 * sampled every few milliseconds (between I/O callbacks, which is when it can change).
 */
import { GCProfiler } from 'node:v8';

export interface MemoryFigures {
	/** Highest used heap seen: before any GC during the drain, or at its end. */
	peakHeapUsed: number;
	/** Highest used heap left after a GC during the drain: what was really alive (items held). */
	peakHeapAfterGc: number;
	peakRss: number;
	gcCount: number;
	/** Time spent in GC pauses during the drain. */
	gcMs: number;
}

export interface MemoryProbe {
	stop(): MemoryFigures;
}

const RSS_SAMPLE_MS = 5;

export function startMemoryProbe(): MemoryProbe {
	const profiler = new GCProfiler();
	profiler.start();
	let peakRss = process.memoryUsage.rss();
	const timer = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage.rss());
	}, RSS_SAMPLE_MS);
	return {
		stop(): MemoryFigures {
			clearInterval(timer);
			const endHeap = process.memoryUsage().heapUsed;
			peakRss = Math.max(peakRss, process.memoryUsage.rss());
			const statistics = profiler.stop()?.statistics ?? [];
			let peakHeapUsed = endHeap;
			let peakHeapAfterGc = 0;
			let gcMicros = 0;
			for (const entry of statistics) {
				peakHeapUsed = Math.max(peakHeapUsed, entry.beforeGC.heapStatistics.usedHeapSize);
				peakHeapAfterGc = Math.max(peakHeapAfterGc, entry.afterGC.heapStatistics.usedHeapSize);
				gcMicros += entry.cost;
			}
			return {
				peakHeapUsed,
				peakHeapAfterGc,
				peakRss,
				gcCount: statistics.length,
				gcMs: gcMicros / 1000,
			};
		},
	};
}

/** Used heap after full collections: what the process retains. Needs `node --expose-gc`. */
export function settledHeapUsed(): number {
	const collect = globalThis.gc;
	if (typeof collect !== 'function')
		throw new Error('run with node --expose-gc (npm run bench does)');
	// Twice: the first pass can leave objects whose finalisers free more on the second.
	collect();
	collect();
	return process.memoryUsage().heapUsed;
}
