import { mockToken, omnoApi, useRetryPolicy } from '../../../../helpers/omno';
import {
	check,
	checkCounts,
	checkJson,
	created,
	csvOf,
	groups,
	lines,
	mockReads,
	noTotals,
	payout,
	WAITING,
} from '../../../../helpers/payoutRun';

// A read failing with 5xx would otherwise wait for the GET retry pauses.
useRetryPolicy();

describe('payout run → check against OMNO: totals, the CSV and what is left out', () => {
	it('exact totals per currency, never through floats: 0.10 + 0.20 = 0.30 EUR, GBP and JPY with their own decimals', async () => {
		mockToken();
		mockReads([
			payout('po-1', 'rr-1', 0.1),
			payout('po-2', 'rr-2', '0.20'),
			payout('po-3', 'rr-3', 80, WAITING, { currency: 'GBP' }),
			payout('po-4', 'rr-4', 1500, WAITING, { currency: 'JPY' }),
		]);

		const item = await check([
			created('rr-1', 'po-1', '0.1'),
			created('rr-2', 'po-2', '0.2'),
			created('rr-3', 'po-3', '80', 'gbp'),
			created('rr-4', 'po-4', '1500', 'JPY'),
		]);

		expect(checkJson(item).totals.waiting).toEqual({ EUR: '0.30', GBP: '80.00', JPY: '1500' });
		expect(lines(item)[0]).toBe(
			'4 payout(s) wait for your approval: 0.30 EUR, 80.00 GBP, 1500 JPY (as OMNO holds them, read just now).',
		);
		expect(checkJson(item).toConfirm.map((c) => [c.amount, c.currency])).toEqual([
			['0.1', 'EUR'],
			['0.20', 'EUR'],
			['80', 'GBP'],
			['1500', 'JPY'],
		]);
	});

	it("OMNO's currency and amounts are read in any form: 'eur' is EUR, a number printed with an exponent is written out", async () => {
		mockToken();
		mockReads([
			payout('po-1', 'rr-1', '12.50', WAITING, { currency: 'eur' }),
			payout('po-2', 'rr-2', 5e-7, WAITING, { currency: 'BTC' }),
		]);

		const item = await check([created('rr-1', 'po-1', '12.5'), created('rr-2', 'po-2', '0.0000005', 'BTC')]);

		expect(checkJson(item).toConfirm).toEqual([
			{ payoutId: 'po-1', orderId: 'rr-1', amount: '12.50', currency: 'EUR' },
			{ payoutId: 'po-2', orderId: 'rr-2', amount: '0.0000005', currency: 'BTC' },
		]);
		expect(checkJson(item).totals.waiting).toEqual({ BTC: '0.0000005', EUR: '12.50' });
	});

	it('a read failing with 500 is notRead (not put up); summary and run-report items are ignored; pairing and the CSV are exact', async () => {
		mockToken();
		mockReads([payout('po-1', '=HYPERLINK("x")', '10.00'), payout('po-2', 'rr,2', 20, 'SUCCESS')]);
		// A GET is retried twice after a 5xx, then given up.
		const failing = omnoApi().get('/public/payout/po-3').times(3).reply(500, { message: 'boom' });

		const item = await check([
			created('=HYPERLINK("x")', 'po-1', '10'),
			created('rr,2', 'po-2', '20'),
			created('rr-3', 'po-3', '30'),
			{ json: { summary: { created: 3 } } },
			{ json: { runReport: { operation: 'payout.create' } } },
		]);

		expect(failing.isDone()).toBe(true);
		expect(groups(item)).toEqual([
			['=HYPERLINK("x")', 'waiting'],
			['rr,2', 'decided'],
			['rr-3', 'notRead'],
		]);
		expect(checkJson(item).toConfirm.map((c) => c.payoutId)).toEqual(['po-1']);
		expect(checkJson(item).counts).toEqual(checkCounts({ rows: 3, waiting: 1, decided: 1, notRead: 1 }));
		// An unread row is counted with the sheet's amount, apart from what waits.
		expect(checkJson(item).totals).toEqual({
			...noTotals,
			waiting: { EUR: '10.00' },
			decided: { EUR: '20.00' },
			notRead: { EUR: '30.00' },
		});
		expect(lines(item)).toContain(
			'• Could not be read from OMNO just now: 1 — rr-3. Not in this approval; run the same sheet again.',
		);
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(csvOf(item)).toBe(
			[
				'row,orderId,payoutId,group,status,omnoAmount,omnoCurrency,sheetAmount,sheetCurrency,omnoOrderId,note',
				`2,"'=HYPERLINK(""x"")",po-1,waiting,${WAITING},10.00,EUR,10,EUR,"'=HYPERLINK(""x"")",Created by this run; waiting for confirmation.`,
				'3,"rr,2",po-2,decided,SUCCESS,20,EUR,20,EUR,"rr,2",Already confirmed (OMNO: SUCCESS): not confirmed again.',
				'4,rr-3,po-3,notRead,,,,30,EUR,,Payout po-3 could not be read from OMNO just now (OMNO answered 500 to GET /public/payout/po-3: boom): not in this approval. Run the same sheet again.',
				'',
			].join('\r\n'),
		);
	});

	it('every cell a spreadsheet would run as a formula (=, +, -, @) is made inert in the CSV', async () => {
		mockToken();
		// "-1+1" starts like a negative number but is a formula too; only a plain number stays as it is.
		const orderIds = ['=1+1', '+SUM(A1)', '-A1', '@cmd', '-1+1'];
		mockReads(orderIds.map((o, k) => payout(`po-${k}`, o, 1)));

		const item = await check(orderIds.map((o, k) => created(o, `po-${k}`, '1')));

		const cells = csvOf(item)
			.split('\r\n')
			.slice(1, -1)
			.map((line) => line.split(',')[1]);
		expect(cells).toEqual(["'=1+1", "'+SUM(A1)", "'-A1", "'@cmd", "'-1+1"]);
	});

	it('no rows (only a summary item): an empty approval, nothing read', async () => {
		const token = mockToken();

		const item = await check([{ json: { summary: { created: 0 } } }]);

		expect(checkJson(item).counts).toEqual(checkCounts({ rows: 0 }));
		expect(checkJson(item).toConfirm).toEqual([]);
		expect(checkJson(item).rows).toEqual([]);
		expect(item.pairedItem).toEqual([]);
		expect(csvOf(item)).toBe(
			'row,orderId,payoutId,group,status,omnoAmount,omnoCurrency,sheetAmount,sheetCurrency,omnoOrderId,note\r\n',
		);
		expect(token.isDone()).toBe(false);
	});
});
