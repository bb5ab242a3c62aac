/**
 * "Fetch Test Event" in the editor: a manual run of the trigger on an active workflow shows a few
 * of the newest events of each selected type and leaves the workflow's stored positions alone.
 */
import { nodeOutput } from '../n8n/client';
import { emulatorCredentialData, CREDENTIAL_TYPE } from '../n8n/seed';
import { waitUntil } from '../checks';
import { client, type SuiteContext } from '../context';
import { deliveryWorkflow, TRIGGER_NAME } from '../workflows';

/** The trigger's documented sample size per event type. */
const SAMPLE_PER_TYPE = 5;

export async function checkFetchTestEvent(context: SuiteContext): Promise<void> {
	const name = 'fetch test event';
	const token = context.emulator.issueToken();
	context.tokens.push(token);
	const credentialId = await client(context).createCredential(
		name,
		CREDENTIAL_TYPE,
		emulatorCredentialData(context.emulator.url, token),
	);
	const workflow = await client(context).createWorkflow(
		deliveryWorkflow({
			name,
			credentialId,
			sinkUrl: context.sink.url,
			trigger: {
				eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
				startFrom: 'now',
				output: 'raw',
			},
		}),
	);
	await client(context).activateWorkflow(workflow.id);
	// 2.x activates through an outbox, after the API call returns: wait for the activation poll to
	// have stored where each stream starts.
	let stored = 'null';
	await waitUntil(
		async () => {
			stored = JSON.stringify((await client(context).getWorkflow(workflow.id)).staticData ?? null);
			return stored.includes('positions');
		},
		30_000,
		500,
	);
	await context.checks.step(
		'Fetch Test Event: a manual run shows a few of the newest events of each type',
		async () => {
			const executionId = await client(context).runTriggerManually(workflow.id, TRIGGER_NAME);
			let execution = await client(context).execution(executionId);
			await waitUntil(async () => {
				execution = await client(context).execution(executionId);
				return execution.status !== 'running' && execution.status !== 'new';
			}, 30_000);
			const items = nodeOutput(execution, TRIGGER_NAME);
			const produced = new Set(context.source.produced.map((event) => event.uuid));
			const perType: Record<string, number> = {};
			for (const item of items)
				perType[String(item.event_type)] = (perType[String(item.event_type)] ?? 0) + 1;
			const counts = Object.values(perType);
			const ok =
				execution.mode === 'manual' &&
				execution.status === 'success' &&
				counts.length === 3 &&
				counts.every((count) => count >= 1 && count <= SAMPLE_PER_TYPE) &&
				items.every((item) => produced.has(String(item.uuid)));
			const detail = `${execution.mode} execution ${execution.status}, items per type ${JSON.stringify(perType)}`;
			if (!ok) throw new Error(detail);
			return detail;
		},
	);
	const after = JSON.stringify((await client(context).getWorkflow(workflow.id)).staticData ?? null);
	context.checks.check(
		'Fetch Test Event: the stored positions are unchanged',
		stored.includes('positions') && after === stored,
		after === stored
			? stored.slice(0, 120)
			: `before ${stored.slice(0, 200)}, after ${after.slice(0, 200)}`,
	);
	await client(context).deactivateWorkflow(workflow.id);
}
