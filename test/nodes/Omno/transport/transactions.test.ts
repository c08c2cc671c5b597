import nock from 'nock';

import {
	OMNO_PATHS,
	fetchTransaction,
	isApiNotFound,
	segment,
} from '../../../../nodes/Omno/transport/transactions';
import { SSO, TOKEN_PATH, makeContext, mockToken, omnoApi, useRetryPolicy } from '../../../helpers/omno';

useRetryPolicy();

async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return error as Error & { httpCode?: string; description?: string; context: Record<string, unknown> };
	}
	throw new Error('expected a failure');
}

const payIn = { id: 'pi-1', status: 'SUCCESS', amount: 10, currency: 'EUR' };
const payout = { id: 'po-1', status: 'PENDING', amount: 20, currency: 'USD' };

describe('OMNO_PATHS', () => {
	it('writes each path once, with the id encoded as one segment', () => {
		expect(OMNO_PATHS.create('payIn')).toBe('/public/payin');
		expect(OMNO_PATHS.create('payout')).toBe('/public/payout');
		expect(OMNO_PATHS.transaction('payIn', 'a%b')).toBe('/public/payin/a%25b');
		expect(OMNO_PATHS.transaction('payout', 'po-1')).toBe('/public/payout/po-1');
		expect(OMNO_PATHS.payoutDecision('po:1', 'confirm')).toBe('/public/payout/po%3A1/confirm');
		expect(OMNO_PATHS.payoutDecision('po-1', 'reject')).toBe('/public/payout/po-1/reject');
		expect(OMNO_PATHS.payInProcess('pi-1', 'card')).toBe('/public/payin/pi-1/process/card');
		expect(OMNO_PATHS.payInProcess('pi-1', 'saved-card')).toBe('/public/payin/pi-1/process/saved-card');
		expect(OMNO_PATHS.processDirectLink('payIn', 'pi-1')).toBe('/public/payin/pi-1/process/direct-link');
		expect(OMNO_PATHS.processDirectLink('payout', 'po-1')).toBe('/public/payout/po-1/process/direct-link');
		expect(OMNO_PATHS.cashierSession).toBe('/public/cashier/session');
		expect(OMNO_PATHS.cashierBalance('s-1')).toBe('/public/cashier/session/s-1/balance');
		// "%2e%2e" is encoded to "%252e%252e": it stays an ordinary segment.
		expect(segment('%2e%2e')).toBe('%252e%252e');
	});

	it.each([
		['.', 'ID (id) must not be "." or ".." (got ".")'],
		['..', 'ID (id) must not be "." or ".." (got "..")'],
		['', 'ID (id) is empty'],
		['a/b', 'ID (id) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a/b")'],
		['a\\b', 'ID (id) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a\\\\b")'],
		['a\nb', 'ID (id) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a\\nb")'],
		[
			'a\u0000b',
			'ID (id) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "a\\u0000b")',
		],
	])('refuses %j as a path segment', (id, message) => {
		expect(() => OMNO_PATHS.transaction('payIn', id)).toThrow(message);
		expect(() => OMNO_PATHS.payoutDecision(id, 'confirm')).toThrow(message);
		expect(() => OMNO_PATHS.payInProcess(id, 'card')).toThrow(message);
		expect(() => OMNO_PATHS.processDirectLink('payout', id)).toThrow(message);
		expect(() => OMNO_PATHS.cashierBalance(id)).toThrow(message);
	});
});

describe('fetchTransaction', () => {
	const context = () => makeContext({});

	it('"payIn" fetches the pay-in only', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, payIn);

		await expect(fetchTransaction(context(), 'pi-1', 'payIn', 0)).resolves.toEqual({
			transaction: payIn,
			transactionType: 'payIn',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('"auto" asks for the pay-in first, then the payout after a 404', async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/po-1')
			.reply(404, { message: 'not found' })
			.get('/public/payout/po-1')
			.reply(200, payout);

		await expect(fetchTransaction(context(), 'po-1', 'auto', 0)).resolves.toEqual({
			transaction: payout,
			transactionType: 'payout',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('"auto" with payout first asks for the payout first', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, payout);

		await expect(fetchTransaction(context(), 'po-1', 'auto', 0, 'payout')).resolves.toMatchObject({
			transactionType: 'payout',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('"auto": both 404 → a 404 NodeApiError naming both requests and the item', async () => {
		mockToken();
		omnoApi().get('/public/payin/x%3A1').reply(404, {}).get('/public/payout/x%3A1').reply(404, {});

		const error = await failure(fetchTransaction(context(), 'x:1', 'auto', 3));

		expect(error.message).toBe(
			'OMNO has neither a pay-in nor a payout with ID "x:1" (GET /public/payin/x%3A1 and GET /public/payout/x%3A1 both answered 404)',
		);
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(3);
		expect(isApiNotFound(error)).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a 404 for a single type is thrown as OMNO said it', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-9').reply(404, { message: 'Payout not found' });

		const error = await failure(fetchTransaction(context(), 'po-9', 'payout', 0));

		expect(error.message).toBe('OMNO answered 404 to GET /public/payout/po-9: Payout not found');
		expect(isApiNotFound(error)).toBe(true);
	});

	it('a 500 is not a "no": thrown, and the payout endpoint is never asked', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').times(3).reply(500, { message: 'internal' });

		const error = await failure(fetchTransaction(context(), 'pi-1', 'auto', 0));

		expect(error.message).toBe('OMNO answered 500 to GET /public/payin/pi-1: internal');
		expect(isApiNotFound(error)).toBe(false);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a 404 from the token endpoint is a token failure, not "not this type": nothing reaches the API', async () => {
		nock(SSO).post(TOKEN_PATH).reply(404, 'Not Found');

		const error = await failure(fetchTransaction(context(), 'pi-1', 'auto', 0));

		expect(error.message).toMatch(/^OMNO token request failed \(404\)/);
		expect(isApiNotFound(error)).toBe(false);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('accepts a numeric id equal to the one asked for', async () => {
		mockToken();
		omnoApi().get('/public/payin/123').reply(200, { id: 123, status: 'SUCCESS' });

		await expect(fetchTransaction(context(), '123', 'payIn', 0)).resolves.toEqual({
			transaction: { id: 123, status: 'SUCCESS' },
			transactionType: 'payIn',
		});
	});

	it.each([
		[
			'another id',
			{ id: 'pi-2', status: 'SUCCESS' },
			'OMNO answered GET /public/payin/pi-1 with another transaction (id "pi-2"), not "pi-1"',
		],
		[
			'no id',
			{ status: 'SUCCESS' },
			'OMNO answered GET /public/payin/pi-1 with an object without an id, not a transaction with id "pi-1"',
		],
		[
			'an empty body',
			'',
			'OMNO answered GET /public/payin/pi-1 with an object without an id, not a transaction with id "pi-1"',
		],
		// The transport reads a null 2xx body as {} (a create answered `null` must not crash).
		[
			'JSON null',
			'null',
			'OMNO answered GET /public/payin/pi-1 with an object without an id, not a transaction with id "pi-1"',
		],
		['a list', [payIn], 'OMNO answered GET /public/payin/pi-1 with a list, not a transaction with id "pi-1"'],
		[
			'HTML',
			'<html><body>Login</body></html>',
			'OMNO answered GET /public/payin/pi-1 with text that is not JSON, not a transaction with id "pi-1"',
		],
	])('an answer with %s is not the transaction: refused, not used', async (_, body, message) => {
		mockToken();
		omnoApi()
			.get('/public/payin/pi-1')
			.reply(
				200,
				body as never,
				typeof body === 'string'
					? { 'content-type': body.startsWith('<') ? 'text/html' : 'application/json' }
					: undefined,
			);

		const error = await failure(fetchTransaction(context(), 'pi-1', 'auto', 2));

		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(2);
		expect(isApiNotFound(error)).toBe(false);
		// Not a 404, so "auto" does not go on to the payout endpoint with it.
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each(['.', '..', 'a/b', ''])('refuses the id %j before anything is sent', async (id) => {
		const error = await failure(fetchTransaction(context(), id, 'auto', 0));

		expect(error.name).toBe('InvalidInputError');
	});
});
