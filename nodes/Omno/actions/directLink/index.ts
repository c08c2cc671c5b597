import type { INodeProperties } from 'n8n-workflow';

import * as startPayIn from './startPayIn.operation';
import * as startPayout from './startPayout.operation';

export { startPayIn, startPayout };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['directLink'] } },
		options: [
			{
				name: 'Start Pay-In',
				value: 'startPayIn',
				description:
					'Create a pay-in and start it through a direct link (APM or crypto) in one step; returns the redirect URL or provider data (e.g. wallet address) for the payer. Idempotent by orderId. If the second step fails, the error names the created pay-in to resume with.',
				action: 'Start a direct link pay in',
			},
			{
				name: 'Start Payout',
				value: 'startPayout',
				description:
					'Create a payout and send it through a direct link (APM or crypto) in one step. This moves money to the customer. Idempotent by orderId. If the second step fails, the error names the created payout to resume with.',
				action: 'Start a direct link payout',
			},
		],
		default: 'startPayIn',
	},
	...startPayIn.description,
	...startPayout.description,
];
