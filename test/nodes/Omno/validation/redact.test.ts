import {
	isSecurityCodeKey,
	maskCardNumbersInText,
	redact,
	redactText,
} from '../../../../nodes/Omno/validation/redact';

// Luhn-valid test numbers of every length the card networks use.
const AMEX = '378282246310005'; // 15
const DINERS = '30569309025904'; // 14
const VISA = '4242424242424242'; // 16
const VISA_19 = '4000000000000000006'; // 19 (Luhn-valid)
const TWELVE = '500000000009'; // 12, Luhn-valid

describe('maskCardNumbersInText', () => {
	it.each([
		[`Card ${AMEX} declined by issuer`, 'Card ***********0005 declined by issuer'],
		[`diners ${DINERS}`, 'diners **********5904'],
		[VISA, '************4242'],
		[VISA_19, '***************0006'],
		[TWELVE, '********0009'],
		// Separators of any kind stay where they were; the digits do not.
		['4242 4242 4242 4242', '**** **** **** 4242'],
		['4242-4242-4242-4242', '****-****-****-4242'],
		['4242.4242.4242.4242', '****.****.****.4242'],
		['4242_4242_4242_4242', '****_****_****_4242'],
		['4242/4242/4242/4242', '****/****/****/4242'],
		['4242\u00a04242\u00a04242\u00a04242', '****\u00a0****\u00a0****\u00a04242'],
		['4242\t4242\n4242  4242', '****\t****\n****  4242'],
		['3782 822463 10005', '**** ****** *0005'],
		// A short last group (found by the long fuzz run).
		['3056 9309 0259 04', '**** **** **59 04'],
		['4000 0000 0000 0000 006', '**** **** **** ***0 006'],
		// Glued to letters.
		[`card${VISA}`, 'card************4242'],
		[`pan_${VISA}_x`, 'pan_************4242_x'],
		[`${VISA}exp`, '************4242exp'],
		// Followed by an expiry date: the card number inside the longer run is still found.
		[`${VISA} 12/27`, '************4242 12/27'],
		['Paid with 4242 4242 4242 4242 on 2026-12-02', 'Paid with **** **** **** 4242 on 2026-12-02'],
	])('%j → %j', (text, masked) => {
		expect(maskCardNumbersInText(text)).toBe(masked);
	});

	it.each([
		// Numeric orderIds and references that are not Luhn-valid are left alone: masking them would hide the row.
		'Order 1234567890123456 already exists',
		'orderId 100000000001',
		'42424242424242424242424', // one unbroken run longer than 19 digits: a reference, not a card
		'amount 10.50 EUR',
		'2026-12-02T01:02:03Z',
		'phone 1 1234567890',
		'12345678901', // 11 digits
	])('leaves %j as it is', (text) => {
		expect(maskCardNumbersInText(text)).toBe(text);
	});

	it('never masks a UUID, even one whose digit groups would pass the Luhn check (found by the e2e)', () => {
		// "12345678-1236" and "52345678-1234-4237" are Luhn-valid runs of 12 and 16 digits.
		const ids = ['12345678-1236-431f-a9b2-812e6c673e0f', '52345678-1234-4237-8234-123456789012'];
		for (const id of ids) {
			expect(maskCardNumbersInText(id)).toBe(id);
			expect(maskCardNumbersInText(`Payout ${id} cannot be confirmed`)).toBe(
				`Payout ${id} cannot be confirmed`,
			);
		}
		expect(redact({ id: ids[0], delivery: { id: ids[1] } })).toEqual({
			id: ids[0],
			delivery: { id: ids[1] },
		});
	});

	it('groups of other sizes are not a written card number', () => {
		// 8-4 and 2-digit groups: dates, ids, amounts.
		expect(maskCardNumbersInText('12345678-1236')).toBe('12345678-1236');
		expect(maskCardNumbersInText('20261202 1230 ok')).toBe('20261202 1230 ok');
		expect(maskCardNumbersInText('4242424242424242-12-27')).toBe('************4242-12-27');
	});

	it('keeps at most the last four digits (PCI DSS allows first six and last four)', () => {
		const masked = maskCardNumbersInText(`x ${VISA} y`);
		expect(masked.replace(/\D/g, '')).toBe('4242');
	});
});

describe('isSecurityCodeKey', () => {
	it.each([
		'cvv',
		'CVV',
		'cvv2',
		'CVV2',
		'cvc',
		'cvc2',
		'csc',
		'cvn',
		'securityCode',
		'security_code',
		'SecurityCode',
		'cardSecurityCode',
		'card_security_code',
		'cardVerification',
		'cardVerificationValue',
		'card_verification_code',
		'cvvCode',
		'cardCvv',
		'card-cvc',
	])('%s is a security code', (key) => expect(isSecurityCodeKey(key)).toBe(true));

	it.each(['cardNumber', 'status', 'currency', 'orderId', 'cardMask', 'code', 'country'])(
		'%s is not',
		(key) => expect(isSecurityCodeKey(key)).toBe(false),
	);
});

describe('redactText', () => {
	it.each([
		['CVV 123 does not match', 'CVV *** does not match'],
		['cvc=1234', 'cvc=***'],
		['{"cvv":"123","cardNumber":"4242424242424242"}', '{"cvv":"***","cardNumber":"************4242"}'],
		['security code: 987', 'security code: ***'],
	])('%j → %j', (text, masked) => expect(redactText(text)).toBe(masked));
});

describe('redact', () => {
	it('masks card numbers under any key and in any JSON type, and hides security codes under any key', () => {
		const input = {
			cardNumber: VISA,
			pan: Number(VISA),
			nested: { deeper: [{ number: `card ${AMEX}` }, 4242424242424242] },
			cvv: '123',
			CVC2: 123,
			securityCode: '0042',
			cardData: { security_code: 999, cardholderName: 'Jane Doe' },
			[`note ${VISA}`]: 'key too',
			orderId: '1234567890123456',
			amount: 100.5,
			status: 'SUCCESS',
		};

		const output = redact(input);

		expect(output).toEqual({
			cardNumber: '************4242',
			pan: '************4242',
			nested: { deeper: [{ number: 'card ***********0005' }, '************4242'] },
			cvv: '***',
			CVC2: '***',
			securityCode: '***',
			cardData: { security_code: '***', cardholderName: 'Jane Doe' },
			'note ************4242': 'key too',
			orderId: '1234567890123456',
			amount: 100.5,
			status: 'SUCCESS',
		});
		// The input is not changed.
		expect(input.cvv).toBe('123');
	});

	it('keeps prototype keys as plain data, never as a prototype', () => {
		const input = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;

		const output = redact(input) as Record<string, unknown>;

		expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
		expect((output as { polluted?: boolean }).polluted).toBeUndefined();
		expect(Object.keys(output)).toEqual(['__proto__', 'a']);
	});

	it('passes other values through', () => {
		expect(redact(null)).toBeNull();
		expect(redact(undefined)).toBeUndefined();
		expect(redact(true)).toBe(true);
		expect(redact(1e21)).toBe(1e21);
		expect(redact(0.5)).toBe(0.5);
	});
});
