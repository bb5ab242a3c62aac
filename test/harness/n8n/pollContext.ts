/**
 * A real n8n-core PollContext for integration tests and the poll tool, built the way n8n's own trigger test helpers
 * build one: n8n-core's real request helpers send real HTTP; only the pieces a server would give
 * (credentials store, workflow row) are supplied here. The credential's own `authenticate` runs,
 * exactly as n8n's CredentialsHelper would call it.
 */
import { PollContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';

import { OnePasswordEventsTrigger } from '../../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.ts';
import { buildHost, recordLogs } from './host';
import type { LogLine } from './host';

export type { LogLine } from './host';

export interface PollHarnessOptions {
	credential: ICredentialDataDecryptedObject;
	/** The 1Password Connect API credential, when the test turns names on. */
	connectCredential?: ICredentialDataDecryptedObject;
	/** The n8n API credential, when the test turns Confirm Delivery on. */
	n8nCredential?: ICredentialDataDecryptedObject;
	parameters?: IDataObject;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	workflowId?: string;
	nodeId?: string;
	timezone?: string;
	/** The trigger's version as saved (default 1). */
	typeVersion?: number;
	/** Omit to test hosts without getPollBudgetMs (n8n before it existed). */
	pollBudgetMs?: number;
}

export function makePollContext(options: PollHarnessOptions): {
	context: IPollFunctions;
	logs: LogLine[];
	staticData: IDataObject;
} {
	const staticData = options.staticData ?? {};
	const { node, workflow, additionalData } = buildHost({
		...options,
		withConnectCredential: options.connectCredential !== undefined,
		withN8nCredential: options.n8nCredential !== undefined,
		nodeType: new OnePasswordEventsTrigger(),
	});
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'trigger',
		'activate',
	);
	Object.assign(context, {
		getCredentials: async (type: string) => {
			if (type === 'onePasswordN8nApi') {
				if (!options.n8nCredential) throw new Error('Node does not have any credentials set');
				return { ...options.n8nCredential };
			}
			if (type !== 'onePasswordConnectApi') return { ...options.credential };
			if (!options.connectCredential) throw new Error('Node does not have any credentials set');
			return { ...options.connectCredential };
		},
		getWorkflowStaticData: () => staticData,
	});
	const logs = recordLogs(context);
	// Without a budget, behave like hosts that predate getPollBudgetMs.
	Object.defineProperty(context, 'getPollBudgetMs', {
		value: options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs,
	});
	return { context: context as unknown as IPollFunctions, logs, staticData };
}

/** Runs the real trigger's poll() once. */
export async function runPoll(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	return await new OnePasswordEventsTrigger().poll.call(context);
}

/** The uuids of one poll's items, in order. */
export function uuidsOf(result: INodeExecutionData[][] | null): string[] {
	return (result?.[0] ?? []).map((item) => String(item.json.uuid));
}
