import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

// A payout as OMNO reads it back: created with `value`, read back as `amount`.
const payout = {
	id: 'po-1',
	orderId: 'order-1',
	amount: 250.75,
	currency: 'EUR',
	status: 'WAITING_FOR_CONFIRMATION',
	predictedPspId: 'psp-7',
	statusReason: { reason: null, detailedStatus: null, status: 'WAITING_FOR_CONFIRMATION' },
};

const get = (payoutId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'payout',
	operation: 'get',
	payoutId,
	...extra,
});

describe('payout → get', () => {
	it("GETs /public/payout/{id} with the bearer token and outputs OMNO's payout unchanged", async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').matchHeader('accept', 'application/json').reply(200, payout);

		const output = await runNode(get('po-1'));

		expect(output).toEqual([{ json: payout, pairedItem: { item: 0 } }]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('never reads the pay-in path: a pay-in with the same id is not asked for', async () => {
		mockToken();
		const payIn = omnoApi().get('/public/payin/po-1').reply(200, { id: 'po-1', status: 'SUCCESS' });
		omnoApi().get('/public/payout/po-1').reply(200, payout);

		const [item] = await runNode(get('po-1'));

		expect(item.json.status).toBe('WAITING_FOR_CONFIRMATION');
		expect(payIn.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('passes unknown statuses through untouched', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-2').reply(200, { id: 'po-2', status: 'SENT_TO_BANK_NEW' });

		const [item] = await runNode(get('po-2'));

		expect(item.json.status).toBe('SENT_TO_BANK_NEW');
	});

	it('encodes the id into the path', async () => {
		mockToken();
		omnoApi().get('/public/payout/a%2Bb%25c%3Ad').reply(200, { id: 'a+b%c:d' });

		const [item] = await runNode(get('a+b%c:d'));

		expect(item.json.id).toBe('a+b%c:d');
	});

	it("pairs every output with its input item and reads each item's own id", async () => {
		mockToken();
		const api = omnoApi();
		for (const id of ['x', 'y', 'z']) api.get(`/public/payout/${id}`).reply(200, { id });

		const output = await runNode((i) => get(['x', 'y', 'z'][i]), { items: items(3) });

		expect(output.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['x', { item: 0 }],
			['y', { item: 1 }],
			['z', { item: 2 }],
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each(['', '   '])(
		'refuses an empty id (%j) and sends nothing, not even for a token',
		async (payoutId) => {
			const anything = nock(/.*/).get(/.*/).reply(200, {}).post(/.*/).reply(200, {});

			const error = await runNodeError(get(payoutId));

			expect(error.message).toBe('Row 2: Payout ID (payoutId) is empty');
			expect((error.context as { itemIndex: number }).itemIndex).toBe(0);
			expect(anything.isDone()).toBe(false);
			expect(anything.pendingMocks()).toHaveLength(2);
			nock.cleanAll();
		},
	);

	it('refuses an id with a slash (it would change the URL path)', async () => {
		const error = await runNodeError(get('../payin/x'));

		expect(error.message).toMatch(/Payout ID \(payoutId\) must not contain/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("a 404 fails the node with OMNO's status and message and names the id", async () => {
		mockToken();
		omnoApi().get('/public/payout/missing-9').reply(404, { message: 'Payout missing-9 not found' });

		const error = await runNodeError(get('missing-9'));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Row 2 (payoutId missing-9): OMNO answered 404 to GET /public/payout/missing-9: Payout missing-9 not found',
		);
		expect(String(error.description)).toContain('no transaction with this ID');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with continueOnFail, an empty id and a 404 become error items and the good row still goes out', async () => {
		mockToken();
		omnoApi().get('/public/payout/gone').reply(404, { message: 'Payout gone not found' });
		omnoApi().get('/public/payout/ok').reply(200, { id: 'ok', status: 'PENDING' });

		// One lane, so the rows are sent in order on one token.
		const oneLane = { runOptions: { concurrencyMode: 'fixed', concurrency: 1 } };
		const output = await runNode((i) => get(['', 'gone', 'ok'][i], oneLane), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{
				json: {
					error: 'Row 2: Payout ID (payoutId) is empty',
					description:
						'Fix "Payout ID" (parameter "payoutId") in Row 2. Nothing was sent to OMNO for this row.',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					error: 'Row 3 (payoutId gone): OMNO answered 404 to GET /public/payout/gone: Payout gone not found',
					description: expect.stringContaining('no transaction with this ID'),
					httpCode: 404,
					omnoMessage: 'Payout gone not found',
					outcome: 'failed',
				},
				pairedItem: { item: 1 },
			},
			{ json: { id: 'ok', status: 'PENDING' }, pairedItem: { item: 2 } },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with the summary option, adds one last item with counts and exact totals of the amounts read back', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/a')
			.reply(200, { id: 'a', status: 'SUCCESS', amount: 0.1, currency: 'EUR' });
		omnoApi()
			.get('/public/payout/b')
			.reply(200, { id: 'b', status: 'SUCCESS', amount: '0.2', currency: 'eur' });
		omnoApi()
			.get('/public/payout/c')
			.reply(200, { id: 'c', status: 'REJECTED', amount: 40, currency: 'USD' });

		const output = await runNode(
			(i) =>
				get(['a', 'b', 'c'][i], { runOptions: { concurrencyMode: 'fixed', concurrency: 1, summary: true } }),
			{ items: items(3) },
		);

		expect(output.slice(0, 3).map((o) => o.json.id)).toEqual(['a', 'b', 'c']);
		expect(output[3]).toEqual({
			json: {
				summary: {
					items: 3,
					outcomes: { done: 3 },
					statuses: { SUCCESS: 2, REJECTED: 1 },
					// 0.1 + 0.2 in floats is 0.30000000000000004.
					totals: { EUR: '0.3', USD: '40' },
					totalsByStatus: { SUCCESS: { EUR: '0.3' }, REJECTED: { USD: '40' } },
				},
			},
			pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
		});
		expect(output).toHaveLength(4);
	});
});
