import type { IDataObject } from 'n8n-workflow';

import { PAYOUT_CONFIRMED_STATUSES, PAYOUT_UNDECIDED_STATUSES } from '../../domain/statuses';
import { differences, fieldText as text } from '../../validation/compare';

/**
 * What an approver has to know about one row of a payout run, decided from OMNO's record of the payout:
 * - waiting: OMNO holds exactly what the sheet says and waits for confirmation — the only rows put up;
 * - decided: OMNO already confirmed, paid, declined or rejected it (or it is not waiting for another reason);
 * - differs: OMNO's amount, currency or orderId is not the sheet's — listed first, never confirmed;
 * - mayExist: a create got no clear answer and no payout id is known: it may exist;
 * - notCreated: OMNO refused it, or the run never sent it;
 * - notIdentifiable: OMNO has the orderId, but neither its answer, the journal nor the ledger names the payout;
 * - notRead: the payout is known but OMNO could not be read for it just now.
 */
export type RowGroup =
	| 'waiting'
	| 'decided'
	| 'differs'
	| 'mayExist'
	| 'notCreated'
	| 'notIdentifiable'
	| 'notRead';

/** The order groups are listed in: what needs a person's eyes first. */
export const GROUP_ORDER: RowGroup[] = [
	'differs',
	'waiting',
	'decided',
	'mayExist',
	'notIdentifiable',
	'notRead',
	'notCreated',
];

/** One row of the run: what the sheet asked for, what OMNO holds, and the verdict. */
export interface RunRow {
	/** Its position among the run's rows (0-based), for naming it as the sheet does. */
	index: number;
	orderId: string | null;
	payoutId: string | null;
	/** What this run's sheet asked for (decimal text as validated by Payout → Create). */
	sheetAmount: string | null;
	sheetCurrency: string | null;
	/** What OMNO holds, as read by this step (null when not read). */
	omnoOrderId: string | null;
	omnoAmount: string | null;
	omnoCurrency: string | null;
	status: string | null;
	group: RowGroup;
	note: string;
}

/** What a row of Payout → Create's output says, before OMNO is read. */
export interface CreatedRow {
	index: number;
	orderId: string | null;
	payoutId: string | null;
	sheetAmount: string | null;
	sheetCurrency: string | null;
	/** How the create ended: created now, already in OMNO, no clear answer, or failed / not sent. */
	ending: 'created' | 'existed' | 'unknown' | 'failed';
	/** Where the payout id came from when the create's own answer did not name it. */
	idFrom?: 'journal';
	/** The create's own words about a failure. */
	error?: string;
}

/**
 * A parameter that must be a list of objects, given as a list or as JSON text (an empty text or no value is an
 * empty list), or why it is not one: a list that cannot be read must never pass as an empty one.
 */
export function jsonList(value: unknown, fields: string): unknown[] | { problem: string } {
	let list = value;
	if (typeof list === 'string') {
		try {
			list = list.trim() === '' ? [] : JSON.parse(list);
		} catch {
			return { problem: `is not valid JSON: it must be a list of objects with ${fields}` };
		}
	}
	if (list === undefined || list === null) return [];
	return Array.isArray(list) ? list : { problem: `must be a list of objects with ${fields}` };
}

/**
 * The orderId → payoutId pairs known from earlier runs (the run's journal, then the webhook ledger), or why the
 * list cannot be read (a journal that cannot be read must never pass as an empty one).
 */
export function knownPayoutIds(entries: unknown): Map<string, string> | { problem: string } {
	const known = new Map<string, string>();
	const list = jsonList(entries, 'orderId and payoutId');
	if (!Array.isArray(list)) return list;
	for (const entry of list) {
		const json = (entry && typeof entry === 'object' && 'json' in entry ? entry.json : entry) as IDataObject;
		const orderId = text(json?.orderId);
		const payoutId = text(json?.payoutId);
		// The first source that names a payout wins: the journal is listed before the ledger.
		if (orderId && payoutId && !known.has(orderId)) known.set(orderId, payoutId);
	}
	return known;
}

/** True for Payout → Create's summary and run-report items, which describe the run rather than a row. */
export function isRunItem(json: IDataObject): boolean {
	return json.summary !== undefined || json.runReport !== undefined;
}

/** One Payout → Create output item as a row of the run; the payout id from the journal when OMNO named none. */
export function readCreatedRow(json: IDataObject, index: number, known: Map<string, string>): CreatedRow {
	const requested = (json.requested ?? {}) as IDataObject;
	const orderId = text(json.orderId);
	const row: CreatedRow = {
		index,
		orderId,
		payoutId: text(json.payoutId) ?? text(json.createdId),
		sheetAmount: text(requested.value ?? requested.amount),
		sheetCurrency: text(requested.currency)?.toUpperCase() ?? null,
		ending: 'created',
	};
	if (json.error !== undefined) {
		row.error = String(json.error);
		row.ending = json.outcome === 'unknown' ? 'unknown' : 'failed';
	} else if (json.notSent === true) {
		row.error = String(json.message ?? 'Not sent: the run stopped before this row.');
		row.ending = 'failed';
	} else if (json.alreadyExists === true || json.needsAttention === true) {
		row.ending = 'existed';
	}
	// A row this run could not create may still have a payout from an earlier run: OMNO decides what it is.
	if (!row.payoutId && orderId && known.has(orderId)) {
		row.payoutId = known.get(orderId) as string;
		row.idFrom = 'journal';
	}
	return row;
}

/** A row whose payout is not read: its verdict follows from how the create ended. */
export function unreadVerdict(row: CreatedRow): Pick<RunRow, 'group' | 'note'> {
	if (row.ending === 'unknown') {
		return {
			group: 'mayExist',
			note: `OMNO gave no clear answer when it was created, so it may exist; it is not in this approval. Run the same sheet again: the orderId finds it. (${row.error ?? 'no answer'})`,
		};
	}
	if (row.ending === 'failed') return { group: 'notCreated', note: row.error ?? 'Not created.' };
	return {
		group: 'notIdentifiable',
		note: 'OMNO already has this orderId, but neither its answer, the run journal nor the payout ledger names the payout.',
	};
}

/** The verdict on a row from OMNO's record of its payout. */
export function readVerdict(row: CreatedRow, payout: IDataObject): Pick<RunRow, 'group' | 'note'> {
	if (!row.orderId || !row.sheetAmount || !row.sheetCurrency) {
		return {
			group: 'differs',
			note: "The sheet's orderId, amount or currency for this row is not known here, so what OMNO holds cannot be checked: not put up for approval.",
		};
	}
	const problems = differences(
		{ orderId: row.orderId, amount: row.sheetAmount, currency: row.sheetCurrency },
		payout,
	);
	if (problems.length) {
		return {
			group: 'differs',
			note: `OMNO's payout differs from the sheet (${problems.join('; ')}): not put up for approval, never confirmed by this run. Check which is right.`,
		};
	}
	const status = text(payout.status);
	if (status === 'WAITING_FOR_CONFIRMATION') {
		return {
			group: 'waiting',
			note:
				row.ending === 'created'
					? 'Created by this run; waiting for confirmation.'
					: 'Created earlier; still waiting for confirmation.',
		};
	}
	if (status && (PAYOUT_CONFIRMED_STATUSES as readonly string[]).includes(status)) {
		return { group: 'decided', note: `Already confirmed (OMNO: ${status}): not confirmed again.` };
	}
	if (status === 'REJECTED') return { group: 'decided', note: 'Already rejected: not decided again.' };
	if (status && (PAYOUT_UNDECIDED_STATUSES as readonly string[]).includes(status)) {
		return {
			group: 'decided',
			note: `OMNO has it as ${status}, not waiting for confirmation yet: not in this approval.`,
		};
	}
	return { group: 'decided', note: `OMNO has it as ${status ?? 'no status'}: not in this approval.` };
}

/** A row with OMNO's values filled in (when read) and its verdict. */
export function runRow(
	row: CreatedRow,
	verdict: Pick<RunRow, 'group' | 'note'>,
	payout?: IDataObject,
): RunRow {
	return {
		index: row.index,
		orderId: row.orderId,
		payoutId: row.payoutId,
		sheetAmount: row.sheetAmount,
		sheetCurrency: row.sheetCurrency,
		omnoOrderId: payout ? text(payout.orderId) : null,
		omnoAmount: payout ? text(payout.amount ?? payout.value) : null,
		omnoCurrency: payout ? (text(payout.currency)?.toUpperCase() ?? null) : null,
		status: payout ? text(payout.status) : null,
		...verdict,
	};
}
