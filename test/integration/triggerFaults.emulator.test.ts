/**
 * Every fault the emulator can inject, met by the real trigger over HTTP: nothing lost, nothing
 * delivered twice, and the stored position never moves past what was delivered.
 */
import { FAULT_KINDS, startEmulator } from '../../emulator';
import type { Emulator, FaultKind, FaultSpec } from '../../emulator';
import { SimulatedWorkflow, uuidsOf } from '../harness/n8n/simulatedWorkflow';

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ port: 0, seed: 'faults', backlog: 0, rateLimit: false });
});

afterEach(async () => {
	await emu.stop();
});

async function startedWorkflow(pollBudgetMs?: number): Promise<SimulatedWorkflow> {
	const flow = new SimulatedWorkflow(
		emu,
		{ options: { pageSize: 10 } },
		emu.issueToken(),
		pollBudgetMs,
	);
	await flow.tick();
	return flow;
}

/** The fault as queued: small waits, so that each case stays well inside the test timeout. */
function faultSpec(kind: FaultKind): FaultSpec {
	if (kind === 'latency') return { kind, latencyMs: 200 };
	if (kind === '429-retry-after') return { kind, retryAfterSeconds: 1 };
	if (kind === 'stall-body') return { kind, stallMs: 1500 }; // the default 60 s outlasts the test
	if (kind === 'empty-has-more') return { kind, count: 3 };
	return { kind };
}

/** What the retry logs for a fault that breaks an answer after its 200 status line. */
const AFTER_200: Partial<Record<FaultKind, RegExp>> = {
	'truncated-json': /unusable answer for item usages/,
	'drop-after-headers': /The connection broke while receiving item usages/,
	'stall-body': /The connection broke while receiving item usages/,
	'html-200': /unusable answer for item usages: the body is not a JSON object/,
	'wrong-shape-200': /unusable answer for item usages: it has no "items" list/,
};

const messagesOf = (flow: SimulatedWorkflow) => flow.logs.map((line) => line.message).join('\n');

describe('each fault kind', () => {
	it('covers every kind the emulator knows', () => {
		expect(FAULT_KINDS).toEqual(
			expect.arrayContaining([
				'drop-after-headers',
				'stall-body',
				'html-200',
				'wrong-shape-200',
				'malformed-records',
				'refuse-cursor',
				'empty-has-more',
			]),
		);
	});

	it.each(FAULT_KINDS.map((kind) => [kind]))(
		'%s: every event exactly once',
		async (kind) => {
			const flow = await startedWorkflow();
			const produced = uuidsOf(emu.inject('itemusages', { count: 35 }));
			await flow.tick(); // takes the first pages, up to the head of the stream
			// The next read starts with the stored cursor: that request meets the fault.
			emu.enqueueFaults([faultSpec(kind)]);
			const more = uuidsOf(emu.inject('itemusages', { count: 25 }));
			if (kind === 'refuse-cursor') {
				// Read again from the memory's horizon at once, de-duplicated: the new events only.
				expect(((await flow.tick())?.[0] ?? []).map((item) => item.json.uuid)).toEqual(more);
				expect(messagesOf(flow)).toMatch(
					/refused the saved cursor for item usages; reading again from/,
				);
				// The next poll reports the restart, once, saying what may be missing.
				const report = await flow.tick().then(
					() => undefined,
					(error: Error & { kind?: string; description?: string }) => error,
				);
				expect(report).toMatchObject({
					kind: 'cursorRefused',
					message: expect.stringMatching(/no longer accepted the saved position for item usages/),
				});
				expect(report?.description).toMatch(
					/Events timestamped at or before \S+Z that reached 1Password after \S+Z may be missing/,
				);
			}
			await flow.drain(10);
			expect(flow.delivered).toEqual([...produced, ...more]);
			expect(flow.duplicates()).toEqual([]);
			const stats = emu.stats();
			expect(stats.faultsInjected[kind]).toBe(kind === 'empty-has-more' ? 3 : 1);
			// A failure after a 200 status line passes like a network fault: retried, never a restart.
			const retried = AFTER_200[kind];
			if (retried) expect(messagesOf(flow)).toMatch(retried);
			if (kind === 'refuse-cursor') {
				// The re-read served the 35 taken before once more; the memory dropped them.
				expect(stats.eventsInPages.itemusages).toBe(
					produced.length + more.length + produced.length,
				);
			} else {
				// Nothing else makes the trigger read again what it has: no restart, each event served once
				// in a page (a redelivered page is counted apart).
				expect(stats.eventsInPages.itemusages).toBe(produced.length + more.length);
				expect(messagesOf(flow)).not.toMatch(/refused the saved cursor/);
			}
			if (kind === 'malformed-records') {
				expect(stats.junkEntriesServed.itemusages).toBeGreaterThan(0);
				expect(messagesOf(flow)).toMatch(/skipped \d+ entries that are not an event record/);
			}
		},
		30_000,
	);

	it('a run of faults across a long stream still delivers everything once', async () => {
		const flow = await startedWorkflow();
		const produced: string[] = [];
		emu.setFaultProfile({
			probability: 0.3,
			seed: 7,
			kinds: [
				'500',
				'reset',
				'truncated-json',
				'empty-has-more',
				'redeliver',
				'429',
				'drop-after-headers',
				'html-200',
				'wrong-shape-200',
				'malformed-records',
			],
		});
		for (let round = 0; round < 6; round++) {
			produced.push(...uuidsOf(emu.inject('itemusages', { count: 30 })));
			await flow.tick();
		}
		emu.clearFaults();
		await flow.drain(20);
		expect(flow.delivered.slice().sort()).toEqual(produced.slice().sort());
		expect(flow.duplicates()).toEqual([]);
		const stats = emu.stats();
		expect(stats.eventsInPages.itemusages).toBe(produced.length); // never re-read what it had
		expect(
			Object.values(stats.faultsInjected).reduce((sum, count) => sum + (count ?? 0), 0),
		).toBeGreaterThan(5);
	}, 120_000);

	it('a request that outlives the poll budget times out, and the next poll delivers', async () => {
		const flow = await startedWorkflow(1500);
		const produced = uuidsOf(emu.inject('itemusages', { count: 5 }));
		emu.enqueueFaults([{ kind: 'latency', latencyMs: 4000 }]);
		expect(await flow.tick()).toBeNull();
		expect(flow.logs.map((line) => line.message).join('\n')).toMatch(
			/Could not reach the Events API/,
		);
		await flow.drain(5);
		expect(flow.delivered).toEqual(produced);
	}, 30_000);
});

describe('a restart at any point of a faulty stream', () => {
	it('loses and duplicates nothing', async () => {
		const flow = await startedWorkflow();
		const produced: string[] = [];
		emu.setFaultProfile({
			probability: 0.25,
			seed: 11,
			kinds: ['503', 'reset', 'redeliver', 'empty-has-more'],
		});
		for (let round = 0; round < 8; round++) {
			produced.push(...uuidsOf(emu.inject('itemusages', { count: 15 })));
			if (round % 3 === 1) await flow.crashDuringPoll();
			else await flow.tick();
			if (round % 2 === 0) flow.restart();
		}
		emu.clearFaults();
		await flow.drain(20);
		expect(flow.delivered.slice().sort()).toEqual(produced.slice().sort());
		expect(flow.duplicates()).toEqual([]);
	}, 120_000);
});
