/** One CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is made inert. */
function cell(value: unknown): string {
	let text = value === null || value === undefined ? '' : String(value);
	// A spreadsheet would run "=…" as a formula; a quote in front keeps it text.
	if (/^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV text (comma separated, CRLF line ends as spreadsheets write them) with the given columns. */
export function toCsv(columns: string[], rows: Array<Record<string, unknown>>): string {
	const lines = [columns.map(cell).join(',')];
	for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
	return `${lines.join('\r\n')}\r\n`;
}
