import { payoutDecision } from './decision';

export const { description, execute } = payoutDecision(
	'reject',
	'rejected',
	'The payout to reject. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). A rejected payout is never sent to a payment provider: no money moves.',
);
