import { buildMoney, payoutValueField } from '../../../../nodes/Omno/descriptions/money';
import { assertOrderId, readOrderId } from '../../../../nodes/Omno/descriptions/orderId';
import { makeContext } from '../../../helpers/omno';

describe('buildMoney', () => {
	it('reads amount and currency for pay-ins', () => {
		expect(buildMoney(makeContext({ amount: '10.50', currency: 'eur' }), 0)).toEqual({
			amount: 10.5,
			currency: 'EUR',
		});
	});

	it('reads "value" for payouts', () => {
		expect(buildMoney(makeContext({ value: '1000', currency: 'JPY' }), 0, 'value')).toEqual({
			value: 1000,
			currency: 'JPY',
		});
	});

	it("checks the amount against the currency's decimals", () => {
		expect(() => buildMoney(makeContext({ value: '10.5', currency: 'JPY' }), 0, 'value')).toThrow(
			'Amount (value) must be a whole number for JPY',
		);
	});

	it('checks the currency first', () => {
		expect(() => buildMoney(makeContext({ amount: '10', currency: '' }), 0)).toThrow(
			'Currency (currency) is empty',
		);
	});

	it('payout field is named value but shown as Amount', () => {
		expect(payoutValueField()).toMatchObject({
			name: 'value',
			displayName: 'Amount',
			type: 'string',
			required: true,
		});
	});
});

describe('orderId', () => {
	it('trims and returns it', () => {
		expect(readOrderId(makeContext({ orderId: ' inv-1 ' }), 0)).toBe('inv-1');
		expect(assertOrderId(12345)).toBe('12345');
	});
	it.each([
		['', 'Order ID (orderId) is empty'],
		['x'.repeat(129), 'Order ID (orderId) is 129 characters long; at most 128'],
	])('refuses %j', (value, message) => expect(() => assertOrderId(value)).toThrow(message));
	it('accepts 128 characters', () => expect(assertOrderId('x'.repeat(128))).toHaveLength(128));
	it.each(['4242424242424242', 'INV-378282246310005', 'po 4242 4242 4242 4242'])(
		'refuses %j: it reads as a card number, so outputs would show it masked and nothing could match it again',
		(orderId) => {
			expect(() => assertOrderId(orderId)).toThrow(
				/^Order ID \(orderId\) reads as a card number .*Nothing was sent/,
			);
			expect(() => assertOrderId(orderId)).toThrow(/4242"|0005"/);
		},
	);
	it.each(['1234567890123456', 'INV-2026-000123', '20261207123456789012', 'PO-0137'])(
		'accepts %j: no run of 12–19 digits that passes the card checksum',
		(orderId) => expect(assertOrderId(orderId)).toBe(orderId),
	);
});
