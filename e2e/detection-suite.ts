/**
 * The detection library (examples/detections) in a real n8n: every detection workflow imported as
 * shipped (only its credentials, its Send alert URL pointed at the local sink, and the values a
 * user fills in set, e.g. which vaults are sensitive), activated, and driven by its scenario
 * (e2e/detections) in an account (emulator) of its own:
 *
 *  1. n8n starts; every detection's trigger stores its first position;
 *  2. each scenario's first events (those that must fire, the near misses that must not, and
 *     the first half of every burst or baseline) go to the emulator;
 *  3. once two poll ticks have passed, n8n is stopped and started again;
 *  4. each scenario's second events (the rest of the bursts, the new places…) go to the emulator;
 *     the state from before the restart must have survived for them to fire;
 *  5. once every expected alert has arrived (or the time is up), more of the same (the bursts go
 *     on, the new place is used again), and one more tick;
 *  6. the alerts at the sink are compared with the expected ones: none missing, none extra,
 *     none twice; and no detection execution may have failed.
 */
import fs from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator } from '../emulator';
import { activateWorkflow, importCredentials, importWorkflowFolder } from './n8n/cli';
import { N8N_ENGINES } from './n8n/engines';
import { installIntoN8n } from './n8n/package';
import { EXAMPLES_DIR } from './n8n/paths';
import type { N8nRuntime } from './n8n/runtime';
import {
	CONNECT_CREDENTIAL_TYPE,
	CREDENTIAL_TYPE,
	emulatorConnectCredentialData,
	emulatorCredentialData,
	type ExampleWorkflow,
} from './n8n/seed';
import { Checks, sleep, waitUntil } from './checks';
import { client } from './context';
import { Feed } from './detections/feed';
import { DETECTION_SCENARIOS } from './detections/index';
import type { DetectionScenario, ExpectedAlert } from './detections/scenario';
import type { ReceivedAlert } from './sink';
import { openSession } from './session';
import type { SuiteResult } from './suite';

const DETECTIONS_DIR = path.join(EXAMPLES_DIR, 'detections');
const TRIGGER = '1Password Events Trigger';
const MINUTE = 60_000;
/**
 * Each scenario plays in a 1Password account of its own (an emulator each), so one detection's
 * events never reach another detection's workflow: every scenario is a whole specification.
 */
interface Account {
	emulator: Emulator;
	feed: Feed;
	credential: { id: string; name: string };
	connectCredential: { id: string; name: string };
}

/** n8n credential ids are 16 letters and digits. */
function accountCredentials(index: number): Pick<Account, 'credential' | 'connectCredential'> {
	const number = String(index).padStart(5, '0');
	return {
		credential: { id: `op1pAccount${number}`, name: `1Password Events (account ${index})` },
		connectCredential: { id: `op1pConnect${number}`, name: `1Password Connect (account ${index})` },
	};
}

/** A detection workflow file, shaped as the examples are. */
type DetectionWorkflow = ExampleWorkflow['json'];

function readDetection(detection: string): DetectionWorkflow {
	return JSON.parse(
		fs.readFileSync(path.join(DETECTIONS_DIR, `${detection}.json`), 'utf8'),
	) as DetectionWorkflow;
}

/**
 * The workflow as a user would set it up: alerts to the sink, their own values in Settings, and
 * the scenario's trigger options. Anything else stays as shipped.
 */
function setUp(scenario: DetectionScenario, sinkUrl: string, account: Account): DetectionWorkflow {
	const workflow = readDetection(scenario.detection);
	for (const node of workflow.nodes) {
		if (node.credentials?.onePasswordEventsApi)
			node.credentials.onePasswordEventsApi = account.credential;
		if (node.credentials?.onePasswordConnectApi)
			node.credentials.onePasswordConnectApi = account.connectCredential;
		if (node.name === 'Send alert')
			node.parameters.url = `${sinkUrl}/alerts/${encodeURIComponent(scenario.detection)}`;
		if (node.name === 'Settings') {
			const assignments = (
				node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
			).assignments;
			for (const [name, value] of Object.entries(scenario.settings ?? {})) {
				const assignment = assignments.find((entry) => entry.name === name);
				if (!assignment) throw new Error(`${scenario.detection}: Settings has no "${name}"`);
				assignment.value = value;
			}
		}
		if (node.name === TRIGGER)
			node.parameters.options = {
				...(node.parameters.options as object),
				...scenario.triggerOptions,
			};
	}
	return workflow;
}

/** Whether an alert is the expected one: same subject, and it names every expected event. */
function matches(alert: ReceivedAlert, expected: ExpectedAlert): boolean {
	return (
		alert.subject === expected.subject &&
		expected.events.every((uuid) => alert.events.includes(uuid))
	);
}

export async function runDetectionSuite(
	runtime: N8nRuntime,
	tarball: string,
	log: (line: string) => void,
): Promise<SuiteResult> {
	const started = Date.now();
	const timings: Record<string, number> = {};
	const checks = new Checks(log);
	const session = await openSession({
		runtime,
		engine: N8N_ENGINES.default,
		name: `n8n-${runtime.version}-detections`,
		seed: `detections-${runtime.version}`,
		checks,
		timings,
		log,
	});
	const { context } = session;
	const { sink, userFolder } = context;
	const accounts: Account[] = [];
	const expected = new Map<string, ExpectedAlert[]>(
		DETECTION_SCENARIOS.map((scenario) => [scenario.detection, []]),
	);
	const expectAll = (scenario: DetectionScenario, alerts: ExpectedAlert[]) =>
		expected.get(scenario.detection)?.push(...alerts);
	const allArrived = () =>
		DETECTION_SCENARIOS.every((scenario) =>
			(expected.get(scenario.detection) ?? []).every((alert) =>
				sink.alerts(scenario.detection).some((received) => matches(received, alert)),
			),
		);

	try {
		await installIntoN8n(tarball, userFolder);
		const credentials: object[] = [];
		for (const [index, scenario] of DETECTION_SCENARIOS.entries()) {
			const emulator = await startEmulator({
				port: 0,
				seed: `${scenario.detection}-${runtime.version}`,
				backlog: 0,
				live: false,
			});
			const account: Account = {
				emulator,
				feed: new Feed(emulator.url),
				...accountCredentials(index + 1),
			};
			accounts.push(account);
			const token = emulator.issueToken();
			context.tokens.push(token, emulator.connectToken);
			credentials.push(
				{
					...account.credential,
					type: CREDENTIAL_TYPE,
					data: emulatorCredentialData(emulator.url, token),
				},
				{
					...account.connectCredential,
					type: CONNECT_CREDENTIAL_TYPE,
					data: emulatorConnectCredentialData(emulator.url, emulator.connectToken),
				},
			);
		}
		await importCredentials(session.cli, credentials);
		const folder = path.join(session.workDir, 'detections');
		fs.mkdirSync(folder, { recursive: true });
		const workflows = DETECTION_SCENARIOS.map((scenario, index) => ({
			scenario,
			workflow: setUp(scenario, sink.url, accounts[index]),
		}));
		for (const { scenario, workflow } of workflows)
			fs.writeFileSync(path.join(folder, `${scenario.detection}.json`), JSON.stringify(workflow));
		await importWorkflowFolder(session.cli, folder);
		for (const { workflow } of workflows) await activateWorkflow(session.cli, workflow.id);
		checks.check(
			'detections: every workflow in examples/detections has a scenario',
			fs
				.readdirSync(DETECTIONS_DIR)
				.filter((file) => file.endsWith('.json'))
				.every((file) => expected.has(file.replace(/\.json$/, ''))),
			fs.readdirSync(DETECTIONS_DIR).join(', '),
		);

		// 1. Every trigger has stored its first position (Start From: now).
		await session.start('first start');
		const positioned = await waitUntil(
			async () => {
				for (const { workflow } of workflows) {
					const { staticData } = await client(context).getWorkflow(workflow.id);
					const node = (staticData ?? {})[`node:${TRIGGER}`] as { positions?: object } | undefined;
					if (!node?.positions || Object.keys(node.positions).length === 0) return false;
				}
				return true;
			},
			2 * MINUTE,
			2_000,
		);
		checks.check('detections: every trigger stored its start position', positioned);

		// 2. The first events.
		const firstEvents = Date.now();
		for (const [index, scenario] of DETECTION_SCENARIOS.entries())
			expectAll(scenario, await scenario.beforeRestart(accounts[index].feed));
		// Two poll ticks, and nothing still running: the first events are in the detections' state.
		await sleep(2 * MINUTE + 5_000);
		await waitUntil(
			async () => (await client(context).runningExecutions()).length === 0,
			MINUTE,
			2_000,
		);
		timings['first events to restart'] = Date.now() - firstEvents;

		// 3. Restart.
		await session.server()?.stop();
		await session.start('restart');

		// 4. The second events.
		for (const [index, scenario] of DETECTION_SCENARIOS.entries())
			if (scenario.afterRestart)
				expectAll(scenario, await scenario.afterRestart(accounts[index].feed));
		const secondEvents = Date.now();
		const arrived = await waitUntil(allArrived, 5 * MINUTE, 2_000);
		timings['second events to every expected alert'] = Date.now() - secondEvents;
		// More of the same after the alerts, then one more tick: a duplicate or a false positive
		// would come now.
		for (const [index, scenario] of DETECTION_SCENARIOS.entries())
			await scenario.afterAlerts?.(accounts[index].feed);
		await sleep(MINUTE + 15_000);
		await waitUntil(
			async () => (await client(context).runningExecutions()).length === 0,
			MINUTE,
			2_000,
		);
		log(`detections: every expected alert arrived: ${arrived}`);

		// 5. Compare.
		for (const scenario of DETECTION_SCENARIOS) {
			const received = sink.alerts(scenario.detection);
			const wanted = expected.get(scenario.detection) ?? [];
			const missing = wanted.filter((alert) => !received.some((got) => matches(got, alert)));
			const twice = wanted.filter(
				(alert) => received.filter((got) => matches(got, alert)).length > 1,
			);
			const extra = received.filter((got) => !wanted.some((alert) => matches(got, alert)));
			checks.check(
				`detection ${scenario.detection}: ${wanted.length} expected alert(s), none missing, none extra, none twice`,
				missing.length === 0 && twice.length === 0 && extra.length === 0,
				[
					...missing.map((alert) => `missing: ${alert.why}`),
					...twice.map((alert) => `twice: ${alert.why}`),
					...extra.map((alert) => `extra: ${alert.text}`),
				].join('; '),
			);
			const failed = (await client(context).executions(workflowIdOf(workflows, scenario))).filter(
				(execution) => execution.status === 'error' || execution.status === 'crashed',
			);
			checks.check(
				`detection ${scenario.detection}: no failed execution`,
				failed.length === 0,
				failed.map((execution) => execution.id).join(', '),
			);
		}
		checks.note(
			`detections: ${DETECTION_SCENARIOS.reduce((sum, scenario) => sum + sink.alerts(scenario.detection).length, 0)} alerts received`,
		);
		await session.server()?.stop();
	} catch (error) {
		checks.check('detection suite ran to the end', false, (error as Error).stack ?? String(error));
	} finally {
		await session.close();
		for (const account of accounts) await account.emulator.stop();
	}
	return {
		version: runtime.version,
		engine: 'default',
		suite: 'detections',
		checks,
		wallMs: Date.now() - started,
		timings,
	};
}

function workflowIdOf(
	workflows: Array<{ scenario: DetectionScenario; workflow: DetectionWorkflow }>,
	scenario: DetectionScenario,
): string {
	const found = workflows.find((entry) => entry.scenario === scenario);
	if (!found) throw new Error(`no workflow for ${scenario.detection}`);
	return found.workflow.id;
}
