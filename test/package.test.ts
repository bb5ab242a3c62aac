/**
 * What n8n's verification checks about the package itself, and what `npm pack` would publish.
 * Needs `npm run build` first (`npm test` does it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
			(file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files).toContain('dist/credentials/OnePasswordEventsApi.credentials.js');
		expect(files.filter((file) => /emulator|test|bench/.test(file))).toEqual([]);
	});
});
