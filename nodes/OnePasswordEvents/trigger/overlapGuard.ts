/**
 * n8n does not serialise a polling node's ticks: a poll that outlives its interval overlaps the
 * next, and both would read the same stored position and emit the same events. One poll per
 * workflow node runs at a time in this process; an overlapping tick does nothing.
 */
const running = new Set<string>();

/** Runs `work` unless a run with the same key is in progress; then returns `whenBusy`. */
export async function runExclusive<T>(
	key: string,
	whenBusy: T,
	work: () => Promise<T>,
	onBusy?: () => void,
): Promise<T> {
	if (running.has(key)) {
		onBusy?.();
		return whenBusy;
	}
	running.add(key);
	try {
		return await work();
	} finally {
		running.delete(key);
	}
}
