/**
 * A small flag reader shared by both CLIs: `--name value`, `--name=value`, bare boolean flags
 * (`--retry-after`, `--no-retry-after`), each with an environment-variable fallback. No
 * dependency on an argument-parsing package: the emulator uses only Node's standard library.
 */

export interface FlagSpec {
	/** Environment variable consulted when the flag is absent. */
	readonly env?: string;
	readonly boolean?: boolean;
}

export type FlagValues = Record<string, string | boolean | undefined>;

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);
const FALSE_WORDS = new Set(['0', 'false', 'off', 'no']);

export function parseBoolean(name: string, value: string): boolean {
	const word = value.trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	throw new Error(`--${name} expects on/off, got "${value}"`);
}

export function readFlags(
	argv: readonly string[],
	env: NodeJS.ProcessEnv,
	specs: Readonly<Record<string, FlagSpec>>,
): FlagValues {
	const values: FlagValues = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
		const eq = arg.indexOf('=');
		let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
		let negated = false;
		if (!(name in specs) && name.startsWith('no-') && specs[name.slice(3)]?.boolean) {
			name = name.slice(3);
			negated = true;
		}
		const spec = specs[name];
		if (!spec) throw new Error(`Unknown flag --${name}`);
		if (negated) {
			values[name] = false;
		} else if (eq !== -1) {
			values[name] = spec.boolean ? parseBoolean(name, arg.slice(eq + 1)) : arg.slice(eq + 1);
		} else if (spec.boolean) {
			// `--retry-after off` as well as a bare `--retry-after`.
			const next = argv[i + 1]?.toLowerCase();
			if (next !== undefined && (TRUE_WORDS.has(next) || FALSE_WORDS.has(next))) {
				values[name] = TRUE_WORDS.has(next);
				i++;
			} else {
				values[name] = true;
			}
		} else {
			const next = argv[i + 1];
			if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
			values[name] = next;
			i++;
		}
	}
	for (const [name, spec] of Object.entries(specs)) {
		const fromEnv = spec.env ? env[spec.env] : undefined;
		if (values[name] === undefined && fromEnv !== undefined && fromEnv !== '') {
			values[name] = spec.boolean ? parseBoolean(name, fromEnv) : fromEnv;
		}
	}
	return values;
}

export function numberFlag(
	values: FlagValues,
	name: string,
	fallback: number,
	check: (n: number) => boolean = () => true,
): number {
	const raw = values[name];
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
		throw new Error(`--${name}: invalid value "${String(raw)}"`);
	}
	return value;
}

export function stringFlag(values: FlagValues, name: string, fallback: string): string;
export function stringFlag(values: FlagValues, name: string): string | undefined;
export function stringFlag(
	values: FlagValues,
	name: string,
	fallback?: string,
): string | undefined {
	const raw = values[name];
	return typeof raw === 'string' ? raw : fallback;
}

export function booleanFlag(values: FlagValues, name: string, fallback: boolean): boolean {
	const raw = values[name];
	return typeof raw === 'boolean' ? raw : fallback;
}
