/**
 * The Token resource: its operation selector and the parameters of each operation.
 */
import type { INodeProperties } from 'n8n-workflow';

import * as getInfo from './getInfo.operation';

export { getInfo };

export const description: INodeProperties[] = [
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
				description:
					'Get which event types the token may read, its account, and when it was issued and expires',
			},
		],
	},
	...getInfo.description,
];
