import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sessionIdField } from '../../descriptions/ids';
import { currencyField } from '../../descriptions/money';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { assertId } from '../../validation';
import { assertCurrency } from '../../validation/currency';
import { parseJsonObject } from '../../validation/json';
import { assertAmount } from '../../validation/money';
import type { OperationOption } from '../operation';

export const kind = 'call';

export const option: OperationOption = {
	name: 'Update Balance',
	description: 'Set the customer balance shown in an open cashier session',
	action: 'Update a cashier session balance',
};

export const properties: INodeProperties[] = [
	sessionIdField,
	{
		displayName: 'Balance',
		name: 'balance',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 250.00',
		description:
			'The customer\'s balance to show in the cashier, in major units with a "." (0 allowed). OMNO does not publish this request\'s body: the node sends {"balance": <number>, "currency": "<code>"}, which is our assumption. If your OMNO contact gives you other field names, put them in Additional Body Fields (JSON).',
	},
	{
		...currencyField,
		description: 'Currency of the balance: ISO 4217 code (EUR, USD, JPY) or a crypto code (BTC, USDT)',
	},
	{
		displayName: 'Additional Body Fields (JSON)',
		name: 'additionalBodyFields',
		type: 'json',
		default: '{}',
		description:
			'Extra fields sent in the request body as they are, for anything OMNO expects that the node does not cover. Keys here replace "balance" and "currency" if they have the same name.',
	},
];

/** A balance may be zero, unlike a payment amount; anything else follows the amount rules. */
function assertBalance(value: unknown, currency: string): number {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (/^0+(\.0+)?$/.test(text)) return 0;
	return assertAmount(value, currency, 'balance', 'Balance');
}

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const sessionId = assertId(this.getNodeParameter('sessionId', i), 'sessionId', 'Session ID');
	const currency = assertCurrency(this.getNodeParameter('currency', i), 'currency', 'Currency');
	const balance = assertBalance(this.getNodeParameter('balance', i), currency);
	const additional = parseJsonObject(
		this.getNodeParameter('additionalBodyFields', i, {}),
		'additionalBodyFields',
		'Additional Body Fields (JSON)',
	);
	const body: IDataObject = { balance, currency, ...additional };
	const response = await omnoApiRequest.call(this, 'PUT', OMNO_PATHS.cashierBalance(sessionId), {
		body,
		itemIndex: i,
	});
	return { ...(response as IDataObject), sessionId, updated: true };
}
