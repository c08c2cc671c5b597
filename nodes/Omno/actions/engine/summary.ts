import type { IDataObject } from 'n8n-workflow';

import { addDecimal } from '../../validation/money';
import type { ItemRecord } from './run';

/**
 * Counts per outcome and per status, and decimal-exact totals per currency of what was created (a Direct Link
 * whose processing failed was still created, so it counts). Runs after money moved, so it never throws: an
 * amount it cannot add is named instead.
 */
export function summarise(
	results: Array<ItemRecord | undefined>,
	rowName: (i: number) => string = (i) => `Row ${i + 1}`,
): IDataObject {
	const outcomes: Record<string, number> = {};
	const statuses: Record<string, number> = {};
	const totals: Record<string, string> = {};
	const notTotalled: string[] = [];
	let createdNotProcessed = 0;
	let items = 0;
	for (const [i, record] of results.entries()) {
		if (!record) continue;
		items++;
		const { outcome, status, request, createdNotProcessed: unprocessed } = record;
		outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
		if (unprocessed) createdNotProcessed++;
		if (typeof status === 'string') statuses[status] = (statuses[status] ?? 0) + 1;
		const amount = request?.body.amount ?? request?.body.value;
		const currency = request?.body.currency;
		if (outcome === 'created' && amount !== undefined && typeof currency === 'string') {
			try {
				totals[currency] = addDecimal(totals[currency] ?? '0', String(amount));
			} catch {
				notTotalled.push(rowName(i));
			}
		}
	}
	const summary: IDataObject = { items, outcomes, statuses, totalsCreated: totals };
	if (createdNotProcessed) summary.createdNotProcessed = createdNotProcessed;
	if (notTotalled.length) summary.notTotalled = notTotalled;
	return summary;
}

function addTo(totals: Record<string, string>, currency: string, amount: unknown): void {
	totals[currency] = addDecimal(totals[currency] ?? '0', amount as string | number);
}

/**
 * The summary of a run of Get operations (e.g. the final statuses of a payout run): counts per outcome and per
 * status, as for creates, plus decimal-exact totals per currency of what was fetched, overall and per status.
 * The amount is OMNO's own (`amount` or `value`); one it cannot add is named, never guessed.
 */
export function summariseFetched(
	results: Array<ItemRecord | undefined>,
	rowName: (i: number) => string = (i) => `Row ${i + 1}`,
): IDataObject {
	const outcomes: Record<string, number> = {};
	const statuses: Record<string, number> = {};
	const totals: Record<string, string> = {};
	const totalsByStatus: Record<string, Record<string, string>> = {};
	const notTotalled: string[] = [];
	let items = 0;
	for (const [i, record] of results.entries()) {
		if (!record) continue;
		items++;
		outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
		const status = typeof record.status === 'string' ? record.status : undefined;
		if (status) statuses[status] = (statuses[status] ?? 0) + 1;
		const json = record.json;
		if (!json || record.outcome === 'failed' || record.outcome === 'invalid') continue;
		const amount = json.amount ?? json.value;
		const currency = typeof json.currency === 'string' ? json.currency.toUpperCase() : undefined;
		if (amount === undefined || amount === null || !currency) {
			notTotalled.push(rowName(i));
			continue;
		}
		try {
			// Checked first, so an amount that cannot be added changes neither total.
			addDecimal('0', amount as string | number);
			addTo(totals, currency, amount);
			addTo((totalsByStatus[status ?? 'unknown'] ??= {}), currency, amount);
		} catch {
			notTotalled.push(rowName(i));
		}
	}
	const summary: IDataObject = { items, outcomes, statuses, totals, totalsByStatus };
	if (notTotalled.length) summary.notTotalled = notTotalled;
	return summary;
}

/** The summary item's JSON; whatever goes wrong here, the run's outputs still go out. */
export function safeSummary(
	records: Array<ItemRecord | undefined>,
	rowName?: (i: number) => string,
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
