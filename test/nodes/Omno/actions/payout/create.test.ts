import nock from 'nock';

import { prepare } from '../../../../../nodes/Omno/actions/payout/create.operation';
import { customerParams, expectedCustomer } from '../../../../helpers/customer';
import { makeContext, mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'payout',
	operation: 'create',
	orderId: 'order-1',
	value: '120.50',
	currency: 'eur',
	kycVerified: true,
	...customerParams,
	additionalFields: {},
	runOptions: {},
	...extra,
});

const expectedBody = {
	orderId: 'order-1',
	value: 120.5,
	currency: 'EUR',
	kycVerified: true,
	customer: expectedCustomer,
};

describe('payout → create', () => {
	it("POSTs /public/payout with `value` (not amount) and outputs OMNO's answer plus orderId", async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', expectedBody)
			.matchHeader('content-type', /application\/json/)
			.matchHeader('accept', 'application/json')
			.reply(200, { payoutId: 'po-1', status: 'WAITING_FOR_CONFIRMATION' });

		const output = await runNode(params());

		expect(output).toEqual([
			{
				json: {
					payoutId: 'po-1',
					status: 'WAITING_FOR_CONFIRMATION',
					orderId: 'order-1',
					// What the row asked for, as decimal text: Payout Run → Check Against OMNO compares it with OMNO.
					requested: { value: '120.5', currency: 'EUR' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('never sends an `amount` key, and sends the value as the exact JSON number', async () => {
		mockToken();
		let raw = '';
		omnoApi()
			.post('/public/payout', (body) => {
				raw = JSON.stringify(body);
				return true;
			})
			.reply(200, { payoutId: 'po-1' });

		await runNode(params({ value: '0.10', currency: 'USD' }));

		expect(raw).toContain('"value":0.1,');
		expect(raw).not.toContain('"amount"');
	});

	it('normalises a response that names the id `id` into payoutId', async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(201, { id: 'po-7', status: 'CREATED' });

		const [item] = await runNode(params());

		expect(item.json).toEqual({
			id: 'po-7',
			status: 'CREATED',
			payoutId: 'po-7',
			orderId: 'order-1',
			requested: { value: '120.5', currency: 'EUR' },
		});
	});

	it('adds Router ID and Additional Body Fields (JSON) from Additional Fields', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', { ...expectedBody, routerId: 'r-9', directLinkRouteId: 'dl-1' })
			.reply(200, { payoutId: 'po-1', status: 'WAITING_FOR_CONFIRMATION' });

		await runNode(
			params({ additionalFields: { routerId: 'r-9', additionalBodyFields: '{"directLinkRouteId":"dl-1"}' } }),
		);

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('takes the customer from JSON too', async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(200, { payoutId: 'po-1' });

		await runNode(params({ customerInput: 'json', customer: JSON.stringify(expectedCustomer) }));

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('prepare validates and builds without any network call', () => {
		const request = prepare.call(makeContext(params()), 0);

		expect(request).toEqual({
			method: 'POST',
			path: '/public/payout',
			body: expectedBody,
			orderId: 'order-1',
		});
	});

	it.each([
		[{ orderId: '' }, 'Row 2: Order ID (orderId) is empty'],
		[{ value: '' }, 'Row 2 (orderId order-1): Amount (value) is empty'],
		[{ value: '1,250.50' }, /^Row 2 \(orderId order-1\): Amount \(value\) must be a plain decimal number/],
		[{ value: '0' }, /^Row 2 \(orderId order-1\): Amount \(value\) must be greater than 0/],
		[
			{ value: '100.5', currency: 'JPY' },
			/^Row 2 \(orderId order-1\): Amount \(value\) must be a whole number for JPY/,
		],
		[{ currency: 'euro!' }, /^Row 2 \(orderId order-1\): Currency \(currency\) must be a currency code/],
		[{ email: 'nope' }, /^Row 2 \(orderId order-1\): Email \(customer\.email\) must be an e-mail address/],
		[{ additionalFields: { additionalBodyFields: '{"value": 1}' } }, /must not set "value"/],
	])('refuses %j before sending anything', async (extra, message) => {
		const scope = omnoApi().post(/.*/).reply(200, {});

		const error = await runNodeError(params(extra));

		expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(scope.isDone()).toBe(false);
	});

	it("a 409 without an id in OMNO's answer: alreadyExists + needsAttention with what to do, nothing paid twice", async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(409, { message: 'Order already exists' });

		const output = await runNode(params());

		expect(output).toEqual([
			{
				json: {
					orderId: 'order-1',
					alreadyExists: true,
					needsAttention: true,
					httpCode: 409,
					omnoMessage: 'Order already exists',
					message: expect.stringMatching(
						/^OMNO already has a payout with orderId "order-1" but did not say which one.*ledger/,
					),
					requested: { value: '120.5', currency: 'EUR' },
				},
				pairedItem: { item: 0 },
			},
		]);
		// No status and no payoutId: an approval step that filters on them cannot mistake it for a handled row.
		expect(output[0].json).not.toHaveProperty('payoutId');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		['top level', { message: 'exists', payoutId: 'po-old' }],
		['under data', { message: 'exists', data: { id: 'po-old' } }],
		['under transaction', { message: 'exists', transaction: { transactionId: 'po-old' } }],
	])('a 409 naming the existing payout (%s): it is fetched and output as it is now', async (_where, body) => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(409, body);
		omnoApi().get('/public/payout/po-old').reply(200, {
			id: 'po-old',
			orderId: 'order-1',
			amount: 120.5,
			currency: 'EUR',
			status: 'WAITING_FOR_CONFIRMATION',
		});

		const output = await runNode(params());

		expect(output).toEqual([
			{
				json: {
					id: 'po-old',
					payoutId: 'po-old',
					orderId: 'order-1',
					amount: 120.5,
					currency: 'EUR',
					status: 'WAITING_FOR_CONFIRMATION',
					alreadyExists: true,
					httpCode: 409,
					omnoMessage: 'exists',
					requested: { value: '120.5', currency: 'EUR' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a 409 naming a payout whose amount differs from the row: needsAttention, not a confirmable row', async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(409, { message: 'exists', id: 'po-old' });
		omnoApi().get('/public/payout/po-old').reply(200, {
			id: 'po-old',
			orderId: 'order-1',
			amount: 99,
			currency: 'EUR',
			status: 'WAITING_FOR_CONFIRMATION',
		});

		const [item] = await runNode(params());

		expect(item.json).toMatchObject({
			orderId: 'order-1',
			payoutId: 'po-old',
			alreadyExists: true,
			needsAttention: true,
		});
		expect(String(item.json.message)).toContain('amount 99 (this row: 120.5)');
	});

	it('a 409 naming a payout that cannot be fetched: needsAttention naming the id', async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(409, { message: 'exists', id: 'po-old' });
		omnoApi().get('/public/payout/po-old').reply(404, { message: 'not found' });

		const [item] = await runNode(params());

		expect(item.json).toMatchObject({ orderId: 'order-1', payoutId: 'po-old', needsAttention: true });
		expect(String(item.json.message)).toContain(
			'looking it up failed (OMNO answered 404 to GET /public/payout/po-old: not found)',
		);
	});

	it('a 500 is not re-sent; with continueOnFail it is an error item with outcome unknown', async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).once().reply(500, { message: 'boom' });

		const output = await runNode(params(), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: 'Row 2 (orderId order-1): OMNO answered 500 to POST /public/payout: boom',
					httpCode: 500,
					outcome: 'unknown',
					orderId: 'order-1',
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("a 400 without continueOnFail fails with OMNO's message", async () => {
		mockToken();
		omnoApi().post('/public/payout', expectedBody).reply(400, { message: 'customer.email invalid' });

		const error = await runNodeError(params());

		expect(error.message).toBe(
			'Row 2 (orderId order-1): OMNO answered 400 to POST /public/payout: customer.email invalid',
		);
	});

	it('sends every item with its own orderId and pairs each output', async () => {
		mockToken();
		const api = omnoApi();
		for (const n of [1, 2, 3]) {
			api
				.post('/public/payout', { ...expectedBody, orderId: `o-${n}`, value: n })
				.reply(200, { payoutId: `po-${n}` });
		}

		const output = await runNode((i) => params({ orderId: `o-${i + 1}`, value: String(i + 1) }), {
			items: items(3),
		});

		expect(output.map((o) => [o.json.payoutId, o.json.orderId, o.pairedItem])).toEqual([
			['po-1', 'o-1', { item: 0 }],
			['po-2', 'o-2', { item: 1 }],
			['po-3', 'o-3', { item: 2 }],
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('an orderId that reads as a card number is refused before sending, named masked in the row', async () => {
		const scope = omnoApi().post(/.*/).reply(200, {});

		const error = await runNodeError(params({ orderId: '4242424242424242' }));

		expect(error.message).toMatch(
			/^Row 2 \(orderId \*{12}4242\): Order ID \(orderId\) reads as a card number .*shown masked: "\*{12}4242"/,
		);
		expect(error.message).not.toContain('4242424242424242');
		expect(scope.isDone()).toBe(false);
	});

	it('with several items, one invalid item stops the run before anything is sent', async () => {
		const scope = omnoApi().post(/.*/).reply(200, {});

		const error = await runNodeError((i) => params({ orderId: `o-${i}`, value: ['1', 'x'][i] }), {
			items: items(2),
		});

		expect(error.message).toBe('1 of 2 rows are invalid; nothing was sent to OMNO');
		expect(scope.isDone()).toBe(false);
	});

	it('with continueOnFail, invalid rows become error items and only the valid rows are sent', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', { ...expectedBody, orderId: 'o-0', value: 5 })
			.reply(200, { payoutId: 'po-0', status: 'WAITING_FOR_CONFIRMATION' });

		const output = await runNode((i) => params({ orderId: `o-${i}`, value: ['5', '-1'][i] }), {
			items: items(2),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{
				json: {
					payoutId: 'po-0',
					status: 'WAITING_FOR_CONFIRMATION',
					orderId: 'o-0',
					requested: { value: '5', currency: 'EUR' },
				},
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					error: 'Row 3 (orderId o-1): Amount (value) must be greater than 0, got "-1"',
					outcome: 'invalid',
				}),
				pairedItem: { item: 1 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('dry run outputs the request each item would send and sends nothing', async () => {
		const scope = omnoApi().post(/.*/).reply(200, {});

		const output = await runNode(params({ runOptions: { dryRun: true } }));

		expect(output).toEqual([
			{
				json: {
					dryRun: true,
					orderId: 'order-1',
					request: { method: 'POST', path: '/public/payout', body: expectedBody },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(scope.isDone()).toBe(false);
	});
});
