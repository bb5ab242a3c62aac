import type { Cast, CastItem, CastVault } from './cast';
import type { ItemCategory } from './cast-names';
import { Random, mixSeed } from './prng';
import { DAY_MS, formatRfc3339Seconds } from './time';

/**
 * The cast's vaults and items as 1Password Connect describes them: the same ids the generated
 * events carry in `vault_uuid`/`item_uuid`, with names, titles and metadata. Overviews only:
 * Connect's item list never carries fields, sections or files, and neither does this.
 */

/**
 * How Connect writes ids. Connect documents and answers lower-case ids (`^[\da-z]{26}$`), while
 * the Events API writes the same 1Password ids in upper case, so 'lower' (the default) makes a
 * client that compares ids exactly fail here as it would against the real services.
 */
export const CONNECT_ID_CASES = ['lower', 'upper'] as const;
export type ConnectIdCase = (typeof CONNECT_ID_CASES)[number];

export interface ConnectVault {
	readonly id: string;
	readonly name: string;
	readonly description: string;
	readonly attributeVersion: number;
	readonly contentVersion: number;
	/** Active items: an archived item is listed with the vault's items but not counted here. */
	readonly items: number;
	readonly type: 'USER_CREATED';
	readonly createdAt: string;
	readonly updatedAt: string;
}

export interface ConnectItemOverview {
	readonly id: string;
	readonly title: string;
	readonly version: number;
	readonly vault: { readonly id: string };
	readonly category: ItemCategory;
	readonly state?: 'ARCHIVED';
	readonly favorite: false;
	readonly tags: readonly string[];
	readonly createdAt: string;
	readonly updatedAt: string;
}

/** `emu.connectDirectory()`: the ground truth a test checks a node's names against. */
export interface ConnectDirectoryView {
	readonly vaults: ReadonlyArray<{
		/** As the Events API writes it (`vault_uuid`). */
		readonly id: string;
		/** As Connect writes it. */
		readonly connectId: string;
		readonly name: string;
		readonly shared: boolean;
	}>;
	readonly items: ReadonlyArray<{
		/** As the Events API writes it (`item_uuid`). */
		readonly id: string;
		readonly connectId: string;
		readonly title: string;
		/** As the Events API writes it (`vault_uuid`). */
		readonly vaultId: string;
		readonly category: ItemCategory;
		readonly archived: boolean;
	}>;
}

/** Connect timestamps of the cast: from 2022 on, before any clock the tests use. */
const EARLIEST_CREATED_MS = Date.UTC(2022, 0, 1);

interface Timeline {
	readonly createdMs: number;
	readonly updatedMs: number;
	readonly version: number;
}

export class ConnectDirectory {
	private readonly vaults: readonly CastVault[];
	private readonly items: readonly CastItem[];
	private readonly vaultTimelines: readonly Timeline[];
	private readonly itemTimelines: ReadonlyMap<string, Timeline>;
	private readonly archivedItem: string | undefined;

	constructor(
		cast: Cast,
		seedHash: number,
		private readonly idCase: ConnectIdCase,
	) {
		this.vaults = cast.namedVaults;
		this.items = cast.items;
		// A stream of its own: nothing here may disturb the draws that generate events.
		const random = new Random(mixSeed(seedHash, 0xc0ec7));
		const timeline = (): Timeline => {
			const createdMs = EARLIEST_CREATED_MS + random.int(3 * 365) * DAY_MS + random.int(DAY_MS);
			return {
				createdMs,
				updatedMs: createdMs + random.int(365) * DAY_MS + random.int(DAY_MS),
				version: random.between(1, 12),
			};
		};
		this.vaultTimelines = this.vaults.map(timeline);
		this.itemTimelines = new Map(this.items.map((item) => [item.uuid, timeline()]));
		// One archived item (the first vault's last), so clients meet `state` in a listing.
		this.archivedItem = this.items
			.filter((item) => item.vaultUuid === this.vaults[0]?.uuid)
			.at(-1)?.uuid;
	}

	get vaultCount(): number {
		return this.vaults.length;
	}

	/** The index of the vault an id names (any letter case), or -1. */
	indexOf(id: string): number {
		const wanted = id.toUpperCase();
		return this.vaults.findIndex((vault) => vault.uuid.toUpperCase() === wanted);
	}

	vault(index: number): ConnectVault {
		const vault = this.vaults[index];
		const timeline = this.vaultTimelines[index];
		const items = this.itemsIn(vault.uuid);
		const active = items.filter((item) => item.uuid !== this.archivedItem).length;
		return {
			id: this.connectId(vault.uuid),
			name: vault.name,
			description: vault.description,
			attributeVersion: timeline.version,
			// Every item version is a content change of the vault.
			contentVersion: items.reduce(
				(sum, item) => sum + (this.itemTimelines.get(item.uuid)?.version ?? 1),
				timeline.version,
			),
			items: active,
			type: 'USER_CREATED',
			createdAt: formatRfc3339Seconds(timeline.createdMs),
			updatedAt: formatRfc3339Seconds(timeline.updatedMs),
		};
	}

	itemOverviews(index: number): ConnectItemOverview[] {
		const vaultUuid = this.vaults[index].uuid;
		return this.itemsIn(vaultUuid).map((item) => {
			const timeline = this.itemTimelines.get(item.uuid) as Timeline;
			return {
				id: this.connectId(item.uuid),
				title: item.title,
				version: timeline.version,
				vault: { id: this.connectId(vaultUuid) },
				category: item.category,
				...(item.uuid === this.archivedItem ? { state: 'ARCHIVED' as const } : {}),
				favorite: false,
				tags: [],
				createdAt: formatRfc3339Seconds(timeline.createdMs),
				updatedAt: formatRfc3339Seconds(timeline.updatedMs),
			};
		});
	}

	view(isShared: (index: number) => boolean): ConnectDirectoryView {
		return {
			vaults: this.vaults.map((vault, index) => ({
				id: vault.uuid,
				connectId: this.connectId(vault.uuid),
				name: vault.name,
				shared: isShared(index),
			})),
			items: this.items.map((item) => ({
				id: item.uuid,
				connectId: this.connectId(item.uuid),
				title: item.title,
				vaultId: item.vaultUuid,
				category: item.category,
				archived: item.uuid === this.archivedItem,
			})),
		};
	}

	private itemsIn(vaultUuid: string): CastItem[] {
		return this.items.filter((item) => item.vaultUuid === vaultUuid);
	}

	private connectId(id: string): string {
		return this.idCase === 'lower' ? id.toLowerCase() : id.toUpperCase();
	}
}
