/**
 * Vault names and item titles from 1Password Connect, cached per vault. The cache is bounded
 * (a number of titles across all vaults; whole vaults leave, least recently used first),
 * refreshed after an interval, and fetched only while the caller's deadline allows. A failure
 * keeps what was known before (a stale name beats none) and is not tried again for a while, so
 * a Connect that is down costs one timeout now and then, not one per poll.
 */
import { ConnectFailure } from '../transport/connect';

export interface NameSource {
	listVaults(timeoutMs: number): Promise<unknown[]>;
	listItems(vaultId: string, timeoutMs: number): Promise<unknown[]>;
}

export interface DirectoryLimits {
	/** Titles kept across all vaults. */
	maxTitles: number;
	/** A vault list or a vault's items older than this are fetched again. */
	refreshMs: number;
	/** An item id a vault's list lacks fetches that list again once it is this old. */
	unknownItemRefetchMs: number;
	/** After a failure, the same list is not asked for again before this. */
	failureBackoffMs: number;
	/** After a timeout only (a busy Connect or n8n, usually passing), this. */
	timeoutBackoffMs: number;
}

export const DEFAULT_LIMITS: DirectoryLimits = {
	maxTitles: 20_000,
	refreshMs: 15 * 60_000,
	unknownItemRefetchMs: 60_000,
	failureBackoffMs: 5 * 60_000,
	timeoutBackoffMs: 60_000,
};

/** A request gets at least this much time, or is not sent. */
const MIN_REQUEST_MS = 250;

/** What a batch of events needs named: vault id → item ids, and whether the id surely is a vault. */
export type WantedNames = Map<string, { items: Set<string>; surelyVault: boolean }>;

interface VaultItems {
	titles: Map<string, string>;
	fetchedAt: number;
	/** The vault had more items than the bound: only those asked for were kept. */
	partial: boolean;
}

function idAndLabel(entry: unknown, label: 'name' | 'title'): [string, string] | undefined {
	if (typeof entry !== 'object' || entry === null) return undefined;
	const { id, [label]: value } = entry as Record<string, unknown>;
	if (typeof id !== 'string' || typeof value !== 'string' || value.trim() === '') return undefined;
	return [id.toLowerCase(), value.trim()];
}

export class NameDirectory {
	/** Vault names by lower-case id, and each id as Connect writes it (its paths want that form). */
	private vaults?: { names: Map<string, string>; ids: Map<string, string>; fetchedAt: number };

	/** Insertion order is recency: a vault used is moved to the end, the first leaves first. */
	private readonly items = new Map<string, VaultItems>();

	private titleCount = 0;

	private readonly retryAt = new Map<string, number>();

	constructor(private readonly limits: DirectoryLimits = DEFAULT_LIMITS) {}

	get cachedTitles(): number {
		return this.titleCount;
	}

	get cachedVaults(): number {
		return this.items.size;
	}

	vaultName(vaultId: unknown): string | undefined {
		return typeof vaultId === 'string' ? this.vaults?.names.get(vaultId.toLowerCase()) : undefined;
	}

	itemTitle(vaultId: unknown, itemId: unknown): string | undefined {
		if (typeof vaultId !== 'string' || typeof itemId !== 'string') return undefined;
		return this.items.get(vaultId.toLowerCase())?.titles.get(itemId.toLowerCase());
	}

	/**
	 * Fetches what `wanted` needs and the cache lacks, while the deadline allows. Returns the
	 * problems met, for the caller to report; never throws for Connect's sake.
	 */
	async prepare(
		source: NameSource,
		wanted: WantedNames,
		deadline: number,
		now: () => number,
	): Promise<ConnectFailure[]> {
		const problems: ConnectFailure[] = [];
		const stale = (fetchedAt: number, age: number) => now() - fetchedAt >= age;
		const mayAsk = (key: string) => (this.retryAt.get(key) ?? 0) <= now();
		const timeLeft = () => deadline - now();

		if (
			(!this.vaults || stale(this.vaults.fetchedAt, this.limits.refreshMs)) &&
			mayAsk('vaults') &&
			timeLeft() >= MIN_REQUEST_MS
		) {
			try {
				const list = await source.listVaults(timeLeft());
				const names = new Map<string, string>();
				const ids = new Map<string, string>();
				for (const entry of list) {
					const pair = idAndLabel(entry, 'name');
					if (!pair) continue;
					names.set(pair[0], pair[1]);
					ids.set(pair[0], String((entry as { id: string }).id));
				}
				this.vaults = { names, ids, fetchedAt: now() };
				this.retryAt.delete('vaults');
			} catch (error) {
				problems.push(this.failed('vaults', error, now()));
			}
		}
		if (!this.vaults) return problems;

		for (const [rawId, need] of wanted) {
			const vaultId = rawId.toLowerCase();
			if (!this.vaults.names.has(vaultId)) {
				if (need.surelyVault && mayAsk(`hidden:${vaultId}`)) {
					this.retryAt.set(`hidden:${vaultId}`, Number.POSITIVE_INFINITY);
					problems.push(
						new ConnectFailure(
							'forbidden',
							`Connect cannot see vault ${rawId}, so its name and item titles stay empty; share the vault with the Connect server to name it`,
						),
					);
				}
				continue;
			}
			const cached = this.items.get(vaultId);
			const missing = [...need.items].some((id) => !cached?.titles.has(id.toLowerCase()));
			const due =
				!cached ||
				stale(cached.fetchedAt, this.limits.refreshMs) ||
				// A partial list lacks items it has; otherwise the item may be new since the listing.
				(missing && (cached.partial || stale(cached.fetchedAt, this.limits.unknownItemRefetchMs)));
			if (cached) this.touch(vaultId, cached);
			if (!due || need.items.size === 0 || !mayAsk(vaultId)) continue;
			if (timeLeft() < MIN_REQUEST_MS) break;
			try {
				const list = await source.listItems(this.vaults.ids.get(vaultId) ?? rawId, timeLeft());
				this.store(vaultId, list, need.items, now());
				this.retryAt.delete(vaultId);
			} catch (error) {
				problems.push(this.failed(vaultId, error, now()));
			}
		}
		return problems;
	}

	private failed(key: string, error: unknown, at: number): ConnectFailure {
		const timedOut = error instanceof ConnectFailure && error.kind === 'timeout';
		this.retryAt.set(
			key,
			at + (timedOut ? this.limits.timeoutBackoffMs : this.limits.failureBackoffMs),
		);
		return error instanceof ConnectFailure
			? error
			: new ConnectFailure('invalidResponse', `Connect lookup failed: ${String(error)}`);
	}

	private touch(vaultId: string, entry: VaultItems): void {
		this.items.delete(vaultId);
		this.items.set(vaultId, entry);
	}

	/** Keeps a vault's titles; a vault larger than the whole bound keeps only those asked for. */
	private store(vaultId: string, list: unknown[], wanted: Set<string>, at: number): void {
		const wantedLower = new Set([...wanted].map((id) => id.toLowerCase()));
		const keepAll = list.length <= this.limits.maxTitles;
		const titles = new Map<string, string>();
		for (const entry of list) {
			const pair = idAndLabel(entry, 'title');
			if (!pair || (!keepAll && !wantedLower.has(pair[0]))) continue;
			if (titles.size >= this.limits.maxTitles) break;
			titles.set(pair[0], pair[1]);
		}
		const previous = this.items.get(vaultId);
		if (previous) this.titleCount -= previous.titles.size;
		this.items.delete(vaultId);
		this.items.set(vaultId, { titles, fetchedAt: at, partial: !keepAll });
		this.titleCount += titles.size;
		for (const [oldest, entry] of this.items) {
			if (this.titleCount <= this.limits.maxTitles || oldest === vaultId) break;
			this.items.delete(oldest);
			this.titleCount -= entry.titles.size;
		}
	}
}
