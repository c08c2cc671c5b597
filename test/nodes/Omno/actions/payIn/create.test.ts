import nock from 'nock';

import { prepare } from '../../../../../nodes/Omno/actions/payIn/create.operation';
import { customerParams, expectedCustomer } from '../../../../helpers/customer';
import { makeContext, mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'payIn',
	operation: 'create',
	orderId: 'order-1',
	amount: '10.50',
	currency: 'eur',
	kycVerified: false,
	...customerParams,
	additionalFields: {},
	runOptions: {},
	...extra,
});

const expectedBody = {
	orderId: 'order-1',
	amount: 10.5,
	currency: 'EUR',
	kycVerified: false,
	customer: expectedCustomer,
};
const created = {
	paymentId: 'pi-1',
	status: 'CREATED',
	iframeUrls: { card: 'https://pay/card', apm: 'https://pay/apm' },
};

describe('payIn → create', () => {
	it("POSTs /public/payin with the exact body and outputs OMNO's answer, then orderId", async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', expectedBody)
			.matchHeader('content-type', /application\/json/)
			.reply(200, created);

		const output = await runNode(params());

		expect(output).toEqual([{ json: { ...created, orderId: 'order-1' }, pairedItem: { item: 0 } }]);
		expect(Object.keys(output[0].json)).toEqual(['paymentId', 'status', 'iframeUrls', 'orderId']);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("sends the additional fields under OMNO's names and the JSON extras last", async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', {
				...expectedBody,
				previousTransactionCount: 2,
				returnUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
				webhook: { url: 'https://n8n.example/webhook/x' },
				metadata: { campaign: 'spring' },
			})
			.reply(200, created);

		await runNode(
			params({
				additionalFields: {
					previousTransactionCount: 2,
					returnUrls: { urls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' } },
					webhookUrl: 'https://n8n.example/webhook/x',
					additionalBodyFields: '{"metadata":{"campaign":"spring"}}',
				},
			}),
		);

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('accepts the customer as one JSON object', async () => {
		mockToken();
		omnoApi().post('/public/payin', expectedBody).reply(200, created);

		await runNode(params({ customerInput: 'json', customer: JSON.stringify(expectedCustomer) }));

		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		[{ orderId: '' }, 'Row 2: Order ID (orderId) is empty'],
		[{ amount: '1.250,50' }, 'Row 2 (orderId order-1): Amount (amount) must be a plain decimal number'],
		[
			{ amount: '10.5555' },
			'Row 2 (orderId order-1): Amount (amount) has 4 decimals but EUR allows at most 2',
		],
		[{ currency: 'euro dollars' }, 'Row 2 (orderId order-1): Currency (currency) must be a currency code'],
		[{ email: 'nope' }, 'Row 2 (orderId order-1): Email (customer.email) must be an e-mail address'],
		[
			{ countryCode: 'XX' },
			'Row 2 (orderId order-1): Billing Country Code (customer.billing.countryCode) must be a two-letter',
		],
		[{ additionalFields: { additionalBodyFields: { amount: 1 } } }, 'must not set "amount"'],
	])('refuses %j before sending anything', async (change, message) => {
		const scope = omnoApi().post('/public/payin').reply(200, created);

		const error = await runNodeError(params(change));

		expect(error.message).toContain(message);
		expect(scope.isDone()).toBe(false);
	});

	it('with continueOnFail, outputs bad items as errors paired to them and creates the rest', async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', { ...expectedBody, orderId: 'order-2' })
			.reply(200, created);

		const output = await runNode((i) => params({ orderId: `order-${i + 1}`, amount: ['0', '10.50'][i] }), {
			items: items(2),
			continueOnFail: true,
		});

		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.error).toBe(
			'Row 2 (orderId order-1): Amount (amount) must be greater than 0, got "0"',
		);
		expect(output[1]).toEqual({ json: { ...created, orderId: 'order-2' }, pairedItem: { item: 1 } });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with continueOnFail, an OMNO failure becomes an error item with status and message', async () => {
		mockToken();
		omnoApi().post('/public/payin', expectedBody).reply(400, { message: 'customer.email is blocked' });

		const [item] = await runNode(params(), { continueOnFail: true });

		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			httpCode: 400,
			omnoMessage: 'customer.email is blocked',
			orderId: 'order-1',
		});
	});

	it('prepare validates and builds without any network', () => {
		expect(prepare.call(makeContext(params()), 0)).toEqual({
			method: 'POST',
			path: '/public/payin',
			body: expectedBody,
			orderId: 'order-1',
		});
	});
});
