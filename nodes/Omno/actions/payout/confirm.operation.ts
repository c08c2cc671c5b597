import { payoutDecision } from '../kits/decision';

export const { kind, effect, bulk, option, properties, run } = payoutDecision(
	'confirm',
	'confirmed',
	{
		name: 'Confirm',
		description:
			'Moves money. Approve a payout waiting for confirmation (status WAITING_FOR_CONFIRMATION) by its payoutId: OMNO releases the money to the customer and it cannot be taken back.',
		action: 'Confirm a payout and release its money',
	},
	'The payout to confirm. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). Confirming releases the money: OMNO starts sending it to the customer and it cannot be taken back.',
);
