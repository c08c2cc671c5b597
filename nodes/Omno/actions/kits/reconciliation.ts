import type { IDataObject } from 'n8n-workflow';

import { isFinalStatus, PAYOUT_UNDECIDED_STATUSES } from '../../domain/statuses';
import { fieldText as text } from '../../validation/compare';
import { countText } from '../../validation/rows';
import { moneyText, namesText, totalsOf } from './runTotals';

/** What finally happened to a row, as OMNO holds it now. */
export type RowResult =
	| 'paid'
	| 'pending'
	| 'waiting'
	| 'declinedOrFailed'
	| 'rejected'
	| 'differs'
	| 'mayExist'
	| 'notCreated'
	| 'notIdentifiable'
	| 'notRead';

const LABELS: Record<RowResult, string> = {
	paid: 'paid',
	pending: 'pending (confirmed, not final yet)',
	waiting: 'still waiting for confirmation (not paid)',
	declinedOrFailed: 'declined or failed',
	rejected: 'rejected',
	differs: 'differs from the sheet (not confirmed by this run)',
	mayExist: 'may exist (no clear answer when created)',
	notCreated: 'not created',
	notIdentifiable: 'in OMNO but not identifiable',
	notRead: 'could not be read from OMNO',
};

export const RESULT_ORDER = Object.keys(LABELS) as RowResult[];

/** A row of the check, reconciled: its result and OMNO's values now. */
export interface ReconciledRow extends IDataObject {
	row: string;
	orderId: string | null;
	payoutId: string | null;
	result: RowResult;
	status: string | null;
	amount: string | null;
	currency: string | null;
	reason: string;
}

/** True while waiting longer can change the payout (confirmed, not final); a waiting or unknown one never moves by itself. */
export function stillMoving(payout: IDataObject | undefined): boolean {
	const status = text(payout?.status);
	return (
		status !== null &&
		!isFinalStatus('payout', status) &&
		!(PAYOUT_UNDECIDED_STATUSES as readonly string[]).includes(status)
	);
}

function reasonOf(payout: IDataObject): string {
	const reason = (payout.statusReason ?? {}) as IDataObject;
	return [text(reason.detailedStatus) ?? text(payout.detailedStatus), text(reason.reason)]
		.filter(Boolean)
		.join(': ');
}

/** One row of the check (its `rows` entry) with OMNO's record now, or the error that kept it from being read. */
export function reconcileRow(checked: IDataObject, payout?: IDataObject, readError?: string): ReconciledRow {
	const base = {
		row: String(checked.row ?? ''),
		orderId: text(checked.orderId),
		payoutId: text(checked.payoutId),
		status: payout ? text(payout.status) : text(checked.status),
		amount: payout
			? text(payout.amount ?? payout.value)
			: (text(checked.omnoAmount) ?? text(checked.sheetAmount)),
		currency:
			(payout
				? text(payout.currency)
				: (text(checked.omnoCurrency) ?? text(checked.sheetCurrency))
			)?.toUpperCase() ?? null,
	};
	const group = checked.group;
	if (group === 'differs') return { ...base, result: 'differs', reason: String(checked.note ?? '') };
	if (!payout) {
		if (base.payoutId && readError !== undefined) {
			return { ...base, result: 'notRead', reason: `Could not be read from OMNO now: ${readError}` };
		}
		const kept = (['mayExist', 'notCreated', 'notIdentifiable'] as const).find((g) => g === group);
		return { ...base, result: kept ?? 'notRead', reason: String(checked.note ?? '') };
	}
	const status = base.status;
	if (status === 'SUCCESS') return { ...base, result: 'paid', reason: '' };
	if (status === 'DECLINED' || status === 'FAILED') {
		return {
			...base,
			result: 'declinedOrFailed',
			reason: reasonOf(payout) || `OMNO gave no reason (status ${status})`,
		};
	}
	if (status === 'REJECTED') return { ...base, result: 'rejected', reason: '' };
	if (status === null || (PAYOUT_UNDECIDED_STATUSES as readonly string[]).includes(status)) {
		return {
			...base,
			result: 'waiting',
			reason: `OMNO still has it as ${status ?? 'no status'}: nobody confirmed it. Run the sheet again to approve it.`,
		};
	}
	return { ...base, result: 'pending', reason: `OMNO: ${status}` };
}

/** The reconciliation report: counts, exact totals per currency and result, and the rows that need a person. */
export function reconciliationSummary(
	rows: ReconciledRow[],
	fileName: string,
	executionId?: string,
): IDataObject {
	const of = (result: RowResult) => rows.filter((r) => r.result === result);
	const counts: IDataObject = { rows: rows.length };
	for (const result of RESULT_ORDER) counts[result] = of(result).length;
	const currencies = [...new Set(rows.map((r) => r.currency).filter((c): c is string => !!c))].sort();
	const perCurrency: IDataObject = {};
	for (const currency of currencies) {
		const entry: IDataObject = {};
		for (const result of RESULT_ORDER) {
			const list = of(result).filter((r) => r.currency === currency);
			if (list.length) entry[result] = { count: list.length, total: totalsOf(list)[currency] ?? '0' };
		}
		perCurrency[currency] = entry;
	}
	const named = (list: ReconciledRow[]) =>
		namesText(list.map((r) => `${r.orderId ?? `row ${r.row}`}${r.reason ? ` (${r.reason})` : ''}`));
	const lines = [
		`Payout run${executionId ? ` ${executionId}` : ''}, as OMNO holds it now: ${RESULT_ORDER.filter(
			(r) => of(r).length || ['paid', 'pending', 'waiting'].includes(r),
		)
			.map((r) => `${countText(of(r).length)} ${LABELS[r]}`)
			.join(', ')}.`,
		...currencies.map(
			(currency) =>
				`${currency}: ${RESULT_ORDER.filter((r) => (perCurrency[currency] as IDataObject)[r])
					.map((r) => {
						const e = (perCurrency[currency] as IDataObject)[r] as IDataObject;
						return `${LABELS[r].split(' (')[0]} ${String(e.total)} (${countText(e.count as number)})`;
					})
					.join(' · ')}`,
		),
		of('waiting').length
			? `Still waiting for confirmation, not paid: ${countText(of('waiting').length)} (${moneyText(totalsOf(of('waiting')))}). Run the same sheet again to approve them.`
			: '',
		of('declinedOrFailed').length ? `Declined or failed: ${named(of('declinedOrFailed'))}` : '',
		of('differs').length ? `Differs from the sheet (check which is right): ${named(of('differs'))}` : '',
		of('mayExist').length ? `May exist (run the sheet again to find out): ${named(of('mayExist'))}` : '',
		of('notIdentifiable').length
			? `In OMNO but not identifiable: ${countText(of('notIdentifiable').length)}; decide them in the OMNO dashboard by orderId (in the CSV).`
			: '',
		of('notRead').length ? `Could not be read from OMNO: ${named(of('notRead'))}` : '',
		`Every row: ${fileName}.`,
	].filter(Boolean);
	return { text: lines.join('\n'), counts, perCurrency };
}

export const RECONCILED_COLUMNS = [
	'row',
	'orderId',
	'payoutId',
	'result',
	'status',
	'amount',
	'currency',
	'reason',
];
