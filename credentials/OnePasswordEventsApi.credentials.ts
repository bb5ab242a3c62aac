import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	AUTO_REGION,
	CredentialSetupError,
	CUSTOM_REGION,
	normalizeToken,
	REGION_BASE_URLS,
	resolveBaseUrl,
} from '../nodes/OnePasswordEvents/transport/credentialSettings';

export class OnePasswordEventsApi implements ICredentialType {
	name = 'onePasswordEventsApi';

	displayName = '1Password Events API';

	icon: Icon = {
		light: 'file:../icons/onePasswordEvents.svg',
		dark: 'file:../icons/onePasswordEvents.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-1password-events/n8n-nodes-1password-events#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The bearer token (JWT) of your Events Reporting integration in 1Password. Blanks and a leading "Bearer " are ignored.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: AUTO_REGION,
			description: 'The Events API host of your 1Password account',
			options: [
				{
					name: 'Automatic (From Token)',
					value: AUTO_REGION,
					description: 'Read the events host from the token; older tokens need an explicit region',
				},
				{ name: '1password.com (Business)', value: REGION_BASE_URLS.business },
				{ name: 'ent.1password.com (Enterprise)', value: REGION_BASE_URLS.enterprise },
				{ name: '1password.ca (Canada)', value: REGION_BASE_URLS.canada },
				{ name: '1password.eu (Europe)', value: REGION_BASE_URLS.europe },
				{
					name: 'Custom URL',
					value: CUSTOM_REGION,
					description: 'A proxy in front of the Events API, or the local emulator',
				},
			],
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			placeholder: 'https://events.example.com',
			description:
				'Base URL of the Events API. Must use https, except for loopback addresses such as http://127.0.0.1:8787.',
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: 'n8n Processes Sharing This Token',
			name: 'processes',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, maxValue: 100 },
			description:
				'How many n8n processes use this token at the same time: 1 for one n8n; in queue mode, the main process plus every worker. Each process counts its own requests, so each keeps to this share of the 500 a minute the nodes allow themselves (1Password allows 600 per account).',
		},
	];

	// A function rather than a generic header template: it cleans pasted tokens and points every
	// request (the credential test included) at the region's host.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = normalizeToken(credentials.token);
		if (token === '') {
			throw new CredentialSetupError(
				'The credential has no token. Paste the bearer token of your 1Password Events Reporting integration.',
			);
		}
		return {
			...requestOptions,
			baseURL: requestOptions.baseURL || resolveBaseUrl(credentials),
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '/api/v2/auth/introspect',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'1Password rejected the token: it is malformed, expired or revoked, or belongs to another region. Create a new token in 1Password (Integrations > Events Reporting) or check the Region.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'1Password refused this token access to the Events API. Check that the Events Reporting integration is still active.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Events API answered 404: the token may be incomplete (copy the whole bearer token from 1Password again), or the address is wrong (check the Region, or the Custom URL: the base URL, without /api/...).',
				},
			},
		],
	};
}
