/**
 * Jest setup: a wait longer than Node's timers allow (2^31 - 1 ms, about 24.8 days) is a bug in the
 * code under test. Node would fire it after 1 ms, with only a warning, so a loop that waits for a
 * time far ahead spins forever and CI hangs instead of failing. Here it throws, with the figure.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
const realSetTimeout = global.setTimeout;

global.setTimeout = Object.assign(function guardedSetTimeout(callback, ms, ...args) {
	if (typeof ms === 'number' && ms > MAX_TIMER_MS) {
		throw new RangeError(
			`setTimeout(${ms} ms): longer than Node's timers allow (${MAX_TIMER_MS} ms); it would fire after 1 ms`,
		);
	}
	return realSetTimeout(callback, ms, ...args);
}, realSetTimeout);
