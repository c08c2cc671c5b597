import type { IDataObject } from 'n8n-workflow';

import { addDecimal } from '../../validation/money';
import type { PreparedRequest } from '../operation';

export type Outcome = 'created' | 'alreadyExists' | 'failed' | 'unknown' | 'invalid' | 'dryRun';

export interface ItemRecord {
	outcome: Outcome;
	status?: unknown;
	request?: PreparedRequest;
}

/** Counts per outcome and per status, and decimal-exact totals per currency of what was created. */
export function summarise(results: ItemRecord[]): IDataObject {
	const outcomes: Record<string, number> = {};
	const statuses: Record<string, number> = {};
	const totals: Record<string, string> = {};
	for (const { outcome, status, request } of results) {
		outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
		if (typeof status === 'string') statuses[status] = (statuses[status] ?? 0) + 1;
		const amount = request?.body.amount ?? request?.body.value;
		const currency = request?.body.currency;
		if (outcome === 'created' && amount !== undefined && typeof currency === 'string') {
			totals[currency] = addDecimal(totals[currency] ?? '0', String(amount));
		}
	}
	return { items: results.length, outcomes, statuses, totalsCreated: totals };
}
