import { assertBoolean, assertHttpUrl, assertInteger } from '../../../../nodes/Omno/validation/numbers';

describe('assertInteger', () => {
	it.each([
		[0, 0],
		['12', 12],
		[' -60 ', -60],
		[1080, 1080],
	])('accepts %j', (value, expected) => expect(assertInteger(value, 'f', 'L', { min: -840 })).toBe(expected));
	it.each([
		['', 'is empty'],
		['1.5', 'must be a whole number'],
		[1.5, 'must be a whole number'],
		['abc', 'must be a whole number'],
		[-1000, 'must be between -840'],
	])('refuses %j', (value, problem) =>
		expect(() => assertInteger(value, 'f', 'L', { min: -840 })).toThrow(problem),
	);
});

describe('assertBoolean', () => {
	it.each([
		[true, true],
		[false, false],
		['true', true],
		[' FALSE ', false],
	])('accepts %j', (value, expected) => expect(assertBoolean(value, 'f', 'L')).toBe(expected));
	it.each(['yes', '', 1, undefined])('refuses %j', (value) =>
		expect(() => assertBoolean(value, 'f', 'L')).toThrow('must be true or false'),
	);
});

describe('assertHttpUrl', () => {
	it.each(['https://shop.example.com/ok?x=1', 'http://127.0.0.1:5678/webhook/abc'])('accepts %s', (value) =>
		expect(assertHttpUrl(value, 'f', 'L')).toBe(value),
	);
	it.each(['', 'shop.example.com/ok', 'ftp://example.com', 'javascript:alert(1)', 'https://'])(
		'refuses %j',
		(value) =>
			expect(() => assertHttpUrl(value, 'f', 'L')).toThrow(/is empty|must be an absolute http\(s\) URL/),
	);
});
