import { safeSummary, summarise } from '../../../../../nodes/Omno/actions/engine/summary';

describe('summarise', () => {
	it('counts outcomes and statuses and adds created amounts per currency exactly', () => {
		const request = (value: number, currency: string) => ({
			method: 'POST' as const,
			path: '/public/payout',
			body: { value, currency },
			orderId: `o-${value}`,
		});
		const summary = summarise([
			{ outcome: 'created', status: 'WAITING_FOR_CONFIRMATION', request: request(0.1, 'EUR') },
			{ outcome: 'created', status: 'WAITING_FOR_CONFIRMATION', request: request(0.2, 'EUR') },
			{ outcome: 'created', status: 'PENDING', request: request(1000, 'JPY') },
			{ outcome: 'alreadyExists', request: request(5, 'EUR') },
			{ outcome: 'failed' },
			{ outcome: 'unknown', request: request(7, 'EUR') },
		]);
		expect(summary).toEqual({
			items: 6,
			outcomes: { created: 3, alreadyExists: 1, failed: 1, unknown: 1 },
			statuses: { WAITING_FOR_CONFIRMATION: 2, PENDING: 1 },
			// 0.1 + 0.2 in floats is 0.30000000000000004.
			totalsCreated: { EUR: '0.3', JPY: '1000' },
		});
	});
});

describe('safeSummary', () => {
	it('never throws after money moved: an amount it cannot add is named, the rest is totalled', () => {
		const summary = safeSummary([
			{
				outcome: 'created',
				request: { method: 'POST', path: '/p', body: { value: 5, currency: 'EUR' }, orderId: 'ok' },
			},
			{
				outcome: 'created',
				request: {
					method: 'POST',
					path: '/p',
					body: { value: 'not a number', currency: 'EUR' },
					orderId: 'bad',
				},
			},
		]);

		expect(summary.totalsCreated).toEqual({ EUR: '5' });
		expect(summary.notTotalled).toEqual(['bad']);
	});
});
