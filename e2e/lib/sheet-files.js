'use strict';
/**
 * Payout sheets as spreadsheet programs export them, for the form e2e tests (test tooling only):
 *
 *   excelCsv(rows)          Excel "CSV UTF-8": byte-order mark, CRLF, comma, headers as people write them
 *   excelCsv(rows, ';')     the same as European Excel writes it: semicolons, decimal commas
 *   xlsx(rows)              an XLSX with date cells (serial numbers with a date format) and formula cells
 *
 * `rows` are objects keyed by the header. The XLSX is written with the SheetJS build n8n itself bundles
 * (in the cached n8n install), never a dependency of the package.
 */
const path = require('node:path');
const os = require('node:os');

const VERSION = process.env.E2E_N8N_VERSION || require('../../scripts/n8n-versions.json').default;

function sheetJs() {
	const cache = process.env.OMNO_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-omno');
	const modules = path.join(cache, `n8n-${VERSION}`, 'node_modules');
	// n8n 2.x bundles it as `@e965/xlsx`; 1.x as `xlsx` (installed here as that same build, see n8n-guide).
	try {
		return require(path.join(modules, '@e965', 'xlsx'));
	} catch {
		return require(path.join(modules, 'xlsx'));
	}
}

/** A CSV cell: quoted when it holds the delimiter, a quote or a line break. */
function cell(value, delimiter) {
	const text = String(value ?? '');
	return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Excel's "CSV UTF-8" export: BOM, CRLF line ends, the header row first. */
function excelCsv(rows, delimiter = ',') {
	const headers = Object.keys(rows[0]);
	const lines = [headers, ...rows.map((r) => headers.map((h) => r[h]))].map((values) =>
		values.map((v) => cell(v, delimiter)).join(delimiter),
	);
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Excel's serial day number of a YYYY-MM-DD date (1900 date system). */
function serial(isoDate) {
	return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/**
 * An XLSX buffer. A row value may be `{ date: 'YYYY-MM-DD' }` (a date cell, stored as Excel stores one: a serial
 * number with a date format) or `{ formula, value }` (a formula cell with the value Excel cached for it).
 */
function xlsx(rows) {
	const X = sheetJs();
	const headers = Object.keys(rows[0]);
	const sheet = X.utils.aoa_to_sheet([headers]);
	rows.forEach((row, r) => {
		headers.forEach((header, c) => {
			const value = row[header];
			const address = X.utils.encode_cell({ r: r + 1, c });
			if (value && typeof value === 'object' && 'date' in value) {
				sheet[address] = { t: 'n', v: serial(value.date), z: 'dd/mm/yyyy' };
			} else if (value && typeof value === 'object' && 'formula' in value) {
				sheet[address] = { t: 'n', v: value.value, f: value.formula };
			} else if (typeof value === 'number') {
				sheet[address] = { t: 'n', v: value };
			} else if (value !== undefined && value !== '') {
				sheet[address] = { t: 's', v: String(value) };
			}
		});
	});
	sheet['!ref'] = X.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: headers.length - 1 } });
	const book = X.utils.book_new();
	X.utils.book_append_sheet(book, sheet, 'Payouts');
	return X.write(book, { type: 'buffer', bookType: 'xlsx' });
}

module.exports = { excelCsv, xlsx, serial };
