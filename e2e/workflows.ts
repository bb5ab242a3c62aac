/**
 * The workflows the suite creates through n8n's public API: the trigger under test feeding an
 * HTTP Request node that posts each execution's items to the local sink, and an error workflow
 * (Error Trigger → sink) for failed polls.
 */
const TRIGGER_TYPE = 'n8n-nodes-1password-events.onePasswordEventsTrigger';
export const TRIGGER_NAME = '1Password Events Trigger';

export interface DeliveryWorkflowOptions {
	name: string;
	credentialId: string;
	sinkUrl: string;
	/** Trigger parameters besides Poll Times (every minute). */
	trigger: Record<string, unknown>;
	errorWorkflowId?: string;
	/** Confirm Delivery on, with this n8n API credential. */
	confirmDelivery?: CredentialRef;
}

export interface CredentialRef {
	id: string;
	name: string;
}

/** The trigger under test (version 1), polling every minute unless `parameters` say otherwise. */
export function triggerNode(
	credentialId: string,
	credentialName: string,
	parameters: Record<string, unknown>,
	confirmDelivery?: CredentialRef,
): object {
	return {
		id: 'trigger',
		name: TRIGGER_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			...parameters,
			// A batch still queued after 2 minutes is read again: well within the suite's drains.
			...(confirmDelivery ? { confirmDelivery: true, confirmDeliveryWaitMinutes: 2 } : {}),
		},
		credentials: {
			onePasswordEventsApi: { id: credentialId, name: credentialName },
			...(confirmDelivery ? { onePasswordN8nApi: confirmDelivery } : {}),
		},
	};
}

function httpPost(name: string, url: string, jsonBody: string, position: [number, number]) {
	return {
		id: `${name}-http`.replace(/\W+/g, '-').toLowerCase(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		// One request per execution with every item: the sink sees each execution's batch whole.
		executeOnce: true,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
	};
}

export function deliveryWorkflow(options: DeliveryWorkflowOptions): object {
	const sinkNode = 'Post to sink';
	const body =
		'={{ JSON.stringify({ execution: $execution.id, items: $input.all().map(item => ({ uuid: item.json.uuid, type: item.json.event_type || item.json.eventType })) }) }}';
	return {
		name: options.name,
		nodes: [
			triggerNode(options.credentialId, options.name, options.trigger, options.confirmDelivery),
			httpPost(
				sinkNode,
				`${options.sinkUrl}/deliveries/${encodeURIComponent(options.name)}`,
				body,
				[260, 0],
			),
		],
		connections: { [TRIGGER_NAME]: { main: [[{ node: sinkNode, type: 'main', index: 0 }]] } },
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
			...(options.errorWorkflowId ? { errorWorkflow: options.errorWorkflowId } : {}),
		},
	};
}

export function errorWorkflow(name: string, sinkUrl: string): object {
	const body =
		'={{ JSON.stringify({ workflowId: $json.workflow.id, executionId: $json.execution ? $json.execution.id : null, message: $json.execution ? $json.execution.error.message : $json.trigger.error.message, description: $json.execution ? $json.execution.error.description : $json.trigger.error.description }) }}';
	return {
		name,
		nodes: [
			{
				id: 'error-trigger',
				name: 'Error Trigger',
				type: 'n8n-nodes-base.errorTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			httpPost('Post error to sink', `${sinkUrl}/errors`, body, [260, 0]),
		],
		connections: {
			'Error Trigger': { main: [[{ node: 'Post error to sink', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
