import { readFlags, stringFlag, type FlagSpec } from './cli-args';
import { createCast } from './cast';
import { parseDuration } from './duration';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SEED } from './defaults';
import { hashString } from './prng';
import { DEFAULT_KEY_FILE, loadOrCreateSigningKey } from './signing-key';
import { formatRfc3339Seconds } from './time';
import { TokenAuthority, type TokenClaims } from './tokens';

export const TOKEN_FLAGS: Readonly<Record<string, FlagSpec>> = {
	features: { env: 'EMULATOR_TOKEN_FEATURES' },
	'expires-in': { env: 'EMULATOR_TOKEN_EXPIRES_IN' },
	'key-file': { env: 'EMULATOR_KEY_FILE' },
	audience: { env: 'EMULATOR_AUDIENCE' },
	host: { env: 'EMULATOR_HOST' },
	port: { env: 'EMULATOR_PORT' },
	seed: { env: 'EMULATOR_SEED' },
	help: { boolean: true },
};

export const TOKEN_USAGE = `Usage: npm run emulator:token -- [flags]

Prints a bearer token signed with the emulator's key file (created if missing), so a running or
future emulator using the same key file accepts it.

  --features LIST     comma-separated (default itemusages,signinattempts,auditevents)
  --expires-in D      30d, 12h, 90m, 3600s, or never (default never)
  --key-file F        EMULATOR_KEY_FILE (default ${DEFAULT_KEY_FILE})
  --audience A        EMULATOR_AUDIENCE (default host:port, i.e. ${DEFAULT_HOST}:${DEFAULT_PORT})
  --host H / --port N EMULATOR_HOST / EMULATOR_PORT, only to build the default audience
  --seed S            EMULATOR_SEED, only for the account uuid in the token
`;

export interface TokenCommandResult {
	/** The token alone: what goes to stdout, so `TOKEN=$(npm run -s emulator:token)` works. */
	readonly token: string;
	readonly claims: TokenClaims;
	/** Human-readable summary, for stderr. */
	readonly summary: string;
}

export function runTokenCommand(
	argv: readonly string[],
	env: NodeJS.ProcessEnv,
	now: () => number = Date.now,
): TokenCommandResult | { help: string } {
	const flags = readFlags(argv, env, TOKEN_FLAGS);
	if (flags.help === true) return { help: TOKEN_USAGE };
	const keyFile = stringFlag(flags, 'key-file', DEFAULT_KEY_FILE);
	const audience =
		stringFlag(flags, 'audience') ??
		`${stringFlag(flags, 'host', DEFAULT_HOST)}:${stringFlag(flags, 'port', String(DEFAULT_PORT))}`;
	const features = stringFlag(flags, 'features');
	const expiresIn = stringFlag(flags, 'expires-in');
	const accountUuid = createCast(hashString(stringFlag(flags, 'seed', DEFAULT_SEED))).accountUuid;

	const authority = new TokenAuthority(loadOrCreateSigningKey(keyFile), accountUuid, audience, now);
	const { token, claims } = authority.issue({
		features: features
			?.split(',')
			.map((f) => f.trim())
			.filter(Boolean),
		expiresInSeconds: expiresIn === undefined ? undefined : parseDuration(expiresIn),
	});
	const summary = [
		`token id ${claims.jti}`,
		`features ${claims['1password.com/fts'].join(',')}`,
		`audience ${claims.aud.join(',')}`,
		`expires ${claims.exp === undefined ? 'never' : formatRfc3339Seconds(claims.exp * 1000)}`,
		`key file ${keyFile}`,
	].join(' | ');
	return { token, claims, summary };
}
