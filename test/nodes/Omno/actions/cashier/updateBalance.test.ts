import nock from 'nock';

import { mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'cashier',
	operation: 'updateBalance',
	sessionId: 'cs-1',
	balance: '250.50',
	currency: 'eur',
	additionalBodyFields: '{}',
	...extra,
});

describe('cashier → updateBalance', () => {
	it('PUTs { balance, currency } (balance as a JSON number) and outputs { sessionId, updated: true }', async () => {
		mockToken();
		omnoApi()
			.put('/public/cashier/session/cs-1/balance', { balance: 250.5, currency: 'EUR' })
			.matchHeader('accept', 'application/json')
			.matchHeader('content-type', /application\/json/)
			.reply(204);

		const output = await runNode(params());

		expect(output).toEqual([{ json: { sessionId: 'cs-1', updated: true }, pairedItem: { item: 0 } }]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('sends the exact JSON text: 250.50 goes out as 250.5, never a float artefact', async () => {
		mockToken();
		let raw = '';
		omnoApi()
			.put('/public/cashier/session/cs-1/balance', (body) => {
				raw = JSON.stringify(body);
				return true;
			})
			.reply(200, {});

		await runNode(params({ balance: '0.30', currency: 'USD' }));

		expect(raw).toBe('{"balance":0.3,"currency":"USD"}');
	});

	it.each([['0'], ['0.00'], [0]])('accepts a zero balance (%j)', async (balance) => {
		mockToken();
		omnoApi().put('/public/cashier/session/cs-1/balance', { balance: 0, currency: 'EUR' }).reply(200, {});

		const [item] = await runNode(params({ balance }));

		expect(item.json.updated).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('merges Additional Body Fields (JSON) into the body; they may replace our assumed names', async () => {
		mockToken();
		omnoApi()
			.put('/public/cashier/session/cs-1/balance', {
				balance: 10,
				currency: 'EUR',
				amount: 10,
				walletId: 'w-1',
			})
			.reply(200, { accepted: true });

		const [item] = await runNode(
			params({ balance: '10', additionalBodyFields: '{"amount": 10, "walletId": "w-1"}' }),
		);

		expect(item.json).toEqual({ accepted: true, sessionId: 'cs-1', updated: true });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('accepts Additional Body Fields given as an object (from an expression)', async () => {
		mockToken();
		omnoApi()
			.put('/public/cashier/session/cs-1/balance', { balance: 1, currency: 'EUR', x: 1 })
			.reply(200, {});

		await runNode(params({ balance: 1, additionalBodyFields: { x: 1 } }));

		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		[{ sessionId: '' }, 'Row 2: Session ID (sessionId) is empty'],
		[{ sessionId: 'a/b' }, /^Row 2 \(sessionId "a\/b"\): Session ID \(sessionId\) must not contain/],
		[{ currency: '' }, 'Row 2 (sessionId cs-1): Currency (currency) is empty'],
		[{ balance: '' }, 'Row 2 (sessionId cs-1): Balance (balance) is empty'],
		[{ balance: '-5' }, /^Row 2 \(sessionId cs-1\): Balance \(balance\) must be greater than 0/],
		[
			{ balance: '1,000.00' },
			/^Row 2 \(sessionId cs-1\): Balance \(balance\) must be a plain decimal number/,
		],
		[
			{ balance: '1234.123' },
			/^Row 2 \(sessionId cs-1\): Balance \(balance\) has 3 decimals but EUR allows at most 2/,
		],
		[
			{ balance: '10.5', currency: 'JPY' },
			/^Row 2 \(sessionId cs-1\): Balance \(balance\) must be a whole number for JPY/,
		],
		[
			{ additionalBodyFields: '{"a":' },
			/^Row 2 \(sessionId cs-1\): Additional Body Fields \(JSON\) \(additionalBodyFields\) is not valid JSON/,
		],
		[
			{ additionalBodyFields: '[1]' },
			/^Row 2 \(sessionId cs-1\): Additional Body Fields \(JSON\) \(additionalBodyFields\) must be a JSON object/,
		],
	])('refuses bad input %j and sends nothing', async (extra, message) => {
		const scope = omnoApi().put(/.*/).reply(200, {});

		const error = await runNodeError(params(extra));

		expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(scope.isDone()).toBe(false);
	});

	it("a 404 (unknown session) fails with OMNO's message", async () => {
		mockToken();
		omnoApi().put('/public/cashier/session/cs-x/balance').reply(404, { message: 'Session not found' });

		const error = await runNodeError(params({ sessionId: 'cs-x' }));

		expect(error.message).toBe(
			'Row 2 (sessionId cs-x): OMNO answered 404 to PUT /public/cashier/session/cs-x/balance: Session not found',
		);
	});

	it("a 400 keeps OMNO's words (the body shape is our assumption, so this is how a mismatch shows)", async () => {
		mockToken();
		omnoApi().put('/public/cashier/session/cs-1/balance').reply(400, { message: 'amount must be a number' });

		const error = await runNodeError(params());

		expect(error.message).toBe(
			'Row 2 (sessionId cs-1): OMNO answered 400 to PUT /public/cashier/session/cs-1/balance: amount must be a number',
		);
		expect(error.description).toMatch(/invalid/);
	});

	it('pairs every item; with continueOnFail bad input and API errors become error items', async () => {
		mockToken();
		omnoApi().put('/public/cashier/session/a/balance', { balance: 1, currency: 'EUR' }).reply(200, {});
		omnoApi().put('/public/cashier/session/c/balance', { balance: 3, currency: 'EUR' }).once().reply(503, {});

		const output = await runNode(
			(i) => params({ sessionId: ['a', 'b', 'c'][i], balance: ['1', 'x', '3'][i] }),
			{ items: items(3), continueOnFail: true },
		);

		expect(output).toEqual([
			{ json: { sessionId: 'a', updated: true }, pairedItem: { item: 0 } },
			{
				json: expect.objectContaining({
					error: expect.stringMatching(/^Row 3 \(sessionId b\): Balance \(balance\) must be a plain decimal/),
				}),
				pairedItem: { item: 1 },
			},
			{
				json: expect.objectContaining({ httpCode: 503, outcome: 'unknown' }),
				pairedItem: { item: 2 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
