// Prints one plain closing line ("tests: N passed, N failed, N skipped") as the very last line of
// a jest run, after jest's own summary, so that CI systems that read a run's closing line
// understand jest's result.
class PlainSummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
		// jest's summary reporter writes after the custom reporters; print once the process ends.
		process.once('exit', () => process.stdout.write(`\n${line}`));
	}
}

module.exports = PlainSummaryReporter;
