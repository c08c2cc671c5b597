import {
	decimalText,
	differences,
	fieldText,
	sameAmount,
	sameCurrency,
} from '../../../../nodes/Omno/validation/compare';

describe('decimalText', () => {
	it.each([
		[125, '125'],
		['125', '125'],
		['125.00', '125'],
		[' 125.50 ', '125.5'],
		['007.10', '7.1'],
		['000', '0'],
		['0.0', '0'],
		[0, '0'],
		[0.1, '0.1'],
		[19.99, '19.99'],
		// Numbers JavaScript prints with an exponent are written out digit by digit, never through arithmetic.
		[1e21, '1000000000000000000000'],
		[1e-7, '0.0000001'],
		[1.5e-10, '0.00000000015'],
		['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
	])('%j → %j', (value, expected) => {
		expect(decimalText(value)).toBe(expected);
	});

	it.each([
		['12,50'],
		['.5'],
		['5.'],
		['-1'],
		['+5'],
		['1e3'],
		['1 000'],
		['0x10'],
		['١٢'],
		[''],
		['   '],
		[-1],
		[Number.NaN],
		[Number.POSITIVE_INFINITY],
		[null],
		[undefined],
		[true],
		[{}],
		[['1']],
	])('%j is not a plain decimal → undefined', (value) => {
		expect(decimalText(value)).toBeUndefined();
	});
});

describe('fieldText', () => {
	it.each([
		[' SUCCESS ', 'SUCCESS'],
		['order-1', 'order-1'],
		['', null],
		['   ', null],
		[125.5, '125.5'],
		[5e-7, '0.0000005'],
		[1e21, '1000000000000000000000'],
		[-3, '-3'],
		[Number.NaN, null],
		[Number.POSITIVE_INFINITY, null],
		[null, null],
		[undefined, null],
		[true, null],
		[{ value: 1 }, null],
	])('%p → %p', (value, expected) => {
		expect(fieldText(value)).toBe(expected);
	});
});

describe('sameAmount', () => {
	it.each([
		[125, '125.00'],
		['125.00', 125],
		['125.5', '125.50'],
		['0.10', 0.1],
		['007', '7.000'],
		[' 80 ', '80.0'],
	])('%j = %j', (a, b) => {
		expect(sameAmount(a, b)).toBe(true);
		expect(sameAmount(b, a)).toBe(true);
	});

	it.each([
		[12500, '125.00'],
		['125.01', '125'],
		['0.1', '0.01'],
		['100', '10'],
		// Past what a float holds: equal as numbers, different as decimals.
		['0.30000000000000001', '0.3'],
		['9007199254740993', '9007199254740992'],
	])('%j ≠ %j', (a, b) => {
		expect(sameAmount(a, b)).toBe(false);
		expect(sameAmount(b, a)).toBe(false);
	});

	it('is never "probably equal": unreadable on either side (even both) is false', () => {
		expect(sameAmount(undefined, undefined)).toBe(false);
		expect(sameAmount(null, null)).toBe(false);
		expect(sameAmount('12,50', '12,50')).toBe(false);
		expect(sameAmount('', '')).toBe(false);
		expect(sameAmount('125', undefined)).toBe(false);
		expect(sameAmount(undefined, '125')).toBe(false);
		expect(sameAmount(-5, -5)).toBe(false);
	});
});

describe('sameCurrency', () => {
	it.each([
		['EUR', 'EUR'],
		['eur', 'EUR'],
		[' Eur ', 'eUR'],
	])('%j = %j', (a, b) => {
		expect(sameCurrency(a, b)).toBe(true);
		expect(sameCurrency(b, a)).toBe(true);
	});

	it.each([
		['EUR', 'USD'],
		['EUR', 'EURO'],
		['', ''],
		['  ', '  '],
		['EUR', undefined],
		[undefined, 'EUR'],
		[undefined, undefined],
		[null, null],
		['EUR', 978],
	])('%j ≠ %j', (a, b) => {
		expect(sameCurrency(a, b)).toBe(false);
	});
});

describe('differences', () => {
	const omno = {
		id: 'po-1',
		orderId: 'rr-1',
		amount: 12500,
		currency: 'EUR',
		status: 'WAITING_FOR_CONFIRMATION',
	};

	it('names each differing field as "field: OMNO x, expected y", in orderId, amount, currency order', () => {
		expect(differences({ orderId: 'rr-2', amount: '125.00', currency: 'usd' }, omno)).toEqual([
			'orderId: OMNO rr-1, expected rr-2',
			'amount: OMNO 12500, expected 125.00',
			'currency: OMNO EUR, expected usd',
		]);
	});

	it('is empty when every given value matches as a decimal and case-insensitively', () => {
		expect(
			differences(
				{ orderId: 'rr-1', amount: '12500.00', currency: 'eur' },
				{ orderId: 'rr-1', amount: '12500', currency: 'EUR' },
			),
		).toEqual([]);
		expect(differences({ amount: '125' }, { amount: 125.0 })).toEqual([]);
	});

	it('compares only the values given', () => {
		expect(differences({}, omno)).toEqual([]);
		expect(differences({ currency: 'EUR' }, omno)).toEqual([]);
		expect(differences({ amount: '125' }, omno)).toEqual(['amount: OMNO 12500, expected 125']);
		expect(differences({ orderId: 'rr-1' }, { ...omno, amount: 1 })).toEqual([]);
	});

	it('orderId is compared exactly (case and surrounding text matter)', () => {
		expect(differences({ orderId: 'RR-1' }, omno)).toEqual(['orderId: OMNO rr-1, expected RR-1']);
		expect(differences({ orderId: 'rr-1' }, { orderId: 'rr-10' })).toEqual([
			'orderId: OMNO rr-10, expected rr-1',
		]);
	});

	it('reads the amount from `value` when OMNO has no `amount`; `amount` wins when both are there', () => {
		expect(differences({ amount: '80' }, { value: '80.00' })).toEqual([]);
		expect(differences({ amount: '80' }, { amount: '81', value: '80' })).toEqual([
			'amount: OMNO 81, expected 80',
		]);
	});

	it('a field OMNO does not hold is a difference shown as "nothing", never a match', () => {
		expect(differences({ orderId: 'rr-1', amount: '1', currency: 'EUR' }, {})).toEqual([
			'orderId: OMNO nothing, expected rr-1',
			'amount: OMNO nothing, expected 1',
			'currency: OMNO nothing, expected EUR',
		]);
		expect(differences({ amount: '1', currency: 'EUR' }, { amount: null, currency: '' })).toEqual([
			'amount: OMNO nothing, expected 1',
			'currency: OMNO nothing, expected EUR',
		]);
	});

	it('an unreadable amount in OMNO differs (it is shown as OMNO sent it)', () => {
		expect(differences({ amount: '12.50' }, { amount: '12,50' })).toEqual([
			'amount: OMNO 12,50, expected 12.50',
		]);
	});
});
