/**
 * Matching a sheet's columns to OMNO's fields by name, the way people write headers: "Order ID", "order_id" and
 * "ORDERID" are one name, and so are "E-mail" and "email", "Straße" and "strasse". A short list of common other
 * names per field (ZIP for postalCode, Phone for phoneNumber, …) is read too; nothing else is guessed.
 */

/** One OMNO field a column can feed: its name (as OMNO's JSON names it), label and other names. */
export interface ColumnField {
	name: string;
	label: string;
	/** The path OMNO's messages name it by ("customer.billing.postalCode"). */
	path: string;
	required: boolean;
	/** Other header names, written as people write them; compared like headers. */
	aliases: string[];
}

export interface ColumnMatch {
	/** Field name → the column it is read from. */
	columns: Record<string, string>;
	/** Required fields no column matches. */
	missing: ColumnField[];
	/** Fields two or more columns match equally well. */
	conflicts: Array<{ field: ColumnField; columns: string[] }>;
	/** Columns that match no field: listed, never silently dropped. */
	unmatched: string[];
}

/**
 * A header as compared: letters and digits only, lower case, accents removed ("E-Mail " → "email",
 * "Código postal" → "codigopostal"). An invisible byte-order mark in front of the first header goes too.
 */
export function columnKey(header: string): string {
	return header
		.normalize('NFKD')
		.replace(/ß/g, 'ss')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, '');
}

/** Words in front of a header that say whose field it is ("Billing City", "Customer E-mail", "Payee phone"). */
const OWNER_PREFIXES = ['billing', 'customer', 'payee', 'beneficiary', 'recipient'];

/** How well a column names a field: 0 its own name, 1 an other name, 2 either after an owner word; else undefined. */
function rank(key: string, field: ColumnField): number | undefined {
	const own = columnKey(field.name);
	const others = field.aliases.map(columnKey);
	if (key === own) return 0;
	if (others.includes(key)) return 1;
	const prefix = OWNER_PREFIXES.find((p) => key.startsWith(p) && key.length > p.length);
	if (prefix) {
		const rest = key.slice(prefix.length);
		if (rest === own || others.includes(rest)) return 2;
	}
	return undefined;
}

/**
 * Matches the columns (in first-seen order) to the fields. Each column feeds at most one field (the one it
 * names best); a field two columns name equally well is a conflict, never a silent pick.
 */
export function matchColumns(columns: string[], fields: ColumnField[]): ColumnMatch {
	const claims = new Map<string, Array<{ column: string; rank: number }>>();
	const unmatched: string[] = [];
	for (const column of columns) {
		const key = columnKey(column);
		let best: { field: ColumnField; rank: number } | undefined;
		for (const field of fields) {
			const r = rank(key, field);
			if (r !== undefined && (best === undefined || r < best.rank)) best = { field, rank: r };
		}
		if (!best) {
			unmatched.push(column);
			continue;
		}
		const list = claims.get(best.field.name) ?? [];
		list.push({ column, rank: best.rank });
		claims.set(best.field.name, list);
	}
	const matched: Record<string, string> = {};
	const conflicts: ColumnMatch['conflicts'] = [];
	for (const field of fields) {
		const list = claims.get(field.name);
		if (!list) continue;
		const top = Math.min(...list.map((c) => c.rank));
		const best = list.filter((c) => c.rank === top).map((c) => c.column);
		if (best.length > 1) conflicts.push({ field, columns: best });
		else matched[field.name] = best[0];
		// A column that lost to a better-named one feeds nothing: say so.
		for (const c of list) if (c.rank !== top) unmatched.push(c.column);
	}
	const missing = fields.filter(
		(f) => f.required && matched[f.name] === undefined && !conflicts.some((c) => c.field === f),
	);
	return { columns: matched, missing, conflicts, unmatched };
}
