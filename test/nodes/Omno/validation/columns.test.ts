import { columnKey, matchColumns } from '../../../../nodes/Omno/validation/columns';
import { columnFields } from '../../../../nodes/Omno/descriptions/mapping';

const match = (columns: string[]) => matchColumns(columns, [...columnFields]);

describe('columnKey: headers compared as people write them', () => {
	it.each([
		['Order ID', 'orderid'],
		['order_id', 'orderid'],
		['ORDER-ID ', 'orderid'],
		['E-mail', 'email'],
		['First name', 'firstname'],
		['\uFEFForderId', 'orderid'],
		['Código Postal', 'codigopostal'],
		['Straße', 'strasse'],
	])('%j → %j', (header, key) => expect(columnKey(header)).toBe(key));
});

describe('matchColumns', () => {
	it('matches the headers a person writes to every field, and lists nothing as unread', () => {
		const result = match([
			'Order ID',
			'Amount',
			'Currency',
			'User ID',
			'First name',
			'Last name',
			'E-mail',
			'Phone',
			'Date of birth',
			'Street',
			'City',
			'Postal code',
			'Country',
		]);
		expect(result.columns).toEqual({
			orderId: 'Order ID',
			amount: 'Amount',
			currency: 'Currency',
			externalUserId: 'User ID',
			firstName: 'First name',
			lastName: 'Last name',
			email: 'E-mail',
			phoneNumber: 'Phone',
			dateOfBirth: 'Date of birth',
			address: 'Street',
			city: 'City',
			postalCode: 'Postal code',
			countryCode: 'Country',
		});
		expect(result.missing).toEqual([]);
		expect(result.conflicts).toEqual([]);
		expect(result.unmatched).toEqual([]);
	});

	it.each([
		['order_id', 'orderId'],
		['Reference', 'orderId'],
		['Value', 'amount'],
		['ZIP', 'postalCode'],
		['Postcode', 'postalCode'],
		['Phone number', 'phoneNumber'],
		['Country code', 'countryCode'],
		['Billing Country Code', 'countryCode'],
		['Customer E-mail', 'email'],
		['DOB', 'dateOfBirth'],
		['\uFEFFOrder ID', 'orderId'],
	])('reads %j as %s', (header, field) => {
		expect(match([header]).columns[field]).toBe(header);
	});

	it('names every required field no column matches, and lists the columns that match nothing', () => {
		const result = match(['Order', 'Betrag', 'Currency', 'Notes']);
		expect(result.missing.map((f) => f.name)).toEqual([
			'orderId',
			'amount',
			'externalUserId',
			'firstName',
			'lastName',
			'email',
			'phoneNumber',
			'dateOfBirth',
			'address',
			'city',
			'countryCode',
			'postalCode',
		]);
		expect(result.unmatched).toEqual(['Order', 'Betrag', 'Notes']);
	});

	it('an own name beats another name: "Amount" feeds the amount, "Value" is listed as not read', () => {
		const result = match(['Value', 'Amount']);
		expect(result.columns.amount).toBe('Amount');
		expect(result.unmatched).toEqual(['Value']);
		expect(result.conflicts).toEqual([]);
	});

	it('two columns that name a field equally well are a conflict, never a silent pick', () => {
		const result = match(['Order ID', 'order_id']);
		expect(result.columns.orderId).toBeUndefined();
		expect(result.conflicts.map((c) => [c.field.name, c.columns])).toEqual([
			['orderId', ['Order ID', 'order_id']],
		]);
		expect(result.missing.map((f) => f.name)).not.toContain('orderId');
	});
});
