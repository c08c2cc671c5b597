import type { IDataObject } from 'n8n-workflow';

import { countText, rowName } from '../../validation/rows';
import { GROUP_ORDER, type RowGroup, type RunRow } from './runRows';
import { moneyText, namesText, showAmount, totalsOf } from './runTotals';

/** What OMNO holds for a row when it was read, else what the sheet says. */
const moneyOf = (r: RunRow) =>
	r.status !== null || r.omnoAmount !== null
		? { amount: r.omnoAmount, currency: r.omnoCurrency }
		: { amount: r.sheetAmount, currency: r.sheetCurrency };

const shown = (amount: string | null, currency: string | null) =>
	amount && currency
		? `${showAmount(amount, currency)} ${currency}`
		: `${amount ?? '?'} ${currency ?? ''}`.trim();

/** "rr-1 (OMNO 12500.00 EUR, sheet 125.00 EUR)": a differing row as an approver reads it. */
function differsText(r: RunRow): string {
	const who = r.orderId ?? rowName(r.index);
	const omno =
		r.omnoOrderId !== null && r.omnoOrderId !== r.orderId ? `, OMNO's orderId ${r.omnoOrderId}` : '';
	return `${who} (OMNO ${shown(r.omnoAmount, r.omnoCurrency)}, sheet ${shown(r.sheetAmount, r.sheetCurrency)}${omno})`;
}

function statusCounts(rows: RunRow[]): string {
	const counts = new Map<string, number>();
	for (const r of rows) counts.set(r.status ?? 'unknown', (counts.get(r.status ?? 'unknown') ?? 0) + 1);
	return [...counts].map(([status, n]) => `${status} ${countText(n)}`).join(', ');
}

/** The approval message: counts and exact totals per group, a few names per group, the full list in the CSV. */
export function approvalSummary(rows: RunRow[], fileName: string): IDataObject {
	const of = (group: RowGroup) => rows.filter((r) => r.group === group);
	const counts: IDataObject = { rows: rows.length };
	const totals: IDataObject = {};
	for (const group of GROUP_ORDER) {
		counts[group] = of(group).length;
		totals[group] = totalsOf(of(group).map(moneyOf));
	}
	const waiting = of('waiting');
	const names = (group: RowGroup) => namesText(of(group).map((r) => r.orderId ?? rowName(r.index)));
	const line = (group: RowGroup, label: string, tail = '') =>
		of(group).length
			? `• ${label}: ${countText(of(group).length)} (${moneyText(totals[group] as IDataObject)})${tail}`
			: '';
	const lines = [
		waiting.length
			? `${countText(waiting.length)} payout(s) wait for your approval: ${moneyText(totals.waiting as IDataObject)} (as OMNO holds them, read just now).`
			: 'No payout waits for your approval: approving confirms nothing.',
		of('differs').length
			? `• Differs from the sheet, NOT in this approval and never confirmed by it: ${countText(of('differs').length)} — ${of(
					'differs',
				)
					.slice(0, 10)
					.map(differsText)
					.join(
						'; ',
					)}${of('differs').length > 10 ? `; … (${countText(of('differs').length - 10)} more in the CSV)` : ''}. Check which is right.`
			: '',
		line('waiting', 'Waiting, confirmed if you approve'),
		line('decided', 'Already decided, not confirmed again', ` — ${statusCounts(of('decided'))}`),
		of('mayExist').length
			? `• May exist in OMNO (a create got no clear answer): ${countText(of('mayExist').length)} — ${names('mayExist')}. Not in this approval; run the same sheet again to find them.`
			: '',
		of('notIdentifiable').length
			? `• In OMNO but not identifiable: ${countText(of('notIdentifiable').length)}. Decide them in the OMNO dashboard by orderId (listed in the CSV).`
			: '',
		of('notRead').length
			? `• Could not be read from OMNO just now: ${countText(of('notRead').length)} — ${names('notRead')}. Not in this approval; run the same sheet again.`
			: '',
		of('notCreated').length
			? `• Not created: ${countText(of('notCreated').length)} — ${names('notCreated')}`
			: '',
		`Every row, with OMNO's and the sheet's values: ${fileName}.`,
	].filter(Boolean);
	return {
		text: lines.join('\n'),
		counts,
		totals,
		toConfirm: waiting.map((r) => ({
			payoutId: r.payoutId,
			orderId: r.orderId,
			amount: r.omnoAmount,
			currency: r.omnoCurrency,
		})),
	};
}

/** The CSV columns of a run's rows, in the order a person reads them. */
export const ROW_COLUMNS = [
	'row',
	'orderId',
	'payoutId',
	'group',
	'status',
	'omnoAmount',
	'omnoCurrency',
	'sheetAmount',
	'sheetCurrency',
	'omnoOrderId',
	'note',
];

/** A row as the CSV and the item show it, named as the sheet counts it. */
export function rowRecord(r: RunRow): IDataObject {
	return {
		row: rowName(r.index).replace(/^Row /, ''),
		orderId: r.orderId,
		payoutId: r.payoutId,
		group: r.group,
		status: r.status,
		omnoAmount: r.omnoAmount,
		omnoCurrency: r.omnoCurrency,
		sheetAmount: r.sheetAmount,
		sheetCurrency: r.sheetCurrency,
		omnoOrderId: r.omnoOrderId,
		note: r.note,
	};
}
