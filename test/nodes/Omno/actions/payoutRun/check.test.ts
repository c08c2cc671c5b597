import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RETRY_POLICY } from '../../../../../nodes/Omno/transport';
import { mockToken, omnoApi, runNode } from '../../../../helpers/omno';

const savedRetry = { ...RETRY_POLICY };
beforeEach(() => Object.assign(RETRY_POLICY, { getRetryDelaysMs: [1, 1] }));
afterEach(() => Object.assign(RETRY_POLICY, savedRetry));

const WAITING = 'WAITING_FOR_CONFIRMATION';
const FILE = 'payout-run-check.csv';

// Payout → Create's output items, one per sheet row, as the create engine writes them.
const requested = (value: string, currency = 'EUR') => ({ requested: { value, currency } });

function created(orderId: string, payoutId: string, value: string, currency = 'EUR'): INodeExecutionData {
	return { json: { payoutId, orderId, status: WAITING, ...requested(value, currency) } };
}

/** A 409 whose answer named no payout: OMNO has the orderId, nobody knows which payout it is. */
function bare409(orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			orderId,
			alreadyExists: true,
			needsAttention: true,
			httpCode: 409,
			omnoMessage: 'Order already exists',
			message: `OMNO already has a payout with orderId "${orderId}" but did not say which one.`,
			...requested(value),
		},
	};
}

/** A 409 that named a payout whose values were not the row's. */
function named409(orderId: string, payoutId: string, value: string): INodeExecutionData {
	return {
		json: {
			orderId,
			payoutId,
			alreadyExists: true,
			needsAttention: true,
			httpCode: 409,
			message: `OMNO already has payout ${payoutId} for orderId "${orderId}", but with other values.`,
			...requested(value),
		},
	};
}

function unknown503(row: number, orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			error: `Row ${row} (orderId ${orderId}): OMNO answered 503 to POST /public/payout: Service Unavailable`,
			httpCode: 503,
			omnoMessage: 'Service Unavailable',
			outcome: 'unknown',
			orderId,
			...requested(value),
		},
	};
}

function refused400(row: number, orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			error: `Row ${row} (orderId ${orderId}): OMNO answered 400 to POST /public/payout: customer.email invalid`,
			httpCode: 400,
			outcome: 'failed',
			orderId,
			...requested(value),
		},
	};
}

function notSent(row: number, orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			orderId,
			notSent: true,
			outcome: 'notSent',
			message: `Row ${row}: not sent, because the run stopped at Row 1. Run the same input again to send it.`,
			...requested(value),
		},
	};
}

/** A payout as GET /public/payout/{id} answers it (read back as `amount`). */
function payout(id: string, orderId: string, amount: number | string, status = WAITING, currency = 'EUR') {
	return { id, orderId, amount, currency, status, createdAt: '2026-12-07T03:00:00Z' };
}

/** GET /public/payout/{id} for each payout, once; and write interceptors that must stay unused. */
function mockReads(payouts: Array<ReturnType<typeof payout>>): nock.Scope {
	const api = omnoApi();
	for (const p of payouts) api.get(`/public/payout/${p.id}`).reply(200, p);
	return api;
}

function mockWrites(): nock.Scope {
	return omnoApi().put(/.*/).reply(200, {}).post(/.*/).reply(200, {});
}

async function check(rows: INodeExecutionData[], knownPayouts?: unknown): Promise<INodeExecutionData> {
	const parameters: IDataObject = { resource: 'payoutRun', operation: 'check' };
	if (knownPayouts !== undefined) parameters.knownPayouts = knownPayouts as IDataObject;
	const output = await runNode(parameters, { items: rows });
	expect(output).toHaveLength(1);
	return output[0];
}

const json = (item: INodeExecutionData) =>
	item.json as {
		text: string;
		counts: IDataObject;
		totals: Record<string, IDataObject>;
		toConfirm: IDataObject[];
		rows: IDataObject[];
	};
const groups = (item: INodeExecutionData) => json(item).rows.map((r) => [r.orderId, r.group]);
const lines = (item: INodeExecutionData) => json(item).text.split('\n');
const counts = (extra: IDataObject) => ({
	rows: 0,
	differs: 0,
	waiting: 0,
	decided: 0,
	mayExist: 0,
	notIdentifiable: 0,
	notRead: 0,
	notCreated: 0,
	...extra,
});
const noTotals = {
	differs: {},
	waiting: {},
	decided: {},
	mayExist: {},
	notIdentifiable: {},
	notRead: {},
	notCreated: {},
};

function csvOf(item: INodeExecutionData): string {
	const binary = item.binary?.data;
	expect(binary).toMatchObject({ mimeType: 'text/csv', fileName: FILE });
	return Buffer.from(binary?.data ?? '', 'base64').toString('utf8');
}

describe('payout run → check against OMNO', () => {
	describe('a typo in the sheet, fixed after the payout was created (rr-1: 12500 in OMNO, 125.00 in the sheet)', () => {
		const expectedText = [
			'1 payout(s) wait for your approval: 80.00 EUR (as OMNO holds them, read just now).',
			'• Differs from the sheet, NOT in this approval and never confirmed by it: 1 — rr-1 (OMNO 12500.00 EUR, sheet 125.00 EUR). Check which is right.',
			'• Waiting, confirmed if you approve: 1 (80.00 EUR)',
			`Every row, with OMNO's and the sheet's values: ${FILE}.`,
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
				expect(json(item).toConfirm).toEqual([
					{ payoutId: 'po-2', orderId: 'rr-2', amount: '80', currency: 'EUR' },
				]);
				expect(json(item).counts).toEqual(counts({ rows: 2, differs: 1, waiting: 1 }));
				expect(json(item).totals).toEqual({
					...noTotals,
					differs: { EUR: '12500.00' },
					waiting: { EUR: '80.00' },
				});
				expect(json(item).text).toBe(expectedText);
				// Neither 12500 nor 125 is ever added into what waits for approval.
				expect(json(item).text).not.toMatch(/12580|205\.00|12625/);
				expect(json(item).rows[0]).toEqual({
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

		expect(json(item).toConfirm).toEqual(
			['05', '06', '07', '08', '09', '10'].map((n) => ({
				payoutId: `po-${n}`,
				orderId: `rr-${n}`,
				amount: '10.10',
				currency: 'EUR',
			})),
		);
		expect(json(item).counts).toEqual(counts({ rows: 10, waiting: 6, decided: 4 }));
		expect(json(item).totals).toEqual({ ...noTotals, waiting: { EUR: '60.60' }, decided: { EUR: '40.40' } });
		expect(lines(item)).toEqual([
			'6 payout(s) wait for your approval: 60.60 EUR (as OMNO holds them, read just now).',
			'• Waiting, confirmed if you approve: 6 (60.60 EUR)',
			'• Already decided, not confirmed again: 4 (40.40 EUR) — SUCCESS 2, DECLINED 2',
			`Every row, with OMNO's and the sheet's values: ${FILE}.`,
		]);
		expect(json(item).rows.map((r) => [r.orderId, r.payoutId, r.group, r.note])).toEqual(
			ids.map((n) => [
				`rr-${n}`,
				`po-${n}`,
				decided[n] ? 'decided' : 'waiting',
				decided[n]
					? `Already confirmed (OMNO: ${decided[n]}): not confirmed again.`
					: 'Created earlier; still waiting for confirmation.',
			]),
		);
		expect(json(item).text).not.toContain('identifiable');
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

		expect(json(item).rows.map((r) => [r.orderId, r.payoutId, r.group])).toEqual([
			['rr-1', 'po-1', 'waiting'],
			['rr-2', 'po-2', 'waiting'],
			['rr-3', 'po-3', 'waiting'],
			['rr-4', null, 'notIdentifiable'],
			['rr-5', null, 'notIdentifiable'],
			['rr-6', null, 'notIdentifiable'],
		]);
		expect(json(item).toConfirm.map((c) => [c.payoutId, c.amount])).toEqual([
			['po-1', '1.00'],
			['po-2', '2.00'],
			['po-3', '3.00'],
		]);
		expect(json(item).counts).toEqual(counts({ rows: 6, waiting: 3, notIdentifiable: 3 }));
		expect(json(item).totals).toEqual({
			...noTotals,
			waiting: { EUR: '6.00' },
			notIdentifiable: { EUR: '15.00' },
		});
		expect(lines(item)).toEqual([
			'3 payout(s) wait for your approval: 6.00 EUR (as OMNO holds them, read just now).',
			'• Waiting, confirmed if you approve: 3 (6.00 EUR)',
			'• In OMNO but not identifiable: 3. Decide them in the OMNO dashboard by orderId (listed in the CSV).',
			`Every row, with OMNO's and the sheet's values: ${FILE}.`,
		]);
		// The per-row explanation is in the rows and the CSV, not repeated in the message.
		expect(json(item).text).not.toContain('neither its answer');
		expect(json(item).rows[3].note).toBe(
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
			expect(json(item).toConfirm).toEqual([]);
			expect(json(item).counts).toEqual(counts({ rows: 3, mayExist: 1, notCreated: 2 }));
			expect(json(item).totals).toEqual({
				...noTotals,
				mayExist: { EUR: '125.00' },
				notCreated: { EUR: '50.50' },
			});
			expect(lines(item)).toEqual([
				'No payout waits for your approval: approving confirms nothing.',
				'• May exist in OMNO (a create got no clear answer): 1 — rr-1. Not in this approval; run the same sheet again to find them.',
				'• Not created: 2 — rr-2, rr-3',
				`Every row, with OMNO's and the sheet's values: ${FILE}.`,
			]);
			expect(json(item).rows.map((r) => r.note)).toEqual([
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
			expect(json(item).toConfirm).toEqual([
				{ payoutId: 'po-1', orderId: 'rr-1', amount: '125', currency: 'EUR' },
			]);
			expect(json(item).totals.waiting).toEqual({ EUR: '125.00' });
			expect(json(item).counts).toEqual(counts({ rows: 1, waiting: 1 }));
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

	it("a 409 naming another order's payout (po-9: other-order, 9800) differs and is in no waiting total", async () => {
		mockToken();
		mockReads([
			payout('po-9', 'other-order', 9800),
			payout('po-6', 'rr-6', '98.00'),
			payout('po-7', 'rr-70', '98'),
			payout('po-8', 'rr-8', '98.00', WAITING, 'USD'),
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
		expect(json(item).toConfirm).toEqual([
			{ payoutId: 'po-6', orderId: 'rr-6', amount: '98.00', currency: 'EUR' },
		]);
		expect(json(item).totals.waiting).toEqual({ EUR: '98.00' });
		expect(json(item).totals.differs).toEqual({ EUR: '9898.00', USD: '98.00' });
		expect(lines(item)).toEqual([
			'1 payout(s) wait for your approval: 98.00 EUR (as OMNO holds them, read just now).',
			"• Differs from the sheet, NOT in this approval and never confirmed by it: 3 — rr-5 (OMNO 9800.00 EUR, sheet 98.00 EUR, OMNO's orderId other-order); rr-7 (OMNO 98.00 EUR, sheet 98.00 EUR, OMNO's orderId rr-70); rr-8 (OMNO 98.00 USD, sheet 98.00 EUR). Check which is right.",
			'• Waiting, confirmed if you approve: 1 (98.00 EUR)',
			`Every row, with OMNO's and the sheet's values: ${FILE}.`,
		]);
		expect(json(item).rows[0].note).toBe(
			"OMNO's payout differs from the sheet (orderId: OMNO other-order, expected rr-5; amount: OMNO 9800, expected 98): not put up for approval, never confirmed by this run. Check which is right.",
		);
		expect(json(item).rows[0]).toMatchObject({ omnoOrderId: 'other-order', omnoAmount: '9800' });
	});

	it("a row whose Create output does not say what it asked for is never put up, even when OMNO's payout waits", async () => {
		mockToken();
		mockReads([payout('po-1', 'rr-1', 125)]);

		const item = await check([{ json: { orderId: 'rr-1', payoutId: 'po-1', status: WAITING } }]);

		expect(groups(item)).toEqual([['rr-1', 'differs']]);
		expect(json(item).toConfirm).toEqual([]);
		expect(json(item).rows[0].note).toBe(
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

		expect(json(item).rows.map((r) => [r.group, r.note])).toEqual([
			['decided', 'OMNO has it as CREATED, not waiting for confirmation yet: not in this approval.'],
			['decided', 'Already confirmed (OMNO: PENDING): not confirmed again.'],
			['decided', 'Already rejected: not decided again.'],
			['decided', 'OMNO has it as ON_HOLD: not in this approval.'],
		]);
		expect(json(item).toConfirm).toEqual([]);
		expect(json(item).totals.decided).toEqual({ EUR: '10.00' });
		expect(lines(item)).toEqual([
			'No payout waits for your approval: approving confirms nothing.',
			'• Already decided, not confirmed again: 4 (10.00 EUR) — CREATED 1, PENDING 1, REJECTED 1, ON_HOLD 1',
			`Every row, with OMNO's and the sheet's values: ${FILE}.`,
		]);
	});

	it('exact totals per currency, never through floats: 0.10 + 0.20 = 0.30 EUR, GBP and JPY with their own decimals', async () => {
		mockToken();
		mockReads([
			payout('po-1', 'rr-1', 0.1),
			payout('po-2', 'rr-2', '0.20'),
			payout('po-3', 'rr-3', 80, WAITING, 'GBP'),
			payout('po-4', 'rr-4', 1500, WAITING, 'JPY'),
		]);

		const item = await check([
			created('rr-1', 'po-1', '0.1'),
			created('rr-2', 'po-2', '0.2'),
			created('rr-3', 'po-3', '80', 'gbp'),
			created('rr-4', 'po-4', '1500', 'JPY'),
		]);

		expect(json(item).totals.waiting).toEqual({ EUR: '0.30', GBP: '80.00', JPY: '1500' });
		expect(lines(item)[0]).toBe(
			'4 payout(s) wait for your approval: 0.30 EUR, 80.00 GBP, 1500 JPY (as OMNO holds them, read just now).',
		);
		expect(json(item).toConfirm.map((c) => [c.amount, c.currency])).toEqual([
			['0.1', 'EUR'],
			['0.20', 'EUR'],
			['80', 'GBP'],
			['1500', 'JPY'],
		]);
	});

	it("OMNO's currency and amounts are read in any form: 'eur' is EUR, a number printed with an exponent is written out", async () => {
		mockToken();
		mockReads([
			payout('po-1', 'rr-1', '12.50', WAITING, 'eur'),
			payout('po-2', 'rr-2', 5e-7, WAITING, 'BTC'),
		]);

		const item = await check([created('rr-1', 'po-1', '12.5'), created('rr-2', 'po-2', '0.0000005', 'BTC')]);

		expect(json(item).toConfirm).toEqual([
			{ payoutId: 'po-1', orderId: 'rr-1', amount: '12.50', currency: 'EUR' },
			{ payoutId: 'po-2', orderId: 'rr-2', amount: '0.0000005', currency: 'BTC' },
		]);
		expect(json(item).totals.waiting).toEqual({ BTC: '0.0000005', EUR: '12.50' });
	});

	it('more than ten differing rows: ten named, the rest counted as in the CSV', async () => {
		const ids = Array.from({ length: 12 }, (_, k) => String(k + 1));
		mockToken();
		mockReads(ids.map((n) => payout(`po-${n}`, `rr-${n}`, 100)));

		const item = await check(ids.map((n) => created(`rr-${n}`, `po-${n}`, '1')));

		expect(json(item).counts.differs).toBe(12);
		const line = lines(item)[1];
		expect(line).toMatch(
			/^• Differs from the sheet, NOT in this approval and never confirmed by it: 12 — rr-1 \(/,
		);
		expect(line).toContain(
			'rr-10 (OMNO 100.00 EUR, sheet 1.00 EUR); … (2 more in the CSV). Check which is right.',
		);
		expect(line).not.toContain('rr-11');
		expect(json(item).totals).toMatchObject({ differs: { EUR: '1200.00' }, waiting: {} });
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
		expect(json(item).toConfirm.map((c) => c.payoutId)).toEqual(['po-1']);
		expect(json(item).counts).toEqual(counts({ rows: 3, waiting: 1, decided: 1, notRead: 1 }));
		// An unread row is counted with the sheet's amount, apart from what waits.
		expect(json(item).totals).toEqual({
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

		expect(json(item).counts).toEqual(counts({ rows: 0 }));
		expect(json(item).toConfirm).toEqual([]);
		expect(json(item).rows).toEqual([]);
		expect(item.pairedItem).toEqual([]);
		expect(csvOf(item)).toBe(
			'row,orderId,payoutId,group,status,omnoAmount,omnoCurrency,sheetAmount,sheetCurrency,omnoOrderId,note\r\n',
		);
		expect(token.isDone()).toBe(false);
	});
});
