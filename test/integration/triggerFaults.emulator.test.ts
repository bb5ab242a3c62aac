/**
 * Every fault the emulator can inject, met by the real trigger over HTTP: nothing lost, nothing
 * delivered twice, and the stored position never moves past what was delivered.
 */
import { FAULT_KINDS, startEmulator } from '../../emulator';
import type { Emulator, FaultKind } from '../../emulator';
import { SimulatedWorkflow, uuidsOf } from './simulatedN8n';

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ port: 0, seed: 'faults', backlog: 0, rateLimit: false });
});

afterEach(async () => {
	await emu.stop();
});

async function startedWorkflow(pollBudgetMs?: number): Promise<SimulatedWorkflow> {
	const flow = new SimulatedWorkflow(emu, { options: { pageSize: 10 } }, emu.issueToken(), pollBudgetMs);
	await flow.tick();
	return flow;
}

describe('each fault kind', () => {
	it.each(FAULT_KINDS.map((kind) => [kind]))('%s: every event exactly once', async (kind) => {
		const flow = await startedWorkflow();
		const produced = uuidsOf(emu.inject('itemusages', { count: 35 }));
		// The second request of the read meets the fault (the first, a reset, cannot be redelivered).
		const spec = kind === 'latency' ? { kind: kind as FaultKind, latencyMs: 200 } : { kind: kind as FaultKind, retryAfterSeconds: 1 };
		await flow.tick(); // takes the first pages
		emu.enqueueFaults([spec]);
		const more = uuidsOf(emu.inject('itemusages', { count: 25 }));
		await flow.drain(10);
		expect(flow.delivered).toEqual([...produced, ...more]);
		expect(flow.duplicates()).toEqual([]);
		expect(emu.stats().faultsInjected[kind as FaultKind]).toBe(1);
	}, 30_000);

	it('a run of faults across a long stream still delivers everything once', async () => {
		const flow = await startedWorkflow();
		const produced: string[] = [];
		emu.setFaultProfile({ probability: 0.3, seed: 7, kinds: ['500', 'reset', 'truncated-json', 'empty-has-more', 'redeliver', '429'] });
		for (let round = 0; round < 6; round++) {
			produced.push(...uuidsOf(emu.inject('itemusages', { count: 30 })));
			await flow.tick();
		}
		emu.clearFaults();
		await flow.drain(20);
		expect(flow.delivered.slice().sort()).toEqual(produced.slice().sort());
		expect(flow.duplicates()).toEqual([]);
	}, 120_000);

	it('a request that outlives the poll budget times out, and the next poll delivers', async () => {
		const flow = await startedWorkflow(1500);
		const produced = uuidsOf(emu.inject('itemusages', { count: 5 }));
		emu.enqueueFaults([{ kind: 'latency', latencyMs: 4000 }]);
		expect(await flow.tick()).toBeNull();
		expect(flow.logs.map((line) => line.message).join('\n')).toMatch(/Could not reach the Events API/);
		await flow.drain(5);
		expect(flow.delivered).toEqual(produced);
	}, 30_000);
});

describe('a restart at any point of a faulty stream', () => {
	it('loses and duplicates nothing', async () => {
		const flow = await startedWorkflow();
		const produced: string[] = [];
		emu.setFaultProfile({ probability: 0.25, seed: 11, kinds: ['503', 'reset', 'redeliver', 'empty-has-more'] });
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
