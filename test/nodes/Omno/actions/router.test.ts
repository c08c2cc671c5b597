import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { customerParams } from '../../../helpers/customer';
import { items, mockToken, omnoApi, runNode, runNodeError } from '../../../helpers/omno';

// Attribution: whatever fails on the second item must name the second item (itemIndex 1), in n8n's context and
// in the message, for item-by-item operations (Payout → Get) and bulk ones (Payout → Create).
// Item by item: one at a time, so no later request races the failure (Get runs side by side by default).
const get = (ids: string[]) => (i: number) => ({
	resource: 'payout',
	operation: 'get',
	payoutId: ids[i],
	runOptions: { concurrencyMode: 'fixed', concurrency: 1 },
});
const create =
	(values: string[], runOptions: Record<string, unknown> = {}) =>
	(i: number) => ({
		resource: 'payout',
		operation: 'create',
		orderId: `r-${i}`,
		value: values[i],
		currency: 'EUR',
		kycVerified: true,
		...customerParams,
		additionalFields: {},
		runOptions,
	});

describe('router: which item an error names', () => {
	it('item-by-item, input error on item 2 → itemIndex 1, nothing sent for it', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a' });

		const error = await runNodeError(get(['a', '', 'c']), { items: items(3) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error.context as { itemIndex: number }).itemIndex).toBe(1);
		expect(error.message).toMatch(/^Item 2: Payout ID \(payoutId\)/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('item-by-item, API error on item 2 → itemIndex 1', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a' });
		omnoApi().get('/public/payout/b').reply(404, { message: 'Payout not found' });
		const error = await runNodeError(get(['a', 'b', 'c']), { items: items(3) });

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error.context as { itemIndex: number }).itemIndex).toBe(1);
		expect(error.message).toBe('OMNO answered 404 to GET /public/payout/b: Payout not found');
	});

	it('item-by-item with continueOnFail: the error item is paired with item 2, the others with their own', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a' });
		omnoApi().get('/public/payout/b').reply(404, { message: 'Payout not found' });
		omnoApi().get('/public/payout/c').reply(200, { id: 'c' });

		const output = await runNode(get(['a', 'b', 'c']), { items: items(3), continueOnFail: true });

		expect(output.map((o) => [o.json.id ?? o.json.error, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['OMNO answered 404 to GET /public/payout/b: Payout not found', { item: 1 }],
			['c', { item: 2 }],
		]);
	});

	it('bulk, input error on item 2 (validated first) → itemIndex 1 and the row named "Item 2"', async () => {
		const error = await runNodeError(create(['1', 'x', '3']), { items: items(3) });

		expect((error.context as { itemIndex: number }).itemIndex).toBe(1);
		expect(error.description).toMatch(/^• Item 2: Amount \(value\)/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('bulk without validate-first, input error on item 2 → itemIndex 1', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-0')
			.reply(200, { payoutId: 'p0', status: 'CREATED' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-2')
			.reply(200, { payoutId: 'p2', status: 'CREATED' });

		const output = await runNode(create(['1', 'x', '3'], { validateFirst: false }), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[1].json.error).toMatch(/^Item 2: Amount \(value\)/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('bulk, API error on item 2 → itemIndex 1 on the thrown error', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-0')
			.reply(400, { message: 'refused r-0' });

		// Item 1 fails first and alone (the token warm-up), so the run stops there: the error names item 1.
		const first = await runNodeError(create(['1', '2', '3'], { concurrency: 1 }), { items: items(3) });
		expect((first.context as { itemIndex: number }).itemIndex).toBe(0);

		nock.cleanAll();
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-0')
			.reply(409, { message: 'exists' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-1')
			.reply(400, { message: 'refused r-1' });
		const second = await runNodeError(create(['1', '2', '3'], { concurrency: 1 }), { items: items(3) });
		expect(second).toBeInstanceOf(NodeApiError);
		expect((second.context as { itemIndex: number }).itemIndex).toBe(1);
		expect(second.message).toBe('OMNO answered 400 to POST /public/payout: refused r-1');
	});

	it('bulk with continueOnFail: an API error item is paired with its own item', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-0')
			.reply(200, { payoutId: 'p0', status: 'CREATED' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-1')
			.reply(400, { message: 'refused r-1' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-2')
			.reply(200, { payoutId: 'p2', status: 'CREATED' });

		const output = await runNode(create(['1', '2', '3'], { concurrency: 3 }), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output.map((o) => [o.json.payoutId ?? o.json.error, o.pairedItem])).toEqual([
			['p0', { item: 0 }],
			['OMNO answered 400 to POST /public/payout: refused r-1', { item: 1 }],
			['p2', { item: 2 }],
		]);
	});

	it('an operation this version does not know fails with a clear message', async () => {
		const error = await runNodeError({ resource: 'payout', operation: 'refund' });

		expect(error.message).toBe('The operation "refund" is not supported for "payout"');
	});
});
