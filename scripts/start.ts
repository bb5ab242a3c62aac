/**
 * `npm start`: a real n8n on 127.0.0.1 with this package installed as a community package, the
 * local Events API emulator trickling events of all three types (and serving 1Password Connect
 * for vault and item names on the same address), the example workflows imported and active (the
 * demo turns every event into one sentence, with names), until Ctrl-C stops everything.
 *
 * First run installs Node.js 24 and n8n into .cache/ (minutes); later runs start in seconds.
 * Options: --n8n <version> (a pinned release, see e2e/n8n/versions.ts), --port <editor port>.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startEmulator, type Emulator } from '../emulator';
import { N8nClient } from '../e2e/n8n/client';
import { formatDuration } from '../e2e/n8n/exec';
import { buildAndPack, installIntoN8n, PACKAGE_NAME } from '../e2e/n8n/package';
import { startUserFolder } from '../e2e/n8n/paths';
import { freePort } from '../e2e/n8n/ports';
import { startN8n, type N8nServer } from '../e2e/n8n/process';
import { ensureN8n } from '../e2e/n8n/runtime';
import { DEMO_WORKFLOW_ID, EXAMPLE_CONNECT_CREDENTIAL, seedExamples } from '../e2e/n8n/seed';
import { DEFAULT_N8N_VERSION, N8N_RELEASES } from '../e2e/n8n/versions';

/** A local demo login, printed on start; the editor only listens on 127.0.0.1. */
const DEMO_OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Events-demo-1Password',
};

function options() {
	const { values } = parseArgs({
		options: {
			n8n: { type: 'string', default: process.env.N8N_VERSION ?? DEFAULT_N8N_VERSION },
			port: { type: 'string', default: process.env.N8N_PORT ?? '5678' },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		console.log(
			`npm start [-- --n8n <${Object.keys(N8N_RELEASES).join('|')}>] [--port <editor port, default 5678>]`,
		);
		process.exit(0);
	}
	return { version: values.n8n, port: Number(values.port) };
}

async function main(): Promise<void> {
	const { version, port: preferredPort } = options();
	const started = Date.now();
	console.log(
		`Starting n8n ${version} with ${PACKAGE_NAME} and the local 1Password Events API emulator.\n`,
	);
	const runtime = await ensureN8n(version);

	const userFolder = startUserFolder(version);
	fs.mkdirSync(userFolder, { recursive: true });
	const logs = path.join(userFolder, 'logs');
	fs.mkdirSync(logs, { recursive: true });
	console.log('Building and packing the package, installing it into n8n as a community package …');
	const installedVersion = await installIntoN8n(await buildAndPack(), userFolder);

	// A small backlog over the last two hours (the demo looks back one), then a slow live trickle:
	// one event of each type every ten seconds, a tenth of the item usages uploaded late.
	let emulator: Emulator | undefined = await startEmulator({
		port: await freePort(8787),
		backlog: 200,
		backlogSpanMs: 2 * 60 * 60 * 1000,
		live: { perSecond: 0.1, lateRatio: 0.1 },
	});
	const token = emulator.issueToken();
	let server: N8nServer | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the emulator …');
		await server?.stop();
		await emulator?.stop();
		emulator = undefined;
		console.log('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		console.log('Importing the example credentials and workflows, activating them …');
		const cli = { runtime, userFolder, logFile: path.join(logs, 'n8n-cli.log') };
		const examples = await seedExamples(cli, emulator.url, token, emulator.connectToken);

		const port = await freePort(preferredPort);
		const brokerPort = await freePort();
		console.log(`Starting n8n on http://127.0.0.1:${port} …`);
		server = await startN8n({
			runtime,
			userFolder,
			port,
			brokerPort,
			consoleLogFile: path.join(logs, 'n8n.log'),
		});
		const client = new N8nClient(server.url);
		if (await client.needsOwnerSetup()) await client.setupOwner(DEMO_OWNER);

		const line = '─'.repeat(72);
		console.log(`\n${line}`);
		console.log(
			`n8n ${version} is running, with ${PACKAGE_NAME} ${installedVersion} (ready in ${formatDuration(Date.now() - started)})\n`,
		);
		console.log(`  Editor      ${server.url}`);
		console.log(`  Sign in     ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
		// Straight to the Executions tab: n8n 2.x opens its "Production Checklist" popover over the
		// header's tabs the first time a browser shows an active workflow (kept per browser, in
		// IndexedDB, not a setting n8n could be given); its × closes it for good.
		console.log(
			`  Demo        ${server.url}/workflow/${DEMO_WORKFLOW_ID}/executions  (one execution per minute)`,
		);
		for (const example of examples.filter((workflow) => workflow.id !== DEMO_WORKFLOW_ID)) {
			console.log(`  Example     ${server.url}/workflow/${example.id}  ${example.name}`);
		}
		console.log(
			`  Emulator    ${emulator.url}  (1 event of each type per 10 s; admin API under /admin/)`,
		);
		console.log(
			`  Connect     ${emulator.url}  token ${emulator.connectToken}  (vault and item names; credential "${EXAMPLE_CONNECT_CREDENTIAL.name}")`,
		);
		console.log(`  Logs        ${path.relative(process.cwd(), logs)}/`);
		console.log('\n  Open the trigger node and press "Fetch Test Event" to see the newest events.');
		console.log(
			'  Build your own alert: in a Slack or Send Email node write {{ $json.summary }} (Simplified',
		);
		console.log(
			"  output, the default of a new trigger). On Raw output the fields are the records' own:",
		);
		console.log(
			'  {{ $json.user.name }}, {{ $json.action }}, {{ $json.vault_uuid }} (README: "Build your own alert").',
		);
		console.log(
			'  n8n shows a "Production Checklist" popover the first time it shows an active workflow: × closes it.',
		);
		console.log(`  Ctrl-C stops n8n and the emulator.\n${line}`);

		const code = await server.exited;
		if (!stopping) {
			console.error(`n8n exited on its own (code ${code}); see ${server.logFile}`);
			await stopAll(1);
		}
	} catch (error) {
		console.error((error as Error).message);
		await stopAll(1);
	}
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
