/**
 * n8n in queue mode, as a production install runs it: one main (`n8n start`: editor, API, the
 * poll triggers, which it runs as the leader) and workers (`n8n worker`: take executions from
 * Redis through Bull and run them), all on one PostgreSQL database and one Redis, with the same
 * encryption key. Each process has a user folder of its own, with this package installed as a
 * community package: workers load community packages at start too (`needsCommunityPackages` in
 * n8n 2.41.1's commands/worker.js), and a trigger's execution runs on a worker, so every process
 * needs the node types. The folder is installed once (installIntoN8n) and copied to the others.
 *
 * Which worker ran an execution: each worker logs `Worker started execution <id> (job <job>)` at
 * info level (scaling/job-processor.js) into its own log; `workerOf()` reads those lines.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { N8nClient } from '../n8n/client';
import { N8N_ENGINES } from '../n8n/engines';
import { formatDuration } from '../n8n/exec';
import { installIntoN8n, nodesFolder } from '../n8n/package';
import { freePort } from '../n8n/ports';
import { startN8n, type N8nServer, type StartN8nOptions } from '../n8n/process';
import { sleep } from '../checks';
import type { N8nRuntime } from '../n8n/runtime';
import type { PostgresHandle, RedisHandle } from './services';

const OWNER = {
	email: 'e2e@example.com',
	firstName: 'End',
	lastName: 'ToEnd',
	password: 'E2e-password-1',
};

const STARTED_EXECUTION = /Worker started execution (\d+) \(job (\d+)\)/g;

export interface QueueWorker {
	readonly name: string;
	readonly healthPort: number;
	server(): N8nServer | undefined;
	/** Starts this worker (again). Returns its start-up time. */
	start(): Promise<number>;
	/** Execution ids this worker started, from its log (every start of it). */
	startedExecutions(): string[];
}

export interface QueueCluster {
	readonly mainUserFolder: string;
	readonly logsDir: string;
	readonly workers: QueueWorker[];
	main(): N8nServer | undefined;
	/** Starts the main (again), signs in (setting the owner up the first time). */
	startMain(): Promise<{ server: N8nServer; client: N8nClient }>;
	/** Which worker started an execution (by its logs), if any did. */
	workerOf(executionId: string): QueueWorker | undefined;
	/** Every worker's answer to `/healthz/readiness` (QUEUE_HEALTH_CHECK_ACTIVE). */
	readiness(): Promise<Record<string, number | string>>;
	/** Stops the workers, then the main (SIGTERM each; whatever is left of them SIGKILLed). */
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	runtime: N8nRuntime;
	tarball: string;
	/** Folder for the user folders and logs (exists). */
	workDir: string;
	postgres: PostgresHandle;
	redis: RedisHandle;
	workers: number;
	/** Over the queue-mode variables, on every process. */
	extraEnv?: Readonly<Record<string, string>>;
	/** Over those, on the workers only (e.g. their way to PostgreSQL through a relay). */
	workerEnv?: Readonly<Record<string, string>>;
	log(line: string): void;
}

/** The variables that make every process of the cluster one n8n in queue mode. */
function queueEnv(
	postgres: PostgresHandle,
	redis: RedisHandle,
	encryptionKey: string,
): Record<string, string> {
	return {
		...N8N_ENGINES.default.env,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Workers decrypt the credentials the main stored: one key for all.
		N8N_ENCRYPTION_KEY: encryptionKey,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const { runtime, workDir, log } = options;
	const logsDir = path.join(workDir, 'logs');
	fs.mkdirSync(logsDir, { recursive: true });
	const env = {
		...queueEnv(options.postgres, options.redis, crypto.randomBytes(24).toString('hex')),
		...options.extraEnv,
	};
	const userFolderOf = (name: string) => path.join(workDir, name, 'user');

	const mainUserFolder = userFolderOf('main');
	fs.mkdirSync(mainUserFolder, { recursive: true });
	const version = await installIntoN8n(options.tarball, mainUserFolder);
	log(
		`package ${version} installed into the main's user folder; copied to ${options.workers} workers`,
	);

	const processOptions = async (
		name: string,
		command: 'start' | 'worker',
		more: Record<string, string> = {},
	): Promise<StartN8nOptions> => {
		const userFolder = userFolderOf(name);
		return {
			runtime,
			command,
			userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			logLevel: 'debug',
			consoleLogFile: path.join(logsDir, `${name}.log`),
			extraEnv: { ...env, ...more },
		};
	};
	const mainOptions = await processOptions('main', 'start');
	let main: N8nServer | undefined;

	const workers: QueueWorker[] = [];
	for (let index = 1; index <= options.workers; index++) {
		const name = `worker-${index}`;
		fs.mkdirSync(userFolderOf(name), { recursive: true });
		fs.cpSync(nodesFolder(mainUserFolder), nodesFolder(userFolderOf(name)), { recursive: true });
		const healthPort = await freePort();
		const workerOptions = await processOptions(name, 'worker', {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...options.workerEnv,
		});
		let server: N8nServer | undefined;
		workers.push({
			name,
			healthPort,
			server: () => server,
			start: async () => {
				server = await startN8n(workerOptions);
				log(`${name} ready (pid ${server.pid}, ${formatDuration(server.startupMs)})`);
				return server.startupMs;
			},
			startedExecutions: () => {
				const text = fs.existsSync(workerOptions.consoleLogFile)
					? fs.readFileSync(workerOptions.consoleLogFile, 'utf8')
					: '';
				return [...text.matchAll(STARTED_EXECUTION)].map((match) => match[1]);
			},
		});
	}

	return {
		mainUserFolder,
		logsDir,
		workers,
		main: () => main,
		startMain: async () => {
			main = await startN8n(mainOptions);
			log(`main ready on ${main.url} (pid ${main.pid}, ${formatDuration(main.startupMs)})`);
			const client = new N8nClient(main.url);
			if (await client.needsOwnerSetup()) await client.setupOwner(OWNER);
			await client.login(OWNER.email, OWNER.password);
			await client.createApiKey(`e2e queue ${Date.now()}`);
			return { server: main, client };
		},
		workerOf: (executionId) =>
			workers.find((worker) => worker.startedExecutions().includes(executionId)),
		readiness: async () => {
			const answers: Record<string, number | string> = {};
			for (const worker of workers) {
				try {
					const response = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`);
					answers[worker.name] = response.status;
				} catch (error) {
					answers[worker.name] = (error as Error).message;
				}
			}
			return answers;
		},
		stop: async () => {
			await Promise.all(workers.map((worker) => worker.server()?.stop()));
			await main?.stop();
		},
	};
}

/** The cluster's processes that have exited (name: exit code); none while all run. */
export async function exitedProcesses(
	cluster: QueueCluster,
): Promise<Record<string, number | null>> {
	const processes: Array<[string, N8nServer | undefined]> = [
		['main', cluster.main()],
		...cluster.workers.map((worker): [string, N8nServer | undefined] => [
			worker.name,
			worker.server(),
		]),
	];
	const exited: Record<string, number | null> = {};
	for (const [name, server] of processes) {
		if (!server) continue;
		const code = await Promise.race([server.exited, sleep(0).then(() => 'running' as const)]);
		if (code !== 'running') exited[name] = code;
	}
	return exited;
}
