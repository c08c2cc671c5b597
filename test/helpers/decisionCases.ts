import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { items, mockToken, omnoApi, runNode, runNodeError } from './omno';

/** Confirm and reject are one mechanism (helpers/decision.ts): each operation's test file runs these cases. */
export function decisionCases(action: 'confirm' | 'reject', flag: 'confirmed' | 'rejected'): void {
	const params = (payoutId: string) => ({ resource: 'payout', operation: action, payoutId });

	it(`PUTs /public/payout/{id}/${action} with no body and outputs { payoutId, [flag]: true }`, async () => {
		mockToken();
		let sentBody: unknown = 'not called';
		omnoApi()
			.put(`/public/payout/po-1/${action}`, (body) => {
				sentBody = body;
				return true;
			})
			.matchHeader('accept', 'application/json')
			.reply(200, {});

		const output = await runNode(params('po-1'));

		expect(output).toEqual([{ json: { payoutId: 'po-1', [flag]: true }, pairedItem: { item: 0 } }]);
		// It takes no body: nothing beyond the id may reach OMNO.
		expect(sentBody).toEqual('');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('keeps whatever OMNO answers next to our fields', async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-1/${action}`).reply(200, { status: 'PENDING' });

		const [item] = await runNode(params('po-1'));

		expect(item.json).toEqual({ status: 'PENDING', payoutId: 'po-1', [flag]: true });
	});

	it('treats an empty 204 answer as success', async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-1/${action}`).reply(204);

		const [item] = await runNode(params('po-1'));

		expect(item.json).toEqual({ payoutId: 'po-1', [flag]: true });
	});

	it('encodes the id into the path', async () => {
		mockToken();
		omnoApi().put(`/public/payout/a%2Bb/${action}`).reply(200, {});

		const [item] = await runNode(params('a+b'));

		expect(item.json.payoutId).toBe('a+b');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("acts on each item's own payout and pairs every output", async () => {
		mockToken();
		const api = omnoApi();
		for (const id of ['a', 'b', 'c']) api.put(`/public/payout/${id}/${action}`).reply(200, {});

		const output = await runNode((i) => params(['a', 'b', 'c'][i]), { items: items(3) });

		expect(output.map((o) => [o.json.payoutId, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['b', { item: 1 }],
			['c', { item: 2 }],
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		['', 'Row 2: Payout ID (payoutId) is empty'],
		['  ', 'Row 2: Payout ID (payoutId) is empty'],
		[
			'x/../../payin',
			'Row 2 (payoutId "x/../../payin"): Payout ID (payoutId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "x/../../payin")',
		],
	])(
		'refuses a bad id (%j) and sends nothing, naming the row and the id given',
		async (payoutId, message) => {
			const scope = omnoApi().put(/.*/).reply(200, {});

			const error = await runNodeError(params(payoutId));

			expect(error.message).toBe(message);
			expect(scope.isDone()).toBe(false);
		},
	);

	it("a 409 (not waiting for confirmation) fails with OMNO's message and a definite outcome", async () => {
		mockToken();
		omnoApi()
			.put(`/public/payout/po-9/${action}`)
			.reply(409, { message: 'Payout is not waiting for confirmation' });
		// Read back after the refusal: still waiting, so OMNO's refusal is the answer.
		omnoApi().get('/public/payout/po-9').reply(200, { id: 'po-9', status: 'WAITING_FOR_CONFIRMATION' });

		const error = await runNodeError(params('po-9'));

		expect(error.message).toBe(
			`Row 2 (payoutId po-9): OMNO answered 409 to PUT /public/payout/po-9/${action}: Payout is not waiting for confirmation`,
		);
		expect((error.context as { omno: { outcome: string } }).omno.outcome).toBe('failed');
	});

	it('a 500 is not re-sent and is reported as an unknown outcome', async () => {
		mockToken();
		// One reply only: a second PUT would find no mock and fail differently.
		omnoApi().put(`/public/payout/po-5/${action}`).once().reply(500, { message: 'boom' });

		const output = await runNode(params('po-5'), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: `Row 2 (payoutId po-5): OMNO answered 500 to PUT /public/payout/po-5/${action}: boom`,
					description: expect.stringContaining('may or may not have been processed'),
					httpCode: 500,
					omnoMessage: 'boom',
					outcome: 'unknown',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with continueOnFail, a 404 and a bad id become error items; good items go through', async () => {
		mockToken();
		omnoApi().put(`/public/payout/nope/${action}`).reply(404, { message: 'Payout not found' });
		omnoApi().put(`/public/payout/ok/${action}`).reply(200, {});

		const output = await runNode((i) => params(['nope', '', 'ok'][i]), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: `Row 2 (payoutId nope): OMNO answered 404 to PUT /public/payout/nope/${action}: Payout not found`,
					httpCode: 404,
					outcome: 'failed',
				}),
				pairedItem: { item: 0 },
			},
			{
				json: {
					error: 'Row 3: Payout ID (payoutId) is empty',
					description:
						'Fix "Payout ID" (parameter "payoutId") in Row 3. Nothing was sent to OMNO for this row.',
				},
				pairedItem: { item: 1 },
			},
			{ json: { payoutId: 'ok', [flag]: true }, pairedItem: { item: 2 } },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	const same = action === 'confirm' ? 'PENDING' : 'REJECTED';
	const other = action === 'confirm' ? 'REJECTED' : 'SUCCESS';

	it(`${action} after ${action}: OMNO refuses (409), the payout is read back, and it is a result (alreadyDecided)`, async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-2/${action}`).reply(409, { message: 'Payout po-2 cannot be changed' });
		omnoApi().get('/public/payout/po-2').reply(200, { id: 'po-2', status: same });

		const output = await runNode(params('po-2'));

		expect(output).toEqual([
			{
				json: {
					payoutId: 'po-2',
					[flag]: true,
					alreadyDecided: true,
					status: same,
					httpCode: 409,
					omnoMessage: 'Payout po-2 cannot be changed',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it(`${action} on a payout decided the other way (${other}) is an error that says so`, async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-3/${action}`).reply(409, { message: 'not waiting' });
		omnoApi().get('/public/payout/po-3').reply(200, { id: 'po-3', status: other });

		const output = await runNode(params('po-3'), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: `Row 2 (payoutId po-3): Payout po-3 is already ${other}: it was ${action === 'confirm' ? 'rejected' : 'confirmed'}, so it cannot be ${flag}`,
					outcome: 'failed',
					httpCode: 409,
					payoutId: 'po-3',
					status: other,
				}),
				pairedItem: { item: 0 },
			},
		]);
		// Without continue-on-fail, nothing was done in this run, so the node fails as usual.
		nock.cleanAll();
		mockToken();
		omnoApi().put(`/public/payout/po-3/${action}`).reply(409, { message: 'not waiting' });
		omnoApi().get('/public/payout/po-3').reply(200, { id: 'po-3', status: other });
		const error = await runNodeError(params('po-3'));
		expect(error.message).toMatch(new RegExp(`^Row 2 \\(payoutId po-3\\): Payout po-3 is already ${other}`));
	});

	it(`with many payouts every one is attempted: a failure on item 2 does not hold back items 3–4, and the run report lists exactly which were ${flag}`, async () => {
		mockToken();
		const ids = ['a', 'b', 'c', 'd'];
		omnoApi().put(`/public/payout/a/${action}`).reply(200, {});
		omnoApi().put(`/public/payout/b/${action}`).once().reply(500, { message: 'boom' });
		omnoApi().put(`/public/payout/c/${action}`).reply(409, { message: 'not waiting' });
		omnoApi().get('/public/payout/c').reply(200, { id: 'c', status: same });
		omnoApi().put(`/public/payout/d/${action}`).reply(200, {});

		// No continue-on-fail: the node still does not throw, because a throw would hide the ones that went through.
		const output = await runNode((i) => params(ids[i]), { items: items(4) });

		expect(
			output.map((o) => [
				o.json.payoutId ?? null,
				o.json[flag] ?? null,
				o.json.alreadyDecided ?? null,
				o.json.outcome ?? null,
				o.pairedItem,
			]),
		).toEqual([
			['a', true, null, null, { item: 0 }],
			[null, null, null, 'unknown', { item: 1 }],
			['c', true, true, null, { item: 2 }],
			['d', true, null, null, { item: 3 }],
			[null, null, null, null, [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]],
		]);
		expect(output[4].json.runReport).toMatchObject({
			operation: `payout.${action}`,
			stopped: false,
			firstFailure: {
				row: 3,
				error: `Row 3 (payoutId b): OMNO answered 500 to PUT /public/payout/b/${action}: boom`,
			},
			outcomes: { done: 2, unknown: 1, alreadyDecided: 1 },
			done: [
				{ row: 2, payoutId: 'a' },
				{ row: 5, payoutId: 'd' },
			],
		});
		expect(nock.pendingMocks()).toEqual([]);
	});
}

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
