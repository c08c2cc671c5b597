import { assertCurrency, currencyDecimals } from '../../../../nodes/Omno/validation/currency';

describe('assertCurrency', () => {
	it.each([
		['EUR', 'EUR'],
		[' usd ', 'USD'],
		['btc', 'BTC'],
		['USDT', 'USDT'],
		['1INCH', '1INCH'],
		['MATIC', 'MATIC'],
		['pyusd', 'PYUSD'],
	])('accepts %j → %s', (value, expected) =>
		expect(assertCurrency(value, 'currency', 'Currency')).toBe(expected),
	);

	it.each([
		['', 'is empty'],
		[undefined, 'is empty'],
		[978, 'is empty'],
		['EU', 'must be a currency code'],
		['EURO DOLLAR', 'must be a currency code'],
		['ABCDEFGHIJK', 'must be a currency code'],
		// Unknown codes that are not three letters are typos, not coins with 8 decimals.
		[
			'ABCDEFGHIJ',
			'must be a three-letter ISO 4217 code (EUR, USD, …) or a known crypto code (BTC, USDT, …), got "ABCDEFGHIJ" — check for a typo',
		],
		[
			'EURO',
			'must be a three-letter ISO 4217 code (EUR, USD, …) or a known crypto code (BTC, USDT, …), got "EURO" — check for a typo',
		],
		['USDX', 'must be a three-letter ISO 4217 code'],
		['EU1', 'must be a three-letter ISO 4217 code'],
		['US$', 'must be a currency code'],
		['123', 'must be a currency code'],
	])('refuses %j', (value, problem) => {
		expect(() => assertCurrency(value, 'currency', 'Currency')).toThrow(`Currency (currency) ${problem}`);
	});
});

describe('currencyDecimals', () => {
	it.each([
		['EUR', 2],
		['USD', 2],
		['GBP', 2],
		['JPY', 0],
		['KRW', 0],
		['XOF', 0],
		['XPF', 0],
		['CLP', 0],
		['BHD', 3],
		['KWD', 3],
		['TND', 3],
		['BTC', 8],
		['ETH', 8],
		['LTC', 8],
		['USDT', 8],
		['SOLANA', 8],
	])('%s → %i', (code, decimals) => expect(currencyDecimals(code)).toBe(decimals));
});
