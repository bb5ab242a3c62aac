import { VAULT_COUNT, type Cast } from './cast';
import {
	CONNECT_ID_CASES,
	ConnectDirectory,
	type ConnectDirectoryView,
	type ConnectIdCase,
} from './connect-directory';
import { parseConnectFault, type ConnectFault } from './connect-faults';
import { ConnectStats } from './connect-stats';
import { Random, mixSeed } from './prng';

/**
 * The emulated 1Password Connect server's state: its token, which vaults it may see, the fault
 * in force and its request counts. Shared by the HTTP endpoint, the admin API and the
 * in-process handle.
 */

export interface ConnectOptions {
	/** The bearer token Connect accepts. Default: `connect-emulator-` + 26 characters from the seed. */
	readonly token?: string;
	/** How many of the cast's vaults (the last ones) are not shared with Connect. Default 1. */
	readonly unsharedVaults?: number;
	/** Added to every Connect answer, to play a server that is always a little slow. Default 0. */
	readonly latencyMs?: number;
	/** How Connect writes ids: 'lower' (default, like the real Connect) or 'upper' (like events). */
	readonly idCase?: ConnectIdCase;
}

/** What `GET /admin/connect` answers (the stats are added there). */
export interface ConnectSettingsView {
	readonly token: string;
	readonly fault: ConnectFault | null;
	readonly unsharedVaults: number;
	readonly vaultCount: number;
	readonly latencyMs: number;
	readonly idCase: ConnectIdCase;
}

export const DEFAULT_UNSHARED_VAULTS = 1;

/** Recognisable in logs and screenshots, and the same for the same seed across restarts. */
export function defaultConnectToken(seedHash: number): string {
	return `connect-emulator-${new Random(mixSeed(seedHash, 0x70c3)).id().toLowerCase()}`;
}

function checkUnshared(value: unknown): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > VAULT_COUNT)
		throw new Error(`unsharedVaults must be an integer between 0 and ${VAULT_COUNT}`);
	return value;
}

/** Fails before the emulator opens a port, like the other option checks. */
export function validateConnectOptions(options: ConnectOptions | undefined): void {
	if (!options) return;
	const { token, unsharedVaults, latencyMs, idCase } = options;
	// A header value cannot hold whitespace or control characters inside a bearer token.
	if (token !== undefined && !(typeof token === 'string' && /^[\x21-\x7e]+$/.test(token)))
		throw new Error('connect.token must be non-empty printable ASCII without spaces');
	if (unsharedVaults !== undefined) checkUnshared(unsharedVaults);
	if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0))
		throw new Error('connect.latencyMs must be >= 0');
	if (idCase !== undefined && !CONNECT_ID_CASES.includes(idCase))
		throw new Error(`connect.idCase must be one of ${CONNECT_ID_CASES.join(', ')}`);
}

export class ConnectService {
	readonly token: string;
	readonly latencyMs: number;
	readonly idCase: ConnectIdCase;
	readonly stats = new ConnectStats();
	readonly directory: ConnectDirectory;
	private readonly initialUnshared: number;
	private unshared: number;
	private currentFault: ConnectFault | null = null;

	constructor(cast: Cast, seedHash: number, options: ConnectOptions = {}) {
		validateConnectOptions(options);
		this.token = options.token ?? defaultConnectToken(seedHash);
		this.latencyMs = options.latencyMs ?? 0;
		this.idCase = options.idCase ?? 'lower';
		this.directory = new ConnectDirectory(cast, seedHash, this.idCase);
		this.initialUnshared = options.unsharedVaults ?? DEFAULT_UNSHARED_VAULTS;
		this.unshared = this.initialUnshared;
	}

	get fault(): ConnectFault | null {
		return this.currentFault;
	}

	/** Accepts a fault object, a kind name or null; throws (changing nothing) on anything else. */
	setFault(fault: unknown): void {
		this.currentFault = parseConnectFault(fault);
	}

	setUnsharedVaults(count: unknown): void {
		this.unshared = checkUnshared(count);
	}

	/**
	 * Applies an admin update as a whole: every field is checked before anything changes, so a
	 * bad request never leaves half its changes behind.
	 */
	update(patch: Readonly<Record<string, unknown>>): void {
		const known = ['fault', 'unsharedVaults', 'resetStats'];
		const unknown = Object.keys(patch).filter((key) => !known.includes(key));
		if (unknown.length > 0)
			throw new Error(`Unknown field "${unknown[0]}"; expected ${known.join(', ')}`);
		const fault = patch.fault === undefined ? this.currentFault : parseConnectFault(patch.fault);
		const unshared =
			patch.unsharedVaults === undefined ? this.unshared : checkUnshared(patch.unsharedVaults);
		if (patch.resetStats !== undefined && typeof patch.resetStats !== 'boolean')
			throw new Error('resetStats must be true or false');
		this.currentFault = fault;
		this.unshared = unshared;
		if (patch.resetStats === true) this.stats.reset();
	}

	/** Back to the start: no fault, the sharing the emulator started with (stats are kept). */
	restore(): void {
		this.currentFault = null;
		this.unshared = this.initialUnshared;
	}

	/** The last `unsharedVaults` vaults of the cast are the ones Connect cannot see. */
	isShared(index: number): boolean {
		return index < this.directory.vaultCount - this.unshared;
	}

	describe(): ConnectSettingsView {
		return {
			token: this.token,
			fault: this.currentFault,
			unsharedVaults: this.unshared,
			vaultCount: this.directory.vaultCount,
			latencyMs: this.latencyMs,
			idCase: this.idCase,
		};
	}

	view(): ConnectDirectoryView {
		return this.directory.view((index) => this.isShared(index));
	}
}
