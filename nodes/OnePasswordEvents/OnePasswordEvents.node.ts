import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as event from './actions/event';
import { route } from './actions/router';
import * as token from './actions/token';

export class OnePasswordEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1Password Events',
		name: 'onePasswordEvents',
		icon: {
			light: 'file:../../icons/onePasswordEvents.svg',
			dark: 'file:../../icons/onePasswordEvents.dark.svg',
		},
		group: ['input'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "getInfo" ? "Get token info" : "Get " + { itemUsages: "item usages", signInAttempts: "sign-in attempts", auditEvents: "audit events" }[$parameter["eventType"]] }}',
		description:
			'Query 1Password item usages, sign-in attempts and audit events over a time range, or check what the Events API token may read',
		defaults: { name: '1Password Events' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'onePasswordEventsApi', required: true },
			{
				name: 'onePasswordConnectApi',
				required: true,
				displayOptions: { show: { addNames: [true] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'event',
				options: [
					{
						name: 'Event',
						value: 'event',
						description: 'Item usages, sign-in attempts or audit events',
					},
					{ name: 'Token', value: 'token', description: 'The Events API token of the credential' },
				],
			},
			...event.description,
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
