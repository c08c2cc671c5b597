import { decisionCases } from '../../../../helpers/decisionCases';
import { expectedDecisionCases } from '../../../../helpers/expectedDecisionCases';

describe('payout → confirm', () => {
	decisionCases('confirm', 'confirmed');
});

describe('payout → confirm only if OMNO holds the expected orderId, amount and currency', () => {
	expectedDecisionCases('confirm', 'confirmed');
});
