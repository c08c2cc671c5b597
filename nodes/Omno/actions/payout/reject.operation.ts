import { payoutDecision } from '../../helpers/decision';

export const { kind, effect, option, properties, run } = payoutDecision(
	'reject',
	'rejected',
	{
		name: 'Reject',
		description:
			'Refuse a payout waiting for confirmation. It is never sent to a payment provider; no money moves.',
		action: 'Reject a payout',
	},
	'The payout to reject. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). A rejected payout is never sent to a payment provider: no money moves.',
);
