/**
 * The suite's bookkeeping: named checks that pass or fail with a reason, and delivery tallies
 * (produced / received / duplicates / lost) for the report.
 */

export interface CheckResult {
	name: string;
	ok: boolean;
	detail: string;
}

export interface DeliveryTally {
	scenario: string;
	produced: number;
	received: number;
	duplicates: number;
	lost: number;
	/** Received uuids the emulator never produced for this scenario. */
	unexpected: number;
	executions: number;
}

export class Checks {
	readonly results: CheckResult[] = [];
	readonly tallies: DeliveryTally[] = [];
	readonly notes: string[] = [];

	constructor(private readonly log: (line: string) => void) {}

	check(name: string, ok: boolean, detail = ''): boolean {
		this.results.push({ name, ok, detail });
		this.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
		return ok;
	}

	/** Runs a step whose throw is a failed check (the rest of the suite goes on). */
	async step(name: string, run: () => Promise<string | void>): Promise<boolean> {
		try {
			const detail = await run();
			return this.check(name, true, detail ?? '');
		} catch (error) {
			return this.check(name, false, (error as Error).message);
		}
	}

	note(line: string): void {
		this.notes.push(line);
		this.log(`note: ${line}`);
	}

	/**
	 * Compares what a scenario received with what it should have received, exactly once each.
	 * `either`: events on the edge of the scenario's window, fine to get (once) or not.
	 */
	tally(
		scenario: string,
		expected: Set<string>,
		received: string[],
		executions: number,
		either = new Set<string>(),
	): DeliveryTally {
		const seen = new Set<string>();
		let duplicates = 0;
		let unexpected = 0;
		let edge = 0;
		for (const uuid of received) {
			if (seen.has(uuid)) duplicates++;
			seen.add(uuid);
			if (either.has(uuid)) edge++;
			else if (!expected.has(uuid)) unexpected++;
		}
		let lost = 0;
		for (const uuid of expected) if (!seen.has(uuid)) lost++;
		const tally = {
			scenario,
			produced: expected.size,
			received: received.length - edge,
			duplicates,
			lost,
			unexpected,
			executions,
		};
		this.tallies.push(tally);
		this.check(
			`${scenario}: every event exactly once`,
			duplicates === 0 && lost === 0 && unexpected === 0 && tally.received === expected.size,
			`produced ${tally.produced}, received ${tally.received}, duplicates ${duplicates}, lost ${lost}, unexpected ${unexpected}, executions ${executions}`,
		);
		return tally;
	}

	/**
	 * Like tally(), for a scenario that promises at-least-once: records the figures for the report
	 * and says which repeats an excuse covers. `excused` maps a uuid to how many times it may come
	 * again (e.g. once per killed execution that had delivered it). The caller makes the check.
	 */
	tallyAtLeastOnce(
		scenario: string,
		expected: Set<string>,
		received: string[],
		executions: number,
		excused: Map<string, number>,
	): AtLeastOnceTally {
		const counts = new Map<string, number>();
		for (const uuid of received) counts.set(uuid, (counts.get(uuid) ?? 0) + 1);
		let duplicates = 0;
		let unexplained = 0;
		let unexpected = 0;
		for (const [uuid, count] of counts) {
			if (!expected.has(uuid)) unexpected++;
			const extra = count - 1;
			duplicates += extra;
			unexplained += Math.max(0, extra - (excused.get(uuid) ?? 0));
		}
		let lost = 0;
		for (const uuid of expected) if (!counts.has(uuid)) lost++;
		const tally = {
			scenario,
			produced: expected.size,
			received: received.length,
			duplicates,
			lost,
			unexpected,
			executions,
			unexplained,
		};
		this.tallies.push(tally);
		return tally;
	}
}

/** A tally where repeats may be excused (see tallyAtLeastOnce). */
export interface AtLeastOnceTally extends DeliveryTally {
	/** Repeats no excuse covers. */
	unexplained: number;
}

/** Polls a condition until it holds or the time is up. Returns whether it held. */
export async function waitUntil(
	condition: () => boolean | Promise<boolean>,
	timeoutMs: number,
	everyMs = 1_000,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await condition()) return true;
		if (Date.now() >= deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
