import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * This n8n's own public API, for the trigger's Confirm Delivery: it reads the executions of the
 * trigger's workflow to learn whether n8n ran each batch. A credential of this package, as n8n's
 * rules for community nodes forbid using another package's (n8n's own "n8n API" included).
 */
export class OnePasswordN8nApi implements ICredentialType {
	name = 'onePasswordN8nApi';

	displayName = '1Password Confirm Delivery N8n API';

	icon: Icon = {
		light: 'file:../icons/onePasswordEvents.svg',
		dark: 'file:../icons/onePasswordEvents.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-1password-events/n8n-nodes-1password-events#confirm-delivery-in-queue-mode';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'http://localhost:5678/api/v1',
			description:
				"This n8n's public API address, ending in /api/v1, as the main process reaches it",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "An n8n API key (Settings > n8n API) allowed to read this workflow's executions",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey.trim()}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/executions?limit=1',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'n8n refused the API key: it is wrong, expired or deleted. Create one under Settings > n8n API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: "The address answered 404: the Base URL must be n8n's API, ending in /api/v1.",
				},
			},
		],
	};
}
