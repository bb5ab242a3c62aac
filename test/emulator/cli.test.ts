import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEmulatorCli } from '../../emulator/cli-options';
import { spawnCli } from './cli-process';

describe('emulator CLI options', () => {
	it('has defaults for a useful local emulator', () => {
		const { options, printToken, faultsName, help } = parseEmulatorCli([], {});
		expect(options).toMatchObject({
			port: 8787,
			host: '127.0.0.1',
			backlog: 10_000,
			backlogSpanMs: 7 * 86_400_000,
			live: { perSecond: 1, lateRatio: 0.1 },
			rateLimit: { perMinute: 600, perHour: 30_000, retryAfter: false },
			faultProfile: null,
			keyFile: '.emulator/signing-key.pem',
		});
		expect([printToken, faultsName, help]).toEqual([true, 'none', false]);
	});

	it('reads flags, falls back to the environment, and lets flags win', () => {
		const env = {
			EMULATOR_PORT: '9000',
			EMULATOR_SEED: 'from-env',
			EMULATOR_RETRY_AFTER: 'on',
			EMULATOR_FAULTS: 'flaky',
		};
		const { options, faultsName } = parseEmulatorCli(
			[
				'--port=8799',
				'--backlog',
				'itemusages=5,auditevents=2',
				'--live',
				'0',
				'--rate-per-minute',
				'5',
				'--key-file',
				'k.pem',
			],
			env,
		);
		expect(options).toMatchObject({
			port: 8799,
			seed: 'from-env',
			backlog: { itemusages: 5, signinattempts: 0, auditevents: 2 },
			live: false,
			rateLimit: { perMinute: 5, perHour: 30_000, retryAfter: true },
			faultProfile: { probability: 0.1 },
			keyFile: 'k.pem',
		});
		expect(faultsName).toBe('flaky');
	});

	it('switches things off with --no-… and on/off values', () => {
		expect(parseEmulatorCli(['--no-rate-limit'], {}).options.rateLimit).toBe(false);
		expect(
			parseEmulatorCli(['--retry-after', 'off'], { EMULATOR_RETRY_AFTER: 'on' }).options.rateLimit,
		).toMatchObject({ retryAfter: false });
		expect(parseEmulatorCli(['--retry-after', '--port', '1'], {}).options.rateLimit).toMatchObject({
			retryAfter: true,
		});
		expect(parseEmulatorCli(['--no-print-token'], {}).printToken).toBe(false);
	});

	it('reads the run-time settings, with their defaults and environment variables', () => {
		expect(parseEmulatorCli([], {}).options).toMatchObject({
			startTimeBounds: 'timestamp',
			cursorLifetimeMs: null,
			timestampStyle: 'utc',
			sparseRecords: false,
			garbledTokenStatus: 404,
		});
		const env = {
			EMULATOR_TIMESTAMP_STYLE: 'nanos',
			EMULATOR_SPARSE_RECORDS: 'on',
			EMULATOR_CURSOR_LIFETIME: '1h',
		};
		const argv = [
			'--start-time-bounds',
			'arrival',
			'--cursor-lifetime',
			'15m',
			'--timestamp-style=mixed',
			'--garbled-token-status',
			'401',
		];
		expect(parseEmulatorCli(argv, env).options).toMatchObject({
			startTimeBounds: 'arrival',
			cursorLifetimeMs: 15 * 60_000,
			timestampStyle: 'mixed',
			sparseRecords: true,
			garbledTokenStatus: 401,
		});
		expect(
			parseEmulatorCli(['--cursor-lifetime', 'never', '--no-sparse-records'], env).options,
		).toMatchObject({ cursorLifetimeMs: null, sparseRecords: false });
		expect(parseEmulatorCli(['--cursor-lifetime', '90'], {}).options.cursorLifetimeMs).toBe(90_000);
	});

	it.each([
		[['--start-time-bounds', 'received']],
		[['--cursor-lifetime', 'soon']],
		[['--cursor-lifetime', '0']],
		[['--timestamp-style', 'local']],
		[['--garbled-token-status', '403']],
		[['--port', 'eighty']],
		[['--port', '70000']],
		[['--late-ratio', '2']],
		[['--backlog', 'logins=5']],
		[['--faults', 'chaos']],
		[['--retry-after', 'maybe']],
		[['--what']],
		[['--port']],
		[['stray']],
	])('refuses %p', (argv) => {
		expect(() => parseEmulatorCli(argv, {})).toThrow();
	});
});

describe('npm run emulator', () => {
	it('prints the base URL and a working token, serves, and stops cleanly on SIGTERM', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
		const child = spawnCli('cli.ts', [
			'--port',
			'0',
			'--backlog',
			'3',
			'--live',
			'0',
			'--key-file',
			join(dir, 'key.pem'),
		]);
		try {
			let stdout = '';
			await new Promise<void>((resolve, reject) => {
				child.stdout?.on('data', (chunk: Buffer) => {
					stdout += chunk.toString();
					if (stdout.includes('Try:')) resolve();
				});
				child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
			});
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
			const token = /^(eyJ\S+)$/m.exec(stdout)?.[1];
			expect(url).toBeDefined();
			expect(token).toBeDefined();

			const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
			const introspect = await fetch(`${url}/api/v2/auth/introspect`, { headers });
			expect(await introspect.json()).toMatchObject({
				features: ['itemusages', 'signinattempts', 'auditevents'],
			});
			const events = await fetch(`${url}/api/v2/signinattempts`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ start_time: '2000-01-01T00:00:00Z' }),
			});
			expect(((await events.json()) as { items: unknown[] }).items).toHaveLength(3);

			const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
			expect(stdout).toContain('SIGTERM: stopping emulator');
		} finally {
			child.kill('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
