/**
 * The emulator's own serving rate, measured by the project's emulator benchmark
 * (bench/emulator-serving.bench.ts, run unchanged in its own process with the emulator in a
 * child of it), so the drain figures can be read against what the server side can give.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export interface ServingRate {
	events: number;
	seconds: number;
	eventsPerSecond: number;
	megabytesPerSecond: number;
}

export async function measureEmulatorServing(events: number): Promise<ServingRate> {
	const script = resolve(__dirname, '../emulator-serving.bench.ts');
	const loader = process.execArgv.filter((flag) => flag !== '--expose-gc');
	const { stdout } = await promisify(execFile)(
		process.execPath,
		[...loader, script, '--events', String(events)],
		{
			maxBuffer: 1024 * 1024,
		},
	);
	const figures = JSON.parse(
		stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1),
	) as ServingRate;
	if (figures.events !== events)
		throw new Error(`emulator benchmark drained ${figures.events} of ${events} events`);
	return figures;
}
