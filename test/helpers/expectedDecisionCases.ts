import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { items, mockToken, omnoApi, runNode, runNodeError } from './omno';

/**
 * Confirm / Reject with "… Only If OMNO Holds" (`expected`): the payout is read first and decided only when OMNO
 * holds exactly the approved orderId, amount and currency. Each operation's test file runs these cases.
 */
export function expectedDecisionCases(action: 'confirm' | 'reject', flag: 'confirmed' | 'rejected'): void {
	const params = (payoutId: string, expected: IDataObject) => ({
		resource: 'payout',
		operation: action,
		payoutId,
		expected,
	});
	const approved = { orderId: 'rr-1', amount: '125.00', currency: 'EUR' };
	const inOmno = (extra: IDataObject = {}) => ({
		id: 'po-1',
		orderId: 'rr-1',
		amount: 125,
		currency: 'EUR',
		status: 'WAITING_FOR_CONFIRMATION',
		...extra,
	});
	const sameWay = action === 'confirm' ? 'SUCCESS' : 'REJECTED';
	const otherWay = action === 'confirm' ? 'REJECTED' : 'PENDING';

	it(`reads the payout first and ${action}s it when orderId, amount (125 = "125.00") and currency match; outputs what OMNO holds`, async () => {
		mockToken();
		const order: string[] = [];
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, () => {
				order.push('GET');
				return inOmno();
			});
		omnoApi()
			.put(`/public/payout/po-1/${action}`, (body) => body === '')
			.reply(200, () => {
				order.push('PUT');
				return {};
			});

		const output = await runNode(params('po-1', approved));

		expect(order).toEqual(['GET', 'PUT']);
		expect(output).toEqual([
			{
				json: { payoutId: 'po-1', [flag]: true, orderId: 'rr-1', amount: 125, currency: 'EUR' },
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('currency is compared in any case, amounts as decimals, and a number typed or mapped as the amount works', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ amount: '125.50', currency: 'eur' }));
		omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const [item] = await runNode(params('po-1', { amount: 125.5, currency: ' Eur ' }));

		expect(item.json).toEqual({
			payoutId: 'po-1',
			[flag]: true,
			orderId: 'rr-1',
			amount: '125.50',
			currency: 'eur',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('OMNO holds 12500 where 125.00 was approved: nothing is PUT and the item fails naming both amounts', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ amount: 12500 }));
		const put = omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const error = await runNodeError(params('po-1', approved));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`Row 2 (payoutId po-1): Payout po-1 was not ${flag}: OMNO holds something other than expected (amount: OMNO 12500, expected 125.00)`,
		);
		expect(error.description).toMatch(/^Nothing was sent\./);
		expect(put.isDone()).toBe(false);
	});

	it('with continueOnFail a mismatch is an error item with differs, payoutId and status, paired; the PUT is not sent', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ orderId: 'other-order', currency: 'USD' }));
		const put = omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const output = await runNode(params('po-1', approved), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: `Row 2 (payoutId po-1): Payout po-1 was not ${flag}: OMNO holds something other than expected (orderId: OMNO other-order, expected rr-1; currency: OMNO USD, expected EUR)`,
					description: expect.stringMatching(/^Nothing was sent\./),
					payoutId: 'po-1',
					status: 'WAITING_FOR_CONFIRMATION',
					differs: ['orderId: OMNO other-order, expected rr-1', 'currency: OMNO USD, expected EUR'],
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(put.isDone()).toBe(false);
	});

	it('only the values given are compared: an amount alone ignores orderId and currency', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ orderId: 'anything', currency: 'GBP' }));
		omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const [item] = await runNode(params('po-1', { amount: '125' }));

		expect(item.json).toEqual({
			payoutId: 'po-1',
			[flag]: true,
			orderId: 'anything',
			amount: 125,
			currency: 'GBP',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it(`already ${sameWay} (decided the same way): no PUT, a result with alreadyDecided and OMNO's values`, async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ status: sameWay }));
		const put = omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const output = await runNode(params('po-1', approved));

		expect(output).toEqual([
			{
				json: {
					payoutId: 'po-1',
					[flag]: true,
					alreadyDecided: true,
					status: sameWay,
					orderId: 'rr-1',
					amount: 125,
					currency: 'EUR',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(put.isDone()).toBe(false);
	});

	it(`already ${otherWay} (decided the other way): no PUT, an error that says which way`, async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ status: otherWay }));
		const put = omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const output = await runNode(params('po-1', approved), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: `Row 2 (payoutId po-1): Payout po-1 is already ${otherWay}: it was ${action === 'confirm' ? 'rejected' : 'confirmed'}, so it cannot be ${flag}`,
					payoutId: 'po-1',
					status: otherWay,
					outcome: 'failed',
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(put.isDone()).toBe(false);
	});

	it('a mismatch is reported before the status: a payout decided the other way with another amount names the amount', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ status: otherWay, amount: '99.00' }));
		const put = omnoApi().put(/.*/).reply(200, {});

		const error = await runNodeError(params('po-1', approved));

		expect(error.message).toBe(
			`Row 2 (payoutId po-1): Payout po-1 was not ${flag}: OMNO holds something other than expected (amount: OMNO 99.00, expected 125.00)`,
		);
		expect(put.isDone()).toBe(false);
	});

	it.each([
		[
			{ amount: '12,50' },
			'Expected Amount (expected.amount) must be a plain decimal number such as 125 or 125.00, got "12,50"',
		],
		[
			{ amount: '-5' },
			'Expected Amount (expected.amount) must be a plain decimal number such as 125 or 125.00, got "-5"',
		],
		[
			{ amount: '1e3' },
			'Expected Amount (expected.amount) must be a plain decimal number such as 125 or 125.00, got "1e3"',
		],
	])(
		'refuses a bad expected %j before anything is sent (no token, no GET, no PUT)',
		async (expected, problem) => {
			const token = mockToken();
			const api = omnoApi().get(/.*/).reply(200, inOmno()).put(/.*/).reply(200, {});

			const error = await runNodeError(params('po-1', { ...approved, ...expected }));

			expect(error.message).toBe(`Row 2 (payoutId po-1): ${problem}`);
			expect(token.isDone()).toBe(false);
			expect(api.isDone()).toBe(false);
			expect(api.pendingMocks()).toHaveLength(2);
		},
	);

	it('refuses a bad expected currency before anything is sent', async () => {
		const token = mockToken();
		const api = omnoApi().get(/.*/).reply(200, inOmno()).put(/.*/).reply(200, {});

		const error = await runNodeError(params('po-1', { ...approved, currency: 'euro!' }));

		expect(error.message).toMatch(/^Row 2 \(payoutId po-1\): Expected Currency \(expected\.currency\) /);
		expect(token.isDone()).toBe(false);
		expect(api.pendingMocks()).toHaveLength(2);
	});

	it('blank expected values (an empty collection or empty strings) change nothing: PUT only, no GET', async () => {
		// Two runs, two fresh credentials: a token each.
		mockToken('token-1', 2);
		const get = omnoApi().get('/public/payout/po-1').reply(200, inOmno());
		omnoApi().put(`/public/payout/po-1/${action}`).times(2).reply(200, {});

		const withEmpty = await runNode(params('po-1', {}));
		const withBlanks = await runNode(params('po-1', { orderId: '', amount: '  ', currency: '' }));

		expect(withEmpty[0].json).toEqual({ payoutId: 'po-1', [flag]: true });
		expect(withBlanks[0].json).toEqual({ payoutId: 'po-1', [flag]: true });
		expect(get.isDone()).toBe(false);
		expect(nock.pendingMocks()).toEqual(['GET https://api.omno.test:443/public/payout/po-1']);
	});

	it(`decided by someone else between the check and the PUT: OMNO refuses (409), the read-back says ${sameWay}, and it is alreadyDecided`, async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, inOmno());
		omnoApi().put(`/public/payout/po-1/${action}`).once().reply(409, { message: 'not waiting' });
		omnoApi()
			.get('/public/payout/po-1')
			.reply(200, inOmno({ status: sameWay }));

		const [item] = await runNode(params('po-1', approved));

		expect(item.json).toMatchObject({
			payoutId: 'po-1',
			[flag]: true,
			alreadyDecided: true,
			status: sameWay,
			httpCode: 409,
			omnoMessage: 'not waiting',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("the payout cannot be read (404): the item fails with OMNO's answer and nothing is PUT", async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(404, { message: 'Payout not found' });
		const put = omnoApi().put(`/public/payout/po-1/${action}`).reply(200, {});

		const error = await runNodeError(params('po-1', approved));

		expect(error.message).toBe(
			'Row 2 (payoutId po-1): OMNO answered 404 to GET /public/payout/po-1: Payout not found',
		);
		expect(put.isDone()).toBe(false);
	});

	it('many payouts: each is checked against its own expected values; only the matching ones are PUT, the run report says which', async () => {
		mockToken();
		const rows = [
			{ payoutId: 'a', expected: { orderId: 'rr-a', amount: '10.00', currency: 'EUR' } },
			{ payoutId: 'b', expected: { orderId: 'rr-b', amount: '125.00', currency: 'EUR' } },
			{ payoutId: 'c', expected: { orderId: 'rr-c', amount: '0.30', currency: 'EUR' } },
		];
		const api = omnoApi();
		api.get('/public/payout/a').reply(200, { ...inOmno(), id: 'a', orderId: 'rr-a', amount: '10' });
		api.get('/public/payout/b').reply(200, { ...inOmno(), id: 'b', orderId: 'rr-b', amount: 12500 });
		api.get('/public/payout/c').reply(200, { ...inOmno(), id: 'c', orderId: 'rr-c', amount: 0.3 });
		api.put(`/public/payout/a/${action}`).reply(200, {});
		api.put(`/public/payout/c/${action}`).reply(200, {});
		const putB = omnoApi().put(`/public/payout/b/${action}`).reply(200, {});

		const output = await runNode((i) => params(rows[i].payoutId, rows[i].expected), { items: items(3) });

		expect(output.slice(0, 3)).toEqual([
			{
				json: { payoutId: 'a', [flag]: true, orderId: 'rr-a', amount: '10', currency: 'EUR' },
				pairedItem: { item: 0 },
			},
			expect.objectContaining({ pairedItem: { item: 1 } }),
			{
				json: { payoutId: 'c', [flag]: true, orderId: 'rr-c', amount: 0.3, currency: 'EUR' },
				pairedItem: { item: 2 },
			},
		]);
		expect(output[1].json).not.toHaveProperty(flag);
		expect(output[3].json.runReport).toMatchObject({
			operation: `payout.${action}`,
			firstFailure: {
				row: 3,
				error: `Row 3 (payoutId b): Payout b was not ${flag}: OMNO holds something other than expected (amount: OMNO 12500, expected 125.00)`,
			},
			done: [
				{ row: 2, payoutId: 'a' },
				{ row: 4, payoutId: 'c' },
			],
		});
		expect(putB.isDone()).toBe(false);
		expect(api.pendingMocks()).toEqual([]);
	});
}
