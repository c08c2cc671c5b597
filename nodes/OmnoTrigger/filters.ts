import type { IDataObject } from 'n8n-workflow';

import type { TransactionType } from '../Omno/helpers/statuses';

export type TypeFilter = TransactionType | 'both';

export interface Filters {
	transactionKind: TypeFilter;
	/** Empty: any status. */
	statuses: string[];
}

/**
 * The Statuses parameter as a list. The UI gives an array; an expression may give one status or a comma-separated
 * string ("SUCCESS, FAILED"), or an array with odd members. Blank entries are dropped.
 */
export function statusList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return parts
		.filter((part): part is string | number => typeof part === 'string' || typeof part === 'number')
		.map((part) => String(part).trim())
		.filter((part) => part !== '');
}

export type FilterResult = { pass: true } | { pass: false; reason: string };

/**
 * Decides whether a delivery starts the workflow. A filter that cannot be checked (the type or status is
 * unknown) does not pass: "only SUCCESS" must never start a run for a transaction of unknown status.
 */
export function matchesFilters(
	transaction: { type?: TransactionType; status?: string },
	filters: Filters,
): FilterResult {
	if (filters.transactionKind !== 'both' && transaction.type !== filters.transactionKind) {
		return {
			pass: false,
			reason: transaction.type ? `type ${transaction.type} is not selected` : 'type is unknown',
		};
	}
	if (filters.statuses.length > 0) {
		const status = transaction.status?.toUpperCase();
		if (!status || !filters.statuses.some((s) => s.toUpperCase() === status)) {
			return { pass: false, reason: status ? `status ${status} is not selected` : 'status is unknown' };
		}
	}
	return { pass: true };
}

export const REPEAT_MEMORY = {
	/** Most keys remembered; the oldest are forgotten first, so static data stays small. */
	maxEntries: 1000,
};

/**
 * True when the same key (type, id, status) was seen within the window; otherwise remembers it.
 * `memory` is the trigger's workflow static data (key → first-seen time in ms), pruned on every call.
 */
export function isRepeat(memory: IDataObject, key: string, now: number, windowMs: number): boolean {
	for (const [seenKey, seenAt] of Object.entries(memory)) {
		if (typeof seenAt !== 'number' || now - seenAt >= windowMs || seenAt > now) delete memory[seenKey];
	}
	if (memory[key] !== undefined) return true;
	memory[key] = now;
	// Insertion order is age order (keys are never numeric), so the first keys are the oldest.
	const keys = Object.keys(memory);
	for (const oldKey of keys.slice(0, Math.max(0, keys.length - REPEAT_MEMORY.maxEntries))) {
		delete memory[oldKey];
	}
	return false;
}

export function repeatKey(type: TransactionType | undefined, id: string, status: string | undefined): string {
	return `${type ?? 'unknown'}:${id}:${status ?? ''}`;
}
