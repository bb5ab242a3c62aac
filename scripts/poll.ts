/**
 * `npm run poll`: the real trigger's poll() through n8n-core's real PollContext against an Events
 * API (normally `npm run emulator`), printing each poll's result as n8n would receive it.
 *
 *   npm run poll -- --token <token> [--url http://127.0.0.1:8787] [--types itemUsages,signInAttempts]
 *                   [--start now|lookback:24h|lookback:7d|date:2026-11-20T00:00:00Z]
 *                   [--output raw|simplified] [--ticks 3] [--interval 5] [--manual] [--full]
 *                   [--connect-token <token> [--connect-url http://127.0.0.1:8787]]
 *
 * With --connect-token, simplified items get vault and item names from that Connect server
 * (the emulator serves one at its own address and prints its token).
 * The token may also come from EVENTS_API_TOKEN. Positions are kept in memory between polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { runPollLoop } from './pollLoop';

function flag(name: string, fallback?: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	if (index === -1) return fallback;
	const value = process.argv[index + 1];
	return value === undefined || value.startsWith('--') ? 'true' : value;
}

function startParameters(start: string): IDataObject {
	if (start === 'now') return { startFrom: 'now' };
	const [mode, value] = start.split(/:(.*)/s);
	if (mode === 'lookback') {
		const match = /^(\d+)([hd])$/.exec(value ?? '');
		if (!match) throw new Error('--start lookback:<N>h or lookback:<N>d, e.g. lookback:24h');
		return {
			startFrom: 'lookback',
			lookbackAmount: Number(match[1]),
			lookbackUnit: match[2] === 'd' ? 'days' : 'hours',
		};
	}
	if (mode === 'date') return { startFrom: 'date', startDate: value };
	throw new Error(`--start must be now, lookback:<N>h|d or date:<ISO date>, not "${start}"`);
}

async function main(): Promise<void> {
	const token = flag('token', process.env.EVENTS_API_TOKEN);
	if (!token)
		throw new Error('Pass --token <token> (or EVENTS_API_TOKEN); `npm run emulator` prints one.');
	await runPollLoop({
		url: flag('url', process.env.EVENTS_API_URL ?? 'http://127.0.0.1:8787') as string,
		token,
		parameters: {
			eventTypes: (flag('types', 'itemUsages') as string).split(','),
			output: flag('output', 'raw'),
			...startParameters(flag('start', 'lookback:1h') as string),
		},
		ticks: Number(flag('ticks', '3')),
		intervalMs: Number(flag('interval', '5')) * 1000,
		manual: flag('manual') === 'true',
		full: flag('full') === 'true' || flag('output', 'raw') === 'raw',
		connect: flag('connect-token')
			? {
					serverUrl: flag('connect-url', flag('url', 'http://127.0.0.1:8787')) as string,
					token: flag('connect-token') as string,
				}
			: undefined,
	});
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
