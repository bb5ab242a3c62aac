/**
 * What n8n's verification checks about the package itself, and what `npm pack` would publish.
 * Needs `npm run build` first (`npm test` does it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PACKAGE_VERSION, USER_AGENT } from '../nodes/OnePasswordEvents/transport/version';

/** Runs the tarball scan in its own process (its rule plugin is an ES module jest cannot load). */
function scanPackedTarball(projectDir: string): { files: string[]; errors: string[] } {
	const output = execFileSync(
		'npx',
		['tsx', join(root, 'scripts/scanTarball.ts'), projectDir, '--json'],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	return JSON.parse(output.trim().split('\n').pop() as string);
}

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
	it('is a community node package n8n can verify', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.author.name).toBeTruthy();
		expect(pkg.author.email).toMatch(/@/);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.files).toEqual(['dist']);
	});

	it('sends the package version in its User-Agent', () => {
		expect(PACKAGE_VERSION).toBe(pkg.version);
		expect(USER_AGENT).toBe(`n8n-nodes-1password-events/${pkg.version}`);
	});

	it('has no install lifecycle scripts', () => {
		for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
			expect(pkg.scripts[script]).toBeUndefined();
		}
	});

	it('pins every dev dependency to an exact version', () => {
		for (const [name, version] of Object.entries(pkg.devDependencies as Record<string, string>)) {
			expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
		}
	});

	it('lists only built files that exist', () => {
		for (const path of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			expect(path).toMatch(/^dist\//);
			expect(existsSync(join(root, path))).toBe(true);
		}
	});
});

describe('npm pack', () => {
	it('publishes only dist, README, LICENSE and package.json', () => {
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: root,
			encoding: 'utf8',
		});
		const files: string[] = JSON.parse(output)[0].files.map((f: { path: string }) => f.path);
		expect(files.length).toBeGreaterThan(3);
		const outside = files.filter(
			(file) =>
				!file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files).toContain('dist/credentials/OnePasswordEventsApi.credentials.js');
		expect(files.filter((file) => /(^|\/)(emulator|test|bench|scripts|e2e)\//.test(file))).toEqual(
			[],
		);
	});
});

describe("n8n's community-package scan of the tarball", () => {
	it('finds no violation in what npm pack publishes', async () => {
		const { files, errors } = scanPackedTarball(root);
		expect(files).toContain('package.json');
		expect(files).toContain('dist/nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.js');
		expect(errors).toEqual([]);
	}, 60_000);

	it('would catch a violation (console use, runtime dependencies)', async () => {
		const copy = mkdtempSync(join(tmpdir(), 'scan-bad-'));
		try {
			cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
			writeFileSync(
				join(copy, 'package.json'),
				JSON.stringify({ ...pkg, dependencies: { 'left-pad': '1.3.0' } }),
			);
			const trigger = join(copy, 'dist/nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.js');
			writeFileSync(trigger, `${readFileSync(trigger, 'utf8')}\nconsole.log('leak');\n`);
			const { errors } = scanPackedTarball(copy);
			expect(errors.some((error) => error.includes('no-console'))).toBe(true);
			expect(errors.some((error) => error.includes('no-runtime-dependencies'))).toBe(true);
		} finally {
			rmSync(copy, { recursive: true, force: true });
		}
	}, 60_000);
});
