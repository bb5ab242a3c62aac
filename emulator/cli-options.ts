import { booleanFlag, numberFlag, readFlags, stringFlag, type FlagSpec } from './cli-args';
import { EVENT_TYPES, isEventType, type EventType } from './event-types';
import { NAMED_FAULT_PROFILES, faultProfileByName } from './fault-profiles';
import { parseDuration } from './duration';
import {
	GARBLED_TOKEN_STATUSES,
	START_TIME_BOUNDS,
	TIMESTAMP_STYLES,
	type GarbledTokenStatus,
	type StartTimeBounds,
	type TimestampStyle,
} from './settings';
import type { EmulatorOptions } from './index';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults';
import { VAULT_COUNT } from './cast';
import { DEFAULT_UNSHARED_VAULTS } from './connect-service';
import { DEFAULT_KEY_FILE } from './signing-key';
import { DAY_MS } from './time';

/** Flags of `npm run emulator`, each with its environment variable. */
export const EMULATOR_FLAGS: Readonly<Record<string, FlagSpec>> = {
	port: { env: 'EMULATOR_PORT' },
	host: { env: 'EMULATOR_HOST' },
	seed: { env: 'EMULATOR_SEED' },
	backlog: { env: 'EMULATOR_BACKLOG' },
	'backlog-days': { env: 'EMULATOR_BACKLOG_DAYS' },
	live: { env: 'EMULATOR_LIVE' },
	'late-ratio': { env: 'EMULATOR_LATE_RATIO' },
	'rate-limit': { env: 'EMULATOR_RATE_LIMIT', boolean: true },
	'rate-per-minute': { env: 'EMULATOR_RATE_PER_MINUTE' },
	'rate-per-hour': { env: 'EMULATOR_RATE_PER_HOUR' },
	'retry-after': { env: 'EMULATOR_RETRY_AFTER', boolean: true },
	faults: { env: 'EMULATOR_FAULTS' },
	'key-file': { env: 'EMULATOR_KEY_FILE' },
	audience: { env: 'EMULATOR_AUDIENCE' },
	'print-token': { env: 'EMULATOR_PRINT_TOKEN', boolean: true },
	'start-time-bounds': { env: 'EMULATOR_START_TIME_BOUNDS' },
	'cursor-lifetime': { env: 'EMULATOR_CURSOR_LIFETIME' },
	'timestamp-style': { env: 'EMULATOR_TIMESTAMP_STYLE' },
	'sparse-records': { env: 'EMULATOR_SPARSE_RECORDS', boolean: true },
	'garbled-token-status': { env: 'EMULATOR_GARBLED_TOKEN_STATUS' },
	'connect-token': { env: 'EMULATOR_CONNECT_TOKEN' },
	'connect-unshared': { env: 'EMULATOR_CONNECT_UNSHARED' },
	help: { boolean: true },
};

export const EMULATOR_USAGE = `Usage: npm run emulator -- [flags]   (every flag also reads the environment variable shown)

  --port N              EMULATOR_PORT          listen port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H              EMULATOR_HOST          listen address (default ${DEFAULT_HOST})
  --seed S              EMULATOR_SEED          seed of the synthetic data (same seed, same records)
  --backlog N           EMULATOR_BACKLOG       backlog events per type (default 10000), or
                                               itemusages=N,signinattempts=N,auditevents=N
  --backlog-days D      EMULATOR_BACKLOG_DAYS  span of the backlog, ending now (default 7)
  --live N              EMULATOR_LIVE          new events per second per type (default 1; 0 = off)
  --late-ratio R        EMULATOR_LATE_RATIO    fraction of live item usages that arrive late (default 0.1)
  --[no-]rate-limit     EMULATOR_RATE_LIMIT    enforce rate limits (default on)
  --rate-per-minute N   EMULATOR_RATE_PER_MINUTE  (default 600)
  --rate-per-hour N     EMULATOR_RATE_PER_HOUR    (default 30000)
  --retry-after on|off  EMULATOR_RETRY_AFTER   send Retry-After on 429 (default off, like the real API)
  --faults PROFILE      EMULATOR_FAULTS        ${Object.keys(NAMED_FAULT_PROFILES).join(', ')}
  --key-file F          EMULATOR_KEY_FILE      signing key, created if missing (default ${DEFAULT_KEY_FILE})
  --audience A          EMULATOR_AUDIENCE      aud tokens must carry (default host:port)
  --[no-]print-token    EMULATOR_PRINT_TOKEN   print a ready-to-use token on start (default on)
  --start-time-bounds M EMULATOR_START_TIME_BOUNDS  timestamp (default) or arrival: what start_time/end_time bound
  --cursor-lifetime D   EMULATOR_CURSOR_LIFETIME    cursors older than D are refused, e.g. 15m, 1h, 3600 (s); default never
  --timestamp-style S   EMULATOR_TIMESTAMP_STYLE    utc (default), offset, nanos or mixed
  --[no-]sparse-records EMULATOR_SPARSE_RECORDS     leave out empty/inapplicable fields (default off)
  --garbled-token-status N  EMULATOR_GARBLED_TOKEN_STATUS  404 (default, plain text) or 401 for a token that is not a JWT
  --connect-token T     EMULATOR_CONNECT_TOKEN      token of the emulated 1Password Connect API (default connect-emulator-… from the seed)
  --connect-unshared N  EMULATOR_CONNECT_UNSHARED   vaults not shared with Connect, answered 403 (default ${DEFAULT_UNSHARED_VAULTS}, at most ${VAULT_COUNT})
`;

export interface EmulatorCliConfig {
	readonly help: boolean;
	readonly printToken: boolean;
	readonly faultsName: string;
	readonly options: EmulatorOptions & { port: number; host: string; keyFile: string };
}

function parseBacklog(raw: string | undefined): number | Record<EventType, number> {
	if (raw === undefined) return 10_000;
	const asInteger = (text: string): number => {
		const n = Number(text);
		if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--backlog: invalid count "${text}"`);
		return n;
	};
	if (!raw.includes('=')) return asInteger(raw);
	const counts: Record<EventType, number> = { itemusages: 0, signinattempts: 0, auditevents: 0 };
	for (const part of raw.split(',')) {
		const [type, count] = part.split('=').map((s) => s.trim());
		if (!isEventType(type))
			throw new Error(`--backlog: unknown event type "${type}"; use ${EVENT_TYPES.join(', ')}`);
		counts[type] = asInteger(count ?? '');
	}
	return counts;
}

function choiceFlag<T extends string | number>(
	name: string,
	raw: string | undefined,
	allowed: readonly T[],
): T | undefined {
	if (raw === undefined) return undefined;
	const found = allowed.find((choice) => String(choice) === raw.trim().toLowerCase());
	if (found === undefined)
		throw new Error(`--${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
	return found;
}

function cursorLifetimeMs(raw: string | undefined): number | null {
	if (raw === undefined) return null;
	let seconds: number | undefined;
	try {
		seconds = parseDuration(raw);
	} catch {
		throw new Error(
			`--cursor-lifetime: invalid duration "${raw}"; use e.g. 15m, 1h, 3600 (seconds) or never`,
		);
	}
	if (seconds === 0) throw new Error('--cursor-lifetime must be longer than 0');
	return seconds === undefined ? null : seconds * 1000;
}

export function parseEmulatorCli(
	argv: readonly string[],
	env: NodeJS.ProcessEnv,
): EmulatorCliConfig {
	const flags = readFlags(argv, env, EMULATOR_FLAGS);
	const nonNegative = (n: number) => n >= 0;
	const port = numberFlag(
		flags,
		'port',
		DEFAULT_PORT,
		(n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
	);
	const perSecond = numberFlag(flags, 'live', 1, nonNegative);
	const lateRatio = numberFlag(flags, 'late-ratio', 0.1, (n) => n >= 0 && n <= 1);
	const faultsName = stringFlag(flags, 'faults', 'none');
	return {
		help: booleanFlag(flags, 'help', false),
		printToken: booleanFlag(flags, 'print-token', true),
		faultsName,
		options: {
			port,
			host: stringFlag(flags, 'host', DEFAULT_HOST),
			seed: stringFlag(flags, 'seed'),
			backlog: parseBacklog(stringFlag(flags, 'backlog')),
			backlogSpanMs: numberFlag(flags, 'backlog-days', 7, (n) => n > 0) * DAY_MS,
			live: perSecond > 0 ? { perSecond, lateRatio } : false,
			rateLimit: booleanFlag(flags, 'rate-limit', true)
				? {
						perMinute: numberFlag(flags, 'rate-per-minute', 600, nonNegative),
						perHour: numberFlag(flags, 'rate-per-hour', 30_000, nonNegative),
						retryAfter: booleanFlag(flags, 'retry-after', false),
					}
				: false,
			faultProfile: faultProfileByName(faultsName),
			keyFile: stringFlag(flags, 'key-file', DEFAULT_KEY_FILE),
			audience: stringFlag(flags, 'audience'),
			startTimeBounds:
				choiceFlag<StartTimeBounds>(
					'start-time-bounds',
					stringFlag(flags, 'start-time-bounds'),
					START_TIME_BOUNDS,
				) ?? 'timestamp',
			cursorLifetimeMs: cursorLifetimeMs(stringFlag(flags, 'cursor-lifetime')),
			timestampStyle:
				choiceFlag<TimestampStyle>(
					'timestamp-style',
					stringFlag(flags, 'timestamp-style'),
					TIMESTAMP_STYLES,
				) ?? 'utc',
			sparseRecords: booleanFlag(flags, 'sparse-records', false),
			garbledTokenStatus:
				choiceFlag<GarbledTokenStatus>(
					'garbled-token-status',
					stringFlag(flags, 'garbled-token-status'),
					GARBLED_TOKEN_STATUSES,
				) ?? 404,
			connect: {
				token: stringFlag(flags, 'connect-token'),
				unsharedVaults: numberFlag(
					flags,
					'connect-unshared',
					DEFAULT_UNSHARED_VAULTS,
					(n) => Number.isInteger(n) && n >= 0 && n <= VAULT_COUNT,
				),
			},
		},
	};
}
