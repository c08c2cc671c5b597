import type { IDataObject } from 'n8n-workflow';

import { decimalText } from '../../validation/compare';
import { currencyDecimals } from '../../validation/currency';
import { addDecimal } from '../../validation/money';
import { countText } from '../../validation/rows';

/** An amount and currency of a row, for totals: OMNO's when it was read, otherwise the sheet's. */
export interface Money {
	amount: string | null;
	currency: string | null;
}

/** "125.5" EUR → "125.50": at least the currency's usual decimals; digits are only ever added, never cut. */
export function showAmount(amount: string, currency: string): string {
	const [int, fraction = ''] = amount.split('.');
	const usual = currencyDecimals(currency);
	const places = Math.max(fraction.length, usual <= 3 ? usual : 0);
	return places ? `${int}.${fraction.padEnd(places, '0')}` : int;
}

/** Exact totals per currency ({ EUR: "205.00" }); rows without a readable amount are left out. */
export function totalsOf(rows: Money[]): IDataObject {
	const sums: Record<string, string> = {};
	for (const { amount, currency } of rows) {
		const exact = decimalText(amount);
		if (!currency || exact === undefined) continue;
		sums[currency] = addDecimal(sums[currency] ?? '0', exact);
	}
	const shown: IDataObject = {};
	for (const currency of Object.keys(sums).sort()) shown[currency] = showAmount(sums[currency], currency);
	return shown;
}

/** "205.00 EUR, 80.00 GBP", or "nothing". */
export function moneyText(totals: IDataObject): string {
	const parts = Object.entries(totals).map(([currency, amount]) => `${String(amount)} ${currency}`);
	return parts.length ? parts.join(', ') : 'nothing';
}

/** "rr-1, rr-2, … (12 more in the CSV)": at most ten named. */
export function namesText(names: string[], limit = 10): string {
	const shown = names.slice(0, limit).join(', ');
	return names.length > limit ? `${shown}, … (${countText(names.length - limit)} more in the CSV)` : shown;
}
