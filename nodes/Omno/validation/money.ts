import { InvalidInputError } from './index';
import { currencyDecimals } from './currency';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "007.50" → "7.5": no leading zeros in the integer part, no trailing zeros in the fraction. */
function canonical(intPart: string, fraction = ''): string {
	const int = intPart.replace(/^0+(?=\d)/, '');
	const frac = fraction.replace(/0+$/, '');
	return frac ? `${int}.${frac}` : int;
}

/**
 * JavaScript prints some numbers in exponent form ("1e-7", "1.5e+21"); this rewrites such text as a plain
 * decimal by moving the point in the string, never by arithmetic.
 */
export function toPlainDecimal(text: string): string {
	const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
	if (!match) return text;
	const digits = match[1] + (match[2] ?? '');
	const point = match[1].length + Number(match[3]);
	if (point <= 0) return canonical('0', '0'.repeat(-point) + digits);
	if (point >= digits.length) return canonical(digits + '0'.repeat(point - digits.length));
	return canonical(digits.slice(0, point), digits.slice(point));
}

/**
 * The typed amount with a decimal comma read as a point ("125,10" is 125.10, as a European sheet writes it),
 * after refusing the forms that could mean two numbers: one separator followed by exactly three digits is how
 * a sheet with thousands separators writes whole amounts ("1.250" or "1,250" for 1250), so it is refused
 * wherever it could also be a decimal: always with a ",", and with a "." in a currency of fewer than three decimals.
 */
function readDecimalMark(text: string, currency: string, field: string, label: string): string {
	const grouped = /^([1-9]\d{0,2})([.,])(\d{3})$/.exec(text);
	if (grouped && (grouped[2] === ',' || currencyDecimals(currency) < 3)) {
		const [, head, mark, tail] = grouped;
		const asDecimal = canonical(head, tail);
		throw new InvalidInputError(
			field,
			label,
			`is ambiguous: "${text}" may be ${head}${tail} written with "${mark}" as a thousands separator, or ${asDecimal}. Write it without a thousands separator and with a "." before the decimals: "${head}${tail}" or "${asDecimal}"`,
		);
	}
	return /^\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
}

/**
 * A positive amount with at most the currency's decimals, as the JSON number OMNO expects.
 * Checked on the decimal text; the number is only produced at the end, and refused if it would not print back
 * as exactly the same decimal (so OMNO never receives a different amount than the one typed).
 */
export function assertAmount(value: unknown, currency: string, field: string, label: string): number {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new InvalidInputError(field, label, 'must be a finite number');
		text = toPlainDecimal(String(value));
	} else if (typeof value === 'string') {
		text = readDecimalMark(value.trim(), currency, field, label);
	} else {
		text = '';
	}
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	if (text.startsWith('-'))
		throw new InvalidInputError(field, label, `must be greater than 0, got "${text}"`);
	const match = DECIMAL.exec(text);
	if (!match) {
		throw new InvalidInputError(
			field,
			label,
			`must be a plain decimal number such as 10 or 10.50 (digits and one "." or ","; no thousands separators or exponents), got "${text.slice(0, 40)}"`,
		);
	}
	const exact = canonical(match[1], match[2]);
	if (/^0(\.0*)?$/.test(exact))
		throw new InvalidInputError(field, label, `must be greater than 0, got "${text}"`);
	const decimals = exact.includes('.') ? exact.split('.')[1].length : 0;
	const allowed = currencyDecimals(currency);
	if (decimals > allowed) {
		// A number (not text) with many decimals is usually a spreadsheet formula's binary result (0.1 + 0.2).
		const rounding =
			typeof value === 'number' && decimals > 6
				? `: a calculated number, not the ${allowed}-decimal amount a sheet shows for it. Round it in the sheet, e.g. =ROUND(…, ${allowed})`
				: '';
		throw new InvalidInputError(
			field,
			label,
			allowed === 0
				? `must be a whole number for ${currency} (it has no minor unit), got "${text}"${rounding}`
				: `has ${decimals} decimals but ${currency} allows at most ${allowed}, got "${text}"${rounding}`,
		);
	}
	const number = Number(exact);
	if (toPlainDecimal(String(number)) !== exact) {
		throw new InvalidInputError(
			field,
			label,
			`has too many significant digits to send exactly as a JSON number, got "${text}"`,
		);
	}
	// JSON.stringify writes numbers below 1e-6 or from 1e21 up in exponent form ("5e-7", "1e+21"). OMNO takes
	// amounts as JSON numbers, and a payment amount never goes on the wire in exponent notation.
	if (/e/i.test(String(number))) {
		throw new InvalidInputError(
			field,
			label,
			`is outside what can be sent as a plain JSON number (from 0.000001 to below 10^21), got "${text}"`,
		);
	}
	return number;
}

/**
 * A non-negative amount as plain decimal text: a decimal string as typed, a JS number, or the exponent text JS
 * prints for one ("5e-7", "1e+21"), exactly; undefined for anything else.
 */
function plainDecimal(value: string | number): RegExpExecArray | undefined {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value < 0) return undefined;
		text = toPlainDecimal(String(value));
	} else {
		text = value.trim();
		// Only the exponent form JS itself prints for a number (String(0.0000005) is "5e-7"), never a typed "1e3".
		if (/e/i.test(text) && String(Number(text)) === text) text = toPlainDecimal(text);
	}
	return DECIMAL.exec(text) ?? undefined;
}

/**
 * Sum of two non-negative amounts, exact (for totals per currency); canonical result. Takes decimal strings,
 * JS numbers and JS's own exponent text, so it never throws for an amount `assertAmount` accepted.
 */
export function addDecimal(a: string | number, b: string | number): string {
	const left = plainDecimal(a);
	const right = plainDecimal(b);
	if (!left || !right) throw new Error(`addDecimal needs plain non-negative decimals, got "${a}" and "${b}"`);
	const scale = Math.max(left[2]?.length ?? 0, right[2]?.length ?? 0);
	const scaled = (m: RegExpExecArray) => BigInt(m[1] + (m[2] ?? '').padEnd(scale, '0'));
	const digits = (scaled(left) + scaled(right)).toString().padStart(scale + 1, '0');
	return canonical(digits.slice(0, digits.length - scale), digits.slice(digits.length - scale));
}
