import { decisionCases } from '../../../../helpers/decisionCases';

describe('payout → confirm', () => {
	decisionCases('confirm', 'confirmed');
});
