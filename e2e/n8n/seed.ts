/**
 * Seeds an n8n user folder headlessly, before `n8n start`: the credentials the shipped example
 * workflows refer to (the Events API and 1Password Connect, both served by a local emulator), the
 * examples themselves, and their activation. `npm start` and the e2e suite share this path, so the suite proves what users run.
 */
import fs from 'node:fs';
import path from 'node:path';

import {
	activateWorkflow,
	importCredentials,
	importWorkflowFolder,
	type N8nCliOptions,
} from './cli';
import { EXAMPLES_DIR } from './paths';

/** The credential every example refers to (by id and name, as n8n exports them). */
export const EXAMPLE_CREDENTIAL = {
	id: 'op1pEmulatorCred',
	name: '1Password Events (local emulator)',
} as const;
export const CREDENTIAL_TYPE = 'onePasswordEventsApi';
/**
 * The Connect credential the examples that show names refer to (Add Vault and Item Names). Its id
 * is 16 letters and digits, like every id n8n makes (its public API checks `^[A-Za-z0-9]{16}$`).
 */
export const EXAMPLE_CONNECT_CREDENTIAL = {
	id: 'op1pEmulatorConn',
	name: '1Password Connect (local emulator)',
} as const;
export const CONNECT_CREDENTIAL_TYPE = 'onePasswordConnectApi';
/** The example `npm start` points users at. */
export const DEMO_WORKFLOW_ID = 'op1pDemoAllEvent';

export interface ExampleWorkflow {
	id: string;
	name: string;
	file: string;
	/** The workflow as shipped, for assertions on its nodes and parameters. */
	json: {
		id: string;
		name: string;
		nodes: Array<{
			name: string;
			type: string;
			parameters: Record<string, unknown>;
			credentials?: Record<string, { id: string; name: string }>;
		}>;
	};
}

export function exampleWorkflows(): ExampleWorkflow[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = path.join(EXAMPLES_DIR, name);
			const json = JSON.parse(fs.readFileSync(file, 'utf8')) as ExampleWorkflow['json'];
			return { id: json.id, name: json.name, file, json };
		});
}

/** Credential data for the local emulator (region "custom": an explicit loopback URL). */
export function emulatorCredentialData(emulatorUrl: string, token: string): Record<string, string> {
	return { token, region: 'custom', customUrl: emulatorUrl };
}

/** Connect credential data for the local emulator, which serves Connect on the same base URL. */
export function emulatorConnectCredentialData(
	emulatorUrl: string,
	connectToken: string,
): Record<string, string> {
	return { serverUrl: emulatorUrl, token: connectToken };
}

/**
 * Imports (or re-imports: same ids) the example credentials and workflows and activates the
 * workflows. Returns the examples. Re-importing a workflow resets its static data, so its
 * positions start afresh, as they must with a freshly started emulator.
 */
export async function seedExamples(
	cli: N8nCliOptions,
	emulatorUrl: string,
	token: string,
	connectToken: string,
): Promise<ExampleWorkflow[]> {
	await importCredentials(cli, [
		{
			...EXAMPLE_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: emulatorCredentialData(emulatorUrl, token),
		},
		{
			...EXAMPLE_CONNECT_CREDENTIAL,
			type: CONNECT_CREDENTIAL_TYPE,
			data: emulatorConnectCredentialData(emulatorUrl, connectToken),
		},
	]);
	await importWorkflowFolder(cli, EXAMPLES_DIR);
	const examples = exampleWorkflows();
	for (const example of examples) await activateWorkflow(cli, example.id);
	return examples;
}
