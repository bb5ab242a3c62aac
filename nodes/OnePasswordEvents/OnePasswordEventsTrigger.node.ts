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
		// n8n's node picker merges this trigger and the action node ("onePasswordEvents") into one
		// entry and shows THIS description for it, in the trigger list and the action list alike
		// (editor-ui generateMergedNodesAndActions: app.description = trigger.description), so it
		// describes both nodes.
		description:
			'1Password item usages, sign-in attempts and audit events: start a workflow on new events, each once (see the README for the exact guarantee), or query a time range',
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
			{
				name: 'onePasswordN8nApi',
				required: true,
				displayOptions: { show: { confirmDelivery: [true] } },
			},
		],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}
}
