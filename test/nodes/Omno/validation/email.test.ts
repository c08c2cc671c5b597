import { assertEmail } from '../../../../nodes/Omno/validation/email';

describe('assertEmail', () => {
	it.each([
		['jane@example.com', 'jane@example.com'],
		[' j.doe+shop@mail.example.co.uk ', 'j.doe+shop@mail.example.co.uk'],
	])('accepts %j', (value, expected) => expect(assertEmail(value, 'email', 'Email')).toBe(expected));

	it.each([
		['', 'is empty'],
		[undefined, 'is empty'],
		['jane', 'must be an e-mail address'],
		['jane@example', 'must be an e-mail address'],
		['jane @example.com', 'must be an e-mail address'],
		['jane@@example.com', 'must be an e-mail address'],
		['@example.com', 'must be an e-mail address'],
		['jane@example..com', 'must be an e-mail address'],
		[`${'a'.repeat(250)}@example.com`, 'must be an e-mail address'],
	])('refuses %j', (value, problem) => {
		expect(() => assertEmail(value, 'email', 'Email')).toThrow(`Email (email) ${problem}`);
	});
});
