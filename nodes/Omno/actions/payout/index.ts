import type { INodeProperties } from 'n8n-workflow';

import * as confirm from './confirm.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as processDirectLink from './processDirectLink.operation';
import * as reject from './reject.operation';

export { confirm, create, get, processDirectLink, reject };

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
				name: 'Create',
				value: 'create',
				description:
					'Create a payout to a customer. If OMNO holds it for approval (status WAITING_FOR_CONFIRMATION), no money moves until it is confirmed.',
				action: 'Create a payout',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Fetch a payout and its current status',
				action: 'Get a payout',
			},
			{
				name: 'Process Direct Link',
				value: 'processDirectLink',
				description:
					'Send a created payout through a direct link (APMs, crypto) with provider-specific data; may return a redirect URL',
				action: 'Process a payout via direct link',
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
	...create.description,
	...get.description,
	...processDirectLink.description,
	...reject.description,
];
