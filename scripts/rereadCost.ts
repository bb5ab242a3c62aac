/**
 * `npm run measure:reread`: what an n8n restart costs a stream whose filter rarely matches.
 *
 * n8n saves a trigger's static data only with an execution, so a poll that emits nothing keeps
 * its progress in process memory alone. After a restart the stream continues from the last
 * execution's position and reads once more every event since then (none is emitted again: they
 * were filtered out before and still are). This measures that re-read with the real trigger
 * (real n8n-core PollContext, real HTTP to the emulator): one matching event, then N events the
 * filter drops, polled to idle, n8n restarted, polled to idle again.
 *
 *   npm run measure:reread -- [--events 10000,100000,300000] [--max-per-poll 10000]
 */
import { startEmulator } from '../emulator';
import type { Emulator, RecordOverrides } from '../emulator';
import { SimulatedWorkflow } from '../test/harness/n8n/simulatedWorkflow';

interface Row {
	events: number;
	pollsBefore: number;
	requestsBefore: number;
	pollsAfterRestart: number;
	requestsAfterRestart: number;
	reread: number;
	emittedAgain: number;
}

/**
 * Ticks until the emulator has served `events` events since its stats were reset; returns the
 * polls that read something. In n8n polls are a minute apart; here they follow each other at
 * once, so the node's own request budget (500 a minute per token) can pause one: such a poll
 * reads nothing, is not counted, and the next waits a little.
 */
async function pollUntilServed(
	flow: SimulatedWorkflow,
	emulator: Emulator,
	events: number,
): Promise<number> {
	let polls = 0;
	for (
		let attempt = 0;
		attempt < 10_000 && emulator.stats().eventsInPages.total < events;
		attempt++
	) {
		const before = emulator.stats().eventsInPages.total;
		await flow.tick();
		if (emulator.stats().eventsInPages.total > before) polls++;
		else await new Promise((resolve) => setTimeout(resolve, 2000));
	}
	return polls;
}

function flag(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function measure(events: number, maxPerPoll: number): Promise<Row> {
	const emulator = await startEmulator({
		port: 0,
		seed: `reread-${events}`,
		backlog: 0,
		rateLimit: false,
	});
	try {
		const flow = new SimulatedWorkflow(
			emulator,
			{
				eventTypes: ['itemUsages'],
				filters: { itemUsageActions: ['export'] },
				options: { maxEventsPerPoll: maxPerPoll },
			},
			emulator.issueToken(),
			30_000,
		);
		await flow.tick(); // activation: marks the start
		emulator.inject('itemusages', [{ action: 'export' }]);
		await flow.drain(5);
		if (flow.delivered.length !== 1)
			throw new Error(`expected the one match to be delivered, got ${flow.delivered.length}`);

		const dropped: RecordOverrides[] = Array.from({ length: events }, () => ({ action: 'fill' }));
		for (let start = 0; start < events; start += 100_000)
			emulator.inject('itemusages', dropped.slice(start, start + 100_000));
		emulator.resetStats();
		const pollsBefore = await pollUntilServed(flow, emulator, events);
		const requestsBefore = emulator.stats().requests.total ?? 0;

		flow.restart();
		emulator.resetStats();
		// The first poll after the restart only re-arms the trigger (no request).
		await flow.tick();
		const pollsAfterRestart = 1 + (await pollUntilServed(flow, emulator, events));
		return {
			events,
			pollsBefore,
			requestsBefore,
			pollsAfterRestart,
			requestsAfterRestart: emulator.stats().requests.total ?? 0,
			reread: emulator.stats().eventsInPages.total,
			emittedAgain: flow.delivered.length - 1,
		};
	} finally {
		await emulator.stop();
	}
}

async function main(): Promise<void> {
	const sizes = flag('events', '10000,100000,300000').split(',').map(Number);
	const maxPerPoll = Number(flag('max-per-poll', '10000'));
	console.log(
		`Re-read after an n8n restart, filter matching nothing since the last execution; Max Events per Poll ${maxPerPoll}.\n`,
	);
	console.log(
		'| Events since the last execution | Polls / requests to read them first | Polls after the restart (the first only re-arms) | Requests after the restart | Events read again | Emitted again |',
	);
	console.log('|---:|---:|---:|---:|---:|---:|');
	for (const events of sizes) {
		const row = await measure(events, maxPerPoll);
		console.log(
			`| ${row.events.toLocaleString('en-US')} | ${row.pollsBefore} / ${row.requestsBefore} | ${row.pollsAfterRestart} | ${row.requestsAfterRestart} | ${row.reread.toLocaleString('en-US')} | ${row.emittedAgain} |`,
		);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
