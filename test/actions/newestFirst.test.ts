/**
 * The bounded buffer behind Get Many's Newest First, on random arrival sequences (fast-check): it
 * never holds more than its capacity and ends with exactly the newest events a full sort finds.
 */
import fc from 'fast-check';

import { NewestEvents } from '../../nodes/OnePasswordEvents/actions/event/newestFirst';

// Few distinct times, so that ties (broken by arrival: later is newer) are common.
const BASE = Date.parse('2026-11-20T00:00:00Z');
const timestampArb = fc.oneof(
	{
		weight: 8,
		arbitrary: fc.integer({ min: 0, max: 20 }).map((s) => new Date(BASE + s * 1000).toISOString()),
	},
	{ weight: 1, arbitrary: fc.constantFrom('not a time', '') },
);

describe('NewestEvents', () => {
	it('keeps the newest `capacity` events, never holding more, and returns them newest first', () => {
		fc.assert(
			fc.property(
				fc.array(timestampArb, { maxLength: 120 }),
				fc.integer({ min: 1, max: 30 }),
				(timestamps, capacity) => {
					const buffer = new NewestEvents(capacity);
					timestamps.forEach((timestamp, index) => {
						buffer.offer({ json: { timestamp, index } });
						expect(buffer.size).toBeLessThanOrEqual(capacity);
					});
					// The oracle: sort everything, newest first; an unreadable time is the oldest.
					const at = (timestamp: string) => {
						const ms = Date.parse(timestamp);
						return Number.isNaN(ms) ? -Infinity : ms;
					};
					const expected = timestamps
						.map((timestamp, index) => ({ at: at(timestamp), index }))
						.sort((a, b) => (a.at !== b.at ? (b.at > a.at ? 1 : -1) : b.index - a.index))
						.slice(0, capacity)
						.map((entry) => entry.index);
					expect(buffer.newestFirst().map((item) => item.json.index)).toEqual(expected);
					expect(buffer.offered).toBe(timestamps.length);
				},
			),
			{ numRuns: 500 },
		);
	});
});
