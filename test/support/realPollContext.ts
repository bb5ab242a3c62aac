/**
 * A real n8n-core PollContext for integration tests, built the way n8n's own trigger test helpers
 * build one: n8n-core's real request helpers send real HTTP; only the pieces a server would give
 * (credentials store, workflow row) are supplied here. The credential's own `authenticate` runs,
 * exactly as n8n's CredentialsHelper would call it.
 */
import { PollContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	INodeExecutionData,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { OnePasswordEventsApi } from '../../credentials/OnePasswordEventsApi.credentials';
import { OnePasswordEventsTrigger } from '../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node';

export interface LogLine {
	level: string;
	message: string;
}

export interface PollHarnessOptions {
	credential: ICredentialDataDecryptedObject;
	parameters?: IDataObject;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	workflowId?: string;
	nodeId?: string;
	timezone?: string;
	/** Omit to test hosts without getPollBudgetMs (n8n before it existed). */
	pollBudgetMs?: number;
}

let workflowCounter = 0;

export function makePollContext(options: PollHarnessOptions): { context: IPollFunctions; logs: LogLine[]; staticData: IDataObject } {
	const credential = new OnePasswordEventsApi();
	const staticData = options.staticData ?? {};
	const node: INode = {
		id: options.nodeId ?? 'trigger-node',
		name: '1Password Events Trigger',
		type: 'n8n-nodes-1password-events.onePasswordEventsTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: (options.parameters ?? {}) as INodeParameters,
		credentials: { onePasswordEventsApi: { id: '1', name: 'Events' } },
	};
	const description = new OnePasswordEventsTrigger().description;
	const workflow = {
		id: options.workflowId ?? `wf-${++workflowCounter}`,
		name: 'test',
		timezone: options.timezone ?? 'UTC',
		active: true,
		nodeTypes: { getByNameAndVersion: () => ({ description }) },
		getStaticData: () => staticData,
	} as unknown as Workflow;
	const additionalData = {
		credentialsHelper: {
			getParentTypes: () => [],
			preAuthentication: async () => undefined,
			authenticate: async (data: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions) =>
				await credential.authenticate(data, request),
		},
		hooks: {},
		evalLlmMockHandler: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(workflow, node, additionalData, mode, 'activate');
	const logs: LogLine[] = [];
	const record = (level: string) => (message: string) => logs.push({ level, message });
	Object.assign(context, {
		getCredentials: async () => ({ ...options.credential }),
		getWorkflowStaticData: () => staticData,
		logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
	});
	const withBudget = context as unknown as { getPollBudgetMs?: () => number };
	if (options.pollBudgetMs === undefined) delete withBudget.getPollBudgetMs;
	else withBudget.getPollBudgetMs = () => options.pollBudgetMs as number;
	if (options.pollBudgetMs === undefined) Object.defineProperty(context, 'getPollBudgetMs', { value: undefined });
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
