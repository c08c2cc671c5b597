import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentPage'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a hosted payment page for a fixed amount and get its link to send to the customer. Money moves only when the customer pays on the page. Idempotent by orderId: the same orderId never creates a second charge.',
				action: 'Create a payment page',
			},
		],
		default: 'create',
	},
	...create.description,
];
