/**
 * `npm run test:e2e`: the package in real n8n, on every pinned n8n release (e2e/n8n/versions.ts),
 * against the local Events API emulator. Installs what is missing into .cache/ first, builds and
 * packs the package once, then runs, side by side unless --serial:
 *  - under n8n's default poll engine, the whole suite (suite.ts) on every release;
 *  - under each opt-in engine a release has (2.41's poll scheduler, without and with durable
 *    cursors: e2e/n8n/engines.ts), the focused suite (engine-suite.ts).
 *
 *  - on every release, the detection library (detection-suite.ts): every workflow in
 *    examples/detections against its scenario (e2e/detections), across a restart.
 *
 *  - with --queue (or --suite queue), n8n in queue mode instead (queue-suite.ts): a private
 *    PostgreSQL and Redis, one main and two workers, on the newest pinned release, under n8n's
 *    default poll engine unless --engine names others (one queue run per engine, one after the
 *    other with --serial). E2E_QUEUE_PHASES picks its phases (queue-suite.ts).
 *
 *   npm run test:e2e [-- --n8n 2.41.1 [--n8n 1.123.81]] [--engine default|scheduler|scheduler-durable ...] [--suite main|detections|queue ...] [--queue] [--serial]
 *
 * --engine (repeatable; or E2E_ENGINES=default,scheduler) picks the engines; every engine unless
 * given. An engine a release does not have is skipped for it.
 *
 * Prints a report and ends with the line `e2e: N passed, N failed`; exits 1 on any failure, and
 * also when the whole run takes longer than E2E_TIMEOUT_MINUTES (default 35): a hang then ends
 * with a clear line instead of running into CI's own limit.
 * The README's pictures are not taken here: `npm run screenshots` when the UI changes.
 */
import { parseArgs } from 'node:util';

import { engineRunsOn, N8N_ENGINES, n8nEngine, type N8nEngine } from './n8n/engines';
import { buildAndPack } from './n8n/package';
import { stopAllN8n } from './n8n/process';
import { ensureN8n, type N8nRuntime } from './n8n/runtime';
import { N8N_RELEASES } from './n8n/versions';
import { runDetectionSuite } from './detection-suite';
import { runEngineSuite } from './engine-suite';
import { runQueueSuite } from './queue-suite';
import { printReport } from './report';
import { runSuite, type SuiteResult } from './suite';

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			n8n: { type: 'string', multiple: true },
			engine: { type: 'string', multiple: true },
			suite: { type: 'string', multiple: true },
			queue: { type: 'boolean', default: false },
			serial: { type: 'boolean', default: false },
		},
	});
	const versions = values.n8n?.length
		? values.n8n
		: (process.env.E2E_N8N_VERSIONS?.split(',') ??
			// Queue mode is proven on the newest pinned release (the first listed).
			(values.queue ? Object.keys(N8N_RELEASES).slice(0, 1) : Object.keys(N8N_RELEASES)));
	const engines = (
		values.engine?.length
			? values.engine
			: (process.env.E2E_ENGINES?.split(',') ?? Object.keys(N8N_ENGINES))
	).map((name) => n8nEngine(name.trim()));
	const suites = values.queue
		? ['queue']
		: values.suite?.length
			? values.suite
			: ['main', 'detections'];
	for (const suite of suites)
		if (!['main', 'detections', 'queue'].includes(suite))
			throw new Error(`--suite must be main, detections or queue, not "${suite}"`);
	const started = Date.now();
	const installs: Record<string, number> = {};
	const runtimes: N8nRuntime[] = [];
	// Installs one after the other: two npm installs of n8n at once only fight over 2 cores.
	for (const version of versions) {
		const installStarted = Date.now();
		runtimes.push(await ensureN8n(version));
		installs[version] = Date.now() - installStarted;
	}
	console.log('Building and packing the package …');
	const tarball = await buildAndPack();

	const runs: Array<{ runtime: N8nRuntime; engine: N8nEngine; suite: string }> = runtimes.flatMap(
		(runtime) => [
			...(suites.includes('main')
				? engines
						.filter((engine) => engineRunsOn(engine, runtime.version))
						.map((engine) => ({ runtime, engine, suite: 'main' }))
				: []),
			...(suites.includes('detections')
				? [{ runtime, engine: N8N_ENGINES.default, suite: 'detections' }]
				: []),
			...(suites.includes('queue')
				? engines
						.filter((engine) => engineRunsOn(engine, runtime.version))
						.filter((engine) => values.engine?.length || engine.name === 'default')
						.map((engine) => ({ runtime, engine, suite: 'queue' }))
				: []),
		],
	);
	if (runs.length === 0)
		throw new Error(
			`none of the engines ${engines.map((engine) => engine.name).join(', ')} runs on n8n ${versions.join(', ')}`,
		);
	const label = (runtime: N8nRuntime, engine: N8nEngine, suite = 'main') =>
		`n8n ${runtime.version}${engine.name === 'default' ? '' : ` ${engine.name}`}${suite === 'main' ? '' : ` ${suite}`}`;
	console.log(
		`Running the end-to-end suite on ${runs.map(({ runtime, engine, suite }) => label(runtime, engine, suite)).join(', ')}${values.serial ? ' (one after the other)' : ' (side by side)'} …`,
	);
	const run = ({
		runtime,
		engine,
		suite,
	}: {
		runtime: N8nRuntime;
		engine: N8nEngine;
		suite: string;
	}) => {
		const log = (line: string) => console.log(`[${label(runtime, engine, suite)}] ${line}`);
		if (suite === 'detections') return runDetectionSuite(runtime, tarball, log);
		if (suite === 'queue') return runQueueSuite(runtime, tarball, log, engine);
		// The default engine gets the whole suite; an opt-in engine the scenarios it can change.
		return engine.name === 'default'
			? runSuite(runtime, tarball, log, engine)
			: runEngineSuite(runtime, tarball, engine, log);
	};
	const results: SuiteResult[] = [];
	if (values.serial) {
		for (const entry of runs) results.push(await run(entry));
	} else {
		results.push(...(await Promise.all(runs.map(run))));
	}
	const { failed } = printReport(results, installs, Date.now() - started);
	return failed === 0 ? 0 : 1;
}

// n8n runs in its own process group: on Ctrl-C or a CI timeout, stop it rather than orphan it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		console.log(`\n${signal}: stopping every n8n this run started …`);
		void stopAllN8n().then(() => process.exit(130));
	});
}

const TIMEOUT_MINUTES = Number(process.env.E2E_TIMEOUT_MINUTES ?? 35);
const watchdog = setTimeout(() => {
	console.log(
		`\ne2e: still running after ${TIMEOUT_MINUTES} minutes (E2E_TIMEOUT_MINUTES); stopping every n8n this run started …`,
	);
	void stopAllN8n().then(() => {
		console.log('e2e: 0 passed, 1 failed (timed out)');
		process.exit(1);
	});
}, TIMEOUT_MINUTES * 60_000);
watchdog.unref();

main()
	.then((code) => process.exit(code))
	.catch((error: Error) => {
		console.error(error.stack ?? error.message);
		console.log('e2e: 0 passed, 1 failed');
		process.exit(1);
	});
