import { InvalidInputError } from './index';

function todayUtc(now: Date): string {
	return now.toISOString().slice(0, 10);
}

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | undefined {
	const date = new Date(Date.UTC(year, month - 1, day));
	date.setUTCFullYear(year);
	const real =
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
	return real ? `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}` : undefined;
}

/** The largest serial a spreadsheet date can have: 9999-12-31. */
const LAST_SERIAL = 2958465;

/**
 * A spreadsheet's date cell as n8n's Extract from File gives it: the day count from 1899-12-30 (1900 date
 * system). Serials below 60 count from 1899-12-31, because Excel counts a 29 February 1900 that never was
 * (serial 60), which is refused. A time of day (the fraction) is dropped.
 */
function fromSerial(serial: number): string | undefined {
	if (!Number.isFinite(serial) || serial < 1 || serial > LAST_SERIAL + 1) return undefined;
	const days = Math.floor(serial);
	if (days === 60) return undefined;
	const date = new Date(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86_400_000);
	return date.toISOString().slice(0, 10);
}

/**
 * A Date object (a spreadsheet reader that makes dates) at the midnight nearest to it in UTC: readers make a
 * date at local midnight, which is the evening before in UTC east of Greenwich.
 */
function fromDateObject(date: Date): string | undefined {
	const time = date.getTime();
	if (!Number.isFinite(time)) return undefined;
	return new Date(Math.round(time / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Day and month written as numbers in either order ("13/04/1990", "04/13/1990", "12.04.1988"): read when only
 * one order is a date or both orders give the same date, refused when it could be either ("03/04/1990").
 */
function fromDayMonthYear(text: string, field: string, label: string): string | undefined {
	const match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
	if (!match) return undefined;
	const [a, b, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const dayFirst = isoDate(year, b, a);
	const monthFirst = isoDate(year, a, b);
	if (dayFirst && monthFirst && dayFirst !== monthFirst) {
		throw new InvalidInputError(
			field,
			label,
			`is ambiguous: "${text}" may be ${a} ${MONTHS[b - 1]} ${year} or ${b} ${MONTHS[a - 1]} ${year}. Write it as YYYY-MM-DD (${dayFirst} or ${monthFirst})`,
		);
	}
	return dayFirst ?? monthFirst;
}

function unreadable(field: string, label: string, shown: string): InvalidInputError {
	return new InvalidInputError(field, label, `must be a real date written YYYY-MM-DD, got "${shown}"`);
}

/**
 * A real calendar date as YYYY-MM-DD. Also read: a full ISO timestamp ("2024-05-01T00:00:00", as n8n's date
 * picker and many sheets produce) cut to its date part, "1988/4/12", a day and month that cannot be misread
 * ("31/12/1990"), a spreadsheet's date serial number and a Date object.
 */
export function assertCalendarDate(value: unknown, field: string, label: string): string {
	if (typeof value === 'number') {
		const date = fromSerial(value);
		if (date) return date;
		throw new InvalidInputError(
			field,
			label,
			`is the number ${value}, not a spreadsheet date (a day count from 1 to ${LAST_SERIAL}): write it as YYYY-MM-DD`,
		);
	}
	if (value instanceof Date) {
		const date = fromDateObject(value);
		if (!date) throw unreadable(field, label, String(value));
		return date;
	}
	const raw = typeof value === 'string' ? value.trim() : '';
	if (!raw) throw new InvalidInputError(field, label, 'is empty');
	const text = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw;
	const yearFirst = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text);
	const date = yearFirst
		? isoDate(Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4]))
		: fromDayMonthYear(text, field, label);
	if (!date) throw unreadable(field, label, raw.slice(0, 30));
	return date;
}

/** A date strictly before today (UTC) and not before 1900, e.g. a date of birth; YYYY-MM-DD. */
export function assertPastDate(value: unknown, field: string, label: string, now: Date = new Date()): string {
	const date = assertCalendarDate(value, field, label);
	if (date < '1900-01-01')
		throw new InvalidInputError(field, label, `must not be before 1900-01-01, got "${date}"`);
	if (date >= todayUtc(now)) throw new InvalidInputError(field, label, `must be in the past, got "${date}"`);
	return date;
}
