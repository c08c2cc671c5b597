import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transaction'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Fetch a pay-in or payout by ID (type detected automatically), optionally waiting until its status is final',
				action: 'Get a transaction',
			},
		],
		default: 'get',
	},
	...get.description,
];
