/**
 * `npm run demo`: the local Events API emulator with a live trickle of all three event types,
 * and the real trigger polling it every 10 seconds, printing one line per delivered event.
 * Ctrl-C stops both. (A real n8n with the package installed is the job of `npm start`.)
 */
import { startEmulator } from '../emulator';
import { runPollLoop } from './pollLoop';

async function main(): Promise<void> {
	const emulator = await startEmulator({
		port: 0,
		backlog: 2000,
		live: { perSecond: 1, lateRatio: 0.1 },
	});
	const token = emulator.issueToken();
	console.log(
		`Emulator on ${emulator.url} (backlog 2000 per type over 7 days, 1 new event/s per type, 10% of item usages late)`,
	);
	console.log(
		'Trigger: all three event types, starting 1 hour back, simplified output, a poll every 10 s. Ctrl-C to stop.\n',
	);
	const stop = () => {
		void emulator.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	await runPollLoop({
		url: emulator.url,
		token,
		parameters: {
			eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
			startFrom: 'lookback',
			lookbackAmount: 1,
			lookbackUnit: 'hours',
			output: 'simplified',
		},
		ticks: Number(process.env.DEMO_TICKS ?? Infinity),
		intervalMs: 10_000,
	});
	await emulator.stop();
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
