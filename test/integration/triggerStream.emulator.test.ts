/**
 * The real trigger (real poll(), real n8n-core request helpers) against the emulator over HTTP:
 * steady trickles, late events, backlogs bigger than the cap, restarts, overlapping polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPES, startEmulator } from '../../emulator';
import type { Emulator, EventType } from '../../emulator';
import { SimulatedWorkflow, uuidsOf } from '../harness/n8n/simulatedWorkflow';

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ port: 0, seed: 'integration', backlog: 0, rateLimit: false });
});

afterEach(async () => {
	await emu.stop();
});

function workflow(parameters: IDataObject = {}, features?: string[]) {
	return new SimulatedWorkflow(emu, parameters, emu.issueToken(features ? { features } : {}));
}

/** The trigger's per-type memory of recent uuids (1,000: a full page at the largest page size). */
const DEDUP_MEMORY = 1000;

/**
 * Ticks until the workflow has received `expected` items in all (the caller checks the count).
 * Not drain(): the first poll after a restart may return null without reading, which would end
 * a drain early.
 */
async function catchUp(flow: SimulatedWorkflow, expected: number, maxTicks = 10): Promise<void> {
	for (let tick = 0; tick < maxTicks && flow.delivered.length < expected; tick++) await flow.tick();
}

describe('steady trickle', () => {
	it('delivers every event exactly once across many polls, and idle polls cost one request per type', async () => {
		const flow = workflow({ eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'] });
		expect(await flow.tick()).toBeNull(); // activation: marks the start only
		expect(emu.stats().requests.total ?? 0).toBe(0);

		const produced: string[] = [];
		for (let round = 0; round < 8; round++) {
			produced.push(...uuidsOf(emu.inject('itemusages', { count: 7 })));
			produced.push(...uuidsOf(emu.inject('signinattempts', { count: 3 })));
			if (round % 2 === 0) produced.push(...uuidsOf(emu.inject('auditevents', { count: 2 })));
			const result = await flow.tick();
			expect(result?.[0].length).toBeGreaterThan(0);
		}
		expect(new Set(flow.delivered)).toEqual(new Set(produced));
		expect(flow.delivered).toHaveLength(produced.length);

		emu.resetStats();
		expect(await flow.tick()).toBeNull();
		expect(emu.stats().requests.total).toBe(3);
	});

	it('delivers late item usages (old timestamp, new arrival) that timestamp polling would lose', async () => {
		// Late events are up to a day old; a stream started two days back covers their timestamps.
		const flow = workflow({ startFrom: 'lookback', lookbackAmount: 48, lookbackUnit: 'hours' });
		expect(await flow.tick()).toBeNull();
		const onTime = uuidsOf(emu.inject('itemusages', { count: 5 }));
		await flow.tick();
		const late = uuidsOf(emu.inject('itemusages', { count: 5, late: true }));
		await flow.tick();
		expect(flow.delivered).toEqual([...onTime, ...late]);
	});
});

describe('backlogs and the per-poll cap', () => {
	it('drains a backlog bigger than the cap over several polls, each within the cap, nothing skipped', async () => {
		const produced = uuidsOf(emu.inject('auditevents', { count: 2500 }));
		const flow = workflow({
			eventTypes: ['auditEvents'],
			startFrom: 'lookback',
			lookbackAmount: 1,
			lookbackUnit: 'hours',
			options: { maxEventsPerPoll: 600, pageSize: 200 },
		});
		const ticks = await flow.drain();
		expect(flow.delivered).toEqual(produced);
		expect(Math.max(...flow.executions.map((execution) => execution.length))).toBeLessThanOrEqual(
			600,
		);
		expect(ticks).toBe(6); // 5 polls of at most 600, then one idle
	});
});

describe('restarts', () => {
	it('loses and repeats nothing when n8n restarts between polls', async () => {
		const flow = workflow();
		await flow.tick();
		const produced: string[] = [];
		for (let round = 0; round < 5; round++) {
			produced.push(...uuidsOf(emu.inject('itemusages', { count: 10 })));
			await flow.drain(); // past the first poll after a restart, which may only re-arm
			flow.restart();
		}
		produced.push(...uuidsOf(emu.inject('itemusages', { count: 10 })));
		await flow.drain();
		expect(flow.delivered).toEqual(produced);
	});

	it('loses and repeats nothing when n8n crashes in the middle of a poll', async () => {
		const flow = workflow({ options: { pageSize: 10, maxEventsPerPoll: 30 } });
		await flow.tick();
		await flow.tick(); // nothing yet, but the start is kept in memory only
		const produced = uuidsOf(emu.inject('itemusages', { count: 25 }));
		await flow.tick();
		expect(flow.delivered).toEqual(produced);

		const more = uuidsOf(emu.inject('itemusages', { count: 45 }));
		await flow.crashDuringPoll(); // its events never reached n8n
		await flow.drain();
		expect(flow.delivered).toEqual([...produced, ...more]);
		expect(flow.duplicates()).toEqual([]);
	});
});

describe('the stored cursor is the only way back into the stream', () => {
	// The trigger remembers the last 1,000 uuids per type, which silently absorbs a re-read below
	// that volume: a trigger that threw its cursor away and re-read the last hour every poll would
	// still deliver each event once. So these volumes are well above the memory, and the check is
	// made where a re-read cannot hide, after every round: the events the emulator SERVED.
	it('reads each event once over thousands per type, many polls, restarts and a crash: served = produced + redelivered', async () => {
		const flow = workflow({
			eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
			options: { pageSize: 250 },
		});
		expect(await flow.tick()).toBeNull(); // activation: marks the start only

		const perRound: Record<EventType, number> = {
			itemusages: 450,
			signinattempts: 330,
			auditevents: 270,
		};
		const produced: Record<EventType, string[]> = {
			itemusages: [],
			signinattempts: [],
			auditevents: [],
		};
		/** What polls cut off by a crash read: that never reached n8n, so it is rightly read again. */
		const readByCrash: Record<EventType, number> = {
			itemusages: 0,
			signinattempts: 0,
			auditevents: 0,
		};
		const expectServedExactly = (round: number) => {
			const stats = emu.stats();
			for (const type of EVENT_TYPES) {
				// Labelled, so that a failure names the round and the type.
				expect({ round, type, inPages: stats.eventsInPages[type] }).toEqual({
					round,
					type,
					inPages: produced[type].length + readByCrash[type],
				});
				expect({ round, type, served: stats.eventsServed[type] }).toEqual({
					round,
					type,
					served: produced[type].length + readByCrash[type] + stats.eventsRedelivered[type],
				});
			}
		};

		for (let round = 1; round <= 12; round++) {
			for (const type of EVENT_TYPES)
				produced[type].push(...uuidsOf(emu.inject(type, { count: perRound[type] })));
			// Every other round the API serves a page twice: the node must drop it, and read on.
			if (round % 2 === 0) emu.enqueueFaults(['redeliver']);
			if (round === 7) {
				const before = emu.stats().eventsInPages;
				await flow.crashDuringPoll();
				const after = emu.stats().eventsInPages;
				for (const type of EVENT_TYPES) readByCrash[type] += after[type] - before[type];
				expect(after.total - before.total).toBeGreaterThan(0);
			} else if (round % 3 === 0) {
				flow.restart();
			}
			const expected = EVENT_TYPES.reduce((sum, type) => sum + produced[type].length, 0);
			await catchUp(flow, expected);
			expectServedExactly(round);
			expect(flow.delivered).toHaveLength(expected);
		}
		expect(emu.describeFaults().queue).toEqual([]);
		expect(emu.stats().eventsRedelivered.total).toBeGreaterThan(0);

		const all = EVENT_TYPES.flatMap((type) => produced[type]);
		expect(new Set(flow.delivered)).toEqual(new Set(all));
		for (const type of EVENT_TYPES) expect(produced[type].length).toBeGreaterThan(3 * DEDUP_MEMORY);
	}, 60_000);
});

describe('overlapping polls', () => {
	it('never emits an event twice when ticks overlap', async () => {
		const flow = workflow();
		await flow.tick();
		const produced = uuidsOf(emu.inject('itemusages', { count: 40 }));
		emu.enqueueFaults([{ kind: 'latency', latencyMs: 300 }]);
		const [first, second] = await Promise.all([flow.tick(), flow.tick()]);
		expect([first, second].filter((result) => result === null)).toHaveLength(1);
		await flow.tick();
		expect(flow.delivered).toEqual(produced);
	});
});

describe('static data stays small', () => {
	it('stays under 64 KiB with all three types at full de-duplication memory', async () => {
		const big = await startEmulator({
			port: 0,
			seed: 'size',
			backlog: 4000,
			backlogSpanMs: 3_600_000,
			rateLimit: false,
		});
		try {
			const flow = new SimulatedWorkflow(
				big,
				{
					eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
					startFrom: 'lookback',
					lookbackAmount: 2,
					lookbackUnit: 'hours',
				},
				big.issueToken(),
			);
			await flow.drain();
			expect(flow.delivered).toHaveLength(12_000);
			const size = JSON.stringify(flow.persisted).length;
			expect(size).toBeLessThan(64 * 1024);
			expect(size).toBeGreaterThan(3 * 11_000); // three full memories of 1,000 fingerprints
		} finally {
			await big.stop();
		}
	});
});

describe('request budget of the node itself', () => {
	it('never sends more than 500 requests a minute for one token, even when the API would allow more', async () => {
		const fast = await startEmulator({ port: 0, seed: 'budget', backlog: 0, rateLimit: false });
		try {
			const produced = uuidsOf(fast.inject('itemusages', { count: 700 }));
			const flow = new SimulatedWorkflow(
				fast,
				{
					startFrom: 'lookback',
					lookbackAmount: 1,
					options: { pageSize: 1, maxEventsPerPoll: 1000 },
				},
				fast.issueToken(),
				// Room for 500 requests on a slow machine: the budget, not the deadline, must stop it.
				20_000,
			);
			await flow.tick();
			expect(flow.delivered).toEqual(produced.slice(0, 500));
			expect(fast.stats().peakRequestsPer60s.overall).toBe(500);
		} finally {
			await fast.stop();
		}
	});
});

describe('two workflows sharing one token', () => {
	it('each receives every event exactly once', async () => {
		const shared = emu.issueToken();
		const parameters = { startFrom: 'lookback', lookbackAmount: 1, options: { pageSize: 5 } };
		const first = new SimulatedWorkflow(emu, parameters, shared);
		const second = new SimulatedWorkflow(emu, parameters, shared);
		const produced = uuidsOf(emu.inject('itemusages', { count: 300 }));
		await Promise.all([first.drain(), second.drain()]);
		expect(first.delivered).toEqual(produced);
		expect(second.delivered).toEqual(produced);
	});

	it('stay together within the one request budget of their token', async () => {
		const shared = emu.issueToken();
		const parameters = { startFrom: 'lookback', lookbackAmount: 1, options: { pageSize: 1 } };
		// Room for 500 requests on a slow machine: the budget, not the deadline, must stop them.
		const first = new SimulatedWorkflow(emu, parameters, shared, 20_000);
		const second = new SimulatedWorkflow(emu, parameters, shared, 20_000);
		const produced = uuidsOf(emu.inject('itemusages', { count: 400 }));
		await Promise.all([first.tick(), second.tick()]);
		const peak = Math.max(...Object.values(emu.stats().peakRequestsPer60s.byToken));
		expect(peak).toBe(500);
		expect(first.delivered.length + second.delivered.length).toBe(500);
		for (const flow of [first, second]) {
			expect(flow.delivered).toEqual(produced.slice(0, flow.delivered.length));
		}
		// The budget is spent for this minute: polls pause quietly, they do not fail.
		for (let poll = 0; poll < 3; poll++) expect(await first.tick()).toBeNull();
		const pauses = first.logs.filter(
			(line) => line.level === 'info' && /Paused fetching item usages/.test(line.message),
		);
		expect(pauses.length).toBeGreaterThanOrEqual(3);
		expect(first.logs.filter((line) => line.level === 'warn')).toEqual([]);
	});
});
