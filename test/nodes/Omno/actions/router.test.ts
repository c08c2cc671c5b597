import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { customerParams } from '../../../helpers/customer';
import { items, mockToken, omnoApi, runNode, runNodeError } from '../../../helpers/omno';

// Attribution: whatever fails on the second item must name the second row ("Row 3", with its orderId or id) in
// the message, for item-by-item operations (Payout → Get) and bulk ones (Payout → Create).
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

// Rows are named as a sheet counts them, from 1, with their orderId (or the id given). A thrown error of a run
// of many items carries no itemIndex: n8n would add "[item N]", counted from 0, to its title.
describe('router: which row an error names', () => {
	it('item-by-item, input error on item 2 → "Row 3", nothing sent for it', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a' });

		const error = await runNodeError(get(['a', '', 'c']), { items: items(3) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		expect(error.message).toBe('Row 3: Payout ID (payoutId) is empty');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('item-by-item, API error on item 2 → "Row 3 (payoutId b)"', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a' });
		omnoApi().get('/public/payout/b').reply(404, { message: 'Payout not found' });
		const error = await runNodeError(get(['a', 'b', 'c']), { items: items(3) });

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		expect(error.message).toBe(
			'Row 3 (payoutId b): OMNO answered 404 to GET /public/payout/b: Payout not found',
		);
	});

	it('item-by-item with continueOnFail: the error item is paired with item 2, the others with their own', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a' });
		omnoApi().get('/public/payout/b').reply(404, { message: 'Payout not found' });
		omnoApi().get('/public/payout/c').reply(200, { id: 'c' });

		const output = await runNode(get(['a', 'b', 'c']), { items: items(3), continueOnFail: true });

		expect(output.map((o) => [o.json.id ?? o.json.error, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['Row 3 (payoutId b): OMNO answered 404 to GET /public/payout/b: Payout not found', { item: 1 }],
			['c', { item: 2 }],
		]);
	});

	it('bulk, input error on item 2 (validated first) → the row named "Row 3 (orderId r-1)"', async () => {
		const error = await runNodeError(create(['1', 'x', '3']), { items: items(3) });

		expect(error.message).toBe('1 of 3 rows are invalid; nothing was sent to OMNO');
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		expect(error.description).toBe(
			'• Row 3 (orderId r-1): Amount (value) must be a plain decimal number such as 10 or 10.50 (digits and one "." or ","; no thousands separators or exponents), got "x"\n\nRows are numbered as in the sheet: its header is row 1, the first data row is row 2. Fix these rows and run again, or set "On Error" to continue to send only the valid rows.',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('bulk without validate-first, input error on item 2 → its error item names Row 3', async () => {
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
		expect(output[1].json).toEqual({
			error:
				'Row 3 (orderId r-1): Amount (value) must be a plain decimal number such as 10 or 10.50 (digits and one "." or ","; no thousands separators or exponents), got "x"',
			description:
				'Fix "Amount" (parameter "value") in Row 3 (orderId r-1). Nothing was sent to OMNO for this row.',
			orderId: 'r-1',
			outcome: 'invalid',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('bulk, API error on item 2 → the thrown error names Row 3 (orderId r-1)', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'r-0')
			.reply(400, { message: 'refused r-0' });

		// Item 1 fails first and alone (the token warm-up), so the run stops there: the error names item 1.
		const first = await runNodeError(create(['1', '2', '3'], { concurrency: 1 }), { items: items(3) });
		expect(first.message).toBe('Row 2 (orderId r-0): OMNO answered 400 to POST /public/payout: refused r-0');

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
		expect((second.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		expect(second.message).toBe('Row 3 (orderId r-1): OMNO answered 400 to POST /public/payout: refused r-1');
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
			['Row 3 (orderId r-1): OMNO answered 400 to POST /public/payout: refused r-1', { item: 1 }],
			['p2', { item: 2 }],
		]);
	});

	it('names exactly the bad rows, each by its own number and orderId, never a neighbour', async () => {
		// Rows 3 and 5 are bad; rows are listed in input order whatever order they were checked in.
		const error = await runNodeError(create(['1', '2', '0', '4', '5;5', '6']), { items: items(6) });

		expect(error.message).toBe('2 of 6 rows are invalid; nothing was sent to OMNO');
		const listed = String(error.description)
			.split('\n')
			.filter((line) => line.startsWith('• '));
		expect(listed).toEqual([
			'• Row 4 (orderId r-2): Amount (value) must be greater than 0, got "0"',
			'• Row 6 (orderId r-4): Amount (value) must be a plain decimal number such as 10 or 10.50 (digits and one "." or ","; no thousands separators or exponents), got "5;5"',
		]);
	});

	it('an operation this version does not know fails with a clear message', async () => {
		const error = await runNodeError({ resource: 'payout', operation: 'refund' });

		expect(error.message).toBe('The operation "refund" is not supported for "payout"');
	});
});
