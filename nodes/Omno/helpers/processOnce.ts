import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fetchExisting } from './existing';
import { PROCESSABLE_STATUSES, type TransactionType } from './statuses';

const ID_KEY = { payIn: 'paymentId', payout: 'payoutId' } as const;

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
		[ID_KEY[type]]: id,
		alreadyProcessed: true,
		status: status ?? null,
		message: `Not processed again: it is already ${String(status ?? 'past processing')}. Check it with Transaction → Get.`,
	};
}
