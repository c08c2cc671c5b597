import { InvalidInputError } from './index';

function todayUtc(now: Date): string {
	return now.toISOString().slice(0, 10);
}

/**
 * A real calendar date as YYYY-MM-DD. A full ISO timestamp ("2024-05-01T00:00:00", as n8n's date picker and
 * many sheets produce) is cut to its date part.
 */
export function assertCalendarDate(value: unknown, field: string, label: string): string {
	const raw = typeof value === 'string' ? value.trim() : '';
	if (!raw) throw new InvalidInputError(field, label, 'is empty');
	const text = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	const valid =
		match !== null &&
		(() => {
			const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
			const date = new Date(Date.UTC(year, month - 1, day));
			return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
		})();
	if (!valid) {
		throw new InvalidInputError(
			field,
			label,
			`must be a real date written YYYY-MM-DD, got "${raw.slice(0, 30)}"`,
		);
	}
	return text;
}

/** A YYYY-MM-DD date strictly before today (UTC) and not before 1900, e.g. a date of birth. */
export function assertPastDate(value: unknown, field: string, label: string, now: Date = new Date()): string {
	const date = assertCalendarDate(value, field, label);
	if (date < '1900-01-01')
		throw new InvalidInputError(field, label, `must not be before 1900-01-01, got "${date}"`);
	if (date >= todayUtc(now)) throw new InvalidInputError(field, label, `must be in the past, got "${date}"`);
	return date;
}
