import type { INodeProperties } from 'n8n-workflow';

import * as updateBalance from './updateBalance.operation';

export { updateBalance };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cashier'] } },
		options: [
			{
				name: 'Update Balance',
				value: 'updateBalance',
				description: 'Set the customer balance shown in an open cashier session',
				action: 'Update a cashier session balance',
			},
		],
		default: 'updateBalance',
	},
	...updateBalance.description,
];
