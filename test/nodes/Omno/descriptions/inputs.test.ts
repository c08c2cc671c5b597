import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { addDecimal, toPlainDecimal } from '../../../../nodes/Omno/validation/money';
import { customerParams, expectedCustomer } from '../../../helpers/customer';
import { items, mockToken, omnoApi, runNode, runNodeError } from '../../../helpers/omno';

// Inputs a sheet hands over in unexpected forms (numeric orderIds, amounts with many decimals, extra body fields,
// a billing state that is not text), through the node's parameters: what is sent, or the refusal before sending.
const payout = (extra: IDataObject = {}) => ({
	resource: 'payout',
	operation: 'create',
	orderId: 'order-1',
	value: '10',
	currency: 'EUR',
	kycVerified: true,
	...customerParams,
	additionalFields: {},
	runOptions: {},
	...extra,
});

const body = (extra: IDataObject = {}) => ({
	orderId: 'order-1',
	value: 10,
	currency: 'EUR',
	kycVerified: true,
	customer: expectedCustomer,
	...extra,
});

describe('numeric orderIds', () => {
	it.each([
		[
			NaN,
			'Row 2: Order ID (orderId) is the number NaN, not a whole number: an orderId must be text or an exact whole number',
		],
		[
			Infinity,
			'Row 2: Order ID (orderId) is the number Infinity, not a whole number: an orderId must be text or an exact whole number',
		],
		[
			12.5,
			'Row 2: Order ID (orderId) is the number 12.5, not a whole number: an orderId must be text or an exact whole number',
		],
		[
			2 ** 53,
			'Row 2: Order ID (orderId) is the number 9007199254740992, beyond 2^53: it has lost digits on the way. Pass the orderId as text (e.g. {{ String($json.id) }} in the sheet or database export)',
		],
		[
			// 9007199254740993 from a database arrives as this number.
			Number('9007199254740993'),
			'Row 2: Order ID (orderId) is the number 9007199254740992, beyond 2^53: it has lost digits on the way. Pass the orderId as text (e.g. {{ String($json.id) }} in the sheet or database export)',
		],
		[
			'P-1\nP-2',
			'Row 2 (orderId "P-1\\nP-2"): Order ID (orderId) contains a control character (newline, tab, NUL, …): "P-1\\nP-2". Remove it: OMNO would store a different orderId than the one you see',
		],
		[
			'P-1\u0000',
			'Row 2 (orderId "P-1\\u0000"): Order ID (orderId) contains a control character (newline, tab, NUL, …): "P-1\\u0000". Remove it: OMNO would store a different orderId than the one you see',
		],
		[{ id: 1 }, 'Row 2: Order ID (orderId) must be text or a whole number, got an object'],
		[true, 'Row 2: Order ID (orderId) must be text or a whole number, got a boolean'],
	])('refuses %j naming the field and the item, nothing sent', async (orderId, message) => {
		const api = omnoApi().post('/public/payout').reply(200, {});

		const error = await runNodeError(payout({ orderId }));

		expect(error.message).toBe(message);
		expect(api.isDone()).toBe(false);
	});

	it('names the second item when only it is wrong (validate all first: nothing sent)', async () => {
		const api = omnoApi().post('/public/payout').reply(200, {});

		const error = await runNodeError((i) => payout({ orderId: i === 0 ? 'ok-1' : 2 ** 60 }), {
			items: items(2),
		});

		expect(error.message).toBe('1 of 2 rows are invalid; nothing was sent to OMNO');
		// The orderId lost digits, so it does not name the row: the row number does.
		expect(error.description).toContain(
			'• Row 3: Order ID (orderId) is the number 1152921504606847000, beyond 2^53',
		);
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		expect(api.isDone()).toBe(false);
	});

	it.each([
		[123, '123'],
		[-7, '-7'],
		[999_999_999_999_999, '999999999999999'],
		['9007199254740993', '9007199254740993'],
	])('accepts the exact %j and sends %j', async (orderId, sent) => {
		mockToken();
		omnoApi()
			.post('/public/payout', body({ orderId: sent }))
			.reply(200, { payoutId: 'po-1' });

		const [item] = await runNode(payout({ orderId }));

		expect(item.json).toEqual({
			payoutId: 'po-1',
			orderId: sent,
			requested: { value: '10', currency: 'EUR' },
		});
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('exact totals for every accepted amount', () => {
	it.each([
		['0.000001', 'BTC', 0.000001, '0.000001'],
		['100000000000000000000', 'EUR', 1e20, '100000000000000000000'],
	])(
		'%s %s: created, and the summary total is exact (no throw after sending)',
		async (value, currency, sent, total) => {
			mockToken();
			omnoApi()
				.post('/public/payout', body({ value: sent, currency }))
				.reply(200, { payoutId: 'po-1', status: 'CREATED' });

			const output = await runNode(payout({ value, currency, runOptions: { summary: true } }));

			expect(output).toEqual([
				{
					json: {
						payoutId: 'po-1',
						status: 'CREATED',
						orderId: 'order-1',
						requested: { value: total, currency },
					},
					pairedItem: { item: 0 },
				},
				{
					json: {
						summary: {
							items: 1,
							outcomes: { created: 1 },
							statuses: { CREATED: 1 },
							totalsCreated: { [currency]: total },
						},
					},
					pairedItem: [{ item: 0 }],
				},
			]);
		},
	);

	it.each([
		['0.0000005', 'BTC'],
		['1000000000000000000000', 'EUR'],
		['1500000000000000000000', 'EUR'],
	])('%s %s would go on the wire in exponent form: refused, nothing sent', async (value, currency) => {
		await expect(runNode(payout({ value, currency }))).rejects.toThrow(
			/Amount.*outside what can be sent as a plain JSON number/,
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		['5e-7', '0.0000005', '0.000001'],
		[5e-7, 1e-7, '0.0000006'],
		['1e+21', '1', '1000000000000000000001'],
		[1.5e21, 0.25, '1500000000000000000000.25'],
		['0.1', 0.2, '0.3'],
		[1e-7, '0', '0.0000001'],
	])('addDecimal(%j, %j) = %s', (a, b, sum) => {
		expect(addDecimal(a, b)).toBe(sum);
	});

	it('toPlainDecimal rewrites every exponent form JS prints, exactly', () => {
		for (const n of [5e-7, 1.2345e-7, 1e-9, 1e21, 1.5e21, 9.87654321e25]) {
			const plain = toPlainDecimal(String(n));
			expect(plain).toMatch(/^\d+(\.\d+)?$/);
			expect(Number(plain)).toBe(n);
		}
	});
});

describe('Additional Body Fields', () => {
	it.each([
		[
			'{"__proto__":{"value":999999.99}}',
			'must not contain the key "__proto__" (it would change the body\'s prototype, not add a field)',
		],
		[
			'{"constructor":{"prototype":{"x":1}}}',
			'must not contain the key "constructor" (it would change the body\'s prototype, not add a field)',
		],
		[
			'{"meta":{"prototype":1}}',
			'must not contain the key "prototype" (it would change the body\'s prototype, not add a field)',
		],
		[
			'{"meta":[{"__proto__":{"a":1}}]}',
			'must not contain the key "__proto__" (it would change the body\'s prototype, not add a field)',
		],
		['{"Value":1}', 'must not set "Value": use the node\'s own Value field'],
		['{"CURRENCY":"USD"}', 'must not set "CURRENCY": use the node\'s own CURRENCY field'],
		['{"OrderId":"x"}', 'must not set "OrderId": use the node\'s own OrderId field'],
		['{"AMOUNT":1}', 'must not set "AMOUNT": use the node\'s own AMOUNT field'],
		['{"customer":{"email":"x"}}', 'must not set "customer": use the node\'s own customer field'],
		['{"kycVerified":false}', 'must not set "kycVerified": use the node\'s own kycVerified field'],
		['{"KYCVERIFIED":false}', 'must not set "KYCVERIFIED": use the node\'s own KYCVERIFIED field'],
	])('refuses %s, nothing sent', async (json, problem) => {
		const api = omnoApi().post('/public/payout').reply(200, {});

		const error = await runNodeError(payout({ additionalFields: { additionalBodyFields: json } }));

		expect(error.message).toBe(
			`Row 2 (orderId order-1): Additional Body Fields (JSON) (additionalFields.additionalBodyFields) ${problem}`,
		);
		expect(api.isDone()).toBe(false);
	});

	it('refuses __proto__ given as an object by an expression too', async () => {
		const extras = JSON.parse('{"__proto__":{"value":999999.99},"note":"x"}') as IDataObject;

		const error = await runNodeError(payout({ additionalFields: { additionalBodyFields: extras } }));

		expect(error.message).toMatch(/must not contain the key "__proto__"/);
	});

	it('merges other extras as plain fields, the validated ones unchanged, and the summary counts what was sent', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', body({ directLinkRouteId: 'dl-1', metadata: { shop: 'eu' } }))
			.reply(200, { payoutId: 'po-1', status: 'CREATED' });

		const output = await runNode(
			payout({
				additionalFields: { additionalBodyFields: '{"directLinkRouteId":"dl-1","metadata":{"shop":"eu"}}' },
				runOptions: { summary: true },
			}),
		);

		expect(output[1].json).toEqual({
			summary: { items: 1, outcomes: { created: 1 }, statuses: { CREATED: 1 }, totalsCreated: { EUR: '10' } },
		});
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('billing state', () => {
	it('an object is refused, not sent as "[object Object]"', async () => {
		const api = omnoApi().post('/public/payout').reply(200, {});
		const customer = {
			...expectedCustomer,
			billing: { ...expectedCustomer.billing, state: { name: 'Illinois' } },
		};

		const error = await runNodeError(payout({ customerInput: 'json', customer: JSON.stringify(customer) }));

		expect(error.message).toBe(
			'Row 2 (orderId order-1): Billing State (customer.billing.state) must be text, got an object',
		);
		expect(api.isDone()).toBe(false);
	});

	it('a list is refused too; text and blank still pass', async () => {
		const list = { ...expectedCustomer, billing: { ...expectedCustomer.billing, state: ['IL'] } };
		const error = await runNodeError(payout({ customerInput: 'json', customer: JSON.stringify(list) }));
		expect(error.message).toBe(
			'Row 2 (orderId order-1): Billing State (customer.billing.state) must be text, got a list',
		);

		mockToken();
		omnoApi()
			.post(
				'/public/payout',
				body({ customer: { ...expectedCustomer, billing: { ...expectedCustomer.billing, state: '' } } }),
			)
			.reply(200, { payoutId: 'po-1' });
		await runNode(payout({ state: '   ' }));
		expect(nock.pendingMocks()).toEqual([]);
	});
});
