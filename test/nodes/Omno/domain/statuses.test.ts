import {
	FINAL_STATUSES,
	KNOWN_STATUSES,
	PAY_IN_FINAL_STATUSES,
	PAYOUT_FINAL_STATUSES,
	isFinalStatus,
} from '../../../../nodes/Omno/domain/statuses';

describe('statuses', () => {
	it('every final status is also a known status of its type', () => {
		for (const type of ['payIn', 'payout'] as const) {
			for (const status of FINAL_STATUSES[type]) expect(KNOWN_STATUSES[type]).toContain(status);
		}
	});

	it.each([
		['payIn', 'SUCCESS', true],
		['payIn', 'PARTIALLY_REFUNDED', true],
		['payIn', 'REFUND_FAILED', true],
		['payIn', 'PENDING_3DS', false],
		['payIn', 'REJECTED', false],
		['payout', 'REJECTED', true],
		['payout', 'WAITING_FOR_CONFIRMATION', false],
		['payout', 'TIMEOUT', false],
		['payout', 'SOMETHING_NEW', false],
		['payout', undefined, false],
		['payIn', 'success', false],
	] as const)('%s %s final → %s', (type, status, final) => {
		expect(isFinalStatus(type, status)).toBe(final);
	});

	it('lists the documented final states', () => {
		expect([...PAY_IN_FINAL_STATUSES].sort()).toEqual(
			['SUCCESS', 'DECLINED', 'FAILED', 'TIMEOUT', 'REFUNDED', 'PARTIALLY_REFUNDED', 'REFUND_FAILED'].sort(),
		);
		expect([...PAYOUT_FINAL_STATUSES].sort()).toEqual(['SUCCESS', 'DECLINED', 'FAILED', 'REJECTED'].sort());
	});
});
