import { InvalidInputError } from './index';

/** An integer (number or integer text) within [min, max]. */
export function assertInteger(
	value: unknown,
	field: string,
	label: string,
	{ min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	if (!/^-?\d+$/.test(text))
		throw new InvalidInputError(field, label, `must be a whole number, got "${text.slice(0, 30)}"`);
	const number = Number(text);
	if (number < min || number > max) {
		throw new InvalidInputError(field, label, `must be between ${min} and ${max}, got ${text}`);
	}
	return number;
}

/** A boolean, or the text "true"/"false" (as sheets and expressions give it). */
export function assertBoolean(value: unknown, field: string, label: string): boolean {
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
	if (text === 'true') return true;
	if (text === 'false') return false;
	throw new InvalidInputError(field, label, `must be true or false, got "${String(value).slice(0, 20)}"`);
}

/** An absolute http(s) URL. */
export function assertHttpUrl(value: unknown, field: string, label: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw new InvalidInputError(
			field,
			label,
			`must be an absolute http(s) URL such as https://example.com/done, got "${text.slice(0, 80)}"`,
		);
	}
	return text;
}
