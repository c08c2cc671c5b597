import nock from 'nock';

import { BROWSER_DEFAULTS } from '../../../../nodes/Omno/descriptions/browser';
import { assertId } from '../../../../nodes/Omno/validation';
import { runNodeError } from '../../../helpers/omno';

const YEAR = String(new Date().getUTCFullYear() + 3);

describe('assertId', () => {
	it.each(['pi-1', 'a+b', '7f9c2a1e-0b1d-4c7e-9a55-3b1d9e70aa01', '%2e%2e', '...', '.a'])(
		'accepts %j',
		(id) => {
			expect(assertId(id, 'payoutId', 'Payout ID')).toBe(id);
		},
	);

	it.each([
		['.', 'Payout ID (payoutId) must not be "." or ".." (got ".")'],
		['..', 'Payout ID (payoutId) must not be "." or ".." (got "..")'],
		[' .. ', 'Payout ID (payoutId) must not be "." or ".." (got "..")'],
		[
			'a/b',
			'Payout ID (payoutId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a/b")',
		],
		[
			'a\\b',
			'Payout ID (payoutId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a\\\\b")',
		],
		[
			'a\u0000b',
			'Payout ID (payoutId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a\\u0000b")',
		],
		['', 'Payout ID (payoutId) is empty'],
	])('refuses %j', (id, message) => {
		expect(() => assertId(id, 'payoutId', 'Payout ID')).toThrow(message);
	});
});

// Dot segments change the URL: "/public/payout/../confirm" is "/public/confirm". No request may leave.
describe('dot ids never reach OMNO', () => {
	it.each([
		[
			{ resource: 'payout', operation: 'confirm', payoutId: '..' },
			'Payout ID (payoutId) must not be "." or ".." (got "..")',
		],
		[
			{ resource: 'payout', operation: 'reject', payoutId: '.' },
			'Payout ID (payoutId) must not be "." or ".." (got ".")',
		],
		[
			{ resource: 'payout', operation: 'get', payoutId: '..' },
			'Payout ID (payoutId) must not be "." or ".." (got "..")',
		],
		[
			{ resource: 'payIn', operation: 'get', payInId: '.' },
			'Pay-In ID (payInId) must not be "." or ".." (got ".")',
		],
		[
			{ resource: 'transaction', operation: 'get', transactionId: '..' },
			'Transaction ID (transactionId) must not be "." or ".." (got "..")',
		],
		[
			{
				resource: 'payIn',
				operation: 'processCard',
				payInId: '..',
				cardNumber: '4242424242424242',
				expirationMonth: '7',
				expirationYear: YEAR,
				cvv: '123',
				cardholderName: 'Jane Doe',
				saveCard: false,
				customerIp: '203.0.113.7',
				browser: { ...BROWSER_DEFAULTS },
			},
			'Pay-In ID (payInId) must not be "." or ".." (got "..")',
		],
	])(
		'%j → an error naming the field and row 1 by the id given, nothing sent',
		async (parameters, message) => {
			// No mock at all: any request would fail with a network error instead of this message.
			const error = await runNodeError(parameters);
			const [idField, id] = Object.entries(parameters).find(([key]) => /Id$/.test(key)) as [string, string];

			expect(error.constructor.name).toBe('NodeOperationError');
			expect(error.message).toBe(`Row 2 (${idField} ${id}): ${message}`);
			expect(nock.pendingMocks()).toEqual([]);
		},
	);
});
