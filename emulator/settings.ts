/**
 * Behaviour switches that can change while the emulator runs (`configure()`, POST
 * /admin/settings). Each one plays a reading of something the real API leaves undocumented or
 * does differently in the wild, so a client can be tested against every plausible answer.
 */

export const START_TIME_BOUNDS = ['timestamp', 'arrival'] as const;
/** What a reset cursor's start_time/end_time bound: the event's own timestamp, or when it arrived. */
export type StartTimeBounds = (typeof START_TIME_BOUNDS)[number];

export const TIMESTAMP_STYLES = ['utc', 'offset', 'nanos', 'mixed'] as const;
/** How each record's `timestamp` is written (always the same instant, to the millisecond). */
export type TimestampStyle = (typeof TIMESTAMP_STYLES)[number];

export const GARBLED_TOKEN_STATUSES = [404, 401] as const;
/** The answer to an Authorization header whose token is not a readable JWT at all. */
export type GarbledTokenStatus = (typeof GARBLED_TOKEN_STATUSES)[number];

export interface EmulatorSettings {
	readonly startTimeBounds: StartTimeBounds;
	/** null: cursors never expire. */
	readonly cursorLifetimeMs: number | null;
	readonly timestampStyle: TimestampStyle;
	readonly sparseRecords: boolean;
	readonly garbledTokenStatus: GarbledTokenStatus;
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
	startTimeBounds: 'timestamp',
	cursorLifetimeMs: null,
	timestampStyle: 'utc',
	sparseRecords: false,
	garbledTokenStatus: 404,
};

const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as ReadonlyArray<keyof EmulatorSettings>;

function oneOf<T>(name: string, allowed: readonly T[], value: unknown): T {
	if (!allowed.includes(value as T))
		throw new Error(`${name} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
	return value as T;
}

/**
 * Validates a partial update (from code, the admin API or the CLI) and returns the merged
 * settings. Throws a readable error and changes nothing when any field is wrong: a half-applied
 * update would leave a test running against a mix nobody asked for.
 */
export function mergeSettings(current: EmulatorSettings, update: object): EmulatorSettings {
	const patch = update as Readonly<Record<string, unknown>>;
	if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
		throw new Error('settings must be an object');
	for (const key of Object.keys(patch)) {
		if (!(SETTING_NAMES as readonly string[]).includes(key))
			throw new Error(`Unknown setting "${key}"; expected ${SETTING_NAMES.join(', ')}`);
	}
	const next = { ...current };
	if (patch.startTimeBounds !== undefined)
		next.startTimeBounds = oneOf('startTimeBounds', START_TIME_BOUNDS, patch.startTimeBounds);
	if (patch.timestampStyle !== undefined)
		next.timestampStyle = oneOf('timestampStyle', TIMESTAMP_STYLES, patch.timestampStyle);
	if (patch.garbledTokenStatus !== undefined)
		next.garbledTokenStatus = oneOf(
			'garbledTokenStatus',
			GARBLED_TOKEN_STATUSES,
			patch.garbledTokenStatus,
		);
	if (patch.sparseRecords !== undefined) {
		if (typeof patch.sparseRecords !== 'boolean')
			throw new Error('sparseRecords must be true or false');
		next.sparseRecords = patch.sparseRecords;
	}
	if (patch.cursorLifetimeMs !== undefined) {
		const lifetime = patch.cursorLifetimeMs;
		if (
			lifetime !== null &&
			!(typeof lifetime === 'number' && Number.isFinite(lifetime) && lifetime > 0)
		) {
			throw new Error(
				'cursorLifetimeMs must be a number of milliseconds > 0, or null (never expire)',
			);
		}
		next.cursorLifetimeMs = lifetime;
	}
	return next;
}

/** Holds the current settings; every reader asks it at request time, so changes apply at once. */
export class SettingsStore {
	private current: EmulatorSettings;

	constructor(initial: object = {}) {
		this.current = mergeSettings(DEFAULT_SETTINGS, initial);
	}

	get(): EmulatorSettings {
		return this.current;
	}

	update(patch: object): EmulatorSettings {
		this.current = mergeSettings(this.current, patch);
		return this.current;
	}
}
