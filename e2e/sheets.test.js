'use strict';
/**
 * Sheets as people export them, through the payout-run example's form in a real n8n (E2E_N8N_VERSION, default
 * 2.41.1), with no edit of the workflow: headers as a person writes them ("Order ID", "E-mail", "Postal code"),
 * Excel's "CSV UTF-8" (byte-order mark, CRLF) with commas and with semicolons (European Excel: decimal commas,
 * day-first dates), an XLSX with date and formula cells, and a sheet whose "1.250" could be two amounts.
 * Each upload is checked in the OMNO node's output AND in what the sandbox received.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { nodeJson } = require('./lib/forms');
const { excelCsv, xlsx } = require('./lib/sheet-files');
const { VERSION } = require('./lib/omno');
const { PayoutFormStack } = require('./lib/examples');

/** Four payees, with the headers a person types; `amount` and `born` are written per file form. */
function people(prefix, amounts, born) {
	const base = [
		['Ana', 'Silva', 'ana@example.com', '351 912345678', 'Rua Augusta 10', 'Lisbon', '1100-053', 'PT', 'EUR'],
		[
			'Jonas',
			'Weber',
			'jonas@example.com',
			'49 15123456789',
			'Hauptstraße 5',
			'Berlin',
			'10115',
			'DE',
			'EUR',
		],
		[
			'Maria',
			'Lopez',
			'maria@example.com',
			'1 4155550123',
			'1 Market St, Suite 300',
			'San Francisco',
			'94105',
			'US',
			'USD',
		],
		[
			'Tom',
			'Baker',
			'tom@example.com',
			'44 7700900123',
			'221B Baker Street',
			'London',
			'NW1 6XE',
			'GB',
			'EUR',
		],
	];
	return base.map(([first, last, email, phone, address, city, postal, country, currency], i) => ({
		'Order ID': `${prefix}${i + 1}`,
		Amount: amounts[i],
		Currency: currency,
		'Customer ID': `cust-${i + 1}`,
		'First name': first,
		'Last name': last,
		'E-mail': email,
		'Phone number': phone,
		'Date of birth': born[i],
		Address: address,
		City: city,
		'Postal code': postal,
		Country: country,
	}));
}

describe(
	`sheets as exported by Excel, LibreOffice and Google Sheets, through the payout form (n8n ${VERSION})`,
	{ timeout: 300_000 },
	() => {
		const stack = new PayoutFormStack();
		const posted = (prefix) =>
			stack.log.filter(
				(e) =>
					e.method === 'POST' && e.path === '/public/payout' && String(e.body?.orderId).startsWith(prefix),
			);
		/** Uploads a file; resolves with the execution once it waits at `waitingAt`. */
		const upload = (file, name, type, waitingAt) => stack.upload(file, waitingAt, { name, type });

		before(() => stack.start({ seed: 'sheets' }));
		after(() => stack.stop());

		test('Excel "CSV UTF-8" (BOM, CRLF, commas) with headers as written runs to the approval with no edit', async () => {
			const rows = people(
				'csv-',
				['125.10', '80', '310.25', '42.13'],
				['1988-04-12', '30/09/1990', '01/22/1985', '1979-11-03'],
			);
			const execution = await upload(excelCsv(rows), 'payouts.csv', 'text/csv', 'Approve in a form');

			const [summary] = nodeJson(execution, 'Check every row').filter((r) => r.summary);
			assert.deepEqual(summary.summary.columns.unmatched, []);
			assert.equal(summary.summary.columns.fields.orderId, 'Order ID', 'the BOM is not part of the header');
			assert.equal(summary.summary.columns.fields.value, 'Amount');
			const bodies = posted('csv-').map((e) => e.body);
			assert.equal(bodies.length, 4);
			const one = bodies.find((b) => b.orderId === 'csv-1');
			assert.equal(one.value, 125.1);
			assert.deepEqual(one.customer.billing, {
				address: 'Rua Augusta 10',
				city: 'Lisbon',
				state: '',
				countryCode: 'PT',
				postalCode: '1100-053',
			});
			assert.equal(bodies.find((b) => b.orderId === 'csv-2').customer.dateOfBirth, '1990-09-30');
			assert.equal(bodies.find((b) => b.orderId === 'csv-2').customer.billing.address, 'Hauptstraße 5');
			assert.equal(bodies.find((b) => b.orderId === 'csv-3').customer.dateOfBirth, '1985-01-22');
			assert.equal(
				bodies.find((b) => b.orderId === 'csv-3').customer.billing.address,
				'1 Market St, Suite 300',
			);
		});

		test('European Excel (semicolons, decimal commas, day-first dates) runs to the approval with no edit', async () => {
			const rows = people(
				'semi-',
				['125,10', '80,00', '310,25', '42,13'],
				['15.04.1988', '30.09.1990', '22.01.1985', '13.11.1979'],
			);
			const execution = await upload(excelCsv(rows, ';'), 'payouts.csv', 'text/csv', 'Approve in a form');

			assert.equal(nodeJson(execution, 'Read CSV').length, 4);
			const bodies = posted('semi-').map((e) => e.body);
			assert.deepEqual(bodies.map((b) => [b.orderId, b.value, b.currency, b.customer.dateOfBirth]).sort(), [
				['semi-1', 125.1, 'EUR', '1988-04-15'],
				['semi-2', 80, 'EUR', '1990-09-30'],
				['semi-3', 310.25, 'USD', '1985-01-22'],
				['semi-4', 42.13, 'EUR', '1979-11-13'],
			]);
		});

		test('an XLSX with date cells and formula cells runs to the approval with no edit', async () => {
			const rows = people(
				'xlsx-',
				[125.1, 80, { formula: '200+110.25', value: 310.25 }, { formula: 'ROUND(42.126,2)', value: 42.13 }],
				[{ date: '1988-04-12' }, { date: '1990-09-30' }, { date: '1985-01-22' }, { date: '1979-11-03' }],
			);
			const file = xlsx(rows);
			const execution = await upload(
				file,
				'payouts.xlsx',
				'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'Approve in a form',
			);

			const read = nodeJson(execution, 'Read XLSX');
			// What n8n's Extract from File gives for them: the date cell's serial number, the formula's cached value.
			assert.equal(read[0]['Date of birth'], 32245);
			assert.equal(read[2].Amount, 310.25);
			const bodies = posted('xlsx-').map((e) => e.body);
			assert.deepEqual(bodies.map((b) => [b.orderId, b.value, b.customer.dateOfBirth]).sort(), [
				['xlsx-1', 125.1, '1988-04-12'],
				['xlsx-2', 80, '1990-09-30'],
				['xlsx-3', 310.25, '1985-01-22'],
				['xlsx-4', 42.13, '1979-11-03'],
			]);
		});

		test('Excel\'s legacy "CSV (Comma delimited)" (Windows-1252) is refused where a letter could not be read, nothing sent', async () => {
			const rows = people(
				'ansi-',
				['125.10', '80', '310.25', '42.13'],
				['1988-04-12', '1990-09-30', '1985-01-22', '1979-11-03'],
			);
			// No BOM, and "ß" as the single byte 0xDF: read as UTF-8, it becomes U+FFFD.
			const file = Buffer.from(excelCsv(rows).slice(1), 'latin1');
			const execution = await upload(file, 'payouts.csv', 'text/csv', 'Rows to fix');

			const errors = nodeJson(execution, 'Check every row')
				.filter((r) => r.error)
				.map((r) => r.error);
			assert.deepEqual(errors, [
				'Row 3 (orderId ansi-2): Billing Address (customer.billing.address, column "Address") holds "\uFFFD", a character the file reader could not decode: save the sheet as "CSV UTF-8" (or XLSX) and upload it again',
			]);
			assert.deepEqual(posted('ansi-'), [], 'not one request for that sheet');
		});

		test('a sheet with "1.250" is refused with the row named, and nothing is sent', async () => {
			const rows = people(
				'amb-',
				['125.10', '1.250', '310.25', '42.13'],
				['1988-04-12', '1990-09-30', '1985-01-22', '1979-11-03'],
			);
			const execution = await upload(excelCsv(rows), 'payouts.csv', 'text/csv', 'Rows to fix');

			const errors = nodeJson(execution, 'Check every row')
				.filter((r) => r.error)
				.map((r) => r.error);
			assert.deepEqual(errors, [
				'Row 3 (orderId amb-2): Amount (value, column "Amount") is ambiguous: "1.250" may be 1250 written with "." as a thousands separator, or 1.25. Write it without a thousands separator and with a "." before the decimals: "1250" or "1.25"',
			]);
			assert.equal(nodeJson(execution, 'Create payouts').length, 0, 'nothing created');
			assert.deepEqual(posted('amb-'), [], 'not one request for that sheet');
			const page = await (await fetch(execution.formWaitingUrl)).text();
			assert.ok(page.includes('Row 3 (orderId amb-2)'), 'the page names the row');
		});
	},
);
