import nock from 'nock';

import { mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

const transaction = {
	id: 'pi-1',
	orderId: 'order-1',
	amount: 100.5,
	currency: 'EUR',
	status: 'SUCCESS',
	cardMask: '424242******4242',
};

describe('payIn → get', () => {
	it("GETs /public/payin/{id} with the bearer token and outputs OMNO's transaction", async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').matchHeader('accept', 'application/json').reply(200, transaction);

		const output = await runNode({ resource: 'payIn', operation: 'get', payInId: 'pi-1' });

		expect(output).toEqual([{ json: transaction, pairedItem: { item: 0 } }]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('passes unknown statuses through untouched', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-2').reply(200, { id: 'pi-2', status: 'ON_HOLD_NEW_STATUS' });

		const [item] = await runNode({ resource: 'payIn', operation: 'get', payInId: 'pi-2' });

		expect(item.json.status).toBe('ON_HOLD_NEW_STATUS');
	});

	it('encodes the id into the path', async () => {
		mockToken();
		omnoApi().get('/public/payin/a%2Bb%25c').reply(200, { id: 'a+b%c' });

		const [item] = await runNode({ resource: 'payIn', operation: 'get', payInId: 'a+b%c' });

		expect(item.json.id).toBe('a+b%c');
	});

	it("pairs every output with its input item and reads each item's own id", async () => {
		mockToken();
		const api = omnoApi();
		for (const id of ['a', 'b', 'c']) api.get(`/public/payin/${id}`).reply(200, { id });

		const output = await runNode(
			(i) => ({ resource: 'payIn', operation: 'get', payInId: ['a', 'b', 'c'][i] }),
			{ items: items(3) },
		);

		expect(output.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['b', { item: 1 }],
			['c', { item: 2 }],
		]);
	});

	it.each(['', '   '])('rejects an empty id (%j) before sending anything', async (payInId) => {
		const error = await runNodeError({ resource: 'payIn', operation: 'get', payInId });

		expect(error.message).toBe('Row 2: Pay-In ID (payInId) is empty');
		expect((error.context as { itemIndex: number }).itemIndex).toBe(0);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('rejects an id with a slash (would change the URL path)', async () => {
		const error = await runNodeError({ resource: 'payIn', operation: 'get', payInId: '../payout/x' });

		expect(error.message).toMatch(/Pay-In ID \(payInId\) must not contain/);
	});

	it('with continueOnFail, outputs the error for the bad item and carries on', async () => {
		mockToken();
		omnoApi().get('/public/payin/ok').reply(200, { id: 'ok', status: 'PENDING' });

		const output = await runNode((i) => ({ resource: 'payIn', operation: 'get', payInId: ['', 'ok'][i] }), {
			items: items(2),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{
				json: {
					error: 'Row 2: Pay-In ID (payInId) is empty',
					description:
						'Fix "Pay-In ID" (parameter "payInId") in Row 2. Nothing was sent to OMNO for this row.',
				},
				pairedItem: { item: 0 },
			},
			{ json: { id: 'ok', status: 'PENDING' }, pairedItem: { item: 1 } },
		]);
	});

	it("with continueOnFail, a 404 becomes an error item with OMNO's status and message", async () => {
		mockToken();
		omnoApi().get('/public/payin/nope').reply(404, { message: 'Payin nope not found' });

		const output = await runNode(
			{ resource: 'payIn', operation: 'get', payInId: 'nope' },
			{ continueOnFail: true },
		);

		expect(output).toEqual([
			{
				json: {
					error: 'Row 2 (payInId nope): OMNO answered 404 to GET /public/payin/nope: Payin nope not found',
					description: expect.stringContaining('no transaction with this ID'),
					httpCode: 404,
					omnoMessage: 'Payin nope not found',
					outcome: 'failed',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
