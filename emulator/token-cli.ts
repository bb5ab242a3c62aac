import { runTokenCommand } from './token-command';

/** `npm run emulator:token -- --features itemusages --expires-in 30d`: token on stdout, summary on stderr. */
try {
	const result = runTokenCommand(process.argv.slice(2), process.env);
	if ('help' in result) {
		process.stdout.write(result.help);
	} else {
		process.stderr.write(`${result.summary}\n`);
		process.stdout.write(`${result.token}\n`);
	}
} catch (error) {
	process.stderr.write(
		`emulator:token: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exitCode = 1;
}
