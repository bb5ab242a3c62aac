/**
 * Counts of Connect requests, kept apart from the Events API stats: tests of a name cache assert
 * on them ("one vault list and one item list per vault, however many events"), and Connect
 * traffic must not blur the Events API's rate-limit figures.
 */

/** Which endpoint a request was for: `other` is everything else (health, unknown paths). */
export type ConnectPathKind = 'vaults' | 'vault' | 'items' | 'other';

export interface ConnectCounts {
	readonly total: number;
	/** e.g. `{"200": 3, "403": 1}`; "no-response" counts `down` and answers cut short by stop(). */
	readonly byStatus: Record<string, number>;
}

export interface ConnectStatsSnapshot extends ConnectCounts {
	readonly byKind: Record<ConnectPathKind, ConnectCounts>;
}

function emptyCounts(): { total: number; byStatus: Record<string, number> } {
	return { total: 0, byStatus: {} };
}

export class ConnectStats {
	private all = emptyCounts();
	private byKind = this.emptyKinds();

	record(kind: ConnectPathKind, status: number | 'no-response'): void {
		const key = String(status);
		for (const counts of [this.all, this.byKind[kind]]) {
			counts.total++;
			counts.byStatus[key] = (counts.byStatus[key] ?? 0) + 1;
		}
	}

	snapshot(): ConnectStatsSnapshot {
		const copy = (counts: ConnectCounts): ConnectCounts => ({
			total: counts.total,
			byStatus: { ...counts.byStatus },
		});
		return {
			...copy(this.all),
			byKind: {
				vaults: copy(this.byKind.vaults),
				vault: copy(this.byKind.vault),
				items: copy(this.byKind.items),
				other: copy(this.byKind.other),
			},
		};
	}

	reset(): void {
		this.all = emptyCounts();
		this.byKind = this.emptyKinds();
	}

	private emptyKinds(): Record<ConnectPathKind, ReturnType<typeof emptyCounts>> {
		return {
			vaults: emptyCounts(),
			vault: emptyCounts(),
			items: emptyCounts(),
			other: emptyCounts(),
		};
	}
}
