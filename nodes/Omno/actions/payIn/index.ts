import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as processCard from './processCard.operation';
import * as processDirectLink from './processDirectLink.operation';
import * as processSavedCard from './processSavedCard.operation';

export { create, get, processCard, processDirectLink, processSavedCard };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payIn'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a pay-in (a charge to a customer) for a fixed amount. Returns its paymentId and hosted payment page links; money moves only once the customer pays or it is processed. Idempotent by orderId: re-sending the same orderId never charges twice.',
				action: 'Create a pay in',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Fetch a pay-in and its current status',
				action: 'Get a pay in',
			},
			{
				name: 'Process Card',
				value: 'processCard',
				description:
					'Charge a created pay-in with card details (server-to-server). This moves money. Card data is sent to OMNO only and never output.',
				action: 'Charge a pay in with a card',
			},
			{
				name: 'Process Direct Link',
				value: 'processDirectLink',
				description:
					'Start a created pay-in through a direct link (APM or crypto) with provider-specific data; may return a redirect URL or wallet address for the payer',
				action: 'Process a pay in via direct link',
			},
			{
				name: 'Process Saved Card',
				value: 'processSavedCard',
				description: 'Charge a created pay-in with a card OMNO saved earlier (card ID + CVV). This moves money.',
				action: 'Charge a pay in with a saved card',
			},
		],
		default: 'get',
	},
	...create.description,
	...get.description,
	...processCard.description,
	...processDirectLink.description,
	...processSavedCard.description,
];
