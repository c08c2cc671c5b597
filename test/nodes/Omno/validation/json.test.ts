import { parseJsonObject } from '../../../../nodes/Omno/validation/json';

describe('parseJsonObject', () => {
	it.each([
		[{ a: 1 }, { a: 1 }],
		['{"a":1,"b":{"c":"d"}}', { a: 1, b: { c: 'd' } }],
		[' { } ', {}],
		['', {}],
		[undefined, {}],
		[null, {}],
	])('accepts %j', (value, expected) =>
		expect(parseJsonObject(value, 'additionalData', 'Additional Data')).toEqual(expected),
	);

	it.each([
		['[1,2]', 'must be a JSON object ({ … }), got an array'],
		['"text"', 'must be a JSON object ({ … }), got string'],
		['42', 'must be a JSON object ({ … }), got number'],
		['null', 'must be a JSON object ({ … }), got object'],
		['{bad json}', 'is not valid JSON'],
		[[1], 'must be a JSON object, got an array'],
		[5, 'must be a JSON object, got number'],
	])('refuses %j', (value, problem) => {
		expect(() => parseJsonObject(value, 'additionalData', 'Additional Data')).toThrow(
			`Additional Data (additionalData) ${problem}`,
		);
	});
});
