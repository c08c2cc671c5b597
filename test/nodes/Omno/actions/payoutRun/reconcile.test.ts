import nock from 'nock';

import { mockToken, omnoApi, useRetryPolicy } from '../../../../helpers/omno';
import {
	checked,
	payout,
	reconcile,
	RECONCILE_FILE,
	reconcileCounts,
	report,
	results,
	WAITING,
} from '../../../../helpers/payoutRun';

/**
 * Reconcile pauses between re-reads with n8n-workflow's sleep and measures its deadline with Date.now. Pauses of
 * a second or more (only Reconcile's) take no real time and move a fake clock forward; shorter ones (the
 * transport's) stay real.
 */
const mockClock = { offset: 0, sleeps: [] as number[] };
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return {
		__esModule: true,
		...actual,
		sleep: async (ms: number) => {
			if (ms < 1000) return await actual.sleep(ms);
			mockClock.sleeps.push(ms);
			mockClock.offset += ms;
		},
	};
});

const realNow = Date.now.bind(Date);
beforeEach(() => {
	mockClock.offset = 0;
	mockClock.sleeps = [];
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + mockClock.offset);
});
afterEach(() => jest.restoreAllMocks());
// A read failing with 5xx would otherwise wait for the GET retry pauses.
useRetryPolicy();

describe('payout run → reconcile: reading OMNO until the deadline', () => {
	it('after an approval: paid, pending → paid on the second read, still waiting (not paid), declined with the reason, rejected; differs, mayExist, notCreated and notIdentifiable rows are kept', async () => {
		mockToken();
		const api = omnoApi();
		api.get('/public/payout/po-1').reply(200, payout('po-1', 'rr-1', 0.1, 'SUCCESS'));
		api.get('/public/payout/po-2').reply(200, payout('po-2', 'rr-2', '0.20', 'PENDING'));
		api.get('/public/payout/po-2').reply(200, payout('po-2', 'rr-2', '0.20', 'SUCCESS'));
		api.get('/public/payout/po-3').reply(200, payout('po-3', 'rr-3', '5.00', WAITING));
		api.get('/public/payout/po-4').reply(
			200,
			payout('po-4', 'rr-4', '7.5', 'DECLINED', {
				statusReason: { status: 'DECLINED', detailedStatus: 'GENERAL_DECLINE', reason: 'Insufficient funds' },
			}),
		);
		api.get('/public/payout/po-5').reply(200, payout('po-5', 'rr-5', '1.00', 'REJECTED'));
		api.get('/public/payout/po-6').reply(200, payout('po-6', 'rr-6', 12500, WAITING));
		const writes = omnoApi().put(/.*/).reply(200, {}).post(/.*/).reply(200, {});
		const rows = [
			checked(1, 'rr-1', 'po-1', 'waiting', '0.10'),
			checked(2, 'rr-2', 'po-2', 'waiting', '0.20'),
			checked(3, 'rr-3', 'po-3', 'waiting', '5.00'),
			checked(4, 'rr-4', 'po-4', 'waiting', '7.5'),
			checked(5, 'rr-5', 'po-5', 'waiting', '1.00'),
			checked(6, 'rr-6', 'po-6', 'differs', '125', { omnoAmount: '12500' }),
			checked(7, 'rr-7', null, 'mayExist', '3'),
			checked(8, 'rr-8', null, 'notCreated', '4'),
			checked(9, 'rr-9', null, 'notIdentifiable', '2'),
		];

		const item = await reconcile(rows, 60);

		expect(results(item)).toEqual([
			['rr-1', 'paid'],
			['rr-2', 'paid'],
			['rr-3', 'waiting'],
			['rr-4', 'declinedOrFailed'],
			['rr-5', 'rejected'],
			['rr-6', 'differs'],
			['rr-7', 'mayExist'],
			['rr-8', 'notCreated'],
			['rr-9', 'notIdentifiable'],
		]);
		// One pause, then only the PENDING payout is read again; nothing else is re-read or written.
		expect(mockClock.sleeps).toEqual([1000]);
		expect(api.pendingMocks()).toEqual([]);
		expect(writes.pendingMocks()).toHaveLength(2);
		expect(report(item).rows[2]).toEqual({
			row: '3',
			orderId: 'rr-3',
			payoutId: 'po-3',
			status: WAITING,
			amount: '5.00',
			currency: 'EUR',
			result: 'waiting',
			reason: `OMNO still has it as ${WAITING}: nobody confirmed it. Run the sheet again to approve it.`,
		});
		expect(report(item).rows[3]).toMatchObject({
			status: 'DECLINED',
			amount: '7.5',
			reason: 'GENERAL_DECLINE: Insufficient funds',
		});
		expect(report(item).rows[5]).toMatchObject({ amount: '12500', reason: 'check note for rr-6' });
		expect(
			report(item)
				.rows.slice(6)
				.map((r) => [r.payoutId, r.status, r.amount, r.reason]),
		).toEqual([
			[null, null, '3', 'check note for rr-7'],
			[null, null, '4', 'check note for rr-8'],
			[null, null, '2', 'check note for rr-9'],
		]);
		expect(report(item).counts).toEqual(
			reconcileCounts({
				rows: 9,
				paid: 2,
				waiting: 1,
				declinedOrFailed: 1,
				rejected: 1,
				differs: 1,
				mayExist: 1,
				notCreated: 1,
				notIdentifiable: 1,
			}),
		);
		expect(report(item).perCurrency).toEqual({
			EUR: {
				paid: { count: 2, total: '0.30' },
				waiting: { count: 1, total: '5.00' },
				declinedOrFailed: { count: 1, total: '7.50' },
				rejected: { count: 1, total: '1.00' },
				differs: { count: 1, total: '12500.00' },
				mayExist: { count: 1, total: '3.00' },
				notCreated: { count: 1, total: '4.00' },
				notIdentifiable: { count: 1, total: '2.00' },
			},
		});
		expect(report(item).text.split('\n')).toEqual([
			'Payout run, as OMNO holds it now: 2 paid, 0 pending (confirmed, not final yet), 1 still waiting for confirmation (not paid), 1 declined or failed, 1 rejected, 1 differs from the sheet (not confirmed by this run), 1 may exist (no clear answer when created), 1 not created, 1 in OMNO but not identifiable.',
			'EUR: paid 0.30 (2) · still waiting for confirmation 5.00 (1) · declined or failed 7.50 (1) · rejected 1.00 (1) · differs from the sheet 12500.00 (1) · may exist 3.00 (1) · not created 4.00 (1) · in OMNO but not identifiable 2.00 (1)',
			'Still waiting for confirmation, not paid: 1 (5.00 EUR). Run the same sheet again to approve them.',
			'Declined or failed: rr-4 (GENERAL_DECLINE: Insufficient funds)',
			'Differs from the sheet (check which is right): rr-6 (check note for rr-6)',
			'May exist (run the sheet again to find out): rr-7 (check note for rr-7)',
			'In OMNO but not identifiable: 1; decide them in the OMNO dashboard by orderId (in the CSV).',
			`Every row: ${RECONCILE_FILE}.`,
		]);
		expect(item.pairedItem).toEqual([{ item: 0 }]);
		expect(
			Buffer.from(item.binary?.data.data ?? '', 'base64')
				.toString('utf8')
				.split('\r\n'),
		).toEqual([
			'row,orderId,payoutId,result,status,amount,currency,reason',
			'1,rr-1,po-1,paid,SUCCESS,0.1,EUR,',
			'2,rr-2,po-2,paid,SUCCESS,0.20,EUR,',
			`3,rr-3,po-3,waiting,${WAITING},5.00,EUR,OMNO still has it as ${WAITING}: nobody confirmed it. Run the sheet again to approve it.`,
			'4,rr-4,po-4,declinedOrFailed,DECLINED,7.5,EUR,GENERAL_DECLINE: Insufficient funds',
			'5,rr-5,po-5,rejected,REJECTED,1.00,EUR,',
			`6,rr-6,po-6,differs,${WAITING},12500,EUR,check note for rr-6`,
			'7,rr-7,,mayExist,,3,EUR,check note for rr-7',
			'8,rr-8,,notCreated,,4,EUR,check note for rr-8',
			'9,rr-9,,notIdentifiable,,2,EUR,check note for rr-9',
			'',
		]);
		expect(item.binary?.data).toMatchObject({ mimeType: 'text/csv', fileName: RECONCILE_FILE });
	});

	it('a payout still waiting for confirmation is never pending, never paid, and not waited for', async () => {
		mockToken();
		const api = omnoApi();
		api
			.get('/public/payout/po-3')
			.once()
			.reply(200, payout('po-3', 'rr-3', '5.00', WAITING));

		const item = await reconcile([checked(1, 'rr-3', 'po-3', 'waiting', '5.00')], 600);

		expect(results(item)).toEqual([['rr-3', 'waiting']]);
		expect(report(item).counts).toEqual(reconcileCounts({ rows: 1, waiting: 1 }));
		expect(report(item).perCurrency).toEqual({ EUR: { waiting: { count: 1, total: '5.00' } } });
		expect(report(item).text).toContain(
			'Still waiting for confirmation, not paid: 1 (5.00 EUR). Run the same sheet again to approve them.',
		);
		expect(report(item).text).toMatch(/^Payout run, as OMNO holds it now: 0 paid, 0 pending/);
		expect(mockClock.sleeps).toEqual([]);
		expect(api.pendingMocks()).toEqual([]);
	});

	it('PENDING until the deadline: re-read with growing pauses (1 s, 2 s, 4 s within 10 s), then reported pending, not paid', async () => {
		mockToken();
		const api = omnoApi();
		api
			.get('/public/payout/po-2')
			.times(4)
			.reply(200, payout('po-2', 'rr-2', '20.00', 'PENDING'));

		const item = await reconcile([checked(1, 'rr-2', 'po-2', 'waiting', '20.00')], 10);

		expect(mockClock.sleeps).toEqual([1000, 2000, 4000]);
		expect(api.pendingMocks()).toEqual([]);
		expect(report(item).rows[0]).toMatchObject({
			result: 'pending',
			status: 'PENDING',
			reason: 'OMNO: PENDING',
		});
		expect(report(item).counts).toEqual(reconcileCounts({ rows: 1, pending: 1 }));
		expect(report(item).perCurrency).toEqual({ EUR: { pending: { count: 1, total: '20.00' } } });
		expect(report(item).text.split('\n')[0]).toBe(
			'Payout run, as OMNO holds it now: 0 paid, 1 pending (confirmed, not final yet), 0 still waiting for confirmation (not paid).',
		);
	});

	it('waitSeconds 0 reads once: a PENDING payout is reported pending without any pause', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-2')
			.once()
			.reply(200, payout('po-2', 'rr-2', '20.00', 'PENDING'));

		const item = await reconcile([checked(1, 'rr-2', 'po-2', 'waiting', '20.00')], 0);

		expect(results(item)).toEqual([['rr-2', 'pending']]);
		expect(mockClock.sleeps).toEqual([]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a payout that cannot be read now is notRead; a failed re-read keeps what was read before', async () => {
		mockToken();
		const api = omnoApi();
		// po-1: three 500s (the GET and its two retries).
		api.get('/public/payout/po-1').times(3).reply(500, { message: 'boom' });
		// po-2: PENDING, then the re-read fails, then the deadline is reached.
		api.get('/public/payout/po-2').reply(200, payout('po-2', 'rr-2', '2.00', 'PENDING'));
		api.get('/public/payout/po-2').times(3).reply(500, { message: 'boom' });

		const item = await reconcile(
			[checked(1, 'rr-1', 'po-1', 'waiting', '1.00'), checked(2, 'rr-2', 'po-2', 'waiting', '2.00')],
			2,
		);

		expect(mockClock.sleeps).toEqual([1000]);
		expect(api.pendingMocks()).toEqual([]);
		expect(report(item).rows).toEqual([
			{
				row: '1',
				orderId: 'rr-1',
				payoutId: 'po-1',
				status: WAITING,
				amount: '1.00',
				currency: 'EUR',
				result: 'notRead',
				reason: 'Could not be read from OMNO now: OMNO answered 500 to GET /public/payout/po-1: boom',
			},
			expect.objectContaining({ orderId: 'rr-2', result: 'pending', status: 'PENDING' }),
		]);
		expect(report(item).text).toContain(
			'Could not be read from OMNO: rr-1 (Could not be read from OMNO now: OMNO answered 500 to GET /public/payout/po-1: boom)',
		);
	});
});
