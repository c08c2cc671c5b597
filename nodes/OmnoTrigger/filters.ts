import type { TransactionType } from '../Omno/domain/transactionKinds';

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

/** What identifies one piece of news: the same transaction in the same status. Also in the trigger's output. */
export function repeatKey(type: TransactionType | undefined, id: string, status: string | undefined): string {
	return `${type ?? 'unknown'}:${id}:${status ?? ''}`;
}
