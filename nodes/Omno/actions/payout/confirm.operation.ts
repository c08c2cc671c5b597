import { payoutDecision } from '../../helpers/decision';

export const { kind, effect, option, properties, run } = payoutDecision(
	'confirm',
	'confirmed',
	{
		name: 'Confirm',
		description:
			'Approve a payout waiting for confirmation. This releases the money: OMNO starts sending it to the customer.',
		action: 'Confirm a payout releases the money',
	},
	'The payout to confirm. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). Confirming releases the money: OMNO starts sending it to the customer and it cannot be taken back.',
);
