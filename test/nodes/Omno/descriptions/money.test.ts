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
});
