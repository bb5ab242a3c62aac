/**
 * The environment an n8n process (server or CLI command) runs with: bound to 127.0.0.1, on ports
 * we chose, and with everything switched off that would reach the internet or put banners and
 * questionnaires in front of the demo.
 */
import path from 'node:path';

import { cleanChildEnv } from './exec';
import type { N8nRuntime } from './runtime';
import { n8nRelease } from './versions';

export interface N8nEnvOptions {
	runtime: N8nRuntime;
	/** N8N_USER_FOLDER: n8n keeps `.n8n/` (database, config, installed packages) inside it. */
	userFolder: string;
	port: number;
	/** The task-runner broker listens too (2.x always, 1.x when runners are on). */
	brokerPort: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Also write n8n's log to this file (besides stdout). */
	logFile?: string;
	/** Workflow time zone default. */
	timezone?: string;
	/** Set last, over everything above: e.g. the variables that switch n8n to another poll engine. */
	extraEnv?: Readonly<Record<string, string>>;
}

/** No telemetry, version checks, templates, banners, personalization survey or remote modules. */
const OFFLINE = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	// The verified-community-nodes list is fetched from n8n's servers; this package is installed locally.
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
};

/** Settle deprecation warnings at start by choosing today's recommended values explicitly. */
const QUIET = {
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
	N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	DB_SQLITE_POOL_SIZE: '2',
	N8N_RUNNERS_TASK_TIMEOUT: '300',
};

export function n8nEnv(options: N8nEnvOptions): NodeJS.ProcessEnv {
	const release = n8nRelease(options.runtime.version);
	const env: NodeJS.ProcessEnv = {
		...OFFLINE,
		...QUIET,
		// n8n's task runner is started with `process.execPath`; keep Node.js 24 first for anything else.
		PATH: `${path.dirname(options.runtime.node.binary)}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(options.port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}`,
		WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		GENERIC_TIMEZONE: options.timezone ?? 'UTC',
	};
	if (release.disabledModules.length > 0)
		env.N8N_DISABLED_MODULES = release.disabledModules.join(',');
	if (options.logFile) {
		env.N8N_LOG_OUTPUT = 'console,file';
		env.N8N_LOG_FILE_LOCATION = options.logFile;
	}
	Object.assign(env, options.extraEnv);
	return cleanChildEnv(env);
}
