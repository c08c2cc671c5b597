import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { customerParams } from '../../../../helpers/customer';
import { mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';
import { mappedColumn, rowName } from '../../../../../nodes/Omno/validation/rows';

// A payout sheet as n8n's Extract from File gives it: one item per row, columns as people name them. The node's
// parameters map columns in with `{{ $json.<column> }}`, resolved here per item as n8n would.
const sheet = (count: number, row: (n: number) => IDataObject = () => ({})): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => {
		const n = i + 1;
		return {
			json: {
				orderId: `PO-${String(n).padStart(4, '0')}`,
				amount: `${n}.50`,
				currency: 'EUR',
				email: `payee${n}@example.com`,
				...row(n),
			},
		};
	});

const MAPPED = /^=\{\{ \$json\.(\w+) \}\}$/;

/** Node parameters with mapped columns, and the per-item getter n8n would give the node for them. */
function mapped(items: INodeExecutionData[], stored: IDataObject) {
	const nodeParameters: IDataObject = {
		resource: 'payout',
		operation: 'create',
		orderId: '={{ $json.orderId }}',
		value: '={{ $json.amount }}',
		currency: '={{ $json.currency }}',
		kycVerified: true,
		...customerParams,
		additionalFields: {},
		runOptions: {},
		...stored,
	};
	const parameters = (i: number): IDataObject =>
		Object.fromEntries(
			Object.entries(nodeParameters).map(([key, raw]) => {
				const column = typeof raw === 'string' ? MAPPED.exec(raw)?.[1] : undefined;
				return [key, column ? (items[i].json[column] ?? '') : raw];
			}),
		);
	return { parameters, options: { items, nodeParameters } };
}

const PLAIN_DECIMAL =
	'must be a plain decimal number such as 10 or 10.50 (digits and one "." or ","; no thousands separators or exponents)';

describe('rows are named as a sheet counts them: "Row 138 (orderId PO-0137)"', () => {
	it('names row 137 of 200 by number (from 1) and orderId, and the column the field is mapped from', async () => {
		const items = sheet(200, (n) => (n === 137 ? { amount: '12,50.0' } : {}));
		const { parameters, options } = mapped(items, {});

		const error = await runNodeError(parameters, options);

		expect(error.message).toBe('1 of 200 rows are invalid; nothing was sent to OMNO');
		expect(error.description).toBe(
			`• Row 138 (orderId PO-0137): Amount (value, column "amount") ${PLAIN_DECIMAL}, got "12,50.0"\n\n` +
				'Rows are numbered as in the sheet: its header is row 1, the first data row is row 2. Fix these rows and run again, or set "On Error" to continue to send only the valid rows.',
		);
		// No "[item 136]" from n8n: the error carries no 0-based itemIndex.
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('the error item of a bad row names that row and no other (continue on fail)', async () => {
		const items = sheet(5, (n) => (n === 4 ? { amount: '0' } : {}));
		const { parameters, options } = mapped(items, { runOptions: { dryRun: true } });

		const output = await runNode(parameters, { ...options, continueOnFail: true });

		expect(output.map((o) => o.json.error ?? null)).toEqual([
			null,
			null,
			null,
			'Row 5 (orderId PO-0004): Amount (value, column "amount") must be greater than 0, got "0"',
			null,
		]);
		expect(output[3]).toEqual({
			json: {
				error: 'Row 5 (orderId PO-0004): Amount (value, column "amount") must be greater than 0, got "0"',
				description:
					'Fix "Amount" (parameter "value", mapped from the column "amount") in Row 5 (orderId PO-0004). Nothing was sent to OMNO for this row.',
				orderId: 'PO-0004',
				outcome: 'invalid',
			},
			pairedItem: { item: 3 },
		});
	});

	it('a column named like the field is not repeated: "Currency (currency)"', async () => {
		const items = sheet(3, (n) => (n === 2 ? { currency: 'euro!' } : {}));
		const { parameters, options } = mapped(items, {});

		const error = await runNodeError(parameters, options);

		expect(error.description).toMatch(
			/^• Row 3 \(orderId PO-0002\): Currency \(currency\) must be a currency code such as EUR/,
		);
	});

	it('an orderId that is not a plain id is quoted, so the row can still be found', async () => {
		const items = sheet(2, (n) => (n === 2 ? { orderId: 'PO 2 (rerun)', amount: 'x' } : {}));
		const { parameters, options } = mapped(items, {});

		const error = await runNodeError(parameters, options);

		expect(error.description).toContain(
			`• Row 3 (orderId "PO 2 (rerun)"): Amount (value, column "amount") ${PLAIN_DECIMAL}, got "x"`,
		);
	});
});

describe('a field empty on every row names the missing column and the columns the rows have', () => {
	it('Excel\'s "CSV UTF-8" read without the BOM option: says the mapped column has a byte-order mark in front', async () => {
		const items = sheet(2).map(({ json: { orderId, ...rest } }) => ({
			json: { '\uFEFForderId': orderId, ...rest },
		}));
		const { parameters, options } = mapped(items, {});

		const error = await runNodeError(parameters, options);

		expect(error.message).toBe(
			'Order ID (orderId) is empty on all 2 rows: it is mapped to the column "orderId", which the sheet has with an ' +
				'invisible byte-order mark in front (Excel\'s "CSV UTF-8" writes one). Turn on "BOM" in Extract from File\'s ' +
				'options, or set Mapping Column Mode to "Map Automatically". Columns the rows have: \uFEFForderId, amount, currency, email.',
		);
	});

	it('1,000 rows with an "amount" column, Amount mapped to $json.value: one error, nothing sent', async () => {
		const items = sheet(1000);
		const { parameters, options } = mapped(items, { value: '={{ $json.value }}' });

		const error = await runNodeError(parameters, options);

		expect(error.message).toBe(
			'Amount (value) is empty on all 1,000 rows: it is mapped to the column "value", which no row has. ' +
				'Columns the rows have: orderId, amount, currency, email. Map one of them to Amount.',
		);
		expect(error.description).toBe(
			'Nothing was sent to OMNO. Open the OMNO node and set "Amount" to the column that holds it (drag it from the input panel), then run again.',
		);
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		// No token request and no payout: nock has no interceptor and net connect is off.
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with Validate All Items First off as well: not 1,000 doomed requests', async () => {
		const items = sheet(1000);
		const { parameters, options } = mapped(items, {
			value: '={{ $json.value }}',
			runOptions: { validateFirst: false },
		});
		const payouts = omnoApi().post('/public/payout').times(1000).reply(200, {});

		const error = await runNodeError(parameters, options);

		expect(error.message).toMatch(/^Amount \(value\) is empty on all 1,000 rows: /);
		expect(payouts.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('with continue on fail: every row an error item naming itself, marked emptyOnAllRows, nothing sent', async () => {
		const items = sheet(3);
		const { parameters, options } = mapped(items, {
			value: '={{ $json.value }}',
			runOptions: { validateFirst: false, summary: true },
		});

		const output = await runNode(parameters, { ...options, continueOnFail: true });

		const message =
			'Amount (value) is empty on all 3 rows: it is mapped to the column "value", which no row has. ' +
			'Columns the rows have: orderId, amount, currency, email. Map one of them to Amount.';
		expect(output.slice(0, 3)).toEqual(
			[1, 2, 3].map((n) => ({
				json: {
					error: `Row ${n + 1} (orderId PO-000${n}): ${message}`,
					description: expect.stringMatching(/^Nothing was sent to OMNO\./),
					orderId: `PO-000${n}`,
					outcome: 'invalid',
					emptyOnAllRows: 'value',
				},
				pairedItem: { item: n - 1 },
			})),
		);
		expect(output[3].json.summary).toMatchObject({ items: 3, outcomes: { invalid: 3 } });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a column the rows have but never fill: says so', async () => {
		const items = sheet(4, () => ({ amount: '' }));
		const { parameters, options } = mapped(items, {});

		const error = await runNodeError(parameters, options);

		expect(error.message).toBe(
			'Amount (value) is empty on all 4 rows: it is mapped to the column "amount", which has no value in any row. ' +
				'Fill that column in, or map another one to Amount. Columns the rows have: orderId, amount, currency, email.',
		);
	});

	it('not a plain column mapping: the sheet seems to have no column for it', async () => {
		const items = sheet(2);
		const { parameters, options } = mapped(items, { currency: '={{ $json.ccy?.toUpperCase() }}' });

		const error = await runNodeError((i) => ({ ...parameters(i), currency: '' }), options);

		expect(error.message).toBe(
			'Currency (currency) is empty on all 2 rows — the sheet seems to have no column for it. ' +
				'Columns the rows have: orderId, amount, currency, email. Map one of them to Currency.',
		);
	});

	it('lists the columns in first-seen order across rows, at most 30', async () => {
		const extra = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`c${k + 1}`, 'x']));
		const items: INodeExecutionData[] = [{ json: { id: 'a', ...extra } }, { json: { id: 'b', late: 1 } }];
		const { parameters, options } = mapped(items, { orderId: '={{ $json.orderId }}' });

		const error = await runNodeError(parameters, options);

		const columns = ['id', ...Array.from({ length: 29 }, (_, k) => `c${k + 1}`)].join(', ');
		expect(error.message).toBe(
			`Order ID (orderId) is empty on all 2 rows: it is mapped to the column "orderId", which no row has. Columns the rows have: ${columns}, … (12 more). Map one of them to Order ID.`,
		);
	});

	it('one row only is an ordinary row error', async () => {
		const items = sheet(1);
		const { parameters, options } = mapped(items, { value: '={{ $json.value }}' });

		const error = await runNodeError(parameters, options);

		// The column has the field's own name, so it is not repeated.
		expect(error.message).toBe('Row 2 (orderId PO-0001): Amount (value) is empty');
	});

	it('Confirm over many rows whose payoutId column is missing: one error, no request', async () => {
		const items: INodeExecutionData[] = [{ json: { id: 'po-1' } }, { json: { id: 'po-2' } }];
		const confirms = omnoApi().put(/.*/).times(2).reply(200, {});

		const error = await runNodeError(
			{ resource: 'payout', operation: 'confirm', payoutId: '' },
			{ items, nodeParameters: { payoutId: '={{ $json.payoutId }}' } },
		);

		expect(error.message).toBe(
			'Payout ID (payoutId) is empty on all 2 rows: it is mapped to the column "payoutId", which no row has. ' +
				'Columns the rows have: id. Map one of them to Payout ID.',
		);
		expect(confirms.isDone()).toBe(false);
		nock.cleanAll();
	});
});

describe('Get over many items: an optional summary item, like the creates have', () => {
	const get = (summary: boolean) => (i: number) => ({
		resource: 'payout',
		operation: 'get',
		payoutId: ['p1', 'p2', 'p3', 'p4'][i],
		runOptions: { concurrencyMode: 'fixed', concurrency: 1, summary },
	});
	const items4 = Array.from({ length: 4 }, () => ({ json: {} }));

	it('counts per status and exact totals per currency, overall and per status', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/p1')
			.reply(200, { id: 'p1', status: 'SUCCESS', value: 0.1, currency: 'EUR' });
		omnoApi()
			.get('/public/payout/p2')
			.reply(200, { id: 'p2', status: 'SUCCESS', value: 0.2, currency: 'EUR' });
		omnoApi()
			.get('/public/payout/p3')
			.reply(200, { id: 'p3', status: 'DECLINED', value: 1500, currency: 'JPY' });
		omnoApi().get('/public/payout/p4').reply(404, { message: 'Payout not found' });

		const output = await runNode(get(true), { items: items4, continueOnFail: true });

		expect(output).toHaveLength(5);
		expect(output[3].json.error).toBe(
			'Row 5 (payoutId p4): OMNO answered 404 to GET /public/payout/p4: Payout not found',
		);
		expect(output[4]).toEqual({
			json: {
				summary: {
					items: 4,
					outcomes: { done: 3, failed: 1 },
					statuses: { SUCCESS: 2, DECLINED: 1 },
					totals: { EUR: '0.3', JPY: '1500' },
					totalsByStatus: { SUCCESS: { EUR: '0.3' }, DECLINED: { JPY: '1500' } },
				},
			},
			pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }],
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('no summary item unless asked', async () => {
		mockToken();
		omnoApi()
			.get(/^\/public\/payout\/p\d$/)
			.times(4)
			.reply(200, { status: 'SUCCESS' });

		const output = await runNode(get(false), { items: items4 });

		expect(output).toHaveLength(4);
		expect(output.some((o) => o.json.summary)).toBe(false);
	});

	it('Transaction → Get (e.g. final statuses) adds it too', async () => {
		mockToken();
		omnoApi()
			.get('/public/payout/t1')
			.reply(200, { id: 't1', status: 'SUCCESS', value: '10.5', currency: 'USD' });
		omnoApi()
			.get('/public/payout/t2')
			.reply(200, { id: 't2', status: 'SUCCESS', value: '0.5', currency: 'USD' });

		const output = await runNode(
			(i) => ({
				resource: 'transaction',
				operation: 'get',
				transactionId: ['t1', 't2'][i],
				transactionType: 'payout',
				waitForFinalStatus: false,
				runOptions: { summary: true },
			}),
			{ items: [{ json: {} }, { json: {} }] },
		);

		expect(output[2].json.summary).toEqual({
			items: 2,
			outcomes: { done: 2 },
			statuses: { SUCCESS: 2 },
			totals: { USD: '11' },
			totalsByStatus: { SUCCESS: { USD: '11' } },
		});
	});
});

describe('the row formatter (validation/rows.ts)', () => {
	it('reads the column of a plain mapping, in dot or bracket form, and nothing else', () => {
		expect(mappedColumn({ value: '={{ $json.amount }}' }, 'value')).toBe('amount');
		expect(mappedColumn({ value: '={{$json["Amount (EUR)"]}}' }, 'value')).toBe('Amount (EUR)');
		expect(mappedColumn({ value: "={{ $json['Betrag'] }}" }, 'value')).toBe('Betrag');
		expect(mappedColumn({ value: '={{ $json.amount * 100 }}' }, 'value')).toBeUndefined();
		expect(mappedColumn({ value: '12.50' }, 'value')).toBeUndefined();
		expect(mappedColumn(undefined, 'value')).toBeUndefined();
	});

	it('names rows from 1, bare ids bare, others quoted, card numbers masked', () => {
		expect(rowName(136, { key: 'orderId', value: 'PO-0137' })).toBe('Row 138 (orderId PO-0137)');
		expect(rowName(0)).toBe('Row 2');
		expect(rowName(2, { key: 'payoutId', value: 'a b' })).toBe('Row 4 (payoutId "a b")');
		expect(rowName(0, { key: 'orderId', value: '4242424242424242' })).toBe(
			'Row 2 (orderId ************4242)',
		);
	});
});
