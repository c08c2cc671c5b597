import { assertIp } from '../../../../nodes/Omno/validation/ip';

describe('assertIp', () => {
	it.each([
		'203.0.113.7',
		'0.0.0.0',
		'255.255.255.255',
		'::1',
		'::',
		'2001:db8::1',
		'fe80::1:2:3:4',
		'2001:0db8:85a3:0000:0000:8a2e:0370:7334',
		'::ffff:192.0.2.1',
		'1:2:3:4:5:6:7::',
	])('accepts %s', (value) => expect(assertIp(` ${value} `, 'customerIp', 'Customer IP')).toBe(value));

	it.each([
		['', 'is empty'],
		['256.1.1.1', 'must be an IPv4 or IPv6'],
		['1.2.3', 'must be an IPv4 or IPv6'],
		['01.2.3.4', 'must be an IPv4 or IPv6'],
		['1.2.3.4:80', 'must be an IPv4 or IPv6'],
		['2001:db8::1::2', 'must be an IPv4 or IPv6'],
		['1:2:3:4:5:6:7', 'must be an IPv4 or IPv6'],
		['1:2:3:4:5:6:7:8:9', 'must be an IPv4 or IPv6'],
		['12345::', 'must be an IPv4 or IPv6'],
		['localhost', 'must be an IPv4 or IPv6'],
	])('refuses %j', (value, problem) => {
		expect(() => assertIp(value, 'customerIp', 'Customer IP')).toThrow(`Customer IP (customerIp) ${problem}`);
	});
});
