import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { browserFields, buildBrowser } from '../../descriptions/browser';
import { payInIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';
import { assertCvv } from '../../validation/card';
import { cvvField } from './processCard.operation';

const properties: INodeProperties[] = [
	payInIdField,
	{
		displayName: 'Card ID',
		name: 'cardId',
		type: 'string',
		required: true,
		default: '',
		description: 'The cardId of a card OMNO saved earlier (a pay-in processed with "Save Card" shows it when fetched)',
	},
	cvvField,
	...browserFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payIn'], operation: ['processSavedCard'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	const body: IDataObject = {
		browser: buildBrowser(this, i),
		savedCardData: {
			cardId: assertId(this.getNodeParameter('cardId', i), 'cardId', 'Card ID'),
			cvv: assertCvv(this.getNodeParameter('cvv', i), 'cvv', 'CVV'),
		},
	};
	const response = (await omnoApiRequest.call(
		this,
		'POST',
		`/public/payin/${encodeURIComponent(payInId)}/process/saved-card`,
		{ body, itemIndex: i },
	)) as IDataObject;
	return [{ json: { ...response, paymentId: response.paymentId ?? payInId }, pairedItem: { item: i } }];
}
