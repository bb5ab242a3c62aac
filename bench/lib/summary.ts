/** Min, median and max of repeated measurements, and the small formatting the report needs. */

export interface Spread {
	count: number;
	min: number;
	median: number;
	max: number;
}

export function spread(values: number[]): Spread {
	if (values.length === 0)
		return { count: 0, min: Number.NaN, median: Number.NaN, max: Number.NaN };
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median =
		sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return { count: sorted.length, min: sorted[0], median, max: sorted[sorted.length - 1] };
}

export const MIB = 1024 * 1024;

export function mib(bytes: number, digits = 1): string {
	return (bytes / MIB).toFixed(digits);
}

export function thousands(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

/** `median (min–max)` with a formatter. */
export function showSpread(values: Spread, format: (value: number) => string): string {
	if (values.count === 0) return '—';
	if (values.count === 1) return format(values.median);
	return `${format(values.median)} (${format(values.min)}–${format(values.max)})`;
}
