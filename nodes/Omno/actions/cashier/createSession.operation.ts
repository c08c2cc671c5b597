import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	PROTECTED_BODY_KEYS,
	additionalBodyFieldsOption,
	additionalFieldsCollection,
	applyAdditionalFields,
	previousTransactionCountOption,
	readReturnUrls,
	returnUrlsOption,
	webhookUrlOption,
} from '../../descriptions/additional';
import { buildCustomer, customerFields, kycVerifiedField } from '../../descriptions/customer';
import { currencyField } from '../../descriptions/money';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { InvalidInputError } from '../../validation';
import { assertCurrency } from '../../validation/currency';
import { assertBoolean } from '../../validation/numbers';
import { bulkRunOptionsField } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'call';
export const bulk = true;

export const option: OperationOption = {
	name: 'Create Session',
	description:
		'Open a hosted cashier for a customer (cards, APMs, crypto); send them to the checkoutUrl it returns',
	action: 'Create a cashier session',
};

export const properties: INodeProperties[] = [
	{
		...currencyField,
		description: 'Currency the cashier works in: ISO 4217 code (EUR, USD, JPY) or a crypto code (BTC, USDT)',
	},
	{
		...returnUrlsOption,
		required: true,
		// Pre-filled so both URL fields show at once: OMNO requires them for a cashier session.
		default: { urls: { success: '', failure: '' } },
		description: "Where the customer's browser goes when they leave the cashier",
	},
	...customerFields,
	additionalFieldsCollection([
		additionalBodyFieldsOption,
		{ ...kycVerifiedField, description: `${kycVerifiedField.description}. Not sent unless set here.` },
		previousTransactionCountOption,
		webhookUrlOption,
	]),
	bulkRunOptionsField,
];

function throwMissingReturnUrls(): never {
	throw new InvalidInputError(
		'returnUrls',
		'Return URLs',
		'are required: set a Success URL and a Failure URL',
	);
}

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const body: IDataObject = {
		customer: buildCustomer(this, i),
		returnUrls:
			readReturnUrls(this.getNodeParameter('returnUrls', i, {}), 'returnUrls') ?? throwMissingReturnUrls(),
		currency: assertCurrency(this.getNodeParameter('currency', i), 'currency', 'Currency'),
	};
	const extra = (this.getNodeParameter('additionalFields', i, {}) ?? {}) as IDataObject;
	if (extra.kycVerified !== undefined) {
		body.kycVerified = assertBoolean(extra.kycVerified, 'additionalFields.kycVerified', 'KYC Verified');
	}
	// previousTransactionCount, webhook.url and the raw JSON extras; the JSON may not replace what was validated.
	applyAdditionalFields(this, i, body, [...PROTECTED_BODY_KEYS, 'customer', 'returnUrls']);
	const response = (await omnoApiRequest.call(this, 'POST', OMNO_PATHS.cashierSession, {
		body,
		itemIndex: i,
	})) as IDataObject;
	return { ...response, sessionId: response.sessionId ?? response.id ?? null };
}
