/** The end-of-run report: deliveries per scenario, failed checks, timings, the closing count. */
import { formatDuration } from './n8n/exec';
import type { SuiteResult } from './suite';

const pad = (value: string | number, width: number) => String(value).padStart(width);

export function printReport(
	results: SuiteResult[],
	installs: Record<string, number>,
	wallMs: number,
): { passed: number; failed: number } {
	let passed = 0;
	let failed = 0;
	console.log(`\n${'='.repeat(100)}\nEnd-to-end report\n${'='.repeat(100)}`);
	for (const result of results) {
		const ok = result.checks.results.filter((check) => check.ok).length;
		const bad = result.checks.results.filter((check) => !check.ok);
		passed += ok;
		failed += bad.length;
		const engine =
			(result.engine === 'default' ? '' : ` (${result.engine} engine)`) +
			(result.suite ? ` ${result.suite}` : '');
		console.log(
			`\nn8n ${result.version}${engine}: ${ok} passed, ${bad.length} failed, wall time ${formatDuration(result.wallMs)}`,
		);
		console.log(
			`  ${'scenario'.padEnd(44)}${pad('produced', 10)}${pad('received', 10)}${pad('dupes', 7)}${pad('lost', 6)}${pad('execs', 7)}`,
		);
		for (const tally of result.checks.tallies) {
			console.log(
				`  ${tally.scenario.padEnd(44)}${pad(tally.produced, 10)}${pad(tally.received, 10)}${pad(tally.duplicates, 7)}${pad(tally.lost, 6)}${pad(tally.executions, 7)}`,
			);
		}
		for (const check of bad) console.log(`  FAILED ${check.name}: ${check.detail}`);
		for (const note of result.checks.notes) console.log(`  note: ${note}`);
		const timings = Object.entries(result.timings).map(
			([step, ms]) => `${step} ${formatDuration(ms)}`,
		);
		console.log(
			`  timings: install ${formatDuration(installs[result.version] ?? 0)}${timings.length ? `, ${timings.join(', ')}` : ''}`,
		);
	}
	console.log(`\nTotal wall time ${formatDuration(wallMs)}`);
	console.log(`e2e: ${passed} passed, ${failed} failed`);
	return { passed, failed };
}
