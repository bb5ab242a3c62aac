import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as getManyEvents from './actions/event/getAll.operation';
import { route } from './actions/router';
import * as getTokenInfo from './actions/token/getInfo.operation';

export class OnePasswordEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1Password Events',
		name: 'onePasswordEvents',
		icon: { light: 'file:onePasswordEvents.svg', dark: 'file:onePasswordEvents.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "getInfo" ? "Get token info" : "Get " + $parameter["eventType"] }}',
		description:
			'Query 1Password item usages, sign-in attempts and audit events over a time range, or check what the Events API token may read',
		defaults: { name: '1Password Events' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'onePasswordEventsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'event',
				options: [
					{ name: 'Event', value: 'event', description: 'Item usages, sign-in attempts or audit events' },
					{ name: 'Token', value: 'token', description: 'The Events API token of the credential' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'getAll',
				displayOptions: { show: { resource: ['event'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getAll',
						action: 'Get many events',
						description:
							'Get 1Password events of one type between a start and an end time, optionally filtered by user email, action, vault or outcome',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'getInfo',
				displayOptions: { show: { resource: ['token'] } },
				options: [
					{
						name: 'Get Info',
						value: 'getInfo',
						action: 'Get token info',
						description: 'Get which event types the token may read, its account, and when it was issued and expires',
					},
				],
			},
			...getManyEvents.description,
			...getTokenInfo.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
