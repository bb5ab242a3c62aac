import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator';
import { runTokenCommand } from '../../emulator/token-command';
import { get, post } from './harness';
import { runCli } from './cli-process';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'emulator-token-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('emulator:token', () => {
	it('issues a token, signed with the key file, that an emulator using that key file accepts', async () => {
		const keyFile = join(dir, 'signing-key.pem');
		const result = runTokenCommand(
			[
				'--features',
				'itemusages,signinattempts',
				'--expires-in',
				'30d',
				'--key-file',
				keyFile,
				'--audience',
				'emulator.test',
			],
			{},
		);
		if ('help' in result) throw new Error('unexpected help');
		expect(result.claims).toMatchObject({
			aud: ['emulator.test'],
			'1password.com/fts': ['itemusages', 'signinattempts'],
		});
		expect(result.claims.exp! - result.claims.iat).toBe(30 * 86_400);
		expect(result.summary).toContain('itemusages,signinattempts');

		const emu = await startEmulator({ port: 0, keyFile, audience: 'emulator.test', backlog: 0 });
		try {
			expect((await post(emu, '/api/v2/itemusages', {}, result.token)).status).toBe(200);
			expect((await post(emu, '/api/v2/auditevents', {}, result.token)).status).toBe(401);
			expect((await get(emu, '/api/v2/auth/introspect', result.token)).json).toMatchObject({
				features: ['itemusages', 'signinattempts'],
			});
		} finally {
			await emu.stop();
		}
	});

	it('runs as a CLI: the token alone on stdout, the summary on stderr, settings from the environment', async () => {
		const keyFile = join(dir, 'key.pem');
		const run = await runCli('token-cli.ts', ['--features', 'auditevents'], {
			EMULATOR_KEY_FILE: keyFile,
			EMULATOR_PORT: '9999',
		});
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
		expect(run.stderr).toContain('audience 127.0.0.1:9999');
		expect(run.stderr).toContain('expires never');

		const emu = await startEmulator({ port: 0, keyFile, audience: '127.0.0.1:9999', backlog: 0 });
		try {
			expect((await post(emu, '/api/v2/auditevents', {}, run.stdout.trim())).status).toBe(200);
		} finally {
			await emu.stop();
		}
	});

	it('fails clearly on bad input', async () => {
		expect(() =>
			runTokenCommand(['--expires-in', 'a while', '--key-file', join(dir, 'k.pem')], {}),
		).toThrow(/Invalid duration/);
		expect(() => runTokenCommand(['--colour', 'blue'], {})).toThrow(/Unknown flag --colour/);
		expect(runTokenCommand(['--help'], {})).toEqual({
			help: expect.stringContaining('--expires-in'),
		});
		const run = await runCli('token-cli.ts', [
			'--expires-in',
			'soon',
			'--key-file',
			join(dir, 'k.pem'),
		]);
		expect(run.code).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(/Invalid duration/);
	});
});
