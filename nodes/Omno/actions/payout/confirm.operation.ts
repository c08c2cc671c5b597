import { payoutDecision } from './decision';

export const { description, execute } = payoutDecision(
	'confirm',
	'confirmed',
	'The payout to confirm. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). Confirming releases the money: OMNO starts sending it to the customer and it cannot be taken back.',
);
