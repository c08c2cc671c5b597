import { addDecimal, assertAmount, toPlainDecimal } from '../../../../nodes/Omno/validation/money';
import { InvalidInputError } from '../../../../nodes/Omno/validation';

const amount = (value: unknown, currency = 'EUR') => assertAmount(value, currency, 'amount', 'Amount');

describe('assertAmount', () => {
	it.each([
		['10', 'EUR', 10],
		['10.5', 'EUR', 10.5],
		['10.50', 'EUR', 10.5],
		[' 0.01 ', 'USD', 0.01],
		['007.10', 'EUR', 7.1],
		[100, 'EUR', 100],
		[19.99, 'USD', 19.99],
		['1000', 'JPY', 1000],
		['1000.00', 'JPY', 1000],
		['1.234', 'KWD', 1.234],
		['0.000001', 'BTC', 0.000001],
		['0.12345678', 'USDT', 0.12345678],
		['1.5', 'SHIBA', 1.5],
		[0.00000546, 'BTC', 0.00000546],
		['123456789012.34', 'EUR', 123456789012.34],
		// A decimal comma, as a European sheet writes it, when it cannot be a thousands separator.
		['10,50', 'EUR', 10.5],
		['0,5', 'EUR', 0.5],
		['1234,567', 'KWD', 1234.567],
		// A "." and three digits is a decimal where the currency has three decimals.
		['1.250', 'KWD', 1.25],
		['0.500', 'EUR', 0.5],
	])('accepts %j %s → %j', (value, currency, expected) => {
		expect(amount(value, currency)).toBe(expected);
	});

	it.each([
		['', 'EUR', 'is empty'],
		['   ', 'EUR', 'is empty'],
		[undefined, 'EUR', 'is empty'],
		['0', 'EUR', 'must be greater than 0'],
		['0.00', 'EUR', 'must be greater than 0'],
		['-5', 'EUR', 'must be greater than 0'],
		[-5, 'EUR', 'must be greater than 0'],
		['1,000.00', 'EUR', 'plain decimal'],
		['1.250,50', 'EUR', 'plain decimal'],
		['1 250,00', 'EUR', 'plain decimal'],
		['1,250.00', 'EUR', 'plain decimal'],
		[
			12.100000000000001,
			'EUR',
			'has 15 decimals but EUR allows at most 2, got "12.100000000000001": a calculated number, not the 2-decimal amount a sheet shows for it. Round it in the sheet, e.g. =ROUND(…, 2)',
		],
		['1e3', 'EUR', 'plain decimal'],
		['.5', 'EUR', 'plain decimal'],
		['5.', 'EUR', 'plain decimal'],
		['abc', 'EUR', 'plain decimal'],
		['+5', 'EUR', 'plain decimal'],
		['1 000', 'EUR', 'plain decimal'],
		['10.5055', 'EUR', 'has 4 decimals but EUR allows at most 2'],
		['1234.505', 'EUR', 'has 3 decimals but EUR allows at most 2'],
		['10.5', 'JPY', 'must be a whole number for JPY'],
		['1.2345', 'BHD', 'has 4 decimals but BHD allows at most 3'],
		['0.000000001', 'BTC', 'has 9 decimals but BTC allows at most 8'],
		['12345678901234567.5', 'BTC', 'too many significant digits'],
		// JSON would carry these as 1e-8 / 1e-7 / 1e+21: below any network's dust limit, or absurd.
		['0.00000001', 'BTC', 'plain JSON number'],
		[0.0000001, 'BTC', 'plain JSON number'],
		['1000000000000000000000', 'EUR', 'plain JSON number'],
		['99999999999999999999', 'EUR', 'too many significant digits'],
		[NaN, 'EUR', 'finite'],
		[Infinity, 'EUR', 'finite'],
		[0.1 + 0.2, 'EUR', 'has 17 decimals'],
		[true, 'EUR', 'is empty'],
	])('refuses %j %s', (value, currency, problem) => {
		expect(() => amount(value, currency)).toThrow(InvalidInputError);
		expect(() => amount(value, currency)).toThrow(problem);
	});

	// A separator and exactly three digits is how a sheet with thousands separators writes a whole amount.
	it.each([
		['1.250', 'EUR', '"1.250" may be 1250 written with "." as a thousands separator, or 1.25'],
		['2.500', 'EUR', '"2.500" may be 2500 written with "." as a thousands separator, or 2.5'],
		['12.000', 'EUR', '"12.000" may be 12000 written with "." as a thousands separator, or 12'],
		['1.000', 'JPY', '"1.000" may be 1000 written with "." as a thousands separator, or 1'],
		['1,250', 'EUR', '"1,250" may be 1250 written with "," as a thousands separator, or 1.25'],
		['1,250', 'KWD', '"1,250" may be 1250 written with "," as a thousands separator, or 1.25'],
		['10.505', 'EUR', '"10.505" may be 10505'],
	])('refuses the ambiguous %j %s, saying how to write it', (value, currency, problem) => {
		expect(() => amount(value, currency)).toThrow(`Amount (amount) is ambiguous: ${problem}`);
		expect(() => amount(value, currency)).toThrow(
			'Write it without a thousands separator and with a "." before the decimals',
		);
	});

	it('names field and label in the error', () => {
		expect(() => assertAmount('x', 'EUR', 'value', 'Amount')).toThrow(
			/^Amount \(value\) must be a plain decimal/,
		);
	});
});

describe('toPlainDecimal', () => {
	it.each([
		['1e-7', '0.0000001'],
		['1.5e-8', '0.000000015'],
		['1e+21', '1000000000000000000000'],
		['1.25e+2', '125'],
		['12.5', '12.5'],
	])('%s → %s', (input, expected) => expect(toPlainDecimal(input)).toBe(expected));
});

describe('addDecimal', () => {
	it.each([
		['0.1', '0.2', '0.3'],
		['10.50', '0.5', '11'],
		['999.99', '0.01', '1000'],
		['0', '0', '0'],
		['1', '2', '3'],
		['0.00000001', '0.00000002', '0.00000003'],
		['123456789012345678.9', '0.1', '123456789012345679'],
		[' 5 ', '007', '12'],
	])('%s + %s = %s', (a, b, sum) => expect(addDecimal(a, b)).toBe(sum));

	it.each([
		['-1', '2'],
		['1e3', '1'],
		['1,5', '1'],
	])('refuses %s + %s', (a, b) => {
		expect(() => addDecimal(a, b)).toThrow(/plain non-negative decimals/);
	});
});
