/** Which kind of OMNO transaction an id belongs to; pay-ins and payouts live under different paths. */
export type TransactionType = 'payIn' | 'payout';

/** What differs between a pay-in and a payout wherever the code handles either one. */
export interface TransactionKind {
	/** The field OMNO names the transaction's id with in its answers; the node's outputs use it too. */
	idKey: 'paymentId' | 'payoutId';
	/** In the middle of a sentence: "OMNO already has a pay-in with orderId …". */
	noun: 'pay-in' | 'payout';
	/** At the start of a sentence: "Pay-in pi-1 was created but …". */
	title: 'Pay-in' | 'Payout';
	/** OMNO's path for creating one; a transaction's own path is this, a slash and its id (transport/transactions.ts). */
	basePath: '/public/payin' | '/public/payout';
}

/** The one map from a transaction type to its id field, its name in messages and its path. */
export const TRANSACTION_KINDS: Readonly<Record<TransactionType, TransactionKind>> = {
	payIn: { idKey: 'paymentId', noun: 'pay-in', title: 'Pay-in', basePath: '/public/payin' },
	payout: { idKey: 'payoutId', noun: 'payout', title: 'Payout', basePath: '/public/payout' },
};
