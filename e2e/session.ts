/**
 * What one suite run sets up around a real n8n: a fresh user folder under .e2e/, the Events API
 * emulator, the sink, and `start()`, which (re)starts n8n with the engine's variables, signs in
 * (setting the owner up the first time) and hands the scenarios a fresh API client.
 */
import fs from 'node:fs';
import path from 'node:path';

import { startEmulator } from '../emulator';
import { N8nClient } from './n8n/client';
import type { N8nCliOptions } from './n8n/cli';
import type { N8nEngine } from './n8n/engines';
import { formatDuration } from './n8n/exec';
import { E2E_WORK_DIR } from './n8n/paths';
import { freePort } from './n8n/ports';
import { startN8n, type N8nServer } from './n8n/process';
import type { N8nRuntime } from './n8n/runtime';
import { n8nRelease } from './n8n/versions';
import { Checks } from './checks';
import type { SuiteContext } from './context';
import { EventSource } from './event-source';
import { startSink } from './sink';

const OWNER = {
	email: 'e2e@example.com',
	firstName: 'End',
	lastName: 'ToEnd',
	password: 'E2e-password-1',
};

export interface Session {
	readonly context: SuiteContext;
	readonly workDir: string;
	/** For n8n CLI commands before the first start (same folder, same engine). */
	readonly cli: N8nCliOptions;
	/** The running n8n, if any. */
	server(): N8nServer | undefined;
	/** Starts n8n (again), records its start-up time under `label`, signs in. */
	start(label: string): Promise<N8nServer>;
	/** Stops the trickle, n8n, the emulator and the sink. */
	close(): Promise<void>;
}

export interface SessionOptions {
	runtime: N8nRuntime;
	engine: N8nEngine;
	/** Folder under .e2e/: one per concurrent run. */
	name: string;
	/** Of the emulator's random records. */
	seed: string;
	checks: Checks;
	timings: Record<string, number>;
	log(line: string): void;
}

export async function openSession(options: SessionOptions): Promise<Session> {
	const { runtime, engine, timings, log } = options;
	const workDir = path.join(E2E_WORK_DIR, options.name);
	fs.rmSync(workDir, { recursive: true, force: true });
	const userFolder = path.join(workDir, 'user');
	const logsDir = path.join(workDir, 'logs');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(logsDir, { recursive: true });

	const emulator = await startEmulator({ port: 0, seed: options.seed, backlog: 0, live: false });
	const sink = await startSink();
	const context: SuiteContext = {
		release: n8nRelease(runtime.version),
		runtime,
		checks: options.checks,
		emulator,
		source: new EventSource(emulator),
		sink,
		userFolder,
		logsDir,
		tokens: [],
		log,
	};
	const ports = { port: await freePort(), brokerPort: await freePort() };
	const serverOptions = {
		runtime,
		userFolder,
		...ports,
		// Debug level: if anything were to log a token, it would be here.
		logLevel: 'debug' as const,
		logFile: path.join(userFolder, 'n8n-file.log'),
		consoleLogFile: path.join(logsDir, 'n8n.log'),
		extraEnv: engine.env,
	};
	let server: N8nServer | undefined;
	return {
		context,
		workDir,
		cli: { runtime, userFolder, logFile: path.join(logsDir, 'n8n-cli.log'), extraEnv: engine.env },
		server: () => server,
		start: async (label) => {
			server = await startN8n(serverOptions);
			timings[label] = server.startupMs;
			log(
				`n8n ${runtime.version} ready on ${server.url} (${label}, ${formatDuration(server.startupMs)})`,
			);
			const client = new N8nClient(server.url);
			if (await client.needsOwnerSetup()) await client.setupOwner(OWNER);
			await client.login(OWNER.email, OWNER.password);
			await client.createApiKey(`e2e ${label}`);
			context.client = client;
			return server;
		},
		close: async () => {
			context.source.stopTrickle();
			await server?.stop();
			await emulator.stop();
			await sink.stop();
		},
	};
}
