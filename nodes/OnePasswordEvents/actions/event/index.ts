/**
 * The Event resource: its operation selector and the parameters of each operation.
 */
import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
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
					'Get 1Password events of one type between a start and an end time, oldest or newest first, or one item of counts by action, user, vault, country and outcome. Optionally filtered by user email, action, vault or outcome; a filter for another event type is refused. As an AI tool: when Limit leaves out matching events, a last item with notice "limitReached" says so.',
			},
		],
	},
	...getAll.description,
];
