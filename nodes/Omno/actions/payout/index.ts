import type { INodeProperties } from 'n8n-workflow';

import * as confirm from './confirm.operation';
import * as get from './get.operation';
import * as reject from './reject.operation';

export { confirm, get, reject };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payout'] } },
		options: [
			{
				name: 'Confirm',
				value: 'confirm',
				description:
					'Approve a payout waiting for confirmation. This releases the money: OMNO starts sending it to the customer.',
				action: 'Confirm a payout releases the money',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Fetch a payout and its current status',
				action: 'Get a payout',
			},
			{
				name: 'Reject',
				value: 'reject',
				description:
					'Refuse a payout waiting for confirmation. It is never sent to a payment provider; no money moves.',
				action: 'Reject a payout',
			},
		],
		default: 'get',
	},
	...confirm.description,
	...get.description,
	...reject.description,
];
