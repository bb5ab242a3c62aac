/**
 * `npm run soak -- --model`: the long model-based run (issue #11). Random programs (appends, late
 * and future-dated events, every fault kind the emulator has, restarts and crashes, re-publishes,
 * overlapping ticks, token expiry, refused cursors) over hundreds of virtual days each, run against
 * the real trigger under n8n's three engines, checked by an oracle written from the documents.
 * Prints a Markdown table; exits 1 when a property is violated, after printing the first failing
 * program shrunk to a minimal one.
 *
 *   npm run soak -- --model [--seed S] [--events 1000000] [--days 200] [--programs 1]
 *                   [--poll-budget-ms 3000 (2000 with --bounded)] [--max-minutes M] [--bounded] [--engine default,scheduler,durable] [--no-shrink] [--shrink-minutes 10] [--journal 80] [--quiet]
 *
 * Also runs directly: npx tsx scripts/model.ts [flags].
 */
import { FAULT_KINDS } from '../emulator';
import { formatTotals, runModel } from '../test/harness/model/modelRun';
import { BOUNDED_SCALE, LONG_SCALE } from '../test/harness/model/program';
import type { Engine } from '../test/harness/model/program';

const KNOWN = [
	'model',
	'seed',
	'events',
	'days',
	'programs',
	'poll-budget-ms',
	'max-minutes',
	'bounded',
	'no-shrink',
	'engine',
	'journal',
	'shrink-minutes',
	'quiet',
	'help',
];

function readFlags(argv: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[index]);
		if (!match || !KNOWN.includes(match[1]))
			throw new Error(
				`Unknown argument "${argv[index]}". Flags: ${KNOWN.map((flag) => `--${flag}`).join(' ')}`,
			);
		const next = argv[index + 1];
		if (match[2] !== undefined) flags.set(match[1], match[2]);
		else if (next !== undefined && !next.startsWith('--')) flags.set(match[1], argv[++index]);
		else flags.set(match[1], 'true');
	}
	return flags;
}

function numberFlag(flags: Map<string, string>, name: string, fallback: number): number {
	const raw = flags.get(name);
	if (raw === undefined) return fallback;
	const value = Number(raw.replace(/_/g, ''));
	if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, not "${raw}"`);
	return value;
}

function engineName(value: string): Engine {
	if (value === 'default' || value === 'scheduler' || value === 'durable') return value;
	throw new Error(`--engine takes default, scheduler or durable (comma-separated), not "${value}"`);
}

export async function modelMain(argv: string[]): Promise<number> {
	const flags = readFlags(argv);
	if (flags.has('help')) {
		console.log(
			'npm run soak -- --model [--seed S] [--events 1000000] [--days 200] [--programs 1] [--poll-budget-ms 3000 (2000 with --bounded)] [--max-minutes M] [--bounded] [--engine default,scheduler,durable] [--no-shrink] [--shrink-minutes 10] [--journal 80] [--quiet]',
		);
		return 0;
	}
	const seed = flags.has('seed')
		? numberFlag(flags, 'seed', 0)
		: Math.floor(Math.random() * 2 ** 31);
	const events = numberFlag(flags, 'events', 1_000_000);
	const days = numberFlag(flags, 'days', 200);
	const programs = numberFlag(flags, 'programs', 1);
	const budget = numberFlag(flags, 'poll-budget-ms', flags.has('bounded') ? 2000 : 3000);
	const maxMinutes = flags.has('max-minutes') ? numberFlag(flags, 'max-minutes', 0) : undefined;
	const quiet = flags.has('quiet');
	const scale = flags.has('bounded') ? BOUNDED_SCALE : LONG_SCALE;
	console.error(
		`Model run: seed ${seed}, at least ${events} events and ${programs} programs, each program at least ${days} virtual days (replay: npm run soak -- --model --seed ${seed} --events ${events} --days ${days})`,
	);
	console.error(`fault kinds: ${FAULT_KINDS.join(', ')}`);
	const totals = await runModel({
		seed,
		scale,
		minEvents: events,
		minPrograms: programs,
		minDays: days,
		pollBudgetMs: budget,
		budgetMarginMs: 1500,
		maxRealMs: maxMinutes === undefined ? undefined : maxMinutes * 60_000,
		engines: flags.has('engine')
			? (flags.get('engine') as string).split(',').map((engine) => engineName(engine))
			: undefined,
		shrink: !flags.has('no-shrink'),
		shrinkTimeMs: numberFlag(flags, 'shrink-minutes', 10) * 60_000,
		journalLines: numberFlag(flags, 'journal', 80),
		onProgress: quiet ? undefined : (line) => console.error(line),
		onFailure: (text) => console.error(`\n${text}\n`),
	});
	console.log(formatTotals(totals));
	const messages = Object.entries(totals.failureMessages);
	if (messages.length > 0)
		console.error(
			`\nFailed polls (as n8n would record them):\n${messages.map(([message, count]) => `  ${count} x ${message}`).join('\n')}`,
		);
	if (totals.counterexample) console.error(`\n${totals.counterexample}`);
	if (totals.failedPrograms > 0) {
		console.error(
			`\nReplay: npm run soak -- --model --seed ${seed} --events ${events} --days ${days}`,
		);
		return 1;
	}
	return 0;
}

// Run directly (npx tsx scripts/model.ts), not when imported by scripts/soak.ts.
if (require.main === module) {
	modelMain(process.argv.slice(2).filter((arg) => arg !== '--model')).then(
		(code) => {
			process.exitCode = code;
		},
		(error: Error) => {
			console.error(error.stack ?? error.message);
			process.exitCode = 2;
		},
	);
}
