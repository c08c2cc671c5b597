import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payIn'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Fetch a pay-in and its current status',
				action: 'Get a pay-in',
			},
		],
		default: 'get',
	},
	...get.description,
];
