import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { redactText } from './redact';

/**
 * How every message names an input item: "Row 137 (orderId PO-0137)", numbered as the sheet shows it, with the key a
 * person can find the row by. Operations without an orderId (Get by id, Confirm, …) name the id they were given.
 */
export interface RowRef {
	/** The parameter the value came from: "orderId", "payoutId", "transactionId", … */
	key: string;
	value: string;
}

const BARE = /^[\w.:@+-]{1,80}$/;

/** Plain ids stay bare; anything with spaces, quotes or control characters is quoted, and long ones cut. */
function showValue(value: string): string {
	if (BARE.test(value)) return value;
	return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/**
 * The row number a spreadsheet shows for input item `index` (0-based): its header is row 1, so the first item
 * is row 2. Every message, run report and summary numbers rows this one way.
 */
export function sheetRow(index: number): number {
	return index + 2;
}

/** Said once wherever rows are listed, so nobody has to guess the numbering. */
export const ROW_NUMBERING =
	'Rows are numbered as in the sheet: its header is row 1, the first data row is row 2.';

/** "Row 137 (orderId PO-0137)", or "Row 137" when the row has no readable key. */
export function rowName(index: number, ref?: RowRef): string {
	return redactText(`Row ${sheetRow(index)}${ref ? ` (${ref.key} ${showValue(ref.value)})` : ''}`);
}

/** "2–5, 9, 12–20": sheet row numbers of items, as ranges; after `limit` ranges, how many rows more. */
export function rowRanges(indices: number[], limit = 20): string {
	const rows = [...new Set(indices)].sort((a, b) => a - b).map(sheetRow);
	const ranges: Array<[number, number]> = [];
	for (const row of rows) {
		const last = ranges.at(-1);
		if (last && row === last[1] + 1) last[1] = row;
		else ranges.push([row, row]);
	}
	const shown = ranges.slice(0, limit).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`));
	const hidden = ranges.slice(limit).reduce((n, [a, b]) => n + b - a + 1, 0);
	return `${shown.join(', ')}${hidden ? `, … (${countText(hidden)} more rows)` : ''}`;
}

/** "Row 137 (orderId PO-0137): <text>": the one shape of every per-row message. */
export function rowMessage(index: number, ref: RowRef | undefined, text: string): string {
	return `${rowName(index, ref)}: ${text}`;
}

/** True when a message already starts with a row name (so it is never named twice). */
export function namesRow(message: string): boolean {
	return /^Row \d+\b/.test(message);
}

/** "1,000": counts as people read them. */
export function countText(count: number): string {
	return count.toLocaleString('en-US');
}

const SIMPLE_MAPPING =
	/^=\s*\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(["'])((?:(?!\2)[^\\])*)\2\s*\])\s*\}\}\s*$/;

/**
 * The input column a parameter is mapped from, when its expression is the plain `{{ $json.amount }}` or
 * `{{ $json["Amount (EUR)"] }}` a mapped sheet column gives; undefined for anything else.
 */
export function mappedColumn(parameters: INodeParameters | undefined, field: string): string | undefined {
	const raw = parameters?.[field];
	if (typeof raw !== 'string') return undefined;
	const match = SIMPLE_MAPPING.exec(raw);
	return match ? (match[1] ?? match[3]) : undefined;
}

/**
 * The field as the user sees it: its label and OMNO name, plus the sheet column it is mapped from when that
 * column has another name ("Amount (value, column "amount")").
 */
export function fieldName(label: string, field: string, column?: string): string {
	const own = field.split('.').pop();
	return column !== undefined && column !== own
		? `${label} (${field}, column ${JSON.stringify(column)})`
		: `${label} (${field})`;
}

const MAX_COLUMNS = 30;
const MAX_COLUMN_LENGTH = 40;

/** The input items' json keys: union, in first-seen order. */
export function columnsOf(items: Array<{ json: IDataObject }>): string[] {
	const seen = new Set<string>();
	for (const item of items) for (const key of Object.keys(item.json ?? {})) seen.add(key);
	return [...seen];
}

/** "orderId, amount, currency, … (12 more)": a column list short enough for any message. */
export function columnList(columns: string[]): string {
	if (!columns.length) return 'none (the rows have no fields)';
	const shown = columns
		.slice(0, MAX_COLUMNS)
		.map((c) => (c.length > MAX_COLUMN_LENGTH ? `${c.slice(0, MAX_COLUMN_LENGTH)}…` : c));
	const more = columns.length > MAX_COLUMNS ? `, … (${columns.length - MAX_COLUMNS} more)` : '';
	return `${shown.join(', ')}${more}`;
}

/**
 * A required field empty on every row: the mapping, not the rows, is wrong, so the message names the column it
 * reads (when known) and the columns the rows do have.
 */
export function emptyColumnMessage(options: {
	label: string;
	field: string;
	rows: number;
	column?: string;
	columns: string[];
}): string {
	const { label, field, rows, column, columns } = options;
	const head = `${label} (${field}) is empty on all ${countText(rows)} rows`;
	const have = `Columns the rows have: ${columnList(columns)}.`;
	let text: string;
	if (column === undefined) {
		text = `${head} — the sheet seems to have no column for it. ${have} Map one of them to ${label}.`;
	} else if (columns.includes(`\uFEFF${column}`)) {
		// Excel's "CSV UTF-8" starts with a byte-order mark, which a CSV reader without its BOM option keeps.
		text = `${head}: it is mapped to the column ${JSON.stringify(column)}, which the sheet has with an invisible byte-order mark in front (Excel's "CSV UTF-8" writes one). Turn on "BOM" in Extract from File's options, or set Mapping Column Mode to "Map Automatically". ${have}`;
	} else if (columns.includes(column)) {
		text = `${head}: it is mapped to the column ${JSON.stringify(column)}, which has no value in any row. Fill that column in, or map another one to ${label}. ${have}`;
	} else {
		text = `${head}: it is mapped to the column ${JSON.stringify(column)}, which no row has. ${have} Map one of them to ${label}.`;
	}
	return redactText(text);
}
