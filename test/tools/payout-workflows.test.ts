import { columnFields } from '../../nodes/Omno/descriptions/mapping';
import { matchColumns } from '../../nodes/Omno/validation/columns';

const { payoutRows, rowsCode } = require('../../tools/payout-workflows');

describe('payoutRows (the rows the benchmark and the e2e tests feed the OMNO node)', () => {
	it('numbers rows from `from`, with amounts as decimal text that has two non-zero decimals', () => {
		const rows = payoutRows(3, 'p-', 1000);

		expect(rows.map((r: { json: { orderId: string } }) => r.json.orderId)).toEqual([
			'p-001000',
			'p-001001',
			'p-001002',
		]);
		// 10 + 1000 % 490, then 1 + 1000 % 9 and 1 + 1000 % 7.
		expect(rows[0].json.amount).toBe('30.27');
		for (const { json } of payoutRows(200, 'p-')) {
			expect(json.amount).toMatch(/^[1-9]\d*\.[1-9][1-9]$/);
		}
		expect(rows[2].json.customer).toEqual({
			externalUserId: 'user-001002',
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada+001002@example.com',
			phoneNumber: '1 1234567890',
			dateOfBirth: '1990-12-10',
			billing: { address: '1 Main St', city: 'Berlin', state: 'BE', countryCode: 'DE', postalCode: '10115' },
		});
	});

	it('as a sheet: every header is one the node matches automatically, and each feeds the field the nested row has', () => {
		const [sheetRow] = payoutRows(1, 's-', 7, true);
		const match = matchColumns(Object.keys(sheetRow.json), [...columnFields]);

		expect(match.unmatched).toEqual([]);
		expect(match.conflicts).toEqual([]);
		expect(match.missing).toEqual([]);
		expect(match.columns).toEqual({
			orderId: 'Order ID',
			amount: 'Amount',
			currency: 'Currency',
			externalUserId: 'Customer ID',
			firstName: 'First name',
			lastName: 'Last name',
			email: 'E-mail',
			phoneNumber: 'Phone',
			dateOfBirth: 'Date of birth',
			address: 'Address',
			city: 'City',
			state: 'State',
			countryCode: 'Country',
			postalCode: 'Postal code',
		});
		const [nested] = payoutRows(1, 's-', 7);
		expect(sheetRow.json['Order ID']).toBe(nested.json.orderId);
		expect(sheetRow.json.Amount).toBe(nested.json.amount);
		expect(sheetRow.json['E-mail']).toBe(nested.json.customer.email);
	});

	it("runs as a Code node's source on its own, and `badRow` spoils exactly that row's amount", () => {
		const run = (code: string) => new Function(code)() as Array<{ json: { amount: string } }>;

		expect(run(rowsCode(5, 'c-'))).toEqual(payoutRows(5, 'c-'));
		expect(run(rowsCode(5, 'c-', { sheet: true }))).toEqual(payoutRows(5, 'c-', 0, true));
		const spoiled = run(rowsCode(5, 'c-', { badRow: 3 }));
		expect(spoiled.map((r) => r.json.amount)).toEqual([
			...payoutRows(3, 'c-').map((r: { json: { amount: string } }) => r.json.amount),
			'twelve',
			payoutRows(5, 'c-')[4].json.amount,
		]);
	});
});
