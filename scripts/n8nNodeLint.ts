/**
 * Runs `n8n-node lint` (from @n8n/node-cli, n8n's own tooling for community nodes) over what this
 * package ships: package.json, nodes/, credentials/ (and the icons they point at).
 *
 *   npm run lint:n8n
 *
 * `n8n-node lint` is `eslint .` in the current directory, and because package.json sets
 * `"n8n": { "strict": true }` it first refuses to run unless eslint.config.mjs is, word for word,
 * node-cli's default (`import { config } from '@n8n/node-cli/eslint'`). This repository's
 * eslint.config.mjs keeps two tiers instead (n8n's rules for shipped code, typescript-eslint for
 * the emulator, tests and tools, which may use fs, process and timers), so the command runs in a
 * staging directory holding a copy of the shipped sources, node-cli's default config and a link to
 * node_modules. Nothing in the repository is changed. Paths in the output point back at the
 * repository. Warnings fail this script although `n8n-node lint` itself passes with them.
 */
import { spawnSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	realpathSync,
	rmSync,
	symlinkSync,
	unlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = resolve(__dirname, '..');
const cliDir = join(root, 'node_modules', '@n8n', 'node-cli');
const cliBin = join(cliDir, 'bin', 'n8n-node.mjs');
// The file strict mode compares eslint.config.mjs with.
const defaultConfig = join(
	cliDir,
	'dist',
	'template',
	'templates',
	'shared',
	'default',
	'eslint.config.mjs',
);
const shipped = ['package.json', 'tsconfig.json', 'nodes', 'credentials', 'icons'];

if (!existsSync(cliBin) || !existsSync(defaultConfig)) {
	console.error('@n8n/node-cli is not installed (or has moved its files): run `npm ci`.');
	process.exit(1);
}
if (process.argv.length > 2) {
	console.error('lint:n8n takes no arguments (it lints a copy, so --fix would change nothing).');
	process.exit(1);
}

// Real path: ESLint prints paths under process.cwd(), which resolves links such as macOS's /var.
const stage = realpathSync(mkdtempSync(join(tmpdir(), 'n8n-node-lint-')));
let status = 1;
try {
	for (const entry of shipped) {
		if (existsSync(join(root, entry)))
			cpSync(join(root, entry), join(stage, entry), { recursive: true });
	}
	writeFileSync(join(stage, 'eslint.config.mjs'), readFileSync(defaultConfig));
	symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'junction');

	const run = spawnSync(process.execPath, [cliBin, 'lint'], {
		cwd: stage,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	const toRepo = (text: string) => text.split(stage).join(root);
	process.stdout.write(toRepo(run.stdout ?? ''));
	process.stderr.write(toRepo(run.stderr ?? ''));

	const plain = stripVTControlCharacters(`${run.stdout ?? ''}${run.stderr ?? ''}`);
	const summary = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(plain);
	if (run.error) {
		console.error(`n8n-node lint could not run: ${run.error.message}`);
	} else if (run.status !== 0) {
		status = run.status ?? 1;
	} else if (summary && Number(summary[3]) > 0) {
		console.error(`n8n-node lint reported ${summary[3]} warning(s); this package allows none.`);
	} else {
		console.log('n8n-node lint: 0 errors, 0 warnings in package.json, nodes/, credentials/.');
		status = 0;
	}
} finally {
	try {
		unlinkSync(join(stage, 'node_modules'));
	} catch {
		// not created
	}
	rmSync(stage, { recursive: true, force: true });
}
process.exit(status);
