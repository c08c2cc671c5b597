import { assertPhone } from '../../../../nodes/Omno/validation/phone';

describe('assertPhone', () => {
	it.each([
		['1 1234567890', '1 1234567890'],
		['+49 30 1234567', '+49 30 1234567'],
		[' 555-123-4567 ', '555-123-4567'],
		[4930123456, '4930123456'],
	])('accepts %j', (value, expected) =>
		expect(assertPhone(value, 'phoneNumber', 'Phone Number')).toBe(expected),
	);

	it.each([
		['', 'is empty'],
		['(555) 123-4567', 'must be a phone number'],
		['call me', 'must be a phone number'],
		['1234', 'must be a phone number'],
		['49+123456', 'must be a phone number'],
		['123456789012345678901', 'must be a phone number'],
	])('refuses %j', (value, problem) => {
		expect(() => assertPhone(value, 'phoneNumber', 'Phone Number')).toThrow(
			`Phone Number (phoneNumber) ${problem}`,
		);
	});
});
