import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * 1Password Connect: a self-hosted REST server with its own access token. The nodes use it only
 * to name vaults and items (the vault list and item overviews); never an item's fields.
 */
export class OnePasswordConnectApi implements ICredentialType {
	name = 'onePasswordConnectApi';

	displayName = '1Password Connect API';

	icon: Icon = {
		light: 'file:../icons/onePasswordEvents.svg',
		dark: 'file:../icons/onePasswordEvents.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-1password-events/n8n-nodes-1password-events#vault-and-item-names-1password-connect';

	properties: INodeProperties[] = [
		{
			displayName: 'Connect Server URL',
			name: 'serverUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'http://onepassword-connect:8080',
			description:
				'Base URL of your 1Password Connect server, without /v1. The local emulator serves it at its own address, e.g. http://127.0.0.1:8787.',
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A Connect server access token (1Password > Developer > Connect servers). Give it read access to the vaults whose names should appear; it never reads item fields.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token.trim()}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.serverUrl.trim().replace(/\\/+$/, "")}}',
			url: '/v1/vaults',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The Connect server refused the access token: it is wrong, expired or revoked. Create a new token for this Connect server in 1Password.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The address answered 404: check the Connect Server URL (the base URL, without /v1).',
				},
			},
		],
	};
}
