import { InvalidInputError } from './index';

/** ISO 4217 currencies whose minor unit is not 2 (everything else 3-letter is treated as 2). */
const ZERO_DECIMALS = new Set([
	'JPY',
	'KRW',
	'CLP',
	'VND',
	'ISK',
	'UGX',
	'XAF',
	'XOF',
	'PYG',
	'RWF',
	'KMF',
	'GNF',
	'DJF',
	'BIF',
	'VUV',
	'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/**
 * Crypto codes we know. A code that is not three letters long is accepted only from this list: an unknown
 * "EURO" or "USDX" is a typo, not a coin, and would otherwise get 8 decimals.
 */
export const KNOWN_CRYPTO = new Set([
	'BTC',
	'ETH',
	'USDT',
	'USDC',
	'LTC',
	'TRX',
	'SOL',
	'XRP',
	'DOGE',
	'BNB',
	'ADA',
	'DOT',
	'XLM',
	'BCH',
	'DAI',
	'TON',
	'MATIC',
	'POL',
	'AVAX',
	'SHIB',
	'LINK',
	'XMR',
	'ETC',
	'ATOM',
	'BUSD',
	'TUSD',
	'1INCH',
	'AAVE',
	'ALGO',
	'APE',
	'APT',
	'ARB',
	'AXS',
	'BAT',
	'BONK',
	'CAKE',
	'CHZ',
	'COMP',
	'CRV',
	'DASH',
	'EGLD',
	'ENJ',
	'EOS',
	'EURC',
	'EURT',
	'FDUSD',
	'FIL',
	'FLOKI',
	'FLOW',
	'FTM',
	'GALA',
	'GRT',
	'HBAR',
	'ICP',
	'IMX',
	'INJ',
	'JUP',
	'KAS',
	'KSM',
	'LDO',
	'LUNA',
	'MANA',
	'MKR',
	'NEAR',
	'OP',
	'PAXG',
	'PEPE',
	'PYUSD',
	'QNT',
	'RENDER',
	'RNDR',
	'RUNE',
	'SAND',
	'SEI',
	'STX',
	'SUI',
	'SUSHI',
	'THETA',
	'TIA',
	'UNI',
	'USDD',
	'USDP',
	'VET',
	'WBTC',
	'WLD',
	'XAUT',
	'XTZ',
	'ZEC',
]);

/**
 * Crypto amounts are limited to 8 decimals for every coin (satoshi precision), ETH included: more digits
 * rarely survive the JSON-number round trip anyway, and one rule is easier to explain.
 */
export const CRYPTO_DECIMALS = 8;

/** Decimal places OMNO can be sent for this (already normalised) currency code. */
export function currencyDecimals(currency: string): number {
	if (ZERO_DECIMALS.has(currency)) return 0;
	if (THREE_DECIMALS.has(currency)) return 3;
	if (KNOWN_CRYPTO.has(currency) || currency.length !== 3) return CRYPTO_DECIMALS;
	return 2;
}

/** A 3-letter ISO 4217 code or a known crypto code (KNOWN_CRYPTO); returned upper-case. */
export function assertCurrency(value: unknown, field: string, label: string): string {
	const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	const shown = String(value).slice(0, 20);
	if (!/^[A-Z0-9]{3,10}$/.test(text) || !/[A-Z]/.test(text)) {
		throw new InvalidInputError(
			field,
			label,
			`must be a currency code such as EUR, USD or BTC (3–10 letters or digits), got "${shown}"`,
		);
	}
	if (!/^[A-Z]{3}$/.test(text) && !KNOWN_CRYPTO.has(text)) {
		throw new InvalidInputError(
			field,
			label,
			`must be a three-letter ISO 4217 code (EUR, USD, …) or a known crypto code (BTC, USDT, …), got "${shown}" — check for a typo`,
		);
	}
	return text;
}
