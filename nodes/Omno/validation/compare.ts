import { toPlainDecimal } from './money';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * An amount as canonical decimal text ("125.50" → "125.5", 125 → "125"), or undefined when it is not a plain
 * non-negative decimal. Numbers are read as the text JavaScript prints for them, never through arithmetic.
 */
export function decimalText(value: unknown): string | undefined {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value < 0) return undefined;
		text = toPlainDecimal(String(value));
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		return undefined;
	}
	const match = DECIMAL.exec(text);
	if (!match) return undefined;
	const int = match[1].replace(/^0+(?=\d)/, '');
	const fraction = (match[2] ?? '').replace(/0+$/, '');
	return fraction ? `${int}.${fraction}` : int;
}

/**
 * A field of a row or of OMNO's answer as text, or null when it holds none: a string trimmed (blank is none), a
 * number as plain decimal text ("5e-7" is written 0.0000005, never in exponent form), anything else none.
 */
export function fieldText(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return decimalText(value) ?? String(value);
	return null;
}

/** 125 = "125.00": equal as decimals. False when either is not a readable amount (never "probably equal"). */
export function sameAmount(a: unknown, b: unknown): boolean {
	const left = decimalText(a);
	return left !== undefined && left === decimalText(b);
}

/** "eur" = "EUR". False when either is missing. */
export function sameCurrency(a: unknown, b: unknown): boolean {
	return (
		typeof a === 'string' &&
		typeof b === 'string' &&
		a.trim() !== '' &&
		a.trim().toUpperCase() === b.trim().toUpperCase()
	);
}

/** What a payout in OMNO should hold; only the values given are compared. */
export interface ExpectedPayout {
	orderId?: string;
	amount?: string;
	currency?: string;
}

/**
 * How OMNO's record of a payout differs from what was expected, one phrase per field ("amount: OMNO 12500,
 * expected 125.00"); empty when every given value matches exactly.
 */
export function differences(expected: ExpectedPayout, omno: Record<string, unknown>): string[] {
	const problems: string[] = [];
	const shown = (v: unknown) => (v === undefined || v === null || v === '' ? 'nothing' : String(v));
	if (expected.orderId !== undefined && String(omno.orderId ?? '') !== expected.orderId) {
		problems.push(`orderId: OMNO ${shown(omno.orderId)}, expected ${expected.orderId}`);
	}
	const amount = omno.amount ?? omno.value;
	if (expected.amount !== undefined && !sameAmount(amount, expected.amount)) {
		problems.push(`amount: OMNO ${shown(amount)}, expected ${expected.amount}`);
	}
	if (expected.currency !== undefined && !sameCurrency(omno.currency, expected.currency)) {
		problems.push(`currency: OMNO ${shown(omno.currency)}, expected ${expected.currency}`);
	}
	return problems;
}
