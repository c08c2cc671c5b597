import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payout'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Fetch a payout and its current status',
				action: 'Get a payout',
			},
		],
		default: 'get',
	},
	...get.description,
];
