import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PROCESSABLE_STATUSES } from '../domain/statuses';
import { TRANSACTION_KINDS, type TransactionType } from '../domain/transactionKinds';
import { fetchExisting } from './existing';

/**
 * A processing call (card, saved card, direct link) is never repeated blindly: OMNO might charge a pay-in
 * twice. The transaction is read first; if it is past the point where it can be processed, nothing is sent and
 * the item says so. Returns undefined when it may be processed.
 */
export async function alreadyProcessed(
	ctx: IExecuteFunctions,
	type: TransactionType,
	id: string,
	i: number,
): Promise<IDataObject | undefined> {
	const transaction = await fetchExisting(ctx, type, id, i);
	const status = transaction.status;
	if (typeof status === 'string' && PROCESSABLE_STATUSES[type].includes(status)) return undefined;
	return {
		[TRANSACTION_KINDS[type].idKey]: id,
		alreadyProcessed: true,
		status: status ?? null,
		message: `Not processed again: it is already ${String(status ?? 'past processing')}. Check it with Transaction → Get.`,
	};
}
