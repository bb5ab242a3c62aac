/** Index of the first time after `threshold` in `times[from..]`, kept in ascending order. */
export function firstIndexAfter(times: readonly number[], threshold: number, from = 0): number {
	let low = from;
	let high = times.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (times[middle] <= threshold) low = middle + 1;
		else high = middle;
	}
	return low;
}
