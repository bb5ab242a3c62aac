/** Everything one `npm run bench` measured, as the report reads it (`--json FILE` saves it). */
import type { HeldHeap } from './heldHeap';
import type { Machine } from './machine';
import type { DrainMeasurement } from './measureDrain';
import type { PacerWindow } from './pacerWindow';
import type { VariantId } from './variants';

export interface DrainRun extends DrainMeasurement {
	variant: VariantId;
	/** Runs of the same round were taken back to back, so their ratios are paired. */
	round: number;
	/** Position in its round (0 = first). */
	position: number;
}

export interface BacklogPlan {
	events: number;
	rounds: number;
	/** The rounds cover whole periods of the balanced order (runOrder.ts). */
	balanced: boolean;
}

export interface BenchResults {
	startedAt: string;
	quick: boolean;
	minutes: number;
	machine: Machine;
	loadAtEnd: number;
	backlogs: BacklogPlan[];
	/** Untimed drains per variant before the first timed one, and before each backlog's rounds. */
	warmUp: { initialDrains: number; initialEvents: number; perBacklogEvents: number };
	/** A drain where the client waited for answers longer than this share of its wall time is flagged. */
	serverShareLimit: number;
	pageServer: { renderSeconds: number; bytes: number; backlog: Record<string, number> };
	/** Single-type throughput drains (item usages). */
	drains: DrainRun[];
	/** The node reading all three event types (requests and static data per type). */
	threeTypeDrains: DrainRun[];
	held: HeldHeap[];
	pacer: PacerWindow;
}
