import { reconciliationSummary } from '../../../../../nodes/Omno/actions/kits/reconciliation';
import { mockToken, omnoApi } from '../../../../helpers/omno';
import { checked, payout, reconcile, reconcileCounts, report, results } from '../../../../helpers/payoutRun';

// Every case reads OMNO once (waitSeconds 0), so no pause is ever taken.
describe('payout run → reconcile: the report', () => {
	it('FAILED without a reason says so; a reason given only as detailedStatus is used', async () => {
		mockToken();
		const api = omnoApi();
		api.get('/public/payout/po-1').reply(200, payout('po-1', 'rr-1', '1', 'FAILED'));
		api.get('/public/payout/po-2').reply(
			200,
			payout('po-2', 'rr-2', '2', 'DECLINED', {
				statusReason: { detailedStatus: 'NO_PROVIDER_AVAILABLE' },
			}),
		);

		const item = await reconcile(
			[checked(1, 'rr-1', 'po-1', 'waiting', '1'), checked(2, 'rr-2', 'po-2', 'waiting', '2')],
			0,
		);

		expect(report(item).rows.map((r) => [r.result, r.reason])).toEqual([
			['declinedOrFailed', 'OMNO gave no reason (status FAILED)'],
			['declinedOrFailed', 'NO_PROVIDER_AVAILABLE'],
		]);
		expect(report(item).perCurrency).toEqual({ EUR: { declinedOrFailed: { count: 2, total: '3.00' } } });
		expect(report(item).text).toContain(
			'Declined or failed: rr-1 (OMNO gave no reason (status FAILED)), rr-2 (NO_PROVIDER_AVAILABLE)',
		);
	});

	it('rows given as JSON text are read the same; entries that are not rows are left out; no rows → an empty report', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, payout('po-1', 'rr-1', '9.99', 'SUCCESS'));

		const item = await reconcile(JSON.stringify([checked(1, 'rr-1', 'po-1', 'waiting', '9.99'), null, 5]), 0);

		expect(results(item)).toEqual([['rr-1', 'paid']]);
		expect(report(item).perCurrency).toEqual({ EUR: { paid: { count: 1, total: '9.99' } } });

		const token = mockToken();
		const empty = await reconcile('[]', 0);
		expect(report(empty).counts).toEqual(reconcileCounts({}));
		expect(report(empty).rows).toEqual([]);
		expect(token.isDone()).toBe(false);
	});

	it('totals are exact per currency and never mix currencies', async () => {
		mockToken();
		const api = omnoApi();
		const amounts = ['0.10', '0.20', '0.30', '1000000000000000.01'];
		amounts.forEach((a, k) =>
			api.get(`/public/payout/po-${k}`).reply(200, payout(`po-${k}`, `rr-${k}`, a, 'SUCCESS')),
		);
		api.get('/public/payout/po-g').reply(200, { ...payout('po-g', 'rr-g', 80, 'SUCCESS'), currency: 'GBP' });

		const item = await reconcile(
			[
				...amounts.map((a, k) => checked(k + 1, `rr-${k}`, `po-${k}`, 'waiting', a)),
				checked(5, 'rr-g', 'po-g', 'waiting', '80'),
			],
			0,
		);

		expect(report(item).perCurrency).toEqual({
			EUR: { paid: { count: 4, total: '1000000000000000.61' } },
			GBP: { paid: { count: 1, total: '80.00' } },
		});
		expect(report(item).text.split('\n').slice(1, 3)).toEqual([
			'EUR: paid 1000000000000000.61 (4)',
			'GBP: paid 80.00 (1)',
		]);
	});

	it("OMNO's amounts in exponent form are written out and added; 'eur' and 'EUR' are one currency", async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, { ...payout('po-1', 'rr-1', 5e-7, 'SUCCESS'), currency: 'btc' })
			.get('/public/payout/po-2')
			.reply(200, { ...payout('po-2', 'rr-2', 0.00000546, 'SUCCESS'), currency: 'BTC' })
			.get('/public/payout/po-3')
			.reply(200, { ...payout('po-3', 'rr-3', 10, 'SUCCESS'), currency: 'eur' })
			.get('/public/payout/po-4')
			.reply(200, { ...payout('po-4', 'rr-4', 20, 'SUCCESS'), currency: 'EUR' });

		const item = await reconcile(
			[1, 2, 3, 4].map((k) => checked(k, `rr-${k}`, `po-${k}`, 'waiting', '1')),
			0,
		);

		expect(report(item).rows.map((r) => [r.amount, r.currency])).toEqual([
			['0.0000005', 'BTC'],
			['0.00000546', 'BTC'],
			['10', 'EUR'],
			['20', 'EUR'],
		]);
		expect(report(item).perCurrency).toEqual({
			BTC: { paid: { count: 2, total: '0.00000596' } },
			EUR: { paid: { count: 2, total: '30.00' } },
		});
	});

	it("names the run by n8n's execution id when there is one, so the report leads back to it", () => {
		expect(String(reconciliationSummary([], 'r.csv', '42').text).split('\n')[0]).toBe(
			'Payout run 42, as OMNO holds it now: 0 paid, 0 pending (confirmed, not final yet), 0 still waiting for confirmation (not paid).',
		);
	});

	it.each([
		['text that is not JSON', '[{"row": "2"'],
		['an object instead of a list', { row: '2', payoutId: 'po-1' }],
	])('rows given as %s are refused, naming the parameter, and nothing is read', async (_what, rows) => {
		const api = omnoApi().get(/.*/).reply(200, {});

		// Never an empty report ("0 paid, 0 still waiting") for rows that could not be read.
		await expect(reconcile(rows, 0)).rejects.toThrow(
			/^Checked Rows \(rows\) (is not valid JSON|must be a list)/,
		);
		expect(api.isDone()).toBe(false);
	});

	it('pairs the report with every input item', async () => {
		const item = await reconcile([], 0, [{ json: { a: 1 } }, { json: { a: 2 } }]);

		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
