import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectDirectoryView } from './connect-directory';
import type { ConnectFault, ConnectFaultKind } from './connect-faults';
import { validateConnectOptions, type ConnectOptions } from './connect-service';
import type { ConnectStatsSnapshot } from './connect-stats';
import { EmulatorCore, type InjectInput } from './emulator-core';
import { EVENT_TYPES, type EventType } from './event-types';
import type { FaultKind, FaultProfile, FaultSpec } from './faults';
import type { LiveSettings } from './live-generator';
import { DEFAULT_RATE_LIMIT, type RateLimitSettings } from './rate-limiter';
import type { EventRecord } from './records';
import { createRequestHandler } from './server';
import { DEFAULT_SETTINGS, mergeSettings } from './settings';
import { loadOrCreateSigningKey } from './signing-key';
import type {
	EmulatorSettings,
	GarbledTokenStatus,
	StartTimeBounds,
	TimestampStyle,
} from './settings';
import type { StatsSnapshot } from './stats';
import {
	DEFAULT_BACKLOG_PER_TYPE,
	DEFAULT_BACKLOG_SPAN_MS,
	DEFAULT_HOST,
	DEFAULT_SEED,
} from './defaults';
import type { IssueTokenOptions } from './tokens';

export type { ApiVersion, EventType } from './event-types';
export { EVENT_TYPES } from './event-types';
export type { FaultKind, FaultProfile, FaultSpec } from './faults';
export { FAULT_KINDS } from './faults';
export { NAMED_FAULT_PROFILES } from './fault-profiles';
export type { LiveSettings } from './live-generator';
export type { RateLimitSettings } from './rate-limiter';
export type {
	AuditEventRecord,
	EventRecord,
	ItemUsageRecord,
	RecordOverrides,
	SignInAttemptRecord,
} from './records';
export type { CountsByType, StatsSnapshot } from './stats';
export type {
	EmulatorSettings,
	GarbledTokenStatus,
	StartTimeBounds,
	TimestampStyle,
} from './settings';
export {
	DEFAULT_SETTINGS,
	GARBLED_TOKEN_STATUSES,
	START_TIME_BOUNDS,
	TIMESTAMP_STYLES,
} from './settings';
export type { IssueTokenOptions, TokenClaims } from './tokens';
export type {
	ConnectDirectoryView,
	ConnectIdCase,
	ConnectItemOverview,
	ConnectVault,
} from './connect-directory';
export type { ConnectFault, ConnectFaultKind } from './connect-faults';
export { CONNECT_FAULT_KINDS } from './connect-faults';
export type { ConnectOptions, ConnectSettingsView } from './connect-service';
export type { ConnectCounts, ConnectPathKind, ConnectStatsSnapshot } from './connect-stats';
export type { InjectInput } from './emulator-core';
export {
	AUDIT_ACTIONS,
	AUDIT_OBJECT_TYPES,
	ITEM_USAGE_ACTIONS,
	SIGN_IN_CATEGORIES,
	SIGN_IN_TYPES,
} from './catalogue';
export { DEFAULT_KEY_FILE } from './signing-key';
export * from './defaults';

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. The CLI defaults to 8787. */
	readonly port?: number;
	/** Defaults to 127.0.0.1: the emulator is a development tool, not a service. */
	readonly host?: string;
	/** Same seed, same records. */
	readonly seed?: string | number;
	/** Backlog size, for every type or per type. Default 1000 each. Generated lazily: millions are fine. */
	readonly backlog?: number | Partial<Record<EventType, number>>;
	/** The backlog's timestamps are spread evenly over this span, ending at start. Default 7 days. */
	readonly backlogSpanMs?: number;
	/** Append events as the clock moves. Off by default. */
	readonly live?: LiveSettings | false;
	/** Default 600/min, 30,000/h, no Retry-After. false = no rate limiting. */
	readonly rateLimit?: Partial<RateLimitSettings> | false;
	/** The emulator clock in ms since the epoch; tests pass a controllable one. */
	readonly now?: () => number;
	/** The `aud` value tokens must carry. Default: host:port the emulator listens on. */
	readonly audience?: string;
	/** PEM file with the signing key: loaded if it exists, otherwise created. Default: in memory. */
	readonly keyFile?: string;
	/** Random fault profile active from the start. */
	readonly faultProfile?: FaultProfile | null;
	/**
	 * What start_time/end_time bound: the event's `timestamp` (default) or the time it arrived in
	 * the log. Changeable at run time with `configure()`. See README "Two readings of start_time".
	 */
	readonly startTimeBounds?: StartTimeBounds;
	/** Cursors older than this (emulator clock) are answered 400. Default: null, never expire. */
	readonly cursorLifetimeMs?: number | null;
	/** How records write `timestamp`: 'utc' (default), 'offset', 'nanos' or 'mixed' (per record). */
	readonly timestampStyle?: TimestampStyle;
	/** Leave out empty or inapplicable fields, as real samples do. Default false. */
	readonly sparseRecords?: boolean;
	/** Status for a bearer value that is not a readable JWT: 404 (plain text, default) or 401. */
	readonly garbledTokenStatus?: GarbledTokenStatus;
	/**
	 * The emulated 1Password Connect server (same port, paths /v1/…, /heartbeat, /health):
	 * its token (default from the seed), how many vaults it cannot see (default 1), a latency
	 * added to every answer, and the letter case of its ids. See README "1Password Connect".
	 */
	readonly connect?: ConnectOptions;
}

/** The settings `configure()` can change while the emulator runs. */
export type EmulatorSettingsPatch = Partial<EmulatorSettings>;

export interface Emulator {
	/** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly audience: string;
	/** The account every token and record belongs to (derived from the seed). */
	readonly accountUuid: string;
	issueToken(options?: IssueTokenOptions): string;
	/** Accepts a token or a token id (jti). Returns the revoked id. */
	revokeToken(tokenOrId: string): string;
	/** Appends events (new sequence numbers); returns them in v2 shape. */
	inject(type: EventType, input: InjectInput): EventRecord[];
	enqueueFaults(faults: ReadonlyArray<FaultKind | FaultSpec>): void;
	setFaultProfile(profile: FaultProfile | null): void;
	clearFaults(): void;
	/** The faults still queued and the active profile. */
	describeFaults(): { queue: FaultSpec[]; profile: FaultProfile | null };
	stats(): StatsSnapshot;
	resetStats(): void;
	/**
	 * The most event-endpoint requests in any sliding 60 s window of emulator time since start or
	 * the last `resetStats()`: exact (requests counted on arrival, any outcome; introspect excluded).
	 */
	peakEventRequestsPer60s(): number;
	/** Changes run-time settings (validated; nothing changes on error) and returns all of them. */
	configure(patch: EmulatorSettingsPatch): EmulatorSettings;
	/** The current run-time settings. */
	settings(): EmulatorSettings;
	/** Events in a type's log (backlog + appended), retained or not. */
	logSize(type: EventType): number;
	/** The bearer token the emulated Connect server accepts (Events API tokens are refused there). */
	readonly connectToken: string;
	/** A Connect fault in force until changed, or null for none. Throws on a bad value. */
	setConnectFault(fault: ConnectFault | ConnectFaultKind | null): void;
	/** How many of the cast's vaults (the last ones) Connect cannot see (403). Throws on a bad value. */
	setConnectSharing(unsharedVaults: number): void;
	/** Connect requests by path kind (vaults, vault, items, other) and status. */
	connectStats(): ConnectStatsSnapshot;
	resetConnectStats(): void;
	/** Every cast vault (with its name and whether Connect sees it) and item (with its title). */
	connectDirectory(): ConnectDirectoryView;
	/** Closes the server and every connection (keep-alive included). */
	stop(): Promise<void>;
}

function backlogPerType(backlog: EmulatorOptions['backlog']): Record<EventType, number> {
	const counts = {} as Record<EventType, number>;
	for (const type of EVENT_TYPES) {
		const count =
			typeof backlog === 'number'
				? backlog
				: (backlog?.[type] ?? (backlog ? 0 : DEFAULT_BACKLOG_PER_TYPE));
		if (!Number.isSafeInteger(count) || count < 0)
			throw new Error(`backlog for ${type} must be an integer >= 0`);
		counts[type] = count;
	}
	return counts;
}

function listen(server: Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

/** Fails fast on option values that would otherwise surface as odd behaviour much later. */
function validateOptions(options: EmulatorOptions): void {
	const nonNegative = (value: number | undefined) =>
		value === undefined || (Number.isFinite(value) && value >= 0);
	if (
		options.live &&
		!(
			nonNegative(options.live.perSecond) &&
			(options.live.lateRatio ?? 0) >= 0 &&
			(options.live.lateRatio ?? 0) <= 1
		)
	) {
		throw new Error('live.perSecond must be >= 0 and live.lateRatio between 0 and 1');
	}
	if (
		options.rateLimit &&
		!(nonNegative(options.rateLimit.perMinute) && nonNegative(options.rateLimit.perHour))
	) {
		throw new Error('rateLimit.perMinute and rateLimit.perHour must be >= 0');
	}
	if (options.backlogSpanMs !== undefined && !(options.backlogSpanMs > 0))
		throw new Error('backlogSpanMs must be > 0');
	validateConnectOptions(options.connect);
}

function initialSettings(options: EmulatorOptions): EmulatorSettingsPatch {
	const { startTimeBounds, cursorLifetimeMs, timestampStyle, sparseRecords, garbledTokenStatus } =
		options;
	return { startTimeBounds, cursorLifetimeMs, timestampStyle, sparseRecords, garbledTokenStatus };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	validateOptions(options);
	// Checked before listening, so a bad value does not leave a port open.
	const settings = mergeSettings(DEFAULT_SETTINGS, initialSettings(options));
	const host = options.host ?? DEFAULT_HOST;
	const signingKey = loadOrCreateSigningKey(options.keyFile);
	const server = createServer();
	await listen(server, options.port ?? 0, host);
	const port = (server.address() as AddressInfo).port;
	const hostInUrl = host.includes(':') ? `[${host}]` : host;

	const core = new EmulatorCore({
		seed: options.seed ?? DEFAULT_SEED,
		backlog: backlogPerType(options.backlog),
		backlogSpanMs: options.backlogSpanMs ?? DEFAULT_BACKLOG_SPAN_MS,
		live: options.live || null,
		rateLimit: options.rateLimit === false ? null : { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
		now: options.now ?? Date.now,
		audience: options.audience ?? `${hostInUrl}:${port}`,
		signingKey,
		settings,
		connect: options.connect,
	});
	if (options.faultProfile) core.faults.setProfile(options.faultProfile);
	server.on('request', createRequestHandler(core));

	let stopping: Promise<void> | null = null;
	return {
		url: `http://${hostInUrl}:${port}`,
		port,
		audience: core.audience,
		accountUuid: core.accountUuid,
		issueToken: (tokenOptions) => core.issueToken(tokenOptions).token,
		revokeToken: (tokenOrId) => core.revokeToken(tokenOrId),
		inject: (type, input) => core.inject(type, input),
		enqueueFaults: (faults) => core.faults.enqueue(faults),
		setFaultProfile: (profile) => core.faults.setProfile(profile),
		clearFaults: () => core.faults.clear(),
		describeFaults: () => core.faults.describe(),
		stats: () => core.stats.snapshot(),
		resetStats: () => core.stats.reset(),
		peakEventRequestsPer60s: () => core.stats.peakEventRequestsPer60s(),
		configure: (patch) => core.settings.update(patch),
		settings: () => core.settings.get(),
		logSize: (type) => core.logSize(type),
		connectToken: core.connect.token,
		setConnectFault: (fault) => core.connect.setFault(fault),
		setConnectSharing: (unsharedVaults) => core.connect.setUnsharedVaults(unsharedVaults),
		connectStats: () => core.connect.stats.snapshot(),
		resetConnectStats: () => core.connect.stats.reset(),
		connectDirectory: () => core.connect.view(),
		stop: () => {
			stopping ??= new Promise<void>((resolve) => {
				core.shutdown();
				server.close(() => resolve());
				// close() alone waits for idle keep-alive sockets to time out; end them now.
				server.closeAllConnections();
			});
			return stopping;
		},
	};
}
