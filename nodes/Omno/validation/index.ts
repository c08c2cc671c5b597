import { redactText } from './redact';

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
		// Messages quote what was typed; a card number typed into the wrong field must not be shown.
		super(redactText(`${label} (${field}) ${problem}`));
		this.name = 'InvalidInputError';
	}
}

/** Nothing typed: undefined, null, or only whitespace. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A trimmed, non-empty string, or an InvalidInputError naming the field. */
export function assertNonEmpty(value: unknown, field: string, label: string): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	return text;
}

/** True when the text holds a C0 control character or DEL (newline, tab, NUL, …). */
export function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

/**
 * Why this text cannot be one segment of an OMNO URL path, or undefined when it can. `encodeURIComponent`
 * leaves "." and ".." as they are, and URL parsers resolve them ("/public/payout/../confirm" is
 * "/public/confirm"), so they are refused like slashes; control characters (newline, NUL, …) never belong in an id.
 */
export function pathIdProblem(id: string): string | undefined {
	if (!id) return 'is empty';
	if (id === '.' || id === '..') return `must not be "." or ".." (got "${id}")`;
	if (/[\s/?#\\]/.test(id) || hasControlCharacter(id)) {
		return `must not contain spaces, control characters, "/", "\\", "?" or "#" (got ${JSON.stringify(id.slice(0, 80))})`;
	}
	if (id.length > 200) return `must be at most 200 characters (got ${id.length})`;
	return undefined;
}

/** An id that will become part of a URL path: non-empty, not a dot segment, free of whitespace and slashes. */
export function assertId(value: unknown, field: string, label: string): string {
	const id = assertNonEmpty(value, field, label);
	const problem = pathIdProblem(id);
	if (problem) throw new InvalidInputError(field, label, problem);
	return id;
}
