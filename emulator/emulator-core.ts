import type { KeyObject } from 'node:crypto';
import { Authenticator } from './auth';
import { createCast } from './cast';
import { ConnectService, type ConnectOptions } from './connect-service';
import { CursorCodec } from './cursor';
import { EventLog } from './event-log';
import { EventPager } from './event-pages';
import type { EventType } from './event-types';
import { FaultInjector } from './faults';
import { LiveGenerator, lateOffsetMs, type LiveSettings } from './live-generator';
import { hashString } from './prng';
import { RateLimiter, type RateLimitSettings } from './rate-limiter';
import { RecordFactory, type EventRecord, type RecordOverrides } from './records';
import { SettingsStore, type EmulatorSettings } from './settings';
import { deriveSecret } from './signing-key';
import { EmulatorStats } from './stats';
import { parseRfc3339 } from './time';
import { TokenAuthority, peekTokenId, type IssueTokenOptions, type IssuedToken } from './tokens';

export interface CoreConfig {
	readonly seed: string | number;
	readonly backlog: Readonly<Record<EventType, number>>;
	readonly backlogSpanMs: number;
	readonly live: LiveSettings | null;
	readonly rateLimit: RateLimitSettings | null;
	readonly now: () => number;
	readonly audience: string;
	readonly signingKey: KeyObject;
	/** Initial values of the run-time settings (see settings.ts); validated here. */
	readonly settings?: Partial<EmulatorSettings>;
	/** The emulated 1Password Connect server's token, sharing and latency. */
	readonly connect?: ConnectOptions;
}

/** `inject()` input: explicit records (fields override a generated record) or a count. */
export type InjectInput =
	ReadonlyArray<RecordOverrides> | { readonly count: number; readonly late?: boolean };

export const MAX_INJECT_COUNT = 1_000_000;

/** All emulator state and the operations on it, shared by the HTTP layer and the in-process API. */
export class EmulatorCore {
	readonly now: () => number;
	readonly startedAt: number;
	readonly audience: string;
	readonly accountUuid: string;
	readonly tokens: TokenAuthority;
	readonly auth: Authenticator;
	readonly pager: EventPager;
	readonly faults = new FaultInjector();
	readonly stats = new EmulatorStats();
	readonly settings: SettingsStore;
	readonly connect: ConnectService;
	readonly rateLimit: RateLimitSettings | null;
	private readonly rateLimiter: RateLimiter | null;
	private readonly seedHash: number;
	private readonly logs: Record<EventType, EventLog>;
	private readonly records: RecordFactory;
	private readonly live: LiveGenerator | null;
	private readonly pendingDelays = new Set<{
		timer: NodeJS.Timeout;
		resolve: (completed: boolean) => void;
	}>();

	constructor(config: CoreConfig) {
		this.now = config.now;
		this.startedAt = config.now();
		this.settings = new SettingsStore(config.settings);
		const settings = () => this.settings.get();
		this.audience = config.audience;
		this.seedHash = hashString(String(config.seed));
		const cast = createCast(this.seedHash);
		this.accountUuid = cast.accountUuid;
		this.records = new RecordFactory(this.seedHash, cast, settings);
		this.connect = new ConnectService(cast, this.seedHash, config.connect);
		this.logs = {
			itemusages: this.createLog(config, 'itemusages'),
			signinattempts: this.createLog(config, 'signinattempts'),
			auditevents: this.createLog(config, 'auditevents'),
		};
		this.tokens = new TokenAuthority(
			config.signingKey,
			cast.accountUuid,
			config.audience,
			config.now,
		);
		this.auth = new Authenticator(this.tokens, [config.audience], config.now);
		// Cursors are bound to the signing key and seed: they survive a restart with the same key file.
		const cursors = new CursorCodec(
			deriveSecret(config.signingKey, `cursor:${String(config.seed)}`),
			this.startedAt,
		);
		this.pager = new EventPager(this.logs, this.records, cursors, config.now, settings);
		this.rateLimit = config.rateLimit;
		this.rateLimiter = config.rateLimit ? new RateLimiter(config.rateLimit) : null;
		this.live =
			config.live && config.live.perSecond > 0
				? new LiveGenerator(config.live, this.startedAt, this.seedHash)
				: null;
	}

	issueToken(options?: IssueTokenOptions): IssuedToken {
		return this.tokens.issue(options);
	}

	/** Accepts a token or its id (jti); returns the revoked id. */
	revokeToken(tokenOrId: string): string {
		const tokenId = tokenOrId.includes('.') ? peekTokenId(tokenOrId) : tokenOrId;
		if (!tokenId) throw new Error('Cannot read a token id from that token');
		this.auth.revoke(tokenId);
		return tokenId;
	}

	/** null when the request may proceed, otherwise the Retry-After seconds. */
	checkRateLimit(tokenId: string): number | null {
		if (!this.rateLimiter) return null;
		const decision = this.rateLimiter.check(tokenId, this.now());
		if (decision.allowed) return null;
		this.stats.recordRateLimited();
		return decision.retryAfterSeconds;
	}

	/** Brings the live generator up to the current clock before anyone reads the log. */
	catchUpLive(type: EventType): void {
		this.live?.catchUp(type, this.logs[type], this.now());
	}

	/**
	 * Appends events after everything already in the log (they get new sequence numbers, so a
	 * cursor delivers them even when their timestamps are old). Returns them in v2 shape.
	 */
	inject(type: EventType, input: InjectInput): EventRecord[] {
		this.catchUpLive(type);
		const log = this.logs[type];
		const nowMs = this.now();
		const created: EventRecord[] = [];
		if (Array.isArray(input)) {
			const entries = input as ReadonlyArray<RecordOverrides>;
			// Validate everything first so a bad entry does not leave a half-applied injection.
			const timestamps = entries.map((overrides, index) => {
				if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))
					throw new Error(`records[${index}] must be an object`);
				const { omit } = overrides;
				if (
					omit !== undefined &&
					!(Array.isArray(omit) && omit.every((field) => typeof field === 'string'))
				) {
					throw new Error(`records[${index}].omit must be an array of field names`);
				}
				if (overrides.timestamp === undefined) return nowMs;
				const ms =
					typeof overrides.timestamp === 'string' ? parseRfc3339(overrides.timestamp) : null;
				if (ms === null)
					throw new Error(`records[${index}].timestamp must be an RFC 3339 date-time`);
				return ms;
			});
			entries.forEach((overrides, index) => {
				const seq = log.append({ timestampMs: timestamps[index], arrivalMs: nowMs, overrides });
				created.push(this.records.create(type, seq, timestamps[index], 2, overrides));
			});
			return created;
		}
		const { count, late = false } = input as { count: number; late?: boolean };
		if (!Number.isInteger(count) || count < 1 || count > MAX_INJECT_COUNT)
			throw new Error(`count must be an integer between 1 and ${MAX_INJECT_COUNT}`);
		for (let i = 0; i < count; i++) {
			const seq = log.headSeq + 1;
			const timestampMs = late ? nowMs - lateOffsetMs(this.seedHash, type, -seq) : nowMs;
			log.append({ timestampMs, arrivalMs: nowMs });
			created.push(this.records.create(type, seq, timestampMs, 2));
		}
		return created;
	}

	/** Number of events of a type in the log (backlog + appended), whether retained or not. */
	logSize(type: EventType): number {
		this.catchUpLive(type);
		return this.logs[type].headSeq;
	}

	/** A timer that `shutdown()` can cancel; resolves false when cancelled. */
	delay(ms: number): Promise<boolean> {
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.pendingDelays.delete(entry);
					resolve(true);
				}, ms),
				resolve,
			};
			this.pendingDelays.add(entry);
		});
	}

	shutdown(): void {
		for (const entry of this.pendingDelays) {
			clearTimeout(entry.timer);
			entry.resolve(false);
		}
		this.pendingDelays.clear();
	}

	private createLog(config: CoreConfig, type: EventType): EventLog {
		return new EventLog({
			count: config.backlog[type],
			endMs: this.startedAt,
			spanMs: config.backlogSpanMs,
		});
	}
}
