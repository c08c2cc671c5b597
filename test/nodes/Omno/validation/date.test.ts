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
		['1990-1-5', '1990-01-05'],
		['1988/04/12', '1988-04-12'],
		// Day and month in an order that cannot be misread: one of them is above 12, or both are the same.
		['13/04/1990', '1990-04-13'],
		['04/13/1990', '1990-04-13'],
		['31.12.1990', '1990-12-31'],
		['05-05-1990', '1990-05-05'],
		// A spreadsheet's date cell as Extract from File gives it: a serial day count (1900 date system).
		[32245, '1988-04-12'],
		[32245.75, '1988-04-12'],
		[1, '1900-01-01'],
		[59, '1900-02-28'],
		[61, '1900-03-01'],
		// A Date at local midnight of a zone east or west of UTC is that day.
		[new Date('1988-04-11T22:00:00Z'), '1988-04-12'],
		[new Date('1988-04-12T05:00:00Z'), '1988-04-12'],
	])('accepts %j → %s', (value, expected) => expect(past(value)).toBe(expected));

	it.each([
		['', 'is empty'],
		[undefined, 'is empty'],
		['1990-13-01', 'must be a real date'],
		['1990-02-30', 'must be a real date'],
		['1900-02-29', 'must be a real date'],
		[
			'05/01/1990',
			'is ambiguous: "05/01/1990" may be 5 January 1990 or 1 May 1990. Write it as YYYY-MM-DD (1990-01-05 or 1990-05-01)',
		],
		['31/02/1990', 'must be a real date'],
		['1990-13-1', 'must be a real date'],
		[60, 'is the number 60, not a spreadsheet date'],
		[0, 'is the number 0, not a spreadsheet date'],
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
