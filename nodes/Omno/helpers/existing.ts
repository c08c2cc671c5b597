import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransactionType } from '../domain/transactionKinds';
import { fetchTransaction } from '../transport/transactions';

/** GET the pay-in or payout a 409 named; the answer must be that transaction (transport/transactions.ts). */
export async function fetchExisting(
	ctx: IExecuteFunctions,
	type: TransactionType,
	id: string,
	i: number,
): Promise<IDataObject> {
	return (await fetchTransaction(ctx, id, type, i)).transaction;
}
