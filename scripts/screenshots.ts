/**
 * `npm run screenshots`: the README's pictures of the n8n editor, taken in a real headless
 * Chromium (playwright-core, the system browser at /usr/bin/chromium; nothing is downloaded).
 *
 * Starts what `npm start` starts (n8n with this package installed, the Events API emulator, the
 * example workflows imported and active), but in a fresh, throw-away user folder so every run
 * shows the same state. Signs in through the editor and saves into docs/images/:
 *
 *   trigger-node.png        the trigger's parameters in the demo workflow, Add Vault and Item
 *                           Names on with the Connect credential selected
 *   credential.png          the Events API credential screen (the token is a masked password field)
 *   connect-credential.png  the 1Password Connect credential screen (token masked as well)
 *   executions.png          the demo workflow's executions, one open with its summaries (names
 *                           from Connect) in the logs panel
 *
 * No picture is saved in which either token could be read (page text or an unmasked field).
 * Then stops everything it started. Without /usr/bin/chromium it says so and exits 0.
 * Options: --n8n <version>.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { BrowserContext, Page } from 'playwright-core';

import { startEmulator, type Emulator } from '../emulator';
import { N8nClient, nodeOutput, type ExecutionSummary } from '../e2e/n8n/client';
import { formatDuration } from '../e2e/n8n/exec';
import { buildAndPack, installIntoN8n } from '../e2e/n8n/package';
import { CACHE_DIR, REPO_ROOT } from '../e2e/n8n/paths';
import { freePort } from '../e2e/n8n/ports';
import { startN8n, type N8nServer } from '../e2e/n8n/process';
import { ensureN8n } from '../e2e/n8n/runtime';
import {
	DEMO_WORKFLOW_ID,
	EXAMPLE_CONNECT_CREDENTIAL,
	EXAMPLE_CREDENTIAL,
	exampleWorkflows,
	seedExamples,
} from '../e2e/n8n/seed';
import { DEFAULT_N8N_VERSION } from '../e2e/n8n/versions';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };
const IMAGES_DIR = path.join(REPO_ROOT, 'docs', 'images');
/** The same demo login `npm start` prints. */
const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Events-demo-1Password',
};
const TRIGGER_NAME = '1Password Events Trigger';
const LINE_NODE_NAME = 'Readable line';
/** Executions of the demo workflow to wait for before the executions picture (one per minute). */
const EXECUTIONS_WANTED = 3;
/** The execution shown starts with this many item usages named from Connect, if one does. */
const NAMED_LINES_WANTED = 3;
/** How far the logs panel of the executions picture is dragged up (px). */
const LOGS_PANEL_RAISE_PX = 260;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message: string): void {
	console.log(`[screenshots] ${message}`);
}

/**
 * Closes the toasts and the "Production Checklist" popover n8n may show over a fresh editor
 * (not with Escape, which would close an open panel too).
 */
async function dismissToasts(page: Page): Promise<void> {
	const checklist = page.getByText(/^Production checklist$/i);
	if (await checklist.isVisible().catch(() => false)) {
		log('the Production checklist popover showed: closing it');
		// The popover's close button sits next to its title.
		const close = checklist
			.locator('xpath=..')
			.locator('button, [role="button"], .el-icon, svg')
			.first();
		await close.click({ timeout: 2000 }).catch(() => page.keyboard.press('Escape'));
		await checklist.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
	}
	for (const selector of [
		'.el-notification .el-notification__closeBtn',
		'[data-test-id="notification-close"]',
	]) {
		for (const close of await page.locator(selector).all())
			await close.click({ timeout: 1000 }).catch(() => undefined);
	}
}

/**
 * n8n 2.x opens its "Production checklist" popover (WorkflowProductionChecklist, "suggested
 * actions") by itself the first time a browser shows an active workflow, over the header's
 * Workflow / Executions tabs. It is no server or user setting: the editor keeps, per browser, a
 * `firstActivatedAt` per workflow id in IndexedDB (database `n8n-local`, store `workflows`) and
 * opens the popover when there is none. Writing one for every example before opening them keeps
 * it shut, as it stays for a user who has closed it once. 1.x has no such popover and ignores it.
 */
async function markChecklistSeen(page: Page, workflowIds: string[]): Promise<void> {
	await page.evaluate(async (ids) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('n8n-local', 1);
			request.onupgradeneeded = () =>
				request.result.createObjectStore('workflows', { keyPath: 'key' });
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		await new Promise<void>((resolve, reject) => {
			const transaction = db.transaction('workflows', 'readwrite');
			const store = transaction.objectStore('workflows');
			for (const id of ids)
				store.put({ key: id, value: JSON.stringify({ firstActivatedAt: Date.now() }) });
			transaction.oncomplete = () => resolve();
			transaction.onerror = () => reject(transaction.error);
		});
		db.close();
	}, workflowIds);
}

/** Every token handed to n8n: none may be readable in a picture. */
let secrets: string[] = [];

/**
 * Refuses to save a picture in which a token could be read: in the page's text, or as the value
 * of any field that is not a masked password field.
 */
async function assertNoSecrets(page: Page, name: string): Promise<void> {
	const visible = await page.evaluate(() => [
		document.body.innerText,
		...Array.from(document.querySelectorAll('input, textarea'))
			.filter((field) => (field as HTMLInputElement).type !== 'password')
			.map((field) => (field as HTMLInputElement).value),
	]);
	const shown = secrets.filter(
		(secret) => secret !== '' && visible.some((text) => text.includes(secret)),
	);
	if (shown.length > 0) throw new Error(`${name} would show a token; not saving it`);
}

async function save(page: Page, name: string): Promise<string> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await sleep(750); // animations (panels sliding in, canvas fit) settle
	await assertNoSecrets(page, name);
	const file = path.join(IMAGES_DIR, name);
	await page.screenshot({ path: file });
	log(`saved ${path.relative(REPO_ROOT, file)}`);
	return file;
}

async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
		.first()
		.fill(OWNER.email);
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** (1) The trigger node's parameters panel in the demo workflow. */
async function triggerNode(page: Page, baseUrl: string): Promise<void> {
	const demo = exampleWorkflows().find((workflow) => workflow.id === DEMO_WORKFLOW_ID);
	const trigger = demo?.json.nodes.find((node) => node.name === TRIGGER_NAME) as
		{ id?: string } | undefined;
	if (!trigger?.id) throw new Error(`no node "${TRIGGER_NAME}" with an id in the demo workflow`);
	await page.goto(`${baseUrl}/workflow/${DEMO_WORKFLOW_ID}/${trigger.id}`);
	const panel = page.locator('[data-test-id="ndv"], .ndv-wrapper').first();
	await panel.waitFor({ state: 'visible', timeout: 30_000 });
	await page.getByText('Event Types', { exact: false }).first().waitFor({ timeout: 15_000 });
	await dismissToasts(page);
	await save(page, 'trigger-node.png');
	await page.keyboard.press('Escape');
}

/** (2) The credential edit screen; the token must be a password field. */
async function credential(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/home/credentials/${EXAMPLE_CREDENTIAL.id}`);
	const modal = page.locator('[data-test-id="editCredential-modal"], .el-dialog').first();
	await modal.waitFor({ state: 'visible', timeout: 30_000 });
	await modal.getByText('Bearer Token', { exact: false }).first().waitFor({ timeout: 15_000 });
	const visibleSecrets = await modal
		.locator('input:not([type="password"])')
		.evaluateAll((inputs) =>
			inputs
				.map((input) => (input as HTMLInputElement).value)
				.filter((value) => /^eyJ|\.[\w-]{20,}\./.test(value)),
		);
	if (visibleSecrets.length > 0)
		throw new Error('the credential screen shows token text in a plain field; not saving it');
	if ((await modal.locator('input[type="password"]').count()) === 0)
		throw new Error('no password field on the credential screen');
	await save(page, 'credential.png');
	await page.keyboard.press('Escape');
}

/** (3) The 1Password Connect credential (vault and item names); the token must be masked too. */
async function connectCredential(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/home/credentials/${EXAMPLE_CONNECT_CREDENTIAL.id}`);
	const modal = page.locator('[data-test-id="editCredential-modal"], .el-dialog').first();
	await modal.waitFor({ state: 'visible', timeout: 30_000 });
	await modal.getByText('Access Token', { exact: false }).first().waitFor({ timeout: 15_000 });
	if ((await modal.locator('input[type="password"]').count()) === 0)
		throw new Error('no password field on the Connect credential screen');
	await save(page, 'connect-credential.png');
	await page.keyboard.press('Escape');
}

/** How many of an execution's first lines are item usages named from Connect (0 to 3). */
function namedLeadingLines(execution: ExecutionSummary): number {
	const lines = nodeOutput(execution, LINE_NODE_NAME).slice(0, NAMED_LINES_WANTED);
	return lines.filter(
		(line) => line.eventType === 'itemUsage' && typeof line.vaultName === 'string',
	).length;
}

/**
 * Waits until the demo workflow has run a few times, returns the id of the execution to show: the
 * newest whose first lines (the rows the picture has room for) are item usages with vault and
 * item names, else the newest.
 */
async function waitForExecutions(client: N8nClient): Promise<string> {
	const deadline = Date.now() + 4 * 60_000;
	for (;;) {
		const runs = (await client.executions(DEMO_WORKFLOW_ID, true)).filter(
			(run) => run.status === 'success',
		);
		const best = [...runs].sort((a, b) => namedLeadingLines(b) - namedLeadingLines(a))[0];
		const named = best ? namedLeadingLines(best) : 0;
		if (runs.length >= EXECUTIONS_WANTED && named === NAMED_LINES_WANTED) return best.id;
		if (Date.now() > deadline) {
			if (best) return best.id;
			throw new Error('the demo workflow did not run within four minutes');
		}
		log(
			`${runs.length}/${EXECUTIONS_WANTED} demo executions so far (the best starts with ${named}/${NAMED_LINES_WANTED} named item usages), waiting …`,
		);
		await sleep(10_000);
	}
}

/**
 * (4) The executions list, one execution open with its lines (each event's summary, with vault and
 * item names) in a raised logs panel.
 */
async function executions(page: Page, baseUrl: string, executionId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${DEMO_WORKFLOW_ID}/executions/${executionId}`);
	await page.getByText(LINE_NODE_NAME, { exact: true }).first().waitFor({ timeout: 30_000 });
	await page
		.getByText(/^\d+ items?$/)
		.first()
		.waitFor({ timeout: 30_000 });
	await sleep(1500); // the checklist popover comes a moment later
	await dismissToasts(page);
	// The canvas subtitles show display names ("Item Usages, Sign-In Attempts, …"), not values.
	const subtitles = await page
		.locator('[data-test-id="canvas-node"] [class*="subtitle"]')
		.allInnerTexts();
	log(`canvas subtitles: ${subtitles.map((text) => `"${text}"`).join(', ') || 'none found'}`);
	if (subtitles.some((text) => /itemUsages|signInAttempts|auditEvents/.test(text)))
		throw new Error(`a canvas subtitle shows internal values: ${subtitles.join(' | ')}`);
	// The logs panel under the canvas: the run's nodes, and the output of the one picked.
	const logs = page.locator('[data-test-id="logs-panel"]');
	if (!(await logs.locator('[data-test-id="logs-overview-body"]').isVisible())) {
		await logs.locator('[data-test-id="logs-overview-header"]').click();
	}
	const output = logs.locator('[data-test-id="log-details-output"]');
	const entry = logs
		.locator('[data-test-id="logs-overview-body"]')
		.getByText(LINE_NODE_NAME, { exact: true })
		.first();
	// A click selects the entry, or deselects it when it already was: try twice, then "Details".
	for (let attempt = 0; attempt < 2 && !(await output.isVisible()); attempt++) {
		await entry.click();
		await output.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
	}
	if (!(await output.isVisible())) await logs.getByText('Details', { exact: true }).first().click();
	await output.waitFor({ state: 'visible', timeout: 15_000 });
	// Taller logs panel, so that several sentences show: drag its top edge up.
	const handle = logs.locator('[data-test-id="resize-handle"][data-dir="top"]').first();
	const box = await handle.boundingBox().catch(() => null);
	if (box) {
		const x = box.x + box.width / 2;
		const y = box.y + box.height / 2;
		await page.mouse.move(x, y);
		await page.mouse.down();
		await page.mouse.move(x, y - LOGS_PANEL_RAISE_PX, { steps: 12 });
		await page.mouse.up();
	}
	await dismissToasts(page);
	await save(page, 'executions.png');
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: { n8n: { type: 'string', default: process.env.N8N_VERSION ?? DEFAULT_N8N_VERSION } },
	});
	const version = values.n8n;
	if (!fs.existsSync(CHROMIUM)) {
		console.log(
			`No Chromium at ${CHROMIUM}: skipping the editor screenshots (install Debian's "chromium" to take them).`,
		);
		return;
	}
	const started = Date.now();
	const { chromium } = await import('playwright-core');
	const runtime = await ensureN8n(version);

	// A fresh user folder per run: same owner, same examples, no executions from earlier runs.
	const work = path.join(CACHE_DIR, 'screenshots', `n8n-${version}`);
	fs.rmSync(work, { recursive: true, force: true });
	const userFolder = path.join(work, 'user');
	const logs = path.join(work, 'logs');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(logs, { recursive: true });
	fs.mkdirSync(IMAGES_DIR, { recursive: true });

	let emulator: Emulator | undefined;
	let server: N8nServer | undefined;
	let browser: BrowserContext | undefined;
	let page: Page | undefined;
	const stopAll = async () => {
		await browser?.close().catch(() => undefined);
		browser = undefined;
		await server?.stop();
		server = undefined;
		await emulator?.stop();
		emulator = undefined;
		fs.rmSync(path.join(work, 'chromium-profile'), { recursive: true, force: true });
	};
	const onSignal = () => void stopAll().then(() => process.exit(130));
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		log('building and installing the package into n8n …');
		await installIntoN8n(await buildAndPack(), userFolder);
		// As `npm start`: a backlog over the last two hours, then one event of each type per 10 s.
		emulator = await startEmulator({
			port: await freePort(),
			backlog: 200,
			backlogSpanMs: 2 * 60 * 60 * 1000,
			live: { perSecond: 0.1, lateRatio: 0.1 },
		});
		log('importing the example credentials and workflows …');
		const eventsToken = emulator.issueToken();
		secrets = [eventsToken, emulator.connectToken];
		const cli = { runtime, userFolder, logFile: path.join(logs, 'n8n-cli.log') };
		await seedExamples(cli, emulator.url, eventsToken, emulator.connectToken);
		const port = await freePort();
		server = await startN8n({
			runtime,
			userFolder,
			port,
			brokerPort: await freePort(),
			consoleLogFile: path.join(logs, 'n8n.log'),
		});
		log(`n8n ${version} on ${server.url}`);
		const client = new N8nClient(server.url);
		if (await client.needsOwnerSetup()) await client.setupOwner(OWNER);
		await client.login(OWNER.email, OWNER.password);
		await client.createApiKey('screenshots');

		// A new, empty profile (playwright passes it as --user-data-dir).
		browser = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
		});
		page = browser.pages()[0] ?? (await browser.newPage());
		await signIn(page, server.url);
		await markChecklistSeen(
			page,
			exampleWorkflows().map((example) => example.id),
		);
		log('signed in');

		await triggerNode(page, server.url);
		await credential(page, server.url);
		await connectCredential(page, server.url);
		const executionId = await waitForExecutions(client);
		await executions(page, server.url, executionId);
		log(`done in ${formatDuration(Date.now() - started)}`);
	} catch (error) {
		if (page) {
			const debug = path.join(work, 'failure.png');
			await page.screenshot({ path: debug }).catch(() => undefined);
			console.error(
				`[screenshots] the page at the failure: ${path.relative(REPO_ROOT, debug)} (${page.url()})`,
			);
		}
		throw error;
	} finally {
		await stopAll();
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
