/**
 * The parts of an n8n server that a node execution context needs, built for real where it
 * matters: a real n8n Workflow (parameters resolve, expressions and defaults included, as in n8n)
 * and a credentials helper that calls the credential's own `authenticate`, exactly as n8n's
 * CredentialsHelper does. n8n-core's real request helpers then send real HTTP.
 */
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { OnePasswordConnectApi } from '../../../credentials/OnePasswordConnectApi.credentials';
import { OnePasswordEventsApi } from '../../../credentials/OnePasswordEventsApi.credentials';
import { OnePasswordN8nApi } from '../../../credentials/OnePasswordN8nApi.credentials';

export interface LogLine {
	level: string;
	message: string;
}

export interface HostOptions {
	nodeType: INodeType;
	parameters?: IDataObject;
	workflowId?: string;
	nodeId?: string;
	timezone?: string;
	/** The node's version as saved in the workflow (default 1). */
	typeVersion?: number;
	/** Selects a 1Password Connect API credential on the node, as the editor would. */
	withConnectCredential?: boolean;
	/** Selects an n8n API credential (Confirm Delivery) on the node. */
	withN8nCredential?: boolean;
}

/** The generic (header) credentials of the package, by type. */
const GENERIC_CREDENTIALS = {
	onePasswordConnectApi: new OnePasswordConnectApi(),
	onePasswordN8nApi: new OnePasswordN8nApi(),
};

/**
 * A generic (declarative) credential's authentication, applied the way n8n's CredentialsHelper
 * does: each header value that is an expression is resolved with `$credentials` set.
 */
function applyGenericAuth(
	type: keyof typeof GENERIC_CREDENTIALS,
	workflow: Workflow,
	node: INode,
	data: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): IHttpRequestOptions {
	const { headers = {} } = GENERIC_CREDENTIALS[type].authenticate.properties;
	const resolved: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		resolved[name] =
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', {
						$credentials: data,
					})
				: value;
	}
	return { ...request, headers: { ...request.headers, ...resolved } };
}

let workflowCounter = 0;

export function buildHost(options: HostOptions): {
	node: INode;
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
} {
	const credential = new OnePasswordEventsApi();
	const { description } = options.nodeType;
	const node: INode = {
		id: options.nodeId ?? `${description.name}-node`,
		name: description.defaults.name ?? description.displayName,
		type: `n8n-nodes-1password-events.${description.name}`,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: (options.parameters ?? {}) as INodeParameters,
		credentials: {
			onePasswordEventsApi: { id: '1', name: 'Events' },
			...(options.withConnectCredential
				? { onePasswordConnectApi: { id: '2', name: 'Connect' } }
				: {}),
			...(options.withN8nCredential ? { onePasswordN8nApi: { id: '3', name: 'n8n' } } : {}),
		},
	};
	const nodeTypes = {
		getByName: () => options.nodeType,
		getByNameAndVersion: () => options.nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
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
			authenticate: async (
				data: ICredentialDataDecryptedObject,
				type: string,
				request: IHttpRequestOptions,
			) =>
				type in GENERIC_CREDENTIALS
					? applyGenericAuth(
							type as keyof typeof GENERIC_CREDENTIALS,
							workflow,
							node,
							data,
							request,
						)
					: await credential.authenticate(data, request),
		},
		hooks: {},
		evalLlmMockHandler: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	return { node, workflow, additionalData };
}

/** Replaces the context's logger (a getter in n8n-core) with one that records what is logged. */
export function recordLogs(context: object): LogLine[] {
	const logs: LogLine[] = [];
	const record = (level: string) => (message: string) => logs.push({ level, message });
	Object.defineProperty(context, 'logger', {
		value: {
			debug: record('debug'),
			info: record('info'),
			warn: record('warn'),
			error: record('error'),
		},
	});
	return logs;
}
