import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { browserFields, buildBrowser } from '../../descriptions/browser';
import { payInIdField } from '../../descriptions/ids';
import { cvvField, refuseAsAiTool } from '../../helpers/cardFields';
import { maskRequestBody } from '../../helpers/mask';
import { alreadyProcessed } from '../../helpers/processOnce';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { assertId, assertNonEmpty } from '../../validation';
import { assertCardExpiry, assertCardNumber, assertCvv, maskCardNumber } from '../../validation/card';
import { assertBoolean } from '../../validation/numbers';
import { bulkRunOptionsField } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'call';
export const bulk = true;
export const effect = 'processing';

export const option: OperationOption = {
	name: 'Process Card',
	description:
		'Moves money. Charge a created pay-in with card details (server-to-server). Card data is sent to OMNO only and never output.',
	action: 'Charge a pay in with a card',
};

export const properties: INodeProperties[] = [
	payInIdField,
	{
		displayName: 'Card Number',
		name: 'cardNumber',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			'The card number (spaces and dashes are removed). Output only ever shows its last four digits.',
	},
	{
		displayName: 'Expiration Month',
		name: 'expirationMonth',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 07',
		description: 'Month 1–12; sent to OMNO as two digits ("07")',
	},
	{
		displayName: 'Expiration Year',
		name: 'expirationYear',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 2027',
		description: 'Year as 2 or 4 digits; sent to OMNO as four digits ("2027")',
	},
	cvvField,
	{
		displayName: 'Cardholder Name',
		name: 'cardholderName',
		type: 'string',
		required: true,
		default: '',
		description: 'Name as printed on the card',
	},
	{
		displayName: 'Save Card',
		name: 'saveCard',
		type: 'boolean',
		default: false,
		description: 'Whether OMNO should save the card for later "Process Saved Card" payments',
	},
	...browserFields,
	bulkRunOptionsField,
];

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	refuseAsAiTool(this, 'Process Card');
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	const cardNumber = assertCardNumber(this.getNodeParameter('cardNumber', i), 'cardNumber', 'Card Number');
	const expiry = assertCardExpiry(
		this.getNodeParameter('expirationMonth', i),
		this.getNodeParameter('expirationYear', i),
		{ month: 'expirationMonth', year: 'expirationYear' },
		{ month: 'Expiration Month', year: 'Expiration Year' },
	);
	const cardData: IDataObject = {
		cardNumber,
		expirationMonth: expiry.expirationMonth,
		expirationYear: expiry.expirationYear,
		cvv: assertCvv(this.getNodeParameter('cvv', i), 'cvv', 'CVV'),
		cardholderName: assertNonEmpty(
			this.getNodeParameter('cardholderName', i),
			'cardholderName',
			'Cardholder Name',
		),
	};
	const body: IDataObject = {
		browser: buildBrowser(this, i),
		cardData,
		saveCard: assertBoolean(this.getNodeParameter('saveCard', i, false), 'saveCard', 'Save Card'),
	};
	const done = await alreadyProcessed(this, 'payIn', payInId, i);
	if (done) return done;
	const response = (await omnoApiRequest.call(this, 'POST', OMNO_PATHS.payInProcess(payInId, 'card'), {
		body,
		itemIndex: i,
	})) as IDataObject;
	// Only OMNO's answer goes out (masked again in case it echoes card data) and the card's last four digits.
	const json = maskRequestBody(response) as IDataObject;
	return {
		...json,
		paymentId: json.paymentId ?? payInId,
		cardMask: json.cardMask ?? maskCardNumber(cardNumber),
	};
}
