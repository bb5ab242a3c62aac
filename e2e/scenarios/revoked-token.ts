/**
 * A token revoked while its workflow is active: the next poll fails as a failed execution whose
 * message says what to do, the workflow's error workflow runs with that message, and polls after
 * it in the same hour only log (no flood of failed executions).
 */
import fs from 'node:fs';
import path from 'node:path';

import { emulatorCredentialData, CREDENTIAL_TYPE } from '../n8n/seed';
import { client, type SuiteContext } from '../context';
import { deliveryWorkflow, errorWorkflow } from '../workflows';
import { LOOKBACK_DAYS } from './stream';

export const REJECTED_MESSAGE = /1Password rejected the token when fetching item usages \(401\)/;

export interface RevokedTokenScenario {
	workflowName: string;
	workflowId: string;
	errorWorkflowId: string;
	token: string;
	/** When the token was revoked (ms), once it was. */
	revokedAt?: number;
}

export async function createRevokedTokenWorkflows(
	context: SuiteContext,
): Promise<RevokedTokenScenario> {
	const errorFlow = await client(context).createWorkflow(
		errorWorkflow('error workflow', context.sink.url),
	);
	// n8n 2.x only calls an error workflow that is published (active); 1.x calls it as saved and
	// may refuse to activate a workflow whose only trigger is an Error Trigger.
	try {
		await client(context).activateWorkflow(errorFlow.id);
	} catch (error) {
		if (context.release.line === '2.x') throw error;
		context.checks.note(
			`error workflow not activated on n8n ${context.release.version}: ${(error as Error).message.slice(0, 160)}`,
		);
	}
	const token = context.emulator.issueToken();
	context.tokens.push(token);
	const workflowName = 'revoked token';
	const credentialId = await client(context).createCredential(
		workflowName,
		CREDENTIAL_TYPE,
		emulatorCredentialData(context.emulator.url, token),
	);
	const workflow = await client(context).createWorkflow(
		deliveryWorkflow({
			name: workflowName,
			credentialId,
			sinkUrl: context.sink.url,
			errorWorkflowId: errorFlow.id,
			trigger: {
				eventTypes: ['itemUsages'],
				startFrom: 'lookback',
				lookbackAmount: LOOKBACK_DAYS,
				lookbackUnit: 'days',
				output: 'raw',
			},
		}),
	);
	return { workflowName, workflowId: workflow.id, errorWorkflowId: errorFlow.id, token };
}

export async function failedExecutions(context: SuiteContext, scenario: RevokedTokenScenario) {
	return (await client(context).executions(scenario.workflowId, true)).filter(
		(execution) => execution.status === 'error' || execution.status === 'crashed',
	);
}

/** 401s the emulator answered on the item usages endpoint: only the revoked token gets them there. */
export function rejectedRequests(context: SuiteContext): number {
	return context.emulator.stats().requests.byPath['/api/v2/itemusages']?.byStatus['401'] ?? 0;
}

/** Failing polls the trigger only logged (n8n's log, all runs so far): the warning it writes instead of throwing. */
export function loggedOnlyFailures(context: SuiteContext): number {
	const log = fs.readFileSync(path.join(context.logsDir, 'n8n.log'), 'utf8');
	return log
		.split('\n')
		.filter((line) => line.includes('1Password Events Trigger: 1Password rejected the token'))
		.length;
}

/** Checks made while n8n still runs the process that saw the revocation (before the restart). */
export async function checkRevokedBeforeRestart(
	context: SuiteContext,
	scenario: RevokedTokenScenario,
	startUuids: Set<string>,
): Promise<void> {
	const { checks } = context;
	const delivered = context.sink.uuids(scenario.workflowName);
	checks.check(
		'revoked token: events before the revocation were delivered once each',
		delivered.length === new Set(delivered).size &&
			[...startUuids].every((uuid) => delivered.includes(uuid)),
		`${delivered.length} delivered, ${startUuids.size} were waiting at activation`,
	);
	const failed = await failedExecutions(context, scenario);
	const messages = failed.map((execution) => execution.data?.resultData.error?.message ?? '');
	checks.check(
		'revoked token: the first failing poll is a failed execution with a clear message',
		failed.length >= 1 && messages.every((message) => REJECTED_MESSAGE.test(message)),
		messages.map((message) => `"${message}"`).join(', ') || 'no failed execution',
	);
	const loggedOnly = loggedOnlyFailures(context);
	checks.check(
		'revoked token: later failing polls in the same hour only log (one failed execution)',
		failed.length === 1 && loggedOnly >= 1,
		`${failed.length} failed execution, ${loggedOnly} failing polls logged only, ${rejectedRequests(context)} requests rejected (401)`,
	);
	const errors = context.sink.errors().filter((error) => error.workflowId === scenario.workflowId);
	checks.check(
		'revoked token: the error workflow ran with the message',
		errors.length === 1 && REJECTED_MESSAGE.test(String(errors[0].message)),
		errors.map((error) => `"${String(error.message)}"`).join(', ') || 'error workflow not called',
	);
}
