'use strict';
/**
 * The walkthrough's payout sheet: `count` rows in three currencies, as CSV text exactly as a spreadsheet
 * exports it. Every 10th address is "1 Market St, Suite 300" (a quoted comma), a few amounts end in .13 (the
 * sandbox declines those after confirmation), and `bad` rows are wrong in ways the OMNO node must name:
 *   row 12: amount 12.345 (EUR has 2 decimals) · row 250: country "USA" (not a 2-letter code) · row 777: e-mail
 * `fixed: true` writes the same sheet with those three rows corrected.
 */
const { COLUMNS, sheetCsv: toCsv } = require('../tools/payout-examples/sheet');

const BAD_ROWS = { 12: 'amount', 250: 'countryCode', 777: 'email' };
const DECLINED_EVERY = 97; // rows 97, 194, … end in .13

function sheetRows({ count = 1000, prefix = 'wt-2026-12-', fixed = false } = {}) {
	const rows = [];
	for (let n = 1; n <= count; n++) {
		const currency = ['EUR', 'USD', 'GBP'][n % 3];
		const cents =
			n % DECLINED_EVERY === 0
				? '13'
				: String(n % 100).padStart(2, '0') === '13'
					? '14'
					: String(n % 100).padStart(2, '0');
		const us = currency === 'USD';
		const row = {
			orderId: `${prefix}${String(n).padStart(5, '0')}`,
			amount: `${10 + (n % 490)}.${cents}`,
			currency,
			externalUserId: `payee-${n}`,
			firstName: ['Ana', 'Jonas', 'Maria', 'Tom', 'Lea'][n % 5],
			lastName: ['Silva', 'Weber', 'Lopez', 'Baker', 'Novak'][n % 5],
			email: `payee${n}@example.com`,
			phoneNumber: us ? '1 4155550123' : '44 7700900123',
			dateOfBirth: '1988-04-12',
			address: n % 10 === 0 ? '1 Market St, Suite 300' : `${n} High Street`,
			city: us ? 'San Francisco' : 'London',
			state: us ? 'CA' : '',
			countryCode: us ? 'US' : 'GB',
			postalCode: us ? '94105' : 'NW1 6XE',
		};
		if (!fixed && BAD_ROWS[n] === 'amount') row.amount = '12.345';
		if (!fixed && BAD_ROWS[n] === 'countryCode') row.countryCode = 'USA';
		if (!fixed && BAD_ROWS[n] === 'email') row.email = `payee${n}.example.com`;
		if (BAD_ROWS[n] === 'amount') row.currency = 'EUR';
		rows.push(row);
	}
	return rows;
}

/** The sheet as a spreadsheet exports it (CRLF line ends). */
function sheetCsv(options) {
	return toCsv(sheetRows(options), '\r\n');
}

module.exports = { COLUMNS, BAD_ROWS, sheetRows, sheetCsv };
