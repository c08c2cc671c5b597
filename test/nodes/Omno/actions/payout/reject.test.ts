import { decisionCases } from '../../../../helpers/decisionCases';

describe('payout → reject', () => {
	decisionCases('reject', 'rejected');
});
