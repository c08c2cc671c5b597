import { InvalidInputError } from './index';
import { luhnValid } from './redact';

// Errors here never echo the value: it is card data.

function digitText(value: unknown): string {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

/** 12–19 digits passing the Luhn check; spaces and dashes are removed. */
export function assertCardNumber(value: unknown, field: string, label: string): string {
	const text = digitText(value).replace(/[\s-]/g, '');
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	if (!/^\d{12,19}$/.test(text)) throw new InvalidInputError(field, label, 'must be 12 to 19 digits');
	if (!luhnValid(text)) {
		throw new InvalidInputError(
			field,
			label,
			'is not a valid card number (Luhn check failed) — check for a typo',
		);
	}
	return text;
}

/** "************4242": the only form of a card number allowed in output. */
export function maskCardNumber(cardNumber: string): string {
	const digits = cardNumber.replace(/\D/g, '');
	return digits.length < 4 ? '****' : '*'.repeat(digits.length - 4) + digits.slice(-4);
}

export interface CardExpiry {
	/** Two digits, "01"–"12". */
	expirationMonth: string;
	/** Four digits, "2027". */
	expirationYear: string;
}

/**
 * Month 1–12 (with or without a leading zero) and a 2- or 4-digit year, not before this month.
 * Sent to OMNO as strings "MM" and "YYYY": OMNO does not publish the types, and fixed-width text is what card
 * APIs commonly take and what a leading-zero month needs.
 */
export function assertCardExpiry(
	month: unknown,
	year: unknown,
	fields: { month: string; year: string },
	labels: { month: string; year: string },
	now: Date = new Date(),
): CardExpiry {
	const monthText = digitText(month);
	if (!monthText) throw new InvalidInputError(fields.month, labels.month, 'is empty');
	const monthNumber = /^\d{1,2}$/.test(monthText) ? Number(monthText) : 0;
	if (monthNumber < 1 || monthNumber > 12) {
		throw new InvalidInputError(fields.month, labels.month, 'must be a month from 1 to 12');
	}
	const yearText = digitText(year);
	if (!yearText) throw new InvalidInputError(fields.year, labels.year, 'is empty');
	if (!/^(\d{2}|\d{4})$/.test(yearText)) {
		throw new InvalidInputError(fields.year, labels.year, 'must be a year of 2 or 4 digits, e.g. 27 or 2027');
	}
	const yearNumber = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
	const thisYear = now.getUTCFullYear();
	const thisMonth = now.getUTCMonth() + 1;
	if (yearNumber < thisYear || (yearNumber === thisYear && monthNumber < thisMonth)) {
		throw new InvalidInputError(
			fields.year,
			labels.year,
			'together with the month is in the past: the card has expired',
		);
	}
	if (yearNumber > thisYear + 30) {
		throw new InvalidInputError(fields.year, labels.year, 'is more than 30 years ahead — check the year');
	}
	return { expirationMonth: String(monthNumber).padStart(2, '0'), expirationYear: String(yearNumber) };
}

/** The card security code: 3 or 4 digits, kept as text (a leading zero matters). */
export function assertCvv(value: unknown, field: string, label: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	if (!/^\d{3,4}$/.test(text)) throw new InvalidInputError(field, label, 'must be 3 or 4 digits');
	return text;
}
