/**
 * The two services n8n's queue mode needs, run privately by the suite: a PostgreSQL cluster of its
 * own (initdb into a folder under .e2e/, a free loopback port, its unix socket inside that folder)
 * and a redis-server on a free loopback port with no persistence. Both come from Debian's packages
 * (`postgresql`, `redis-server`), installed with apt-get when their binaries are missing (CI is a
 * fresh Debian running as root; nothing of the system services is used: the packages' own
 * clusters and units are left alone).
 *
 * PostgreSQL refuses to run as root, so initdb, pg_ctl and the server run as the `postgres` user
 * the package creates (`runuser`), in a folder chowned to it. Everything lives in the folder given
 * and is removed by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { sleep } from '../checks';
import { cleanChildEnv, formatDuration, runLogged, tailOf } from '../n8n/exec';
import { freePort } from '../n8n/ports';

/** The unprivileged account PostgreSQL runs as (created by Debian's postgresql package). */
const PG_USER = 'postgres';
const PG_PARENT = '/usr/lib/postgresql';

export interface PostgresHandle {
	readonly host: string;
	readonly port: number;
	readonly database: string;
	readonly user: string;
	readonly password: string;
	/** The server's own log. */
	readonly logFile: string;
	/** Fast shutdown (`pg_ctl stop -m fast`: connections cut), then start again on the same port. */
	restart(): Promise<void>;
	/** One SQL statement in n8n's database, as the superuser; the rows unaligned (psql -At). */
	query(sql: string): Promise<string>;
	/** PostgreSQL down for `ms` (fast shutdown), then up again. Resolves once it accepts again. */
	unavailableFor(ms: number): Promise<void>;
	/** Stops the server and removes its folder. */
	stop(): Promise<void>;
}

export interface RedisHandle {
	readonly host: string;
	readonly port: number;
	readonly logFile: string;
	/** SIGTERM and start again on the same port: with no persistence, Redis comes back empty. */
	restart(): Promise<void>;
	/** Stops the server and removes its folder. */
	stop(): Promise<void>;
}

export interface QueueServicesInstall {
	/** What apt-get installed ('' when nothing was missing). */
	installed: string[];
	ms: number;
}

function exists(file: string): boolean {
	return fs.existsSync(file);
}

/** The newest PostgreSQL server's bin folder (`/usr/lib/postgresql/<major>/bin`), if any. */
export function postgresBinDir(): string | undefined {
	if (!exists(PG_PARENT)) return undefined;
	const majors = fs
		.readdirSync(PG_PARENT)
		.filter((name) => /^\d+$/.test(name) && exists(path.join(PG_PARENT, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(PG_PARENT, majors[0], 'bin') : undefined;
}

function redisBinary(): string | undefined {
	for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin'])
		if (exists(path.join(dir, 'redis-server'))) return path.join(dir, 'redis-server');
	return undefined;
}

async function run(
	command: string,
	args: string[],
	logFile: string,
	what: string,
	cwd = '/',
): Promise<string> {
	const result = await runLogged(command, args, {
		cwd,
		env: cleanChildEnv({ DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C.UTF-8' }),
		logFile,
	});
	if (result.code !== 0)
		throw new Error(
			`${what} failed (exit ${result.code}); log: ${logFile}\n${tailOf(result.output)}`,
		);
	return result.output;
}

/**
 * Installs `postgresql` and `redis-server` from Debian with apt-get when their binaries are
 * missing (needs root, as on CI). The packages try to start their own system services; in a
 * container policy-rc.d usually refuses, and either way the suite runs private ones.
 */
export async function ensureQueueServices(logFile: string): Promise<QueueServicesInstall> {
	const started = Date.now();
	const missing: string[] = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!redisBinary()) missing.push('redis-server');
	if (missing.length > 0) {
		// Root runs apt-get itself; anyone else through sudo, without a password prompt.
		const root = typeof process.getuid !== 'function' || process.getuid() === 0;
		const apt = (args: string[]): [string, string[]] =>
			root ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
		fs.mkdirSync(path.dirname(logFile), { recursive: true });
		console.log(`Installing ${missing.join(', ')} with apt-get (log: ${logFile}) …`);
		try {
			await run(...apt(['update']), logFile, 'apt-get update');
			await run(
				...apt(['install', '-y', '--no-install-recommends', ...missing]),
				logFile,
				'apt-get install',
			);
		} catch (error) {
			throw new Error(
				`${missing.join(' and ')} missing and could not be installed (${(error as Error).message.split('\n')[0]}): install them with apt-get install -y ${missing.join(' ')}`,
			);
		}
		if (!postgresBinDir() || !redisBinary())
			throw new Error(`apt-get installed ${missing.join(', ')} but a binary is still missing`);
		console.log(`Installed ${missing.join(', ')} in ${formatDuration(Date.now() - started)}.`);
	}
	return { installed: missing, ms: Date.now() - started };
}

/** Runs a PostgreSQL binary as the unprivileged user (PostgreSQL refuses root). */
function asPostgres(binDir: string, tool: string, args: string[]): [string, string[]] {
	if (typeof process.getuid === 'function' && process.getuid() !== 0)
		return [path.join(binDir, tool), args];
	return ['runuser', ['-u', PG_USER, '--', path.join(binDir, tool), ...args]];
}

function chownTree(dir: string, uid: number, gid: number): void {
	fs.chownSync(dir, uid, gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) chownTree(full, uid, gid);
		else fs.chownSync(full, uid, gid);
	}
}

function userIds(name: string): { uid: number; gid: number } {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${name}:`));
	if (!line) throw new Error(`no user "${name}" (it comes with Debian's postgresql package)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Whether every folder from `dir` up to / lets other users through (o+x). */
function reachableByOthers(dir: string): boolean {
	let current = path.resolve(dir);
	for (;;) {
		if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
		const parent = path.dirname(current);
		if (parent === current) return true;
		current = parent;
	}
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * A private PostgreSQL cluster in `dir` (created; removed on stop): trust for the local socket (the
 * suite's own psql), scram passwords over TCP (n8n), fsync off (a process crash loses nothing;
 * only an OS crash would, and the folder is thrown away anyway).
 */
export async function startPostgres(wanted: string): Promise<PostgresHandle> {
	const binDir = postgresBinDir();
	if (!binDir) throw new Error('PostgreSQL is not installed: call ensureQueueServices() first');
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	fs.rmSync(wanted, { recursive: true, force: true });
	// The postgres user must reach the folder: under a private home (/root is 0700) use /tmp.
	const dir =
		!isRoot || reachableByOthers(path.dirname(wanted))
			? wanted
			: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-postgres-'));
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	const logFile = path.join(dir, 'postgres.log');
	const toolsLog = path.join(dir, 'tools.log');
	// Parents readable by the postgres user: a recursive mkdir would give them the data folder's 0700.
	fs.mkdirSync(dir, { recursive: true });
	fs.mkdirSync(dataDir, { mode: 0o700 });
	fs.mkdirSync(socketDir);
	fs.writeFileSync(logFile, '');
	fs.writeFileSync(toolsLog, '');
	if (isRoot) {
		const { uid, gid } = userIds(PG_USER);
		chownTree(dir, uid, gid);
	}
	const port = await freePort();
	const password = `n8n-e2e-${port}`;
	const handle = {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		logFile,
	};
	const tool = async (name: string, args: string[], what: string) => {
		const [command, full] = asPostgres(binDir, name, args);
		return run(command, full, toolsLog, what, dir);
	};
	// The password file is read by initdb for the superuser; n8n's role gets its own below.
	await tool(
		'initdb',
		[
			'-D',
			dataDir,
			'-U',
			'postgres',
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			'--encoding=UTF8',
			'--locale=C',
			'--no-instructions',
		],
		'initdb',
	);
	const options = [
		`-p ${port}`,
		`-k ${socketDir}`,
		"-c listen_addresses='127.0.0.1'",
		'-c fsync=off',
		'-c full_page_writes=off',
		'-c max_connections=100',
	].join(' ');
	const pgStart = () =>
		tool(
			'pg_ctl',
			['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start'],
			'pg_ctl start',
		);
	const pgStop = () =>
		tool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], 'pg_ctl stop');
	const psql = (sql: string, database = 'postgres', flags: string[] = []) =>
		tool(
			'psql',
			[
				'-h',
				socketDir,
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				database,
				'-v',
				'ON_ERROR_STOP=1',
				...flags,
				'-c',
				sql,
			],
			'psql',
		);
	await pgStart();
	let running = true;
	try {
		await psql(`CREATE ROLE ${handle.user} LOGIN PASSWORD '${password}'`);
		await psql(`CREATE DATABASE ${handle.database} OWNER ${handle.user}`);
	} catch (error) {
		await pgStop().catch(() => undefined);
		fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	let stopped: Promise<void> | undefined;
	return {
		...handle,
		restart: async () => {
			await pgStop();
			await pgStart();
		},
		query: async (sql) => (await psql(sql, handle.database, ['-At'])).trim(),
		unavailableFor: async (ms) => {
			running = false;
			await pgStop();
			await sleep(ms);
			await pgStart();
			running = true;
		},
		stop: () => {
			stopped ??= (async () => {
				if (running || exists(path.join(dataDir, 'postmaster.pid')))
					await pgStop().catch(() => undefined);
				fs.rmSync(dir, { recursive: true, force: true });
			})();
			return stopped;
		},
	};
}

/** A redis-server on a free loopback port: no RDB snapshots, no AOF, no config file; removed on stop. */
export async function startRedis(dir: string): Promise<RedisHandle> {
	const binary = redisBinary();
	if (!binary) throw new Error('redis-server is not installed: call ensureQueueServices() first');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	let child: ChildProcess | undefined;
	let exited: Promise<void> = Promise.resolve();
	const start = async () => {
		const log = fs.openSync(logFile, 'a');
		child = spawn(
			binary,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				dir,
				'--daemonize',
				'no',
				'--protected-mode',
				'yes',
			],
			{ cwd: dir, stdio: ['ignore', log, log], env: cleanChildEnv() },
		);
		fs.closeSync(log);
		const current = child;
		exited = new Promise((resolve) => current.once('exit', () => resolve()));
		const deadline = Date.now() + 20_000;
		while (!(await accepts(port))) {
			if (current.exitCode !== null || current.signalCode !== null)
				throw new Error(
					`redis-server exited at start; log: ${logFile}\n${tailOf(fs.readFileSync(logFile, 'utf8'))}`,
				);
			if (Date.now() > deadline)
				throw new Error(`redis-server not listening after 20 s; log: ${logFile}`);
			await sleep(100);
		}
	};
	const halt = async () => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};
	await start();
	let stopped: Promise<void> | undefined;
	return {
		host: '127.0.0.1',
		port,
		logFile,
		restart: async () => {
			await halt();
			await start();
		},
		stop: () => {
			stopped ??= (async () => {
				await halt();
				fs.rmSync(dir, { recursive: true, force: true });
			})();
			return stopped;
		},
	};
}
