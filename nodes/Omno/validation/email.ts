import { InvalidInputError } from './index';

/** A plausible e-mail address (one "@", a dot in the domain, no spaces); OMNO checks deliverability itself. */
export function assertEmail(value: unknown, field: string, label: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	if (text.length > 254 || !/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(text)) {
		throw new InvalidInputError(
			field,
			label,
			`must be an e-mail address such as jane@example.com, got "${text.slice(0, 60)}"`,
		);
	}
	return text;
}
