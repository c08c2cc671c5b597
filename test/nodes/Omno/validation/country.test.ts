import { COUNTRY_CODES, assertCountry } from '../../../../nodes/Omno/validation/country';

describe('assertCountry', () => {
	it('knows all 249 ISO 3166-1 alpha-2 codes', () => {
		expect(COUNTRY_CODES.size).toBe(249);
		expect([...COUNTRY_CODES].every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
	});

	it.each([
		['DE', 'DE'],
		['us', 'US'],
		[' gb ', 'GB'],
		['AX', 'AX'],
		['SS', 'SS'],
		['zw', 'ZW'],
	])('accepts %j → %s', (value, expected) =>
		expect(assertCountry(value, 'countryCode', 'Country Code')).toBe(expected),
	);

	it.each([
		['', 'is empty'],
		[undefined, 'is empty'],
		['UK', 'must be a two-letter ISO 3166-1'],
		['XK', 'must be a two-letter ISO 3166-1'],
		['DEU', 'must be a two-letter ISO 3166-1'],
		['Germany', 'must be a two-letter ISO 3166-1'],
		['D', 'must be a two-letter ISO 3166-1'],
	])('refuses %j', (value, problem) => {
		expect(() => assertCountry(value, 'customer.billing.countryCode', 'Country Code')).toThrow(
			`Country Code (customer.billing.countryCode) ${problem}`,
		);
	});
});
