import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Omno } from '../../../../nodes/Omno/Omno.node';
import { makeContext, mockToken, omnoApi, runNode, runNodeError } from '../../../helpers/omno';

/** The row without the named columns. */
const without = (row: IDataObject, ...columns: string[]): IDataObject =>
	Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));

// A payout sheet with headers as people write them, as n8n's Extract from File gives it (one item per row).
const HUMAN_ROW = {
	'Order ID': 'PO-1',
	Amount: '125.10',
	Currency: 'EUR',
	'Customer ID': 'cust-1',
	'First name': 'Ana',
	'Last name': 'Silva',
	'E-mail': 'ana@example.com',
	'Phone number': '351 912345678',
	'Date of birth': '1988-04-12',
	Address: 'Rua Augusta 10',
	City: 'Lisbon',
	'Postal code': '1100-053',
	Country: 'PT',
};

const ANA = {
	externalUserId: 'cust-1',
	firstName: 'Ana',
	lastName: 'Silva',
	email: 'ana@example.com',
	phoneNumber: '351 912345678',
	dateOfBirth: '1988-04-12',
	billing: {
		address: 'Rua Augusta 10',
		city: 'Lisbon',
		state: '',
		countryCode: 'PT',
		postalCode: '1100-053',
	},
};

const sheet = (count: number, row: (n: number) => IDataObject = () => ({})): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => ({
		json: { ...HUMAN_ROW, 'Order ID': `PO-${i + 1}`, ...row(i + 1) },
	}));

const auto = (extra: IDataObject = {}) => ({
	resource: 'payout',
	operation: 'create',
	mappingMode: 'autoMapInputData',
	kycVerified: true,
	additionalFields: {},
	runOptions: {},
	...extra,
});

describe('Mapping Column Mode → Map Automatically (create operations)', () => {
	it('sends exactly what the columns hold, from headers as people write them, with no field mapped', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', {
				orderId: 'PO-1',
				value: 125.1,
				currency: 'EUR',
				kycVerified: true,
				customer: ANA,
			})
			.reply(200, { payoutId: 'po-1', status: 'WAITING_FOR_CONFIRMATION' });

		const output = await runNode(auto(), { items: sheet(1) });

		expect(output[0].json).toEqual({
			payoutId: 'po-1',
			status: 'WAITING_FOR_CONFIRMATION',
			orderId: 'PO-1',
			requested: { value: '125.1', currency: 'EUR' },
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a pay-in reads the same columns ("Value" is its amount too)', async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', (body) => body.amount === 7.5 && body.orderId === 'PO-1' && !('value' in body))
			.reply(200, { paymentId: 'pi-1' });
		const [row] = sheet(1);

		await runNode(auto({ resource: 'payIn' }), {
			items: [{ json: { ...without(row.json, 'Amount'), Value: '7,50' } }],
		});

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('reads a BOM in the first header, numbers, date serials and semicolon-sheet decimals as a sheet means them', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', {
				orderId: '1001',
				value: 125.1,
				currency: 'EUR',
				kycVerified: true,
				customer: { ...ANA, phoneNumber: '351912345678', dateOfBirth: '1988-04-12' },
			})
			.reply(200, { payoutId: 'po-1' });
		const rest = without(HUMAN_ROW, 'Order ID');
		// XLSX cells: numbers and a date cell (serial 32245 is 1988-04-12); the BOM of Excel's "CSV UTF-8".
		const row = {
			'\uFEFFOrder ID': 1001,
			...rest,
			Amount: 125.1,
			'Phone number': 351912345678,
			'Date of birth': 32245,
		};

		await runNode(auto(), { items: [{ json: row }] });

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('the dry run summary shows which column fed which field and lists the columns nothing read', async () => {
		const items = sheet(2, () => ({ Notes: 'June', Internal: 'x' }));

		const output = await runNode(auto({ runOptions: { dryRun: true, summary: true } }), { items });

		expect(output.at(-1)?.json.summary).toMatchObject({
			columns: {
				mapping: 'automatic',
				fields: {
					orderId: 'Order ID',
					value: 'Amount',
					currency: 'Currency',
					externalUserId: 'Customer ID',
					email: 'E-mail',
					postalCode: 'Postal code',
					countryCode: 'Country',
				},
				unmatched: ['Notes', 'Internal'],
			},
		});
		expect(output[0].json).toMatchObject({ dryRun: true, orderId: 'PO-1' });
	});

	it('a required field no column matches is named once, with the columns the sheet has; nothing is sent', async () => {
		const items = sheet(800).map(({ json }) => ({
			json: { Order: 'x', ...without(json, 'Order ID', 'Date of birth') },
		}));

		const error = await runNodeError(auto(), { items });

		expect(error.message).toBe(
			'No column of the sheet matches Order ID (orderId), Date of Birth (customer.dateOfBirth). Columns the sheet ' +
				'has: "Order", "Amount", "Currency", "Customer ID", "First name", "Last name", "E-mail", "Phone number", ' +
				'"Address", "City", "Postal code", "Country". Name a column for each, e.g. Order ID: "Order ID", ' +
				'"Order Number", "Order No"; Date of Birth: "Date of Birth", "Birth Date", "Birthdate" (case, spaces and ' +
				'punctuation do not matter).',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('two columns for one field refuse the run, even an optional one', async () => {
		const items = sheet(2, () => ({ Province: 'ON', Region: 'Centre' }));

		const error = await runNodeError(auto({ runOptions: { dryRun: true } }), { items });

		expect(error.message).toBe(
			'Billing State (customer.billing.state) matches more than one column: "Province", "Region". Rename or remove all but one.',
		);
	});

	it('the same problem on many rows is one line with its count and the rows, as the sheet numbers them', async () => {
		const items = sheet(800, (n) => ({
			'Date of birth': '',
			Amount: n === 400 ? '1.250' : '10.00',
		}));

		const error = await runNodeError(auto({ runOptions: { validateFirst: true } }), { items });

		expect(error.message).toBe('800 of 800 rows are invalid; nothing was sent to OMNO');
		expect(String(error.description).split('\n')).toEqual([
			'• Date of Birth (customer.dateOfBirth, column "Date of birth") is empty — on 799 rows: 2–400, 402–801',
			'• Row 401 (orderId PO-400): Amount (value, column "Amount") is ambiguous: "1.250" may be 1250 written with "." as a thousands separator, or 1.25. Write it without a thousands separator and with a "." before the decimals: "1250" or "1.25"',
			'',
			'Rows are numbered as in the sheet: its header is row 1, the first data row is row 2. Fix these rows and run again, or set "On Error" to continue to send only the valid rows.',
		]);
	});

	it('with On Error → Continue, the summary lists the bad rows grouped, for a page that shows them', async () => {
		const items = sheet(5, (n) => ({ 'Date of birth': n === 3 ? '1988-04-12' : '' }));

		const output = await runNode(auto({ runOptions: { dryRun: true, validateFirst: true, summary: true } }), {
			items,
			continueOnFail: true,
		});

		expect(output.at(-1)?.json.summary).toMatchObject({
			problems: [
				'Date of Birth (customer.dateOfBirth, column "Date of birth") is empty — on 4 rows: 2–3, 5–6',
			],
		});
	});

	it("a column the sheet lacks is the summary's one problem, not one per row", async () => {
		const items = sheet(3).map(({ json }) => ({ json: without(json, 'Currency') }));

		const output = await runNode(auto({ runOptions: { dryRun: true, summary: true } }), {
			items,
			continueOnFail: true,
		});

		const { problems } = output.at(-1)?.json.summary as { problems: string[] };
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^No column of the sheet matches Currency \(currency\)\. /);
		expect(output.slice(0, 3).map((o) => o.json.emptyOnAllRows)).toEqual([
			'currency',
			'currency',
			'currency',
		]);
	});

	it('orderIds a spreadsheet wrote in exponent form or that lost digits are refused, row named', async () => {
		const items = [
			{ json: { ...HUMAN_ROW, 'Order ID': '1.23E+15' } },
			{ json: { ...HUMAN_ROW, 'Order ID': 1234567890123456 } },
		];

		const output = await runNode(auto({ runOptions: { dryRun: true } }), { items, continueOnFail: true });

		expect(output.map((o) => o.json.error)).toEqual([
			'Row 2 (orderId 1.23E+15): Order ID (orderId, column "Order ID") is "1.23E+15", a number a spreadsheet wrote in exponent form: its digits are lost. Format the orderId column as text in the sheet and export it again',
			'Row 3 (orderId 1234567890123456): Order ID (orderId, column "Order ID") is the number 1234567890123456, 16 digits or more: a spreadsheet keeps only 15, so it may have lost digits on the way. Format the orderId column as text in the sheet (or pass it as text)',
		]);
	});

	it('text a file reader could not decode is refused, never sent on', async () => {
		const items = [{ json: { ...HUMAN_ROW, 'Last name': 'M\uFFFDller' } }];

		const error = await runNodeError(auto(), { items });

		expect(error.message).toContain(
			'Last Name (customer.lastName, column "Last name") holds "\uFFFD", a character the file reader could not decode',
		);
	});

	it('reads the item JSON directly: 800 rows cost 2 parameter reads per row instead of 18', async () => {
		const count = async (parameters: IDataObject | ((i: number) => IDataObject)) => {
			const context = makeContext(parameters, { items: sheet(800) });
			let calls = 0;
			const read = context.getNodeParameter.bind(context);
			context.getNodeParameter = ((...args: Parameters<typeof read>) => {
				calls++;
				return read(...args);
			}) as typeof read;
			await new Omno().execute.call(context);
			return calls;
		};
		const dryRun = { runOptions: { dryRun: true } };
		const manual = await count((i) => ({
			...auto(dryRun),
			mappingMode: 'defineBelow',
			orderId: `PO-${i + 1}`,
			value: '125.10',
			currency: 'EUR',
			customerInput: 'fields',
			externalUserId: 'cust-1',
			firstName: 'Ana',
			lastName: 'Silva',
			email: 'ana@example.com',
			phoneNumber: '351 912345678',
			dateOfBirth: '1988-04-12',
			address: 'Rua Augusta 10',
			city: 'Lisbon',
			state: '',
			countryCode: 'PT',
			postalCode: '1100-053',
		}));
		const automatic = await count(auto(dryRun));

		// Each manual read resolves an expression in real n8n (about 0.2 ms each in 2.x's isolated runtime).
		expect({ manual, automatic }).toEqual({ manual: 800 * 18 + 5, automatic: 800 * 2 + 5 });
	});
});
