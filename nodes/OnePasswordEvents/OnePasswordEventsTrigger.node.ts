import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { pollTrigger, triggerProperties } from './trigger';

export class OnePasswordEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1Password Events Trigger',
		name: 'onePasswordEventsTrigger',
		icon: {
			light: 'file:../../icons/onePasswordEvents.svg',
			dark: 'file:../../icons/onePasswordEvents.dark.svg',
		},
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		// Display names, not values: "Item Usages, Sign-In Attempts".
		subtitle:
			'={{ $parameter["eventTypes"].join(", ").replace("itemUsages", "Item Usages").replace("signInAttempts", "Sign-In Attempts").replace("auditEvents", "Audit Events") }}',
		description:
			'Starts the workflow when 1Password records item usages, sign-in attempts or audit events, each event once (see the README for the exact guarantee)',
		defaults: { name: '1Password Events Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'onePasswordEventsApi', required: true },
			{
				name: 'onePasswordConnectApi',
				required: true,
				displayOptions: { show: { addNames: [true] } },
			},
		],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}
}
