import nock from 'nock';

import { customerParams, expectedCustomer } from '../../../../helpers/customer';
import { mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

const urls = { success: 'https://shop.example.com/paid', failure: 'https://shop.example.com/failed' };

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'cashier',
	operation: 'createSession',
	currency: 'usd',
	returnUrls: { urls },
	...customerParams,
	additionalFields: {},
	...extra,
});

const expectedBody = { customer: expectedCustomer, returnUrls: urls, currency: 'USD' };
const answer = { sessionId: 'cs-1', checkoutUrl: 'https://checkout.omno.dev/payments-v2/cashier/cs-1' };

describe('cashier → createSession', () => {
	it('POSTs { customer, returnUrls, currency } and outputs { sessionId, checkoutUrl }', async () => {
		mockToken();
		omnoApi()
			.post('/public/cashier/session', expectedBody)
			.matchHeader('content-type', /application\/json/)
			.matchHeader('accept', 'application/json')
			.reply(200, answer);

		const output = await runNode(params());

		expect(output).toEqual([{ json: answer, pairedItem: { item: 0 } }]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('sends kycVerified, previousTransactionCount, webhook.url and JSON extras only when set', async () => {
		mockToken();
		omnoApi()
			.post('/public/cashier/session', {
				...expectedBody,
				kycVerified: false,
				previousTransactionCount: 3,
				webhook: { url: 'https://n8n.example.com/webhook/omno' },
				locale: 'de',
			})
			.reply(200, answer);

		await runNode(
			params({
				additionalFields: {
					kycVerified: false,
					previousTransactionCount: 3,
					webhookUrl: 'https://n8n.example.com/webhook/omno',
					additionalBodyFields: '{"locale":"de"}',
				},
			}),
		);

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('normalises a session id named `id`', async () => {
		mockToken();
		omnoApi()
			.post('/public/cashier/session', expectedBody)
			.reply(201, { id: 'cs-9', checkoutUrl: 'https://x/cs-9' });

		const [item] = await runNode(params());

		expect(item.json).toEqual({ id: 'cs-9', checkoutUrl: 'https://x/cs-9', sessionId: 'cs-9' });
	});

	it.each([
		[{ returnUrls: {} }, 'Row 2: Return URLs (returnUrls) are required: set a Success URL and a Failure URL'],
		[{ returnUrls: { urls: { ...urls, success: '' } } }, 'Row 2: Success URL (returnUrls.success) is empty'],
		[
			{ returnUrls: { urls: { ...urls, failure: 'shop/failed' } } },
			/^Row 2: Failure URL \(returnUrls\.failure\) must be an absolute http\(s\) URL/,
		],
		[{ currency: '' }, 'Row 2: Currency (currency) is empty'],
		[{ firstName: '' }, 'Row 2: First Name (customer.firstName) is empty'],
		[
			{ additionalFields: { webhookUrl: 'not a url' } },
			/^Row 2: Webhook URL \(additionalFields\.webhookUrl\) must be an absolute/,
		],
		[
			{ additionalFields: { previousTransactionCount: -1 } },
			/^Row 2: Previous Transaction Count .* must be between 0/,
		],
		[{ additionalFields: { additionalBodyFields: '{"returnUrls":{}}' } }, /must not set "returnUrls"/],
		[{ additionalFields: { additionalBodyFields: '{"customer":{}}' } }, /must not set "customer"/],
	])('refuses %j before sending anything', async (extra, message) => {
		const scope = omnoApi().post(/.*/).reply(200, {});

		const error = await runNodeError(params(extra));

		expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(scope.isDone()).toBe(false);
	});

	it("a 400 fails with OMNO's message", async () => {
		mockToken();
		omnoApi().post('/public/cashier/session', expectedBody).reply(400, { message: 'currency not enabled' });

		const error = await runNodeError(params());

		expect(error.message).toBe(
			'Row 2: OMNO answered 400 to POST /public/cashier/session: currency not enabled',
		);
	});

	it('pairs every item; with continueOnFail bad input and a 500 (not re-sent) become error items', async () => {
		mockToken();
		omnoApi().post('/public/cashier/session', expectedBody).reply(200, answer);
		omnoApi()
			.post('/public/cashier/session', { ...expectedBody, currency: 'EUR' })
			.once()
			.reply(500, { message: 'boom' });

		const output = await runNode((i) => params({ currency: ['usd', '', 'eur'][i] }), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: answer, pairedItem: { item: 0 } },
			{
				json: expect.objectContaining({ error: 'Row 3: Currency (currency) is empty' }),
				pairedItem: { item: 1 },
			},
			{
				json: expect.objectContaining({ httpCode: 500, outcome: 'unknown', omnoMessage: 'boom' }),
				pairedItem: { item: 2 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
