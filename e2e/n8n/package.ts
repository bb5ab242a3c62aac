/**
 * Puts this package into an n8n the way a user's n8n gets it: `npm pack` of the built package,
 * then `npm install <tarball>` in `<user folder>/.n8n/nodes`, the folder n8n scans for community
 * packages at start. Node types then read `n8n-nodes-1password-events.<node>` (not `CUSTOM.<node>`
 * as for a folder in `~/.n8n/custom`).
 *
 * The npm flags are the ones n8n's own installer uses (CommunityPackagesService.downloadPackage):
 * no lifecycle scripts, no lock file, no audit, no bin links, shallow. n8n also strips
 * `peerDependencies` before installing so the package uses the host's n8n-workflow:
 * `--legacy-peer-deps` does the same here (npm would otherwise install its own n8n-workflow).
 */
import fs from 'node:fs';
import path from 'node:path';

import { cleanChildEnv, runLogged, tailOf } from './exec';
import { packDir, REPO_ROOT } from './paths';

export const PACKAGE_NAME = (
	JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }
).name;

const N8N_INSTALL_FLAGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
	'--legacy-peer-deps',
];

async function npmInRepo(args: string[], logFile: string): Promise<string> {
	const result = await runLogged('npm', args, { cwd: REPO_ROOT, env: cleanChildEnv(), logFile });
	if (result.code !== 0)
		throw new Error(`npm ${args.join(' ')} failed; log: ${logFile}\n${tailOf(result.output)}`);
	return result.output;
}

/** Builds the package and packs it; returns the tarball's path. */
export async function buildAndPack(): Promise<string> {
	const dir = packDir();
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'build.log');
	await npmInRepo(['run', 'build'], logFile);
	const output = await npmInRepo(['pack', '--pack-destination', dir, '--json'], logFile);
	const tarballs = fs.readdirSync(dir).filter((name) => name.endsWith('.tgz'));
	if (tarballs.length !== 1)
		throw new Error(`npm pack left ${tarballs.length} tarballs in ${dir}:\n${tailOf(output)}`);
	return path.join(dir, tarballs[0]);
}

export function nodesFolder(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/** Installs (or replaces) the packed package in an n8n user folder. Returns the installed version. */
export async function installIntoN8n(tarball: string, userFolder: string): Promise<string> {
	const nodesDir = nodesFolder(userFolder);
	fs.mkdirSync(nodesDir, { recursive: true });
	const ledger = path.join(nodesDir, 'package.json');
	// The ledger n8n itself creates in this folder on first start.
	if (!fs.existsSync(ledger)) {
		fs.writeFileSync(
			ledger,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	// Copied next to the ledger so its `file:` reference stays valid for later npm runs there.
	const localTarball = path.join(nodesDir, path.basename(tarball));
	for (const old of fs.readdirSync(nodesDir).filter((name) => name.endsWith('.tgz')))
		fs.rmSync(path.join(nodesDir, old));
	fs.copyFileSync(tarball, localTarball);
	const logFile = path.join(nodesDir, 'npm.log');
	const result = await runLogged(
		'npm',
		['install', `./${path.basename(localTarball)}`, ...N8N_INSTALL_FLAGS],
		{
			cwd: nodesDir,
			env: cleanChildEnv(),
			logFile,
		},
	);
	if (result.code !== 0)
		throw new Error(
			`installing ${PACKAGE_NAME} into ${nodesDir} failed; log: ${logFile}\n${tailOf(result.output)}`,
		);
	const manifest = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(manifest)) throw new Error(`npm reported success but ${manifest} is missing`);
	if (fs.existsSync(path.join(nodesDir, 'node_modules', 'n8n-workflow'))) {
		throw new Error(
			'n8n-workflow was installed next to the package: it must come from the host n8n (peer dependency)',
		);
	}
	return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}
