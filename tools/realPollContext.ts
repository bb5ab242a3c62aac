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
	IHttpRequestOptions,
	INode,
	INodeParameters,
	INodeExecutionData,
	IPollFunctions,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OnePasswordEventsApi } from '../credentials/OnePasswordEventsApi.credentials';
import { OnePasswordEventsTrigger } from '../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node.ts';

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
	const nodeType = new OnePasswordEventsTrigger();
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	// A real n8n Workflow, so parameters resolve (expressions, defaults) as they do in n8n.
	const workflow = new Workflow({
		id: options.workflowId ?? `wf-${++workflowCounter}`,
		name: 'test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: {},
		settings: { timezone: options.timezone ?? 'UTC' },
	});
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
	});
	// `logger` is a getter on n8n's context; shadow it to read what the node logs.
	Object.defineProperty(context, 'logger', {
		value: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
	});
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
