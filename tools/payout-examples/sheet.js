'use strict';
/**
 * The payout sheet, written once: its columns (the OMNO payout fields a row maps to, in order), the sample rows
 * shipped as examples/payout-sheet-sample.csv, and the CSV text a spreadsheet exports. Used by
 * tools/payout-examples (the example and its sample sheet) and e2e/walkthrough-sheet.js (1,000 rows).
 */
const COLUMNS = [
	'orderId',
	'amount',
	'currency',
	'externalUserId',
	'firstName',
	'lastName',
	'email',
	'phoneNumber',
	'dateOfBirth',
	'address',
	'city',
	'state',
	'countryCode',
	'postalCode',
];

/** examples/payout-sheet-sample.csv: four payouts in two currencies; the .13 one is declined by the sandbox. */
const SAMPLE_ROWS = [
	{
		orderId: 'aff-2024-06-0001',
		amount: '125.50',
		currency: 'EUR',
		externalUserId: 'aff-1001',
		firstName: 'Ana',
		lastName: 'Silva',
		email: 'ana.silva@example.com',
		phoneNumber: '351 912345678',
		dateOfBirth: '1988-04-12',
		address: 'Rua Augusta 10',
		city: 'Lisbon',
		state: '',
		countryCode: 'PT',
		postalCode: '1100-053',
	},
	{
		orderId: 'aff-2024-06-0002',
		amount: '80.00',
		currency: 'EUR',
		externalUserId: 'aff-1002',
		firstName: 'Jonas',
		lastName: 'Weber',
		email: 'jonas.weber@example.com',
		phoneNumber: '49 15123456789',
		dateOfBirth: '1990-09-30',
		address: 'Hauptstrasse 5',
		city: 'Berlin',
		state: '',
		countryCode: 'DE',
		postalCode: '10115',
	},
	{
		orderId: 'aff-2024-06-0003',
		amount: '310.25',
		currency: 'USD',
		externalUserId: 'aff-1003',
		firstName: 'Maria',
		lastName: 'Lopez',
		email: 'maria.lopez@example.com',
		phoneNumber: '1 4155550123',
		dateOfBirth: '1985-01-22',
		address: '1 Market St, Suite 300',
		city: 'San Francisco',
		state: 'CA',
		countryCode: 'US',
		postalCode: '94105',
	},
	{
		orderId: 'aff-2024-06-0004',
		amount: '42.13',
		currency: 'EUR',
		externalUserId: 'aff-1004',
		firstName: 'Tom',
		lastName: 'Baker',
		email: 'tom.baker@example.com',
		phoneNumber: '44 7700900123',
		dateOfBirth: '1979-11-03',
		address: '221B Baker Street',
		city: 'London',
		state: '',
		countryCode: 'GB',
		postalCode: 'NW1 6XE',
	},
];

/** One CSV cell: quoted when it holds a quote, comma or line break (quotes doubled). */
const csvCell = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The sheet as CSV text: a header row, then one line per row, each line ended by `eol`. */
function sheetCsv(rows, eol = '\n') {
	return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(','))]
		.map((line) => `${line}${eol}`)
		.join('');
}

module.exports = { COLUMNS, SAMPLE_ROWS, sheetCsv };
