import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { browserFields, buildBrowser } from '../../descriptions/browser';
import { payInIdField } from '../../descriptions/ids';
import { cvvField, refuseAsAiTool } from '../../helpers/cardFields';
import { alreadyProcessed } from '../../helpers/processOnce';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { assertId } from '../../validation';
import { assertCvv } from '../../validation/card';
import { bulkRunOptionsField } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'call';
export const bulk = true;
export const effect = 'processing';

export const option: OperationOption = {
	name: 'Process Saved Card',
	description: 'Moves money. Charge a created pay-in with a card OMNO saved earlier (card ID + CVV).',
	action: 'Charge a pay in with a saved card',
};

export const properties: INodeProperties[] = [
	payInIdField,
	{
		displayName: 'Card ID',
		name: 'cardId',
		type: 'string',
		required: true,
		default: '',
		description:
			'The cardId of a card OMNO saved earlier (a pay-in processed with "Save Card" shows it when fetched)',
	},
	cvvField,
	...browserFields,
	bulkRunOptionsField,
];

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	refuseAsAiTool(this, 'Process Saved Card');
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	const body: IDataObject = {
		browser: buildBrowser(this, i),
		savedCardData: {
			cardId: assertId(this.getNodeParameter('cardId', i), 'cardId', 'Card ID'),
			cvv: assertCvv(this.getNodeParameter('cvv', i), 'cvv', 'CVV'),
		},
	};
	const done = await alreadyProcessed(this, 'payIn', payInId, i);
	if (done) return done;
	const response = (await omnoApiRequest.call(this, 'POST', OMNO_PATHS.payInProcess(payInId, 'saved-card'), {
		body,
		itemIndex: i,
	})) as IDataObject;
	return { ...response, paymentId: response.paymentId ?? payInId };
}
