import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { RETRY_POLICY, RateGate, omnoApiRequest } from '../../../../nodes/Omno/transport';
import { limiterFor, resetLimiters, type Slot } from '../../../../nodes/Omno/transport/concurrency';
import { SANDBOX } from '../../../helpers/credentials';
import {
	API,
	SSO,
	TOKEN_PATH,
	EXPECTED_TOKEN_BODY,
	makeContext,
	mockToken,
	newCredentials,
	omnoApi,
	visibleText,
	useRetryPolicy,
} from '../../../helpers/omno';

// Same policy, shorter pauses: the counts are what is under test here.
useRetryPolicy({ defaultRetryAfterMs: 5, getRetryDelaysMs: [5, 10] });

async function call(
	method: 'GET' | 'POST' | 'PUT',
	path: string,
	body?: object,
	credentials = newCredentials(),
) {
	const context = makeContext({}, { credentials });
	return await omnoApiRequest.call(context, method, path, { body: body as never, itemIndex: 0 });
}

async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return error as Error & { httpCode: string; description: string; context: Record<string, unknown> };
	}
	throw new Error('expected a failure');
}

describe('token', () => {
	it('requests a token with the form-encoded client credentials, then calls the API with it', async () => {
		mockToken('tok-A');
		omnoApi('tok-A').get('/public/payin/x').reply(200, { id: 'x' });

		await expect(call('GET', '/public/payin/x')).resolves.toEqual({ id: 'x' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('reuses the cached token across executions (one token request for three runs)', async () => {
		const credentials = newCredentials();
		mockToken('tok-A', 1);
		omnoApi('tok-A').get('/public/payin/x').times(3).reply(200, { id: 'x' });

		for (let run = 0; run < 3; run++) await call('GET', '/public/payin/x', undefined, credentials);

		expect(credentials.tokenWrites).toBe(1);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('fetches a new token once after a 401 and repeats the request with it', async () => {
		const credentials = newCredentials();
		mockToken('old');
		omnoApi('old').get('/public/payin/x').reply(200, { id: 'x' });
		await call('GET', '/public/payin/x', undefined, credentials);

		omnoApi('old').get('/public/payin/x').reply(401, { error: 'invalid_token' });
		mockToken('new');
		omnoApi('new').get('/public/payin/x').reply(200, { id: 'x', fresh: true });

		await expect(call('GET', '/public/payin/x', undefined, credentials)).resolves.toEqual({
			id: 'x',
			fresh: true,
		});
		expect((credentials.data.oauthTokenData as { access_token: string }).access_token).toBe('new');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a POST answered 401 is sent again only after the new token (OMNO did not process it)', async () => {
		const credentials = newCredentials({ oauthTokenData: { access_token: 'stale', token_type: 'Bearer' } });
		omnoApi('stale').post('/public/payout', { orderId: 'o-1' }).reply(401, {});
		mockToken('fresh');
		omnoApi('fresh').post('/public/payout', { orderId: 'o-1' }).reply(200, { payoutId: 'p-1' });

		await expect(call('POST', '/public/payout', { orderId: 'o-1' }, credentials)).resolves.toEqual({
			payoutId: 'p-1',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a 401 that persists after the refresh fails with the credential hint, no third token request', async () => {
		const credentials = newCredentials({ oauthTokenData: { access_token: 'a', token_type: 'Bearer' } });
		omnoApi('a').get('/public/payin/x').reply(401, { message: 'Unauthorized' });
		mockToken('b');
		omnoApi('b').get('/public/payin/x').reply(401, { message: 'Unauthorized' });
		const third = mockToken('c');
		const again = omnoApi('c').get('/public/payin/x').reply(200, { id: 'x' });

		const error = await failure(call('GET', '/public/payin/x', undefined, credentials));

		expect(error.message).toBe('OMNO answered 401 to GET /public/payin/x: Unauthorized');
		expect(error.description).toMatch(/Client ID, Client Secret and that the Environment matches/);
		expect(third.isDone()).toBe(false);
		expect(again.isDone()).toBe(false);
	});

	it('a brand-new token refused with 401 fails at once: no second token, the request sent once', async () => {
		mockToken('a');
		const refused = omnoApi('a').get('/public/payin/x').reply(401, { message: 'Unauthorized' });
		const second = mockToken('b');

		const error = await failure(call('GET', '/public/payin/x'));

		expect(error.message).toBe('OMNO answered 401 to GET /public/payin/x: Unauthorized');
		expect(error.context.omno).toEqual(expect.objectContaining({ httpCode: 401, tokenFailure: false }));
		expect(refused.isDone()).toBe(true);
		expect(second.isDone()).toBe(false);
	});

	it("a wrong client secret fails with the token endpoint's words and a hint, and sends no API call", async () => {
		nock(SSO).post(TOKEN_PATH, EXPECTED_TOKEN_BODY).reply(401, {
			error: 'invalid_client',
			error_description: 'Invalid client or Invalid client credentials',
		});
		const api = omnoApi().get('/public/payin/x').reply(200, {});

		const error = await failure(call('GET', '/public/payin/x'));

		expect(error.message).toMatch(/^OMNO token request failed/);
		expect(error.description).toMatch(/token endpoint refused the Client ID or Client Secret/);
		expect(error.description).toMatch(/Environment/);
		expect(api.isDone()).toBe(false);
		expect(visibleText(error)).not.toContain(SANDBOX.clientSecret);
	});
});

describe.each([
	[
		'production',
		'https://api.omno.com',
		'https://sso.omno.com',
		'/realms/omno/protocol/openid-connect/token',
	],
	[
		'sandbox',
		'https://api.omno.dev',
		'https://sso.stagingsseu.com',
		'/realms/sseu/protocol/openid-connect/token',
	],
])('%s environment', (environment, apiBase, ssoBase, tokenPath) => {
	it(`uses ${apiBase} and its token endpoint`, async () => {
		const credentials = newCredentials({ environment, apiBaseUrl: 'ignored', tokenUrl: 'ignored' });
		nock(ssoBase)
			.post(tokenPath, EXPECTED_TOKEN_BODY)
			.reply(200, { access_token: 'env-tok', token_type: 'Bearer', expires_in: 300 });
		nock(apiBase, { reqheaders: { authorization: 'Bearer env-tok' } })
			.get('/public/payout/p')
			.reply(200, { id: 'p' });

		await expect(call('GET', '/public/payout/p', undefined, credentials)).resolves.toEqual({ id: 'p' });
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('errors and retries', () => {
	it.each([
		[
			400,
			{ message: 'customer.email is invalid' },
			'OMNO answered 400 to POST /public/payout: customer.email is invalid',
			/invalid/,
		],
		[
			404,
			{ message: 'Payout p not found' },
			'OMNO answered 404 to POST /public/payout: Payout p not found',
			/no transaction with this ID/,
		],
		[
			409,
			{ message: 'orderId already used' },
			'OMNO answered 409 to POST /public/payout: orderId already used',
			/already has a transaction with this orderId/,
		],
		[
			403,
			{ error_description: 'forbidden scope' },
			'OMNO answered 403 to POST /public/payout: forbidden scope',
			/permissions/,
		],
		[
			422,
			{ error: { message: 'nested words' } },
			'OMNO answered 422 to POST /public/payout: nested words',
			/could not process/,
		],
	])("%i → NodeApiError with OMNO's status, message and a hint", async (status, body, message, hint) => {
		mockToken();
		omnoApi().post('/public/payout').reply(status, body);

		const error = await failure(call('POST', '/public/payout', { orderId: 'o' }));

		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toMatch(hint);
		expect(error.context.omno).toEqual(expect.objectContaining({ httpCode: status, outcome: 'failed' }));
	});

	it('429 is retried after Retry-After, a bounded number of times, then fails with the rate-limit hint', async () => {
		mockToken();
		omnoApi()
			.post('/public/payin')
			.times(RETRY_POLICY.rateLimitRetries + 1)
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '0' });

		const error = await failure(call('POST', '/public/payin', { orderId: 'o' }));

		expect(error.message).toBe('OMNO answered 429 to POST /public/payin: Too many requests');
		expect(error.description).toMatch(/rate limiting/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('429 then 200: the POST is sent again (OMNO did not process it) and succeeds', async () => {
		mockToken();
		omnoApi().post('/public/payin', { orderId: 'o' }).reply(429, {}, { 'Retry-After': '0' });
		omnoApi().post('/public/payin', { orderId: 'o' }).reply(200, { paymentId: 'pi' });

		await expect(call('POST', '/public/payin', { orderId: 'o' })).resolves.toEqual({ paymentId: 'pi' });
	});

	it('GET retries a 5xx with backoff and then succeeds', async () => {
		mockToken();
		omnoApi().get('/public/payin/x').reply(503, { message: 'busy' });
		omnoApi().get('/public/payin/x').reply(500, 'oops');
		omnoApi().get('/public/payin/x').reply(200, { id: 'x' });

		await expect(call('GET', '/public/payin/x')).resolves.toEqual({ id: 'x' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('GET gives up after the bounded retries with the 5xx message', async () => {
		mockToken();
		omnoApi().get('/public/payin/x').times(3).reply(502, { message: 'bad gateway' });

		const error = await failure(call('GET', '/public/payin/x'));

		expect(error.message).toBe('OMNO answered 502 to GET /public/payin/x: bad gateway');
		expect(error.description).toMatch(/internal error and kept failing/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a POST answered 5xx is never sent again: outcome unknown, with a hint to look it up', async () => {
		mockToken();
		const posts = omnoApi().post('/public/payout').reply(500, { message: 'internal' });
		const second = omnoApi().post('/public/payout').reply(200, { payoutId: 'dup' });

		const error = await failure(call('POST', '/public/payout', { orderId: 'o' }));

		expect(posts.isDone()).toBe(true);
		expect(second.isDone()).toBe(false);
		expect(error.context.omno).toEqual(expect.objectContaining({ httpCode: 500, outcome: 'unknown' }));
		expect(error.description).toMatch(/may or may not have been processed/);
	});

	it('a POST whose connection drops is not re-sent and is reported as an unknown outcome', async () => {
		// A real socket that closes without answering: what a crash or a proxy cut looks like.
		let requests = 0;
		const server = createServer((request) => {
			requests++;
			request.socket.destroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			mockToken();
			const credentials = newCredentials({ apiBaseUrl: `http://127.0.0.1:${port}` });

			const error = await failure(call('POST', '/public/payout', { orderId: 'o' }, credentials));

			expect(error.message).toMatch(/^No answer from OMNO to POST \/public\/payout/);
			expect(error.context.omno).toEqual(expect.objectContaining({ outcome: 'unknown' }));
			expect(error.description).toMatch(/was not sent again/);
			expect(requests).toBe(1);
		} finally {
			server.close();
		}
	});

	it('a GET whose connection drops is retried', async () => {
		let requests = 0;
		const server = createServer((request, response) => {
			if (++requests === 1) {
				request.socket.destroy();
				return;
			}
			response.setHeader('content-type', 'application/json');
			response.end('{"id":"x"}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			mockToken();
			const credentials = newCredentials({ apiBaseUrl: `http://127.0.0.1:${port}` });

			await expect(call('GET', '/public/payin/x', undefined, credentials)).resolves.toEqual({ id: 'x' });
			expect(requests).toBe(2);
		} finally {
			server.close();
		}
	});

	it('a PUT answered 5xx is not re-sent either', async () => {
		mockToken();
		omnoApi().put('/public/payout/p/confirm').reply(503, {});
		const second = omnoApi().put('/public/payout/p/confirm').reply(200, {});

		await failure(call('PUT', '/public/payout/p/confirm'));

		expect(second.isDone()).toBe(false);
	});

	it('an empty 2xx body (204) becomes an empty object', async () => {
		mockToken();
		omnoApi().put('/public/cashier/session/s/balance').reply(204);

		await expect(call('PUT', '/public/cashier/session/s/balance', { balance: 1 })).resolves.toEqual({});
	});

	it('a 2xx JSON null becomes an empty object (found by the fuzz suite: a payout create crashed after sending)', async () => {
		mockToken();
		omnoApi().post('/public/payout').reply(200, 'null', { 'Content-Type': 'application/json' });

		await expect(call('POST', '/public/payout', { orderId: 'o-1' })).resolves.toEqual({});
	});

	it('never shows the bearer token, the client secret or a card number in an error', async () => {
		mockToken('super-secret-token');
		omnoApi('super-secret-token')
			.post('/public/payin/p/process/card')
			.reply(400, { message: 'card 4111111111111111 declined for client s3cr3t' });

		const error = await failure(
			call('POST', '/public/payin/p/process/card', { cardData: { cardNumber: '4111111111111111' } }),
		);
		const text = visibleText(error);

		expect(text).toContain('************1111');
		expect(text).not.toContain('4111111111111111');
		expect(text).not.toContain('super-secret-token');
		expect(text).not.toContain(SANDBOX.clientSecret);
	});
});

describe('concurrency slots', () => {
	beforeEach(() => resetLimiters());
	afterEach(() => resetLimiters());

	it('every attempt gives back the slot it took exactly once: success, 429 retries, GET retries, refusals, giving up', async () => {
		mockToken();
		const context = makeContext({});
		const limiter = limiterFor(context);
		const taken: Slot[] = [];
		const releases = new Map<Slot, number>();
		const acquire = limiter.acquire.bind(limiter);
		const release = limiter.release.bind(limiter);
		jest.spyOn(limiter, 'acquire').mockImplementation(async (options) => {
			const slot = await acquire(options);
			taken.push(slot);
			return slot;
		});
		jest.spyOn(limiter, 'release').mockImplementation((slot, outcome, retryAfterMs) => {
			releases.set(slot, (releases.get(slot) ?? 0) + 1);
			release(slot, outcome, retryAfterMs);
		});
		omnoApi().post('/public/payout', { orderId: 'o-1' }).reply(429, {}, { 'Retry-After': '0' });
		omnoApi().post('/public/payout', { orderId: 'o-1' }).reply(200, { payoutId: 'p-1' });
		omnoApi().get('/public/payout/p-1').reply(503, { message: 'busy' });
		omnoApi().get('/public/payout/p-1').reply(200, { id: 'p-1' });
		omnoApi().put('/public/payout/p-1/confirm').reply(400, { message: 'not waiting' });
		omnoApi()
			.post('/public/payin')
			.times(RETRY_POLICY.rateLimitRetries + 1)
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '0' });
		const send = (method: 'GET' | 'POST' | 'PUT', path: string, body?: object) =>
			omnoApiRequest.call(context, method, path, { body: body as never, itemIndex: 0 });

		await expect(send('POST', '/public/payout', { orderId: 'o-1' })).resolves.toEqual({ payoutId: 'p-1' });
		await expect(send('GET', '/public/payout/p-1')).resolves.toEqual({ id: 'p-1' });
		await expect(send('PUT', '/public/payout/p-1/confirm')).rejects.toThrow('OMNO answered 400');
		await expect(send('POST', '/public/payin', { orderId: 'o-2' })).rejects.toThrow('OMNO answered 429');

		// 2 attempts for the POST, 2 for the GET, 1 for the PUT, 13 for the POST that gave up on 429s.
		expect(taken).toHaveLength(2 + 2 + 1 + RETRY_POLICY.rateLimitRetries + 1);
		expect(new Set(taken).size).toBe(taken.length);
		expect(taken.map((slot) => releases.get(slot))).toEqual(taken.map(() => 1));
		expect(releases.size).toBe(taken.length);
		expect(limiter.active).toBe(0);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('RateGate', () => {
	it('makes every caller wait until the shared not-before time', async () => {
		let now = 1000;
		const gate = new RateGate(() => now);
		gate.delay(50);
		gate.delay(10); // a shorter wait never shortens the one already set
		const started = Date.now();
		now = 1000; // the fake clock does not move: pass() must still sleep against real time until it does
		const passing = gate.pass();
		setTimeout(() => (now = 1100), 20);
		await passing;
		expect(Date.now() - started).toBeGreaterThanOrEqual(15);
	});
});

void API;
