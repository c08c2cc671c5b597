import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertCurrency } from '../validation/currency';
import { assertAmount } from '../validation/money';
import { autoInput, autoValue } from './mapping';

export const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 10.50',
	description:
		'Amount in major units (10.50 = ten euros fifty), with a "." or "," before the decimals and no thousands separators ("1.250" and "1,250" are refused: they could be either). At most the currency\'s decimals (0 for JPY, 3 for KWD, 8 for crypto).',
};

export const currencyField: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. EUR',
	description: 'ISO 4217 currency code (EUR, USD, JPY) or a crypto code (BTC, USDT)',
};

/** The payout's amount: OMNO calls it `value`, the user still sees "Amount". */
export function payoutValueField(): INodeProperties {
	return {
		...amountField,
		name: 'value',
		description: `${amountField.description} Sent to OMNO as "value".`,
	};
}

/**
 * Reads and validates currency + amount (or `value` for payouts): `{ amount|value: number, currency }`.
 * The currency is checked first because it decides how many decimals the amount may have.
 */
export function buildMoney(
	ctx: IExecuteFunctions,
	i: number,
	amountName: 'amount' | 'value' = 'amount',
): { amount?: number; value?: number; currency: string } {
	const auto = autoInput(ctx);
	const read = (name: string) => (auto ? autoValue(auto, name, i) : ctx.getNodeParameter(name, i));
	const currency = assertCurrency(read('currency'), 'currency', 'Currency');
	const amount = assertAmount(read(amountName), currency, amountName, 'Amount');
	return amountName === 'value' ? { value: amount, currency } : { amount, currency };
}
