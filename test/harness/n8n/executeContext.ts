/**
 * A real n8n-core ExecuteContext for the action node, for integration tests: n8n-core's real
 * request helpers against the emulator, parameters resolved per input item by a real Workflow.
 */
import { ExecuteContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { OnePasswordEvents } from '../../../nodes/OnePasswordEvents/OnePasswordEvents.node.ts';
import { buildHost, recordLogs } from './host';
import type { LogLine } from './host';

export interface ExecuteHarnessOptions {
	credential: ICredentialDataDecryptedObject;
	/** The 1Password Connect API credential, when the test turns names on. */
	connectCredential?: ICredentialDataDecryptedObject;
	parameters: IDataObject;
	/** The node's input items; one empty item by default, as after a manual trigger. */
	input?: IDataObject[];
	continueOnFail?: boolean;
	timezone?: string;
}

const executeLogs = new WeakMap<object, LogLine[]>();

/** The lines a context made by makeExecuteContext has logged. */
export function logsOf(context: IExecuteFunctions): LogLine[] {
	return executeLogs.get(context) ?? [];
}

export function makeExecuteContext(options: ExecuteHarnessOptions): IExecuteFunctions {
	const { node, workflow, additionalData } = buildHost({
		...options,
		withConnectCredential: options.connectCredential !== undefined,
		nodeType: new OnePasswordEvents(),
	});
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	const items: INodeExecutionData[] = (options.input ?? [{}]).map((json) => ({ json }));
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		{ resultData: { runData: {} } } as never,
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
	Object.assign(context, {
		getCredentials: async (type: string) => {
			if (type !== 'onePasswordConnectApi') return { ...options.credential };
			// n8n's own words when a node asks for a credential that is not selected.
			if (!options.connectCredential) throw new Error('Node does not have any credentials set');
			return { ...options.connectCredential };
		},
	});
	// What the node logs is kept for the test to read (and kept off the test run's console).
	executeLogs.set(context, recordLogs(context));
	return context as unknown as IExecuteFunctions;
}

/** Runs the real action node's execute() and returns its single output. */
export async function runExecute(options: ExecuteHarnessOptions): Promise<INodeExecutionData[]> {
	const [output] = await new OnePasswordEvents().execute.call(makeExecuteContext(options));
	return output;
}
