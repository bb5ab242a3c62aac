/** Everything one `npm run bench` measured, as the report reads it (also saved as JSON). */
import type { ServingRate } from './emulatorServing';
import type { HeldHeap } from './heldHeap';
import type { Machine } from './machine';
import type { DrainMeasurement } from './measureDrain';
import type { PacerWindow } from './pacerWindow';
import type { VariantId } from './variants';

export interface DrainRun extends DrainMeasurement {
	variant: VariantId;
	/** Runs of the same round were taken back to back, so their ratios are paired. */
	round: number;
}

export interface BenchResults {
	startedAt: string;
	quick: boolean;
	minutes: number;
	machine: Machine;
	loadAtEnd: number;
	serving: ServingRate;
	/** Single-type throughput drains (item usages). */
	drains: DrainRun[];
	/** The node reading all three event types (requests and static data per type). */
	threeTypeDrains: DrainRun[];
	held: HeldHeap[];
	pacer: PacerWindow;
}
