/**
 * Bad input found before anything is sent. Pure validators throw it with the parameter's name and label;
 * the router turns it into a NodeOperationError for the item.
 */
export class InvalidInputError extends Error {
	constructor(
		readonly field: string,
		readonly label: string,
		readonly problem: string,
	) {
		super(`${label} (${field}) ${problem}`);
		this.name = 'InvalidInputError';
	}
}

/** A trimmed, non-empty string, or an InvalidInputError naming the field. */
export function assertNonEmpty(value: unknown, field: string, label: string): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	return text;
}

/** An id that will become part of a URL path: non-empty and free of whitespace and slashes. */
export function assertId(value: unknown, field: string, label: string): string {
	const id = assertNonEmpty(value, field, label);
	if (/[\s/?#]/.test(id)) {
		throw new InvalidInputError(field, label, `must not contain spaces, "/", "?" or "#" (got "${id}")`);
	}
	return id;
}
