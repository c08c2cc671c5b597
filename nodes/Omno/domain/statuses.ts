import type { TransactionType } from './transactionKinds';

/** Every pay-in status OMNO documents (the list in the reference is complete). */
export const PAY_IN_STATUSES = [
	'CREATED',
	'PENDING',
	'PENDING_3DS',
	'SUCCESS',
	'REFUNDED',
	'PARTIALLY_REFUNDED',
	'DECLINED',
	'FAILED',
	'TIMEOUT',
	'REFUND_FAILED',
] as const;

/**
 * Payout statuses known so far. OMNO's list is cut off after PENDING; the last four are our assumption.
 * Statuses not listed here can still arrive and must pass through unchanged.
 */
export const PAYOUT_STATUSES = [
	'CREATED',
	'WAITING_FOR_CONFIRMATION',
	'PENDING',
	'SUCCESS',
	'DECLINED',
	'FAILED',
	'REJECTED',
] as const;

/** States a pay-in never leaves on its own: waiting longer changes nothing. */
export const PAY_IN_FINAL_STATUSES = [
	'SUCCESS',
	'DECLINED',
	'FAILED',
	'TIMEOUT',
	'REFUNDED',
	'PARTIALLY_REFUNDED',
	'REFUND_FAILED',
] as const;

/** Final payout states (assumed, see PAYOUT_STATUSES). */
export const PAYOUT_FINAL_STATUSES = ['SUCCESS', 'DECLINED', 'FAILED', 'REJECTED'] as const;

export const KNOWN_STATUSES: Record<TransactionType, readonly string[]> = {
	payIn: PAY_IN_STATUSES,
	payout: PAYOUT_STATUSES,
};

export const FINAL_STATUSES: Record<TransactionType, readonly string[]> = {
	payIn: PAY_IN_FINAL_STATUSES,
	payout: PAYOUT_FINAL_STATUSES,
};

/** True only for a known final status; unknown or missing statuses count as "still moving". */
export function isFinalStatus(type: TransactionType, status: unknown): boolean {
	return typeof status === 'string' && FINAL_STATUSES[type].includes(status);
}

/** A payout that is waiting for (or not yet at) the confirm/reject decision. */
export const PAYOUT_UNDECIDED_STATUSES = ['CREATED', 'WAITING_FOR_CONFIRMATION'] as const;

/** Where a confirmed payout can be by now: confirming it again would change nothing. */
export const PAYOUT_CONFIRMED_STATUSES = ['PENDING', 'PROCESSING', 'SUCCESS', 'DECLINED', 'FAILED'] as const;

/** Statuses in which OMNO still takes a processing call (card, saved card, direct link). */
export const PROCESSABLE_STATUSES: Record<TransactionType, readonly string[]> = {
	payIn: ['CREATED'],
	payout: ['CREATED', 'WAITING_FOR_CONFIRMATION'],
};
