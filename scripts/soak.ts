/**
 * `npm run soak`: at least 100,000 events of all three types through the emulator, every fault
 * kind, late item usages, and n8n restarts between and inside polls, met by the real trigger
 * (see test/harness/soak.ts). Prints a Markdown table; exits 1 when an event is lost or delivered
 * twice, or a 60 s window holds more than 600 requests.
 *
 *   npm run soak -- [--events 100000] [--seed S] [--fault-rate 0.1]
 *                   [--page-size 1000] [--max-per-poll 10000] [--poll-budget-ms 4000] [--quiet]
 *
 * Without --seed a random seed is used and printed: pass it back to replay the run.
 *
 *   npm run soak -- --model [--seed S] [--events N] [--days D] ...   the model-based run (scripts/model.ts)
 */
import { modelMain } from './model';
import { formatFailureDetails, formatReport, missedTargets, runSoak } from '../test/harness/soak';

const KNOWN_FLAGS = [
	'events',
	'seed',
	'fault-rate',
	'page-size',
	'max-per-poll',
	'poll-budget-ms',
	'quiet',
	'help',
];

function readFlags(argv: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[index]);
		if (!match || !KNOWN_FLAGS.includes(match[1]))
			throw new Error(
				`Unknown argument "${argv[index]}". Flags: ${KNOWN_FLAGS.map((flag) => `--${flag}`).join(' ')}`,
			);
		const next = argv[index + 1];
		if (match[2] !== undefined) flags.set(match[1], match[2]);
		else if (next !== undefined && !next.startsWith('--')) flags.set(match[1], argv[++index]);
		else flags.set(match[1], 'true');
	}
	return flags;
}

function numberFlag(
	flags: Map<string, string>,
	name: string,
	fallback?: number,
): number | undefined {
	const raw = flags.get(name);
	if (raw === undefined) return fallback;
	const value = Number(raw.replace(/_/g, ''));
	if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, not "${raw}"`);
	return value;
}

async function main(): Promise<number> {
	// --model: the model-based long run (scripts/model.ts) instead of the soak.
	if (process.argv.includes('--model'))
		return await modelMain(process.argv.slice(2).filter((arg) => arg !== '--model'));
	const flags = readFlags(process.argv.slice(2));
	if (flags.has('help')) {
		console.log(
			'npm run soak -- [--events 100000] [--seed S] [--fault-rate 0.1] [--page-size 1000] [--max-per-poll 10000] [--poll-budget-ms 4000] [--quiet]',
		);
		return 0;
	}
	const seed = flags.get('seed') ?? Math.floor(Math.random() * 2 ** 32).toString(36);
	const quiet = flags.has('quiet');
	const events = numberFlag(flags, 'events', 100_000) as number;
	const faultRate = numberFlag(flags, 'fault-rate', 0.1) as number;
	console.error(
		`Soak: ${events} events, seed ${seed}, fault rate ${faultRate} (replay: npm run soak -- --events ${events} --seed ${seed} --fault-rate ${faultRate})`,
	);

	let lastProgress = 0;
	const report = await runSoak({
		events,
		seed,
		faultRate,
		pageSize: numberFlag(flags, 'page-size'),
		maxEventsPerPoll: numberFlag(flags, 'max-per-poll'),
		pollBudgetMs: numberFlag(flags, 'poll-budget-ms'),
		onProgress: (line) => {
			if (quiet || Date.now() - lastProgress < 5000) return;
			lastProgress = Date.now();
			console.error(line);
		},
	});

	console.log(formatReport(report));
	const missed = missedTargets(report);
	const failures = Object.entries(report.failureMessages);
	if (missed.length === 0) {
		if (failures.length > 0)
			console.error(
				`\nFailed polls (surfaced as failed executions, as n8n would):\n${failures.map(([message, count]) => `  ${count} × ${message}`).join('\n')}`,
			);
		return 0;
	}
	console.error(`\n${formatFailureDetails(report)}`);
	console.error(
		`\nReplay: npm run soak -- --events ${events} --seed ${seed} --fault-rate ${faultRate}`,
	);
	return 1;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: Error) => {
		console.error(error.stack ?? error.message);
		process.exitCode = 2;
	},
);
