/**
 * The memory a poll really needs: the live heap (after a full GC) at the moment a poll has
 * returned and its items are still held, which is the most any variant ever holds at once.
 * The peak heap of a timed drain also counts garbage not yet collected, so it depends on how far
 * V8 lets the heap grow before collecting; this figure does not. Forced GCs slow the drain down,
 * so it is measured in a separate, untimed pass.
 */
import type { EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';
import { EVENTS_PER_POLL } from './drainSetup';
import type { DrainFn, DrainServer } from './drainSetup';
import { newDrainSetup } from './measureDrain';
import { settledHeapUsed } from './memoryProbe';

/** Polls inspected per drain at most, spread evenly over it (each costs a full GC). */
const INSPECTIONS = 12;

export interface HeldHeap {
	variant: string;
	backlog: number;
	/** Highest live heap with one poll's items held, above the settled heap before the drain. */
	heldPeak: number;
}

export async function measureHeldHeap(
	server: DrainServer,
	variant: string,
	drain: DrainFn,
	backlog: number,
	eventTypes: EventTypeKey[],
): Promise<HeldHeap> {
	const setup = await newDrainSetup(server, backlog, eventTypes);
	const stride = Math.max(
		1,
		Math.floor((backlog * eventTypes.length) / EVENTS_PER_POLL / INSPECTIONS),
	);
	const before = settledHeapUsed();
	let heldPeak = 0;
	setup.onPollHeld = (poll) => {
		if (poll % stride === 0 || poll === 1)
			heldPeak = Math.max(heldPeak, settledHeapUsed() - before);
	};
	await drain(setup);
	return { variant, backlog, heldPeak };
}
