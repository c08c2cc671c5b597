import { mockToken } from '../../../../helpers/omno';
import {
	check,
	CHECK_FILE,
	checkJson,
	created,
	groups,
	lines,
	mockReads,
	named409,
	payout,
	WAITING,
} from '../../../../helpers/payoutRun';

describe('payout run → check against OMNO: what OMNO holds against the sheet', () => {
	it("a 409 naming another order's payout (po-9: other-order, 9800) differs and is in no waiting total", async () => {
		mockToken();
		mockReads([
			payout('po-9', 'other-order', 9800),
			payout('po-6', 'rr-6', '98.00'),
			payout('po-7', 'rr-70', '98'),
			payout('po-8', 'rr-8', '98.00', WAITING, { currency: 'USD' }),
		]);

		const item = await check([
			named409('rr-5', 'po-9', '98'),
			created('rr-6', 'po-6', '98'),
			named409('rr-7', 'po-7', '98.00'),
			created('rr-8', 'po-8', '98'),
		]);

		expect(groups(item)).toEqual([
			['rr-5', 'differs'],
			['rr-6', 'waiting'],
			['rr-7', 'differs'],
			['rr-8', 'differs'],
		]);
		expect(checkJson(item).toConfirm).toEqual([
			{ payoutId: 'po-6', orderId: 'rr-6', amount: '98.00', currency: 'EUR' },
		]);
		expect(checkJson(item).totals.waiting).toEqual({ EUR: '98.00' });
		expect(checkJson(item).totals.differs).toEqual({ EUR: '9898.00', USD: '98.00' });
		expect(lines(item)).toEqual([
			'1 payout(s) wait for your approval: 98.00 EUR (as OMNO holds them, read just now).',
			"• Differs from the sheet, NOT in this approval and never confirmed by it: 3 — rr-5 (OMNO 9800.00 EUR, sheet 98.00 EUR, OMNO's orderId other-order); rr-7 (OMNO 98.00 EUR, sheet 98.00 EUR, OMNO's orderId rr-70); rr-8 (OMNO 98.00 USD, sheet 98.00 EUR). Check which is right.",
			'• Waiting, confirmed if you approve: 1 (98.00 EUR)',
			`Every row, with OMNO's and the sheet's values: ${CHECK_FILE}.`,
		]);
		expect(checkJson(item).rows[0].note).toBe(
			"OMNO's payout differs from the sheet (orderId: OMNO other-order, expected rr-5; amount: OMNO 9800, expected 98): not put up for approval, never confirmed by this run. Check which is right.",
		);
		expect(checkJson(item).rows[0]).toMatchObject({ omnoOrderId: 'other-order', omnoAmount: '9800' });
	});

	it("a row whose Create output does not say what it asked for is never put up, even when OMNO's payout waits", async () => {
		mockToken();
		mockReads([payout('po-1', 'rr-1', 125)]);

		const item = await check([{ json: { orderId: 'rr-1', payoutId: 'po-1', status: WAITING } }]);

		expect(groups(item)).toEqual([['rr-1', 'differs']]);
		expect(checkJson(item).toConfirm).toEqual([]);
		expect(checkJson(item).rows[0].note).toBe(
			"The sheet's orderId, amount or currency for this row is not known here, so what OMNO holds cannot be checked: not put up for approval.",
		);
		expect(lines(item)[0]).toBe('No payout waits for your approval: approving confirms nothing.');
	});

	it('statuses other than waiting are decided (CREATED, PENDING, REJECTED, an unknown one), none put up', async () => {
		mockToken();
		mockReads([
			payout('po-1', 'rr-1', 1, 'CREATED'),
			payout('po-2', 'rr-2', 2, 'PENDING'),
			payout('po-3', 'rr-3', 3, 'REJECTED'),
			payout('po-4', 'rr-4', 4, 'ON_HOLD'),
		]);

		const item = await check([
			created('rr-1', 'po-1', '1'),
			created('rr-2', 'po-2', '2'),
			created('rr-3', 'po-3', '3'),
			created('rr-4', 'po-4', '4'),
		]);

		expect(checkJson(item).rows.map((r) => [r.group, r.note])).toEqual([
			['decided', 'OMNO has it as CREATED, not waiting for confirmation yet: not in this approval.'],
			['decided', 'Already confirmed (OMNO: PENDING): not confirmed again.'],
			['decided', 'Already rejected: not decided again.'],
			['decided', 'OMNO has it as ON_HOLD: not in this approval.'],
		]);
		expect(checkJson(item).toConfirm).toEqual([]);
		expect(checkJson(item).totals.decided).toEqual({ EUR: '10.00' });
		expect(lines(item)).toEqual([
			'No payout waits for your approval: approving confirms nothing.',
			'• Already decided, not confirmed again: 4 (10.00 EUR) — CREATED 1, PENDING 1, REJECTED 1, ON_HOLD 1',
			`Every row, with OMNO's and the sheet's values: ${CHECK_FILE}.`,
		]);
	});

	it('more than ten differing rows: ten named, the rest counted as in the CSV', async () => {
		const ids = Array.from({ length: 12 }, (_, k) => String(k + 1));
		mockToken();
		mockReads(ids.map((n) => payout(`po-${n}`, `rr-${n}`, 100)));

		const item = await check(ids.map((n) => created(`rr-${n}`, `po-${n}`, '1')));

		expect(checkJson(item).counts.differs).toBe(12);
		const line = lines(item)[1];
		expect(line).toMatch(
			/^• Differs from the sheet, NOT in this approval and never confirmed by it: 12 — rr-1 \(/,
		);
		expect(line).toContain(
			'rr-10 (OMNO 100.00 EUR, sheet 1.00 EUR); … (2 more in the CSV). Check which is right.',
		);
		expect(line).not.toContain('rr-11');
		expect(checkJson(item).totals).toMatchObject({ differs: { EUR: '1200.00' }, waiting: {} });
	});
});
