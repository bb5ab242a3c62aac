/**
 * Readers for parameters both nodes share. Each refuses a value that cannot work with a
 * SettingsError that names the parameter and the allowed range.
 */
import type { OutputMode } from './eventTypes';
import { SettingsError } from '../transport/errors';

/** The API refuses pages over 1000 events. */
export const MAX_PAGE_SIZE = 1000;

export function readWholeNumber(value: unknown, name: string, min: number, max: number): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new SettingsError(
			`${name} must be a whole number from ${min} to ${max} (it is ${String(value)}).`,
		);
	}
	return number;
}

/** A number of hours, fractions allowed (0.5 = 30 minutes), from `min` to `max`. */
export function readHours(value: unknown, name: string, min: number, max: number): number {
	const number = Number(value);
	if (!Number.isFinite(number) || number < min || number > max) {
		throw new SettingsError(
			`${name} must be a number of hours from ${min} to ${max}, e.g. 6 or 0.5 (it is ${String(value)}).`,
		);
	}
	return number;
}

export function readOutput(value: unknown): OutputMode {
	return value === 'simplified' ? 'simplified' : 'raw';
}
