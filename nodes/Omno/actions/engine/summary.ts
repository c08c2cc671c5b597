import type { IDataObject } from 'n8n-workflow';

import { addDecimal } from '../../validation/money';
import type { ItemRecord } from './run';

/**
 * Counts per outcome and per status, and decimal-exact totals per currency of what was created (a Direct Link
 * whose processing failed was still created, so it counts). Runs after money moved, so it never throws: an
 * amount it cannot add is named instead.
 */
export function summarise(results: ItemRecord[]): IDataObject {
	const outcomes: Record<string, number> = {};
	const statuses: Record<string, number> = {};
	const totals: Record<string, string> = {};
	const notTotalled: string[] = [];
	let createdNotProcessed = 0;
	for (const { outcome, status, request, createdNotProcessed: unprocessed } of results) {
		outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
		if (unprocessed) createdNotProcessed++;
		if (typeof status === 'string') statuses[status] = (statuses[status] ?? 0) + 1;
		const amount = request?.body.amount ?? request?.body.value;
		const currency = request?.body.currency;
		if (outcome === 'created' && amount !== undefined && typeof currency === 'string') {
			try {
				totals[currency] = addDecimal(totals[currency] ?? '0', String(amount));
			} catch {
				notTotalled.push(request?.orderId ?? '?');
			}
		}
	}
	const summary: IDataObject = { items: results.length, outcomes, statuses, totalsCreated: totals };
	if (createdNotProcessed) summary.createdNotProcessed = createdNotProcessed;
	if (notTotalled.length) summary.notTotalled = notTotalled;
	return summary;
}

/** The summary item's JSON; whatever goes wrong here, the run's outputs still go out. */
export function safeSummary(records: ItemRecord[]): IDataObject {
	try {
		return summarise(records);
	} catch (error) {
		return { items: records.length, error: `The summary could not be computed: ${(error as Error).message}` };
	}
}
