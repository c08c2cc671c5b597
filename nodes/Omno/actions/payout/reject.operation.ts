import { payoutDecision } from '../kits/decision';

export const { kind, effect, bulk, option, properties, run } = payoutDecision(
	'reject',
	'rejected',
	{
		name: 'Reject',
		description:
			'Decides about money. Refuse a payout waiting for confirmation by its payoutId: it is cancelled for good and never sent to a payment provider.',
		action: 'Reject a payout so it is never sent',
	},
	'The payout to reject. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). A rejected payout is never sent to a payment provider: no money moves.',
);
