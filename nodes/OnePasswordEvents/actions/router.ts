/**
 * Runs the chosen operation once per input item. With "Continue On Fail" a failing item gives an
 * item with the error message and the rest go on; otherwise the first failure stops the node.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError } from '../transport/errors';
import * as event from './event';
import * as token from './token';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Operation> = {
	'event:getAll': event.getAll.execute,
	'token:getInfo': token.getInfo.execute,
};

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const inputs = this.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < inputs.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const run = OPERATIONS[`${resource}:${operation}`];
		try {
			if (!run) throw new Error(`The operation "${operation}" of "${resource}" is not supported.`);
			for (const item of await run.call(this, itemIndex)) results.push(item);
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error);
			if (!this.continueOnFail()) throw nodeError;
			results.push({
				json: { error: nodeError.message, description: nodeError.description ?? null },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [results];
}
