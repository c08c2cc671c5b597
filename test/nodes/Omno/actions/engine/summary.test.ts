import { safeSummary, summarise, summariseFetched } from '../../../../../nodes/Omno/actions/engine/summary';

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
		const summary = safeSummary(
			[
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
			],
			(i) => `Row ${i + 2} (orderId ${['ok', 'bad'][i]})`,
		);

		expect(summary.totalsCreated).toEqual({ EUR: '5' });
		// Named as every message names a row; the second row, not the first.
		expect(summary.notTotalled).toEqual(['Row 3 (orderId bad)']);
	});

	it('skips rows with no record (never run) without shifting the row numbers', () => {
		const summary = summarise([
			undefined,
			{
				outcome: 'created',
				request: { method: 'POST', path: '/p', body: { value: 'x', currency: 'EUR' }, orderId: 'o' },
			},
		]);

		expect(summary.items).toBe(1);
		expect(summary.notTotalled).toEqual(['Row 3']);
	});
});

describe('summariseFetched (Get over many items)', () => {
	it('counts statuses and adds OMNO amounts per currency exactly, overall and per status', () => {
		const summary = summariseFetched([
			{ outcome: 'done', status: 'SUCCESS', json: { value: 0.1, currency: 'EUR', status: 'SUCCESS' } },
			{ outcome: 'done', status: 'SUCCESS', json: { value: '0.2', currency: 'eur', status: 'SUCCESS' } },
			{ outcome: 'done', status: 'DECLINED', json: { amount: 1000, currency: 'JPY', status: 'DECLINED' } },
			{ outcome: 'done', status: 'PENDING', json: { value: '12.345', currency: 'USD', status: 'PENDING' } },
			{ outcome: 'failed' },
		]);

		expect(summary).toEqual({
			items: 5,
			outcomes: { done: 4, failed: 1 },
			statuses: { SUCCESS: 2, DECLINED: 1, PENDING: 1 },
			// 0.1 + 0.2 in floats is 0.30000000000000004.
			totals: { EUR: '0.3', JPY: '1000', USD: '12.345' },
			totalsByStatus: { SUCCESS: { EUR: '0.3' }, DECLINED: { JPY: '1000' }, PENDING: { USD: '12.345' } },
		});
	});

	it('names the row whose amount it cannot add, and totals the rest', () => {
		const summary = summariseFetched(
			[
				{ outcome: 'done', status: 'SUCCESS', json: { value: '5', currency: 'EUR' } },
				{ outcome: 'done', status: 'SUCCESS', json: { value: 'n/a', currency: 'EUR' } },
				{ outcome: 'done', status: 'SUCCESS', json: { currency: 'EUR' } },
			],
			(i) => `Row ${i + 2} (payoutId p-${i})`,
		);

		expect(summary.totals).toEqual({ EUR: '5' });
		expect(summary.totalsByStatus).toEqual({ SUCCESS: { EUR: '5' } });
		expect(summary.notTotalled).toEqual(['Row 3 (payoutId p-1)', 'Row 4 (payoutId p-2)']);
	});
});
