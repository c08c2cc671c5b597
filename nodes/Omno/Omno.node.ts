import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as cashier from './actions/cashier';
import * as directLink from './actions/directLink';
import * as payIn from './actions/payIn';
import * as paymentPage from './actions/paymentPage';
import * as payout from './actions/payout';
import * as transaction from './actions/transaction';
import { router } from './actions/router';

export class Omno implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OMNO',
		name: 'omno',
		icon: { light: 'file:../../icons/omno.svg', dark: 'file:../../icons/omno.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create and track OMNO pay-ins and payouts, cashier sessions and payment links',
		defaults: { name: 'OMNO' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'omnoOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Cashier',
						value: 'cashier',
						description: 'Hosted checkout sessions where the customer picks how to pay',
					},
					{
						name: 'Direct Link',
						value: 'directLink',
						description: 'Create and start a pay-in or payout through an APM or crypto in one step',
					},
					{ name: 'Pay-In', value: 'payIn', description: 'Money in from a customer' },
					{
						name: 'Payment Page',
						value: 'paymentPage',
						description: 'A hosted page where the customer pays a fixed amount',
					},
					{ name: 'Payout', value: 'payout', description: 'Money out to a customer' },
					{
						name: 'Transaction',
						value: 'transaction',
						description: 'A pay-in or payout by ID, whichever it is',
					},
				],
				default: 'payIn',
			},
			...cashier.description,
			...directLink.description,
			...payIn.description,
			...paymentPage.description,
			...payout.description,
			...transaction.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
