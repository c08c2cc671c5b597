import { decisionCases } from '../../../../helpers/decisionCases';
import { expectedDecisionCases } from '../../../../helpers/expectedDecisionCases';

describe('payout → reject', () => {
	decisionCases('reject', 'rejected');
});

describe('payout → reject only if OMNO holds the expected orderId, amount and currency', () => {
	expectedDecisionCases('reject', 'rejected');
});
