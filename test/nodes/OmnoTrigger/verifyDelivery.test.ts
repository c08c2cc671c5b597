import { secretsEqual, toDeliveryAuth, verifyDelivery } from '../../../nodes/OmnoTrigger/verifyDelivery';
import { basicAuth } from '../../helpers/webhookFunctions';

const header = { authType: 'header', headerName: 'X-Omno-Secret', headerSecret: 'right-secret' } as const;
const basic = { authType: 'basic', user: 'omno', password: 'p@ss:word' } as const;
const query = { authType: 'query', queryName: 'token', querySecret: 'q-secret' } as const;
const req = (headers: Record<string, string | string[]> = {}, q: Record<string, unknown> = {}) => ({
	headers,
	query: q,
});

describe('secretsEqual', () => {
	it.each([
		['same', 'same', true],
		['same', 'Same', false],
		['short', 'a much longer secret', false],
		['', '', true],
		['ü-unicode', 'ü-unicode', true],
	])('%j vs %j → %s, never throwing on different lengths', (a, b, expected) => {
		expect(secretsEqual(a, b)).toBe(expected);
	});
});

describe('verifyDelivery: header', () => {
	it('accepts the right value (header names are matched lower-cased, as Node delivers them)', () => {
		expect(verifyDelivery(header, req({ 'x-omno-secret': 'right-secret' }))).toEqual({ ok: true });
	});

	it('refuses a wrong value of the same length', () => {
		expect(verifyDelivery(header, req({ 'x-omno-secret': 'wrong-secret' }))).toEqual({
			ok: false,
			reason: 'header x-omno-secret has the wrong value',
		});
	});

	it('refuses a value of another length', () => {
		expect(verifyDelivery(header, req({ 'x-omno-secret': 'right-secret-and-more' })).ok).toBe(false);
	});

	it('refuses a missing header', () => {
		expect(verifyDelivery(header, req({ authorization: 'right-secret' }))).toEqual({
			ok: false,
			reason: 'header x-omno-secret is missing',
		});
	});

	it('refuses a repeated header even if one copy is right', () => {
		expect(verifyDelivery(header, req({ 'x-omno-secret': ['right-secret', 'x'] })).ok).toBe(false);
	});

	it('fails closed when the credential has no value (an empty header must not match an empty secret)', () => {
		const result = verifyDelivery({ ...header, headerSecret: '' }, req({ 'x-omno-secret': '' }));
		expect(result.ok).toBe(false);
	});

	it('never puts the secret or the received value in the reason', () => {
		const result = verifyDelivery(header, req({ 'x-omno-secret': 'attacker-guess' }));
		expect(JSON.stringify(result)).not.toMatch(/right-secret|attacker-guess/);
	});
});

describe('verifyDelivery: basic', () => {
	it('accepts the right user and password (password may contain ":")', () => {
		expect(verifyDelivery(basic, req({ authorization: basicAuth('omno', 'p@ss:word') }))).toEqual({
			ok: true,
		});
	});

	it('accepts a lower-case scheme', () => {
		const value = basicAuth('omno', 'p@ss:word').replace('Basic', 'basic');
		expect(verifyDelivery(basic, req({ authorization: value })).ok).toBe(true);
	});

	it.each([
		['wrong password', basicAuth('omno', 'p@ss:wore')],
		['wrong user', basicAuth('omn0', 'p@ss:word')],
		['longer password', basicAuth('omno', 'p@ss:word-longer')],
		['not Basic', 'Bearer abc'],
		['no colon', `Basic ${Buffer.from('omno').toString('base64')}`],
	])('refuses %s', (_, authorization) => {
		expect(verifyDelivery(basic, req({ authorization })).ok).toBe(false);
	});

	it('refuses a missing Authorization header', () => {
		expect(verifyDelivery(basic, req())).toEqual({
			ok: false,
			reason: 'Basic authorization header is missing',
		});
	});

	it('fails closed when the credential has an empty password', () => {
		expect(verifyDelivery({ ...basic, password: '' }, req({ authorization: basicAuth('omno', '') })).ok).toBe(
			false,
		);
	});
});

describe('verifyDelivery: query', () => {
	it('accepts the right token', () => {
		expect(verifyDelivery(query, req({}, { token: 'q-secret' }))).toEqual({ ok: true });
	});

	it.each([
		['wrong', { token: 'q-secreT' }],
		['wrong length', { token: 'q' }],
		['missing', { other: 'q-secret' }],
		['repeated', { token: ['q-secret', 'q-secret'] }],
	])('refuses a %s token', (_, q) => {
		expect(verifyDelivery(query, req({}, q)).ok).toBe(false);
	});

	it('fails closed when the credential has an empty value', () => {
		expect(verifyDelivery({ ...query, querySecret: '' }, req({}, { token: '' })).ok).toBe(false);
	});
});

describe('toDeliveryAuth', () => {
	it('reads each method from the decrypted credential', () => {
		expect(toDeliveryAuth({ authType: 'header', headerName: 'X-A', headerSecret: 's' })).toEqual({
			authType: 'header',
			headerName: 'X-A',
			headerSecret: 's',
		});
		expect(toDeliveryAuth({ authType: 'basic', user: 'u', password: 'p' })).toEqual({
			authType: 'basic',
			user: 'u',
			password: 'p',
		});
		expect(toDeliveryAuth({ authType: 'query', querySecret: 'v' })).toEqual({
			authType: 'query',
			queryName: 'token',
			querySecret: 'v',
		});
	});

	it('an unknown method is refused, not treated as another one', () => {
		const auth = toDeliveryAuth({ authType: 'hmac', headerSecret: 's' });
		expect(verifyDelivery(auth, req({ authorization: 's' })).ok).toBe(false);
	});
});
