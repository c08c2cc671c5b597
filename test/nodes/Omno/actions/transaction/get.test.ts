import nock from 'nock';

import { POLL_POLICY } from '../../../../../nodes/Omno/actions/transaction/get.operation';
import { mockToken, omnoApi, runNode, runNodeError, items, useRetryPolicy } from '../../../../helpers/omno';

const savedPoll = { ...POLL_POLICY };
useRetryPolicy();
let clock: number;
let sleeps: number[];

beforeEach(() => {
	// A fake clock: sleeping only moves time forward, so minutes of polling take no real time.
	clock = 1_000_000;
	sleeps = [];
	POLL_POLICY.now = () => clock;
	POLL_POLICY.sleep = async (ms: number) => {
		sleeps.push(ms);
		clock += ms;
	};
});
afterEach(() => {
	Object.assign(POLL_POLICY, savedPoll);
});

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'transaction',
	operation: 'get',
	transactionId: 'tx-1',
	transactionType: 'auto',
	waitForFinalStatus: false,
	...extra,
});

describe('transaction → get (lookup)', () => {
	it('auto: finds a pay-in with one GET and marks it payIn', async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/tx-1')
			.matchHeader('accept', 'application/json')
			.reply(200, { id: 'tx-1', status: 'PENDING' });

		const output = await runNode(params());

		expect(output).toEqual([
			{ json: { id: 'tx-1', status: 'PENDING', transactionType: 'payIn' }, pairedItem: { item: 0 } },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('auto: on a pay-in 404, finds the payout and marks it payout', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').reply(404, { message: 'not found' });
		omnoApi().get('/public/payout/tx-1').reply(200, { id: 'tx-1', status: 'WAITING_FOR_CONFIRMATION' });

		const [item] = await runNode(params());

		expect(item.json).toEqual({ id: 'tx-1', status: 'WAITING_FOR_CONFIRMATION', transactionType: 'payout' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('auto: when both answer 404, fails saying neither exists', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').reply(404, { message: 'Payin not found' });
		omnoApi().get('/public/payout/tx-1').reply(404, { message: 'Payout not found' });

		const error = await runNodeError(params());

		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'Row 2 (transactionId tx-1): OMNO has neither a pay-in nor a payout with ID "tx-1" (GET /public/payin/tx-1 and GET /public/payout/tx-1 both answered 404)',
		);
		expect(error.description).toMatch(/environment/);
		expect((error.context as { itemIndex: number }).itemIndex).toBe(0);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('auto: a pay-in error other than 404 fails at once (no payout lookup)', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').reply(403, { message: 'Forbidden' });
		const payout = omnoApi().get('/public/payout/tx-1').reply(200, {});

		const error = await runNodeError(params());

		expect(error.message).toBe(
			'Row 2 (transactionId tx-1): OMNO answered 403 to GET /public/payin/tx-1: Forbidden',
		);
		expect(payout.isDone()).toBe(false);
	});

	it('payIn / payout: asks only that endpoint; a 404 is not retried elsewhere', async () => {
		mockToken();
		omnoApi().get('/public/payout/tx-1').reply(404, { message: 'Payout not found' });

		const error = await runNodeError(params({ transactionType: 'payout' }));

		expect(error.message).toBe(
			'Row 2 (transactionId tx-1): OMNO answered 404 to GET /public/payout/tx-1: Payout not found',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("payIn: keeps OMNO's own transactionType (e.g. CARD) as omnoTransactionType", async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/tx-1')
			.reply(200, { id: 'tx-1', status: 'SUCCESS', transactionType: 'CARD' });

		const [item] = await runNode(params({ transactionType: 'payIn' }));

		expect(item.json).toEqual({
			id: 'tx-1',
			status: 'SUCCESS',
			transactionType: 'payIn',
			omnoTransactionType: 'CARD',
		});
	});

	it('encodes the id into both paths', async () => {
		mockToken();
		omnoApi().get('/public/payin/a%2Bb').reply(404, {});
		omnoApi().get('/public/payout/a%2Bb').reply(200, { id: 'a+b' });

		const [item] = await runNode(params({ transactionId: 'a+b' }));

		expect(item.json.transactionType).toBe('payout');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		['', 'Row 2: Transaction ID (transactionId) is empty'],
		['  ', 'Row 2: Transaction ID (transactionId) is empty'],
		[
			'a/b',
			'Row 2 (transactionId "a/b"): Transaction ID (transactionId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a/b")',
		],
	])('refuses a bad id (%j) before sending anything', async (transactionId, message) => {
		const scope = omnoApi().get(/.*/).reply(200, {});

		const error = await runNodeError(params({ transactionId }));

		expect(error.message).toBe(message);
		expect(scope.isDone()).toBe(false);
	});

	it('pairs every item, and with continueOnFail the unknown id becomes an error item with 404', async () => {
		mockToken();
		omnoApi().get('/public/payin/a').reply(200, { id: 'a', status: 'SUCCESS' });
		omnoApi().get('/public/payin/zz').reply(404, {});
		omnoApi().get('/public/payout/zz').reply(404, {});
		omnoApi().get('/public/payin/c').reply(404, {});
		omnoApi().get('/public/payout/c').reply(200, { id: 'c', status: 'PENDING' });

		const output = await runNode((i) => params({ transactionId: ['a', 'zz', 'c', ''][i] }), {
			items: items(4),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: { id: 'a', status: 'SUCCESS', transactionType: 'payIn' }, pairedItem: { item: 0 } },
			{
				json: {
					error: expect.stringMatching(
						/^Row 3 \(transactionId zz\): OMNO has neither a pay-in nor a payout with ID "zz"/,
					),
					description: expect.any(String),
					httpCode: 404,
					outcome: 'failed',
				},
				pairedItem: { item: 1 },
			},
			{ json: { id: 'c', status: 'PENDING', transactionType: 'payout' }, pairedItem: { item: 2 } },
			{
				json: expect.objectContaining({ error: 'Row 5: Transaction ID (transactionId) is empty' }),
				pairedItem: { item: 3 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('transaction → get (wait for final status)', () => {
	const wait = (extra: Record<string, unknown> = {}) =>
		params({ waitForFinalStatus: true, timeoutSeconds: 300, pollIntervalSeconds: 5, ...extra });

	it('already final: no polling, final true, waitedSeconds 0', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').reply(200, { id: 'tx-1', status: 'DECLINED' });

		const [item] = await runNode(wait());

		expect(item.json).toEqual({
			id: 'tx-1',
			status: 'DECLINED',
			transactionType: 'payIn',
			final: true,
			waitedSeconds: 0,
		});
		expect(sleeps).toEqual([]);
	});

	it('polls the detected endpoint with growing pauses until a final status', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').reply(404, {});
		const api = omnoApi();
		for (const status of ['CREATED', 'WAITING_FOR_CONFIRMATION', 'PENDING', 'PENDING']) {
			api.get('/public/payout/tx-1').reply(200, { id: 'tx-1', status });
		}
		api.get('/public/payout/tx-1').reply(200, { id: 'tx-1', status: 'SUCCESS' });

		const [item] = await runNode(wait({ transactionId: 'tx-1' }));

		// 5 s × 1.5 each time; the pay-in endpoint is asked only once.
		expect(sleeps).toEqual([5000, 7500, 11250, 16875]);
		expect(item.json).toEqual({
			id: 'tx-1',
			status: 'SUCCESS',
			transactionType: 'payout',
			final: true,
			waitedSeconds: 41,
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('caps the pause at 60 s', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').times(8).reply(200, { id: 'tx-1', status: 'PENDING' });
		omnoApi().get('/public/payin/tx-1').reply(200, { id: 'tx-1', status: 'SUCCESS' });

		await runNode(wait({ transactionType: 'payIn', pollIntervalSeconds: 20, timeoutSeconds: 3600 }));

		expect(sleeps).toEqual([20000, 30000, 45000, 60000, 60000, 60000, 60000, 60000]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('on timeout does not fail: outputs the last state with final false', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').times(20).reply(200, { id: 'tx-1', status: 'PENDING_3DS' });

		const output = await runNode(wait({ transactionType: 'payIn', timeoutSeconds: 30 }));

		// 5 + 7.5 + 11.25 = 23.75, then only the 6.25 s left before the deadline.
		expect(sleeps).toEqual([5000, 7500, 11250, 6250]);
		expect(output).toEqual([
			{
				json: {
					id: 'tx-1',
					status: 'PENDING_3DS',
					transactionType: 'payIn',
					final: false,
					waitedSeconds: 30,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('an unknown status is passed through and is not treated as final', async () => {
		mockToken();
		omnoApi().get('/public/payout/tx-1').times(3).reply(200, { id: 'tx-1', status: 'ON_HOLD' });

		const [item] = await runNode(
			wait({ transactionType: 'payout', timeoutSeconds: 10, pollIntervalSeconds: 5 }),
		);

		expect(item.json).toMatchObject({ status: 'ON_HOLD', final: false, waitedSeconds: 10 });
	});

	it('REJECTED is final for a payout', async () => {
		mockToken();
		omnoApi().get('/public/payout/tx-1').reply(200, { id: 'tx-1', status: 'WAITING_FOR_CONFIRMATION' });
		omnoApi().get('/public/payout/tx-1').reply(200, { id: 'tx-1', status: 'REJECTED' });

		const [item] = await runNode(wait({ transactionType: 'payout' }));

		expect(item.json).toMatchObject({ status: 'REJECTED', final: true, waitedSeconds: 5 });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('an API error while polling fails the item', async () => {
		mockToken();
		omnoApi().get('/public/payin/tx-1').reply(200, { id: 'tx-1', status: 'PENDING' });
		omnoApi().get('/public/payin/tx-1').reply(403, { message: 'Forbidden' });

		const output = await runNode(wait({ transactionType: 'payIn' }), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: 'Row 2 (transactionId tx-1): OMNO answered 403 to GET /public/payin/tx-1: Forbidden',
					httpCode: 403,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it.each([
		[{ timeoutSeconds: 0 }, /Timeout \(Seconds\) \(timeoutSeconds\) must be a number from 1 to 3600/],
		[{ timeoutSeconds: 3601 }, /Timeout \(Seconds\) \(timeoutSeconds\) must be a number from 1 to 3600/],
		[{ pollIntervalSeconds: 0.5 }, /Poll Interval \(Seconds\) \(pollIntervalSeconds\) must be a number/],
		[
			{ pollIntervalSeconds: 61 },
			/Poll Interval \(Seconds\) \(pollIntervalSeconds\) must be a number from 1 to 60/,
		],
		[{ pollIntervalSeconds: 'soon' }, /Poll Interval \(Seconds\) \(pollIntervalSeconds\) must be a number/],
	])('refuses bad wait settings %j before sending anything', async (extra, message) => {
		const scope = omnoApi().get(/.*/).reply(200, {});

		const error = await runNodeError(wait(extra));

		expect(error.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
	});
});
