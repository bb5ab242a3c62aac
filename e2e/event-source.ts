/**
 * Every event the suite makes the emulator produce, with its uuid: the oracle the deliveries are
 * compared with. The emulator runs in this process with no virtual backlog and no live generator,
 * so nothing reaches its event log except through `produce()`: the produced set is exact.
 */
import type { Emulator, EventType, InjectInput } from '../emulator';

export interface ProducedEvent {
	uuid: string;
	type: EventType;
	/** When it was appended to the emulator's log (ms). */
	at: number;
	late: boolean;
	record: Record<string, unknown>;
}

export class EventSource {
	readonly produced: ProducedEvent[] = [];
	private trickle?: NodeJS.Timeout;
	private trickleTicks = 0;

	constructor(private readonly emulator: Emulator) {}

	produce(type: EventType, input: InjectInput): ProducedEvent[] {
		const late = !Array.isArray(input) && (input as { late?: boolean }).late === true;
		const at = Date.now();
		const events = this.emulator.inject(type, input).map((record) => ({
			uuid: String((record as { uuid: string }).uuid),
			type,
			at,
			late,
			record: record as unknown as Record<string, unknown>,
		}));
		this.produced.push(...events);
		return events;
	}

	/** Uuids of the given types, produced so far (optionally only up to a moment). */
	uuids(types: readonly EventType[], until = Infinity): Set<string> {
		return new Set(
			this.produced
				.filter((event) => types.includes(event.type) && event.at <= until)
				.map((event) => event.uuid),
		);
	}

	/**
	 * A live trickle: every `everyMs`, two item usages (every other one uploaded late: an old
	 * timestamp, new position in the log), one sign-in attempt and one audit event; every fourth
	 * beat also a failed sign-in and an item export, so the filtering examples have matches.
	 */
	startTrickle(everyMs = 5_000): void {
		if (this.trickle) return;
		this.trickle = setInterval(() => this.beat(), everyMs);
	}

	stopTrickle(): void {
		if (this.trickle) clearInterval(this.trickle);
		this.trickle = undefined;
	}

	private beat(): void {
		this.trickleTicks++;
		this.produce('itemusages', { count: 1 });
		this.produce('itemusages', { count: 1, late: this.trickleTicks % 2 === 0 });
		this.produce('signinattempts', { count: 1 });
		this.produce('auditevents', { count: 1 });
		if (this.trickleTicks % 4 === 0) this.produceFilterMatches();
	}

	/**
	 * Events the filtering examples must pick out: a failed sign-in, an export, and a reveal in a
	 * vault 1Password Connect can see and one in a vault it cannot (names: one named, one not).
	 */
	produceFilterMatches(): void {
		this.produce('signinattempts', [
			{ category: 'credentials_failed', type: 'password_secret_bad' },
		]);
		this.produce('itemusages', [{ action: 'export' }]);
		const directory = this.emulator.connectDirectory();
		for (const shared of [true, false]) {
			const vault = directory.vaults.find((entry) => entry.shared === shared);
			const item = directory.items.find((entry) => entry.vaultId === vault?.id && !entry.archived);
			if (vault && item)
				this.produce('itemusages', [
					{ action: 'reveal', vault_uuid: vault.id, item_uuid: item.id },
				]);
		}
	}

	countByType(): Record<EventType, number> {
		const counts: Record<EventType, number> = { itemusages: 0, signinattempts: 0, auditevents: 0 };
		for (const event of this.produced) counts[event.type]++;
		return counts;
	}
}
