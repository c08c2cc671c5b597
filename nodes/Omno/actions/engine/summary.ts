import type { IDataObject } from 'n8n-workflow';

import { addDecimal } from '../../validation/money';
import { sheetRow } from '../../validation/rows';
import type { ItemRecord } from './run';

type RowNamer = (i: number) => string;

const ROW: RowNamer = (i) => `Row ${sheetRow(i)}`;

/** Counts per outcome and per status over the rows that have a record; `each` sees every such row. */
function tally(
	results: Array<ItemRecord | undefined>,
	each: (record: ItemRecord, i: number) => void,
): { items: number; outcomes: Record<string, number>; statuses: Record<string, number> } {
	const outcomes: Record<string, number> = {};
	const statuses: Record<string, number> = {};
	let items = 0;
	for (const [i, record] of results.entries()) {
		if (!record) continue;
		items++;
		outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
		if (typeof record.status === 'string') statuses[record.status] = (statuses[record.status] ?? 0) + 1;
		each(record, i);
	}
	return { items, outcomes, statuses };
}

function addTo(totals: Record<string, string>, currency: string, amount: unknown): void {
	totals[currency] = addDecimal(totals[currency] ?? '0', amount as string | number);
}

/**
 * Counts per outcome and per status, and decimal-exact totals per currency of what was created (a Direct Link
 * whose processing failed was still created, so it counts). Runs after money moved, so it never throws: an
 * amount it cannot add is named instead.
 */
export function summarise(results: Array<ItemRecord | undefined>, rowName: RowNamer = ROW): IDataObject {
	const totals: Record<string, string> = {};
	const notTotalled: string[] = [];
	let createdNotProcessed = 0;
	const counts = tally(results, ({ outcome, request, createdNotProcessed: unprocessed }, i) => {
		if (unprocessed) createdNotProcessed++;
		const amount = request?.body.amount ?? request?.body.value;
		const currency = request?.body.currency;
		if (outcome !== 'created' || amount === undefined || typeof currency !== 'string') return;
		try {
			addTo(totals, currency, String(amount));
		} catch {
			notTotalled.push(rowName(i));
		}
	});
	const summary: IDataObject = { ...counts, totalsCreated: totals };
	if (createdNotProcessed) summary.createdNotProcessed = createdNotProcessed;
	if (notTotalled.length) summary.notTotalled = notTotalled;
	return summary;
}

/**
 * The summary of a run of Get operations (e.g. the final statuses of a payout run): counts per outcome and per
 * status, as for creates, plus decimal-exact totals per currency of what was fetched, overall and per status.
 * The amount is OMNO's own (`amount` or `value`); one it cannot add is named, never guessed.
 */
export function summariseFetched(
	results: Array<ItemRecord | undefined>,
	rowName: RowNamer = ROW,
): IDataObject {
	const totals: Record<string, string> = {};
	const totalsByStatus: Record<string, Record<string, string>> = {};
	const notTotalled: string[] = [];
	const counts = tally(results, ({ outcome, status, json }, i) => {
		if (!json || outcome === 'failed' || outcome === 'invalid') return;
		const amount = json.amount ?? json.value;
		const currency = typeof json.currency === 'string' ? json.currency.toUpperCase() : undefined;
		try {
			if (amount === undefined || amount === null || !currency) throw new Error('no amount or currency');
			// Checked first, so an amount that cannot be added changes neither total.
			addDecimal('0', amount as string | number);
			addTo(totals, currency, amount);
			addTo((totalsByStatus[typeof status === 'string' ? status : 'unknown'] ??= {}), currency, amount);
		} catch {
			notTotalled.push(rowName(i));
		}
	});
	const summary: IDataObject = { ...counts, totals, totalsByStatus };
	if (notTotalled.length) summary.notTotalled = notTotalled;
	return summary;
}

/** The summary item's JSON; whatever goes wrong here, the run's outputs still go out. */
export function safeSummary(
	records: Array<ItemRecord | undefined>,
	rowName?: RowNamer,
	summariser: typeof summarise = summarise,
): IDataObject {
	try {
		return summariser(records, rowName);
	} catch (error) {
		return {
			items: records.filter(Boolean).length,
			error: `The summary could not be computed: ${(error as Error).message}`,
		};
	}
}
