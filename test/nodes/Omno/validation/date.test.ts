import { assertCalendarDate, assertPastDate } from '../../../../nodes/Omno/validation/date';

const now = new Date('2025-06-15T12:00:00Z');
const past = (value: unknown) => assertPastDate(value, 'dateOfBirth', 'Date of Birth', now);

describe('assertPastDate', () => {
	it.each([
		['1990-01-31', '1990-01-31'],
		[' 2000-02-29 ', '2000-02-29'],
		['1900-01-01', '1900-01-01'],
		['2025-06-14', '2025-06-14'],
		['1985-07-04T00:00:00.000Z', '1985-07-04'],
	])('accepts %j → %s', (value, expected) => expect(past(value)).toBe(expected));

	it.each([
		['', 'is empty'],
		[undefined, 'is empty'],
		['1990-13-01', 'must be a real date'],
		['1990-02-30', 'must be a real date'],
		['1900-02-29', 'must be a real date'],
		['1990-1-5', 'must be a real date'],
		['05/01/1990', 'must be a real date'],
		['19900101', 'must be a real date'],
		['1899-12-31', 'must not be before 1900-01-01'],
		['2025-06-15', 'must be in the past'],
		['2030-01-01', 'must be in the past'],
	])('refuses %j', (value, problem) => {
		expect(() => past(value)).toThrow(`Date of Birth (dateOfBirth) ${problem}`);
	});
});

describe('assertCalendarDate', () => {
	it('accepts future dates (e.g. an ID expiry)', () => {
		expect(assertCalendarDate('2040-12-31', 'kyc.idExpirationDate', 'ID Expiration Date')).toBe('2040-12-31');
	});
	it('refuses impossible dates', () => {
		expect(() => assertCalendarDate('2040-04-31', 'f', 'L')).toThrow('must be a real date');
	});
});
