import { InvalidInputError } from './index';

/** A phone number as OMNO shows it ("1 1234567890"): digits, spaces, dashes, an optional leading "+". */
export function assertPhone(value: unknown, field: string, label: string): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	const digits = text.replace(/\D/g, '').length;
	if (!/^\+?\d[\d -]*$/.test(text) || digits < 5 || digits > 20) {
		throw new InvalidInputError(
			field,
			label,
			`must be a phone number of digits, spaces and "-" with an optional leading "+", e.g. "1 1234567890", got "${text.slice(0, 30)}"`,
		);
	}
	return text;
}
