import type { INodeProperties } from 'n8n-workflow';

import * as createSession from './createSession.operation';
import * as updateBalance from './updateBalance.operation';

export { createSession, updateBalance };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cashier'] } },
		options: [
			{
				name: 'Create Session',
				value: 'createSession',
				description:
					'Open a hosted cashier for a customer (cards, APMs, crypto); send them to the checkoutUrl it returns',
				action: 'Create a cashier session',
			},
			{
				name: 'Update Balance',
				value: 'updateBalance',
				description: 'Set the customer balance shown in an open cashier session',
				action: 'Update a cashier session balance',
			},
		],
		default: 'createSession',
	},
	...createSession.description,
	...updateBalance.description,
];
