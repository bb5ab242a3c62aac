/**
 * Installs a pinned Node.js 24 and a pinned n8n from the npm registry into `.cache/`, once.
 *
 * - Node.js comes as the registry package `node-<platform>-<arch>` (the binary is inside it; the
 *   `node` package would fetch the same one in an install script).
 * - n8n is installed with lifecycle scripts off: one optional native build downloads from the
 *   internet and fails. The only native module n8n needs built is sqlite3, rebuilt from source
 *   against Node.js 24's headers. sqlite3 is an N-API addon (ABI-stable), so one build serves
 *   every n8n release that pins the same sqlite3 version: it is kept in `.cache/native/`. On a
 *   first run it is built in a folder of its own WHILE n8n installs (the install is mostly
 *   download and unpacking), with every core (`JOBS=max`), and copied in afterwards.
 * - `--prefer-offline`: whatever npm's cache holds (a second n8n release shares most packages)
 *   is not fetched again.
 * - A marker file is written last; a folder without it (an interrupted install) is started over.
 */
import fs from 'node:fs';
import path from 'node:path';

import { cleanChildEnv, formatDuration, runLogged, tailOf } from './exec';
import { n8nInstallDir, nativeBuildsDir, nodeInstallDir } from './paths';
import { n8nRelease, NODE_VERSION } from './versions';

const MARKER = '.installed.json';

export interface NodeRuntime {
	version: string;
	/** Folder with bin/node and include/node (headers for native builds). */
	home: string;
	binary: string;
}

export interface N8nRuntime {
	version: string;
	node: NodeRuntime;
	/** The n8n CLI entry point, run as `<node> <cli> start`. */
	cli: string;
	installDir: string;
}

function isInstalled(dir: string): boolean {
	return fs.existsSync(path.join(dir, MARKER));
}

function markInstalled(dir: string, details: object): void {
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify({ ...details, installedAt: new Date().toISOString() }, null, 2),
	);
}

function freshDir(dir: string): void {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
}

function countPackages(nodeModules: string): string {
	try {
		return `${fs.readdirSync(nodeModules).length} top-level packages unpacked`;
	} catch {
		return 'resolving dependencies';
	}
}

async function npm(
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
	label: string,
	showPackages: boolean,
): Promise<void> {
	const logFile = path.join(cwd, 'npm.log');
	const result = await runLogged('npm', args, {
		cwd,
		env,
		logFile,
		heartbeat: {
			label,
			detail: showPackages ? () => countPackages(path.join(cwd, 'node_modules')) : undefined,
		},
	});
	if (result.code !== 0) {
		throw new Error(
			`${label} failed (npm exit ${result.code}); log: ${logFile}\n${tailOf(result.output)}`,
		);
	}
}

const platformPackage = () => `node-${process.platform}-${process.arch}`;

export async function ensureNode(version = NODE_VERSION): Promise<NodeRuntime> {
	const dir = nodeInstallDir(version);
	const home = path.join(dir, 'node_modules', platformPackage());
	const runtime = { version, home, binary: path.join(home, 'bin', 'node') };
	if (isInstalled(dir)) return runtime;
	const started = Date.now();
	console.log(
		`Installing Node.js ${version} (${platformPackage()} from the npm registry) into ${path.relative(process.cwd(), dir)} …`,
	);
	freshDir(dir);
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'node-runtime', private: true }, null, 2),
	);
	await npm(
		[
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--save-exact',
			`${platformPackage()}@${version}`,
		],
		dir,
		cleanChildEnv(),
		`Node.js ${version} install`,
		true,
	);
	if (!fs.existsSync(runtime.binary))
		throw new Error(`Node.js binary missing after install: ${runtime.binary}`);
	markInstalled(dir, { version });
	console.log(`Node.js ${version} installed in ${formatDuration(Date.now() - started)}.`);
	return runtime;
}

/** Environment for npm and native builds that must target Node.js 24, not the Node.js running us. */
function node24Env(node: NodeRuntime): NodeJS.ProcessEnv {
	return cleanChildEnv({
		PATH: `${path.dirname(node.binary)}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: node.home,
	});
}

function sqlite3Version(installDir: string): string {
	const manifest = path.join(installDir, 'node_modules', 'sqlite3', 'package.json');
	return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

const sqlite3Cached = (version: string) =>
	path.join(nativeBuildsDir(), `sqlite3-${version}-napi-${process.platform}-${process.arch}.node`);

/** Native builds use every core (node-gyp reads JOBS): sqlite3's C and C++ files build side by side. */
function sqlite3BuildEnv(node: NodeRuntime): NodeJS.ProcessEnv {
	return { ...node24Env(node), npm_config_build_from_source: 'true', JOBS: 'max' };
}

/**
 * Builds sqlite3 `version` from source in a folder of its own and keeps the addon in
 * `.cache/native/`, unless it is there already. Runs while n8n installs.
 */
async function prebuildSqlite3(version: string, node: NodeRuntime): Promise<void> {
	const cached = sqlite3Cached(version);
	if (fs.existsSync(cached)) return;
	const started = Date.now();
	console.log(`  sqlite3 ${version}: building from source meanwhile …`);
	const dir = path.join(nativeBuildsDir(), `build-sqlite3-${version}`);
	freshDir(dir);
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'sqlite3-build', private: true }, null, 2),
	);
	await npm(
		[
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--prefer-offline',
			'--loglevel=warn',
			`sqlite3@${version}`,
		],
		dir,
		node24Env(node),
		'sqlite3 download',
		false,
	);
	await npm(
		['rebuild', 'sqlite3', '--foreground-scripts=false'],
		dir,
		sqlite3BuildEnv(node),
		'sqlite3 build',
		false,
	);
	const built = path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(built)) throw new Error(`sqlite3 build produced no ${built}`);
	fs.copyFileSync(built, `${cached}.partial`);
	fs.renameSync(`${cached}.partial`, cached);
	fs.rmSync(dir, { recursive: true, force: true });
	console.log(`  sqlite3 ${version} built in ${formatDuration(Date.now() - started)}.`);
}

async function provideSqlite3(installDir: string, node: NodeRuntime): Promise<void> {
	const version = sqlite3Version(installDir);
	const cached = sqlite3Cached(version);
	const target = path.join(
		installDir,
		'node_modules',
		'sqlite3',
		'build',
		'Release',
		'node_sqlite3.node',
	);
	if (fs.existsSync(cached)) {
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(cached, target);
		console.log(
			`  sqlite3 ${version}: reused the N-API build from ${path.relative(process.cwd(), cached)}`,
		);
		return;
	}
	const started = Date.now();
	console.log(
		`  sqlite3 ${version}: building from source against Node.js ${node.version} (a minute or two) …`,
	);
	await npm(
		['rebuild', 'sqlite3', '--foreground-scripts=false'],
		installDir,
		sqlite3BuildEnv(node),
		'sqlite3 build',
		false,
	);
	if (!fs.existsSync(target)) throw new Error(`sqlite3 build produced no ${target}`);
	fs.mkdirSync(nativeBuildsDir(), { recursive: true });
	fs.copyFileSync(target, cached);
	console.log(`  sqlite3 built in ${formatDuration(Date.now() - started)}.`);
}

export async function ensureN8n(version: string): Promise<N8nRuntime> {
	const release = n8nRelease(version);
	const node = await ensureNode();
	const installDir = n8nInstallDir(version);
	const runtime: N8nRuntime = {
		version,
		node,
		installDir,
		cli: path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	if (isInstalled(installDir)) return runtime;
	const started = Date.now();
	console.log(
		`Installing n8n ${version} into ${path.relative(process.cwd(), installDir)} (first time only: a few minutes, about 2-3 GB) …`,
	);
	freshDir(installDir);
	const manifest = {
		name: `n8n-${version}-runtime`,
		private: true,
		dependencies: { n8n: version },
		overrides: release.overrides,
	};
	fs.writeFileSync(path.join(installDir, 'package.json'), JSON.stringify(manifest, null, 2));
	// sqlite3 builds meanwhile; should that fail, it is built after the install as before.
	const sqlite3Early = prebuildSqlite3(release.sqlite3, node).catch((error: Error) => {
		console.log(
			`  sqlite3 ${release.sqlite3}: the early build failed (${error.message.split('\n')[0]}); building it after the install instead.`,
		);
	});
	try {
		await npm(
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--prefer-offline',
				'--loglevel=warn',
			],
			installDir,
			node24Env(node),
			`n8n ${version} install`,
			true,
		);
	} finally {
		await sqlite3Early;
	}
	await provideSqlite3(installDir, node);
	if (!fs.existsSync(runtime.cli)) throw new Error(`n8n CLI missing after install: ${runtime.cli}`);
	markInstalled(installDir, { version, node: node.version });
	console.log(`n8n ${version} installed in ${formatDuration(Date.now() - started)}.`);
	return runtime;
}
