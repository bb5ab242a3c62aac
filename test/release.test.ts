/**
 * Release hygiene: a version can only reach npm from the Publish workflow, with provenance (which
 * n8n's verification requires). Two independent locks, both checked here for real:
 * - package.json's publishConfig asks for provenance, so npm itself refuses a publish from
 *   anywhere that cannot attest one (a laptop), even with lifecycle scripts ignored (.npmrc);
 * - the prepublishOnly guard refuses outside GitHub Actions with an OIDC id-token.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const guard = join(root, 'scripts/prepublishGuard.js');

/** An environment with no CI markers at all: a developer's shell. */
function laptopEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...extra };
}

describe('prepublishOnly guard', () => {
	it('is what npm runs before publishing', () => {
		expect(pkg.scripts.prepublishOnly).toBe('node scripts/prepublishGuard.js');
	});

	it('refuses outside GitHub Actions, and in a job without an OIDC id-token, saying why', () => {
		const outside = spawnSync(process.execPath, [guard], { env: laptopEnv(), encoding: 'utf8' });
		expect(outside.status).toBe(1);
		expect(outside.stderr).toMatch(/publish\.yml/);
		expect(outside.stderr).toMatch(/not a GitHub Actions job/);

		const noToken = spawnSync(process.execPath, [guard], {
			env: laptopEnv({ GITHUB_ACTIONS: 'true' }),
			encoding: 'utf8',
		});
		expect(noToken.status).toBe(1);
		expect(noToken.stderr).toMatch(/id-token: write/);
	});

	it('lets the Publish workflow through', () => {
		const inWorkflow = spawnSync(process.execPath, [guard], {
			env: laptopEnv({
				GITHUB_ACTIONS: 'true',
				ACTIONS_ID_TOKEN_REQUEST_URL: 'https://example.invalid/token',
				ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
			}),
			encoding: 'utf8',
		});
		expect(inWorkflow.status).toBe(0);
	});
});

describe('npm publish from a laptop', () => {
	it('is refused by npm itself for want of provenance, even with lifecycle scripts ignored', () => {
		expect(pkg.publishConfig).toMatchObject({ provenance: true, access: 'public' });
		const dir = mkdtempSync(join(tmpdir(), 'publish-guard-'));
		try {
			// The package's own manifest and guard, a registry that cannot be reached, and a token
			// for it: only the provenance check stands between this and an upload attempt.
			writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, files: ['README.md'] }));
			writeFileSync(join(dir, 'README.md'), 'test\n');
			mkdirSync(join(dir, 'scripts'));
			copyFileSync(guard, join(dir, 'scripts/prepublishGuard.js'));
			writeFileSync(
				join(dir, '.npmrc'),
				'ignore-scripts=true\nregistry=http://127.0.0.1:9/\n//127.0.0.1:9/:_authToken=not-a-real-token\n',
			);
			const result = spawnSync('npm', ['publish'], {
				cwd: dir,
				env: laptopEnv(),
				encoding: 'utf8',
			});
			expect(result.status).not.toBe(0);
			expect(`${result.stdout}\n${result.stderr}`).toMatch(/provenance/i);
			expect(`${result.stdout}\n${result.stderr}`).not.toMatch(
				/ECONNREFUSED|ENOTFOUND|fetch failed/,
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('Publish workflow', () => {
	const workflow = readFileSync(join(root, '.github/workflows/publish.yml'), 'utf8');

	it('publishes with its OIDC id-token (trusted publishing), never with a stored npm token', () => {
		expect(workflow).toMatch(/id-token: write/);
		expect(workflow).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|secrets\./);
		expect(workflow).toMatch(/npm publish --provenance/);
	});
});
