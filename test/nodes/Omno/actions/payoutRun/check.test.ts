import { mockToken, omnoApi } from '../../../../helpers/omno';
import {
	bare409,
	check,
	CHECK_FILE,
	checkCounts,
	checkJson,
	created,
	groups,
	lines,
	mockReads,
	mockWrites,
	named409,
	noTotals,
	notSent,
	payout,
	refused400,
	unknown503,
	WAITING,
} from '../../../../helpers/payoutRun';

describe('payout run → check against OMNO: which payout each row is', () => {
	describe('a typo in the sheet, fixed after the payout was created (rr-1: 12500 in OMNO, 125.00 in the sheet)', () => {
		const expectedText = [
			'1 payout(s) wait for your approval: 80.00 EUR (as OMNO holds them, read just now).',
			'• Differs from the sheet, NOT in this approval and never confirmed by it: 1 — rr-1 (OMNO 12500.00 EUR, sheet 125.00 EUR). Check which is right.',
			'• Waiting, confirmed if you approve: 1 (80.00 EUR)',
			`Every row, with OMNO's and the sheet's values: ${CHECK_FILE}.`,
		].join('\n');

		it.each([
			['the 409 named po-1', named409('rr-1', 'po-1', '125'), undefined],
			[
				'a bare 409 and the journal names po-1',
				bare409('rr-1', '125'),
				JSON.stringify([{ orderId: 'rr-1', payoutId: 'po-1' }]),
			],
		])(
			'%s: rr-1 differs and is not put up; only rr-2 waits, for exactly 80.00 EUR',
			async (_how, row1, knownPayouts) => {
				mockToken();
				const reads = mockReads([payout('po-1', 'rr-1', 12500), payout('po-2', 'rr-2', 80)]);
				const writes = mockWrites();

				const item = await check([row1, created('rr-2', 'po-2', '80')], knownPayouts);

				expect(groups(item)).toEqual([
					['rr-1', 'differs'],
					['rr-2', 'waiting'],
				]);
				expect(checkJson(item).toConfirm).toEqual([
					{ payoutId: 'po-2', orderId: 'rr-2', amount: '80', currency: 'EUR' },
				]);
				expect(checkJson(item).counts).toEqual(checkCounts({ rows: 2, differs: 1, waiting: 1 }));
				expect(checkJson(item).totals).toEqual({
					...noTotals,
					differs: { EUR: '12500.00' },
					waiting: { EUR: '80.00' },
				});
				// Exactly 80.00 waits: neither 12500 nor 125 is ever added into it.
				expect(checkJson(item).text).toBe(expectedText);
				expect(checkJson(item).rows[0]).toEqual({
					// Named as the sheet counts it: its header is row 1.
					row: '2',
					orderId: 'rr-1',
					payoutId: 'po-1',
					group: 'differs',
					status: WAITING,
					omnoAmount: '12500',
					omnoCurrency: 'EUR',
					sheetAmount: '125',
					sheetCurrency: 'EUR',
					omnoOrderId: 'rr-1',
					note: "OMNO's payout differs from the sheet (amount: OMNO 12500, expected 125): not put up for approval, never confirmed by this run. Check which is right.",
				});
				expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
				expect(reads.pendingMocks()).toEqual([]);
				// Read-only: nothing is confirmed, rejected or created.
				expect(writes.pendingMocks()).toHaveLength(2);
			},
		);
	});

	it('after a crash during confirms: 10 bare 409s found through the journal; OMNO says 4 decided, 6 waiting → exactly those 6 to confirm', async () => {
		const ids = Array.from({ length: 10 }, (_, k) => String(k + 1).padStart(2, '0'));
		const decided: Record<string, string> = {
			'01': 'SUCCESS',
			'02': 'DECLINED',
			'03': 'SUCCESS',
			'04': 'DECLINED',
		};
		mockToken();
		const reads = mockReads(ids.map((n) => payout(`po-${n}`, `rr-${n}`, '10.10', decided[n] ?? WAITING)));
		const writes = mockWrites();
		const journal = ids.map((n) => ({ json: { orderId: `rr-${n}`, payoutId: `po-${n}`, step: 'created' } }));

		const item = await check(
			ids.map((n) => bare409(`rr-${n}`, '10.1')),
			journal,
		);

		expect(checkJson(item).toConfirm).toEqual(
			['05', '06', '07', '08', '09', '10'].map((n) => ({
				payoutId: `po-${n}`,
				orderId: `rr-${n}`,
				amount: '10.10',
				currency: 'EUR',
			})),
		);
		expect(checkJson(item).counts).toEqual(checkCounts({ rows: 10, waiting: 6, decided: 4 }));
		expect(checkJson(item).totals).toEqual({
			...noTotals,
			waiting: { EUR: '60.60' },
			decided: { EUR: '40.40' },
		});
		expect(lines(item)).toEqual([
			'6 payout(s) wait for your approval: 60.60 EUR (as OMNO holds them, read just now).',
			'• Waiting, confirmed if you approve: 6 (60.60 EUR)',
			'• Already decided, not confirmed again: 4 (40.40 EUR) — SUCCESS 2, DECLINED 2',
			`Every row, with OMNO's and the sheet's values: ${CHECK_FILE}.`,
		]);
		expect(checkJson(item).rows.map((r) => [r.orderId, r.payoutId, r.group, r.note])).toEqual(
			ids.map((n) => [
				`rr-${n}`,
				`po-${n}`,
				decided[n] ? 'decided' : 'waiting',
				decided[n]
					? `Already confirmed (OMNO: ${decided[n]}): not confirmed again.`
					: 'Created earlier; still waiting for confirmation.',
			]),
		);
		expect(reads.pendingMocks()).toEqual([]);
		expect(writes.pendingMocks()).toHaveLength(2);
	});

	it('ids from the journal first, then the ledger; a row named nowhere is notIdentifiable, told once in the text', async () => {
		mockToken();
		const reads = mockReads([
			payout('po-1', 'rr-1', '1.00'),
			payout('po-2', 'rr-2', '2.00'),
			payout('po-3', 'rr-3', '3.00'),
		]);
		// Any other read (e.g. the ledger's po-ledger-1) finds no mock: the row would not be "waiting".
		const journal = [
			{ json: { orderId: 'rr-1', payoutId: 'po-1' } },
			{ json: { orderId: 'rr-2', payoutId: '' } },
			{ json: { orderId: 'rr-9' } },
			null,
		];
		const ledger = [
			{ json: { orderId: 'rr-1', payoutId: 'po-ledger-1' } },
			{ json: { orderId: 'rr-2', payoutId: 'po-2' } },
			{ orderId: 'rr-3', payoutId: 'po-3' },
		];
		const rows = ['rr-1', 'rr-2', 'rr-3', 'rr-4', 'rr-5', 'rr-6'].map((o, k) => bare409(o, `${k + 1}`));

		const item = await check(rows, [...journal, ...ledger]);

		expect(checkJson(item).rows.map((r) => [r.orderId, r.payoutId, r.group])).toEqual([
			['rr-1', 'po-1', 'waiting'],
			['rr-2', 'po-2', 'waiting'],
			['rr-3', 'po-3', 'waiting'],
			['rr-4', null, 'notIdentifiable'],
			['rr-5', null, 'notIdentifiable'],
			['rr-6', null, 'notIdentifiable'],
		]);
		expect(checkJson(item).toConfirm.map((c) => [c.payoutId, c.amount])).toEqual([
			['po-1', '1.00'],
			['po-2', '2.00'],
			['po-3', '3.00'],
		]);
		expect(checkJson(item).counts).toEqual(checkCounts({ rows: 6, waiting: 3, notIdentifiable: 3 }));
		expect(checkJson(item).totals).toEqual({
			...noTotals,
			waiting: { EUR: '6.00' },
			notIdentifiable: { EUR: '15.00' },
		});
		// The per-row explanation is in the rows and the CSV, not repeated in the message.
		expect(lines(item)).toEqual([
			'3 payout(s) wait for your approval: 6.00 EUR (as OMNO holds them, read just now).',
			'• Waiting, confirmed if you approve: 3 (6.00 EUR)',
			'• In OMNO but not identifiable: 3. Decide them in the OMNO dashboard by orderId (listed in the CSV).',
			`Every row, with OMNO's and the sheet's values: ${CHECK_FILE}.`,
		]);
		expect(checkJson(item).rows[3].note).toBe(
			'OMNO already has this orderId, but neither its answer, the run journal nor the payout ledger names the payout.',
		);
		expect(reads.pendingMocks()).toEqual([]);
	});

	describe('a create answered 503 (no clear answer, no payout id)', () => {
		it('is mayExist, never notCreated; refused and never-sent rows are notCreated; nothing is read', async () => {
			const token = mockToken();
			const api = mockReads([]);
			api.get(/.*/).reply(200, {});

			const item = await check([
				unknown503(1, 'rr-1', '125'),
				refused400(2, 'rr-2', '20'),
				notSent(3, 'rr-3', '30.5'),
			]);

			expect(groups(item)).toEqual([
				['rr-1', 'mayExist'],
				['rr-2', 'notCreated'],
				['rr-3', 'notCreated'],
			]);
			expect(checkJson(item).toConfirm).toEqual([]);
			expect(checkJson(item).counts).toEqual(checkCounts({ rows: 3, mayExist: 1, notCreated: 2 }));
			expect(checkJson(item).totals).toEqual({
				...noTotals,
				mayExist: { EUR: '125.00' },
				notCreated: { EUR: '50.50' },
			});
			expect(lines(item)).toEqual([
				'No payout waits for your approval: approving confirms nothing.',
				'• May exist in OMNO (a create got no clear answer): 1 — rr-1. Not in this approval; run the same sheet again to find them.',
				'• Not created: 2 — rr-2, rr-3',
				`Every row, with OMNO's and the sheet's values: ${CHECK_FILE}.`,
			]);
			expect(checkJson(item).rows.map((r) => r.note)).toEqual([
				'OMNO gave no clear answer when it was created, so it may exist; it is not in this approval. Run the same sheet again: the orderId finds it. (Row 1 (orderId rr-1): OMNO answered 503 to POST /public/payout: Service Unavailable)',
				'Row 2 (orderId rr-2): OMNO answered 400 to POST /public/payout: customer.email invalid',
				'Row 3: not sent, because the run stopped at Row 1. Run the same input again to send it.',
			]);
			// Nothing to read: not even a token is fetched.
			expect(token.isDone()).toBe(false);
			expect(api.isDone()).toBe(false);
		});

		it('the same row with a known payout id is read and classified (waiting, OMNO amount)', async () => {
			mockToken();
			const reads = mockReads([payout('po-1', 'rr-1', 125)]);

			const item = await check([unknown503(1, 'rr-1', '125')], [{ orderId: 'rr-1', payoutId: 'po-1' }]);

			expect(groups(item)).toEqual([['rr-1', 'waiting']]);
			expect(checkJson(item).toConfirm).toEqual([
				{ payoutId: 'po-1', orderId: 'rr-1', amount: '125', currency: 'EUR' },
			]);
			expect(checkJson(item).totals.waiting).toEqual({ EUR: '125.00' });
			expect(checkJson(item).counts).toEqual(checkCounts({ rows: 1, waiting: 1 }));
			expect(reads.pendingMocks()).toEqual([]);
		});
	});

	it('a row this run refused or never sent is still read when the journal knows its payout from an earlier run', async () => {
		mockToken();
		const reads = mockReads([payout('po-1', 'rr-1', 125), payout('po-2', 'rr-2', 80, 'SUCCESS')]);

		const item = await check(
			[refused400(1, 'rr-1', '125'), notSent(2, 'rr-2', '80')],
			[
				{ orderId: 'rr-1', payoutId: 'po-1' },
				{ orderId: 'rr-2', payoutId: 'po-2' },
			],
		);

		expect(groups(item)).toEqual([
			['rr-1', 'waiting'],
			['rr-2', 'decided'],
		]);
		expect(reads.pendingMocks()).toEqual([]);
	});

	it.each([
		['text that is not JSON', '[{"orderId": "rr-1"'],
		['an object instead of a list', { orderId: 'rr-1', payoutId: 'po-1' }],
	])(
		'a journal given as %s is refused, naming the parameter, and nothing is read',
		async (_what, knownPayouts) => {
			const api = omnoApi().get(/.*/).reply(200, {});

			await expect(check([bare409('rr-1', '125')], knownPayouts)).rejects.toThrow(
				/^Payouts Known From Earlier Runs \(knownPayouts\) (is not valid JSON|must be a list)/,
			);
			expect(api.isDone()).toBe(false);
		},
	);
});
