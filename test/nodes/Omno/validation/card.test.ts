import {
	assertCardExpiry,
	assertCardNumber,
	assertCvv,
	maskCardNumber,
} from '../../../../nodes/Omno/validation/card';

const now = new Date('2025-06-15T12:00:00Z');
const expiry = (month: unknown, year: unknown) =>
	assertCardExpiry(
		month,
		year,
		{ month: 'expirationMonth', year: 'expirationYear' },
		{ month: 'Expiration Month', year: 'Expiration Year' },
		now,
	);

describe('assertCardNumber', () => {
	it.each([
		['4242424242424242', '4242424242424242'],
		['4242 4242 4242 4242', '4242424242424242'],
		['4242-4242-4242-4242', '4242424242424242'],
		['378282246310005', '378282246310005'],
		['6011111111111117', '6011111111111117'],
		[4242424242424242, '4242424242424242'],
	])('accepts %j', (value, expected) =>
		expect(assertCardNumber(value, 'cardNumber', 'Card Number')).toBe(expected),
	);

	it.each([
		['', 'is empty'],
		['4242 4242 4242 4241', 'Luhn'],
		['42424242424', 'must be 12 to 19 digits'],
		['42424242424242424242', 'must be 12 to 19 digits'],
		['4242x4242424242424', 'must be 12 to 19 digits'],
	])('refuses %j without echoing the number', (value, problem) => {
		let message = '';
		try {
			assertCardNumber(value, 'cardNumber', 'Card Number');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain(problem);
		expect(message).not.toMatch(/\d{4}/);
	});
});

describe('assertCardExpiry', () => {
	it.each([
		[1, 2026, '01', '2026'],
		['1', '26', '01', '2026'],
		['06', '2025', '06', '2025'],
		['12', 25, '12', '2025'],
		[' 7 ', ' 2030 ', '07', '2030'],
	])('accepts month %j year %j', (month, year, m, y) => {
		expect(expiry(month, year)).toEqual({ expirationMonth: m, expirationYear: y });
	});

	it.each([
		['', '2026', 'Expiration Month (expirationMonth) is empty'],
		['0', '2026', 'Expiration Month (expirationMonth) must be a month from 1 to 12'],
		['13', '2026', 'Expiration Month (expirationMonth) must be a month from 1 to 12'],
		['1.5', '2026', 'Expiration Month (expirationMonth) must be a month from 1 to 12'],
		['05', '', 'Expiration Year (expirationYear) is empty'],
		['05', '226', 'Expiration Year (expirationYear) must be a year of 2 or 4 digits'],
		['05', '2025', 'Expiration Year (expirationYear) together with the month is in the past'],
		['12', '2024', 'Expiration Year (expirationYear) together with the month is in the past'],
		['12', '24', 'Expiration Year (expirationYear) together with the month is in the past'],
		['12', '2099', 'more than 30 years ahead'],
	])('refuses month %j year %j', (month, year, message) => {
		expect(() => expiry(month, year)).toThrow(message);
	});
});

describe('assertCvv', () => {
	it.each([
		['123', '123'],
		['0123', '0123'],
		[' 999 ', '999'],
		[737, '737'],
	])('accepts %j', (value, expected) => expect(assertCvv(value, 'cvv', 'CVV')).toBe(expected));
	it.each([
		['', 'is empty'],
		['12', 'must be 3 or 4 digits'],
		['12345', 'must be 3 or 4 digits'],
		['12a', 'must be 3 or 4 digits'],
	])('refuses %j', (value, problem) =>
		expect(() => assertCvv(value, 'cvv', 'CVV')).toThrow(`CVV (cvv) ${problem}`),
	);
});

describe('maskCardNumber', () => {
	it.each([
		['4242424242424242', '************4242'],
		['4242 4242 4242 4242', '************4242'],
		['378282246310005', '***********0005'],
		['12', '****'],
	])('%s → %s', (value, masked) => expect(maskCardNumber(value)).toBe(masked));
});
