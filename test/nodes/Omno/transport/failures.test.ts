import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { omnoApiRequest } from '../../../../nodes/Omno/transport';
import { resetLimiters } from '../../../../nodes/Omno/transport/concurrency';
import { TOKEN_POLICY, describeFailure } from '../../../../nodes/Omno/transport/failure';
import { customerParams } from '../../../helpers/customer';
import {
	SSO,
	TOKEN_PATH,
	makeContext,
	mockToken,
	newCredentials,
	omnoApi,
	runNode,
	useRetryPolicy,
} from '../../../helpers/omno';

const savedToken = { ...TOKEN_POLICY };
useRetryPolicy();
beforeEach(() => resetLimiters());
afterEach(() => {
	Object.assign(TOKEN_POLICY, savedToken);
	resetLimiters();
});

async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return error as Error & {
			httpCode?: string | null;
			description?: string;
			context: Record<string, unknown>;
		};
	}
	throw new Error('expected a failure');
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

const payoutParams = {
	resource: 'payout',
	operation: 'create',
	orderId: 'order-1',
	value: '10',
	currency: 'EUR',
	kycVerified: true,
	...customerParams,
	additionalFields: {},
	runOptions: {},
};

const TOKEN_HINT_SAFE = /Nothing was sent to OMNO's API, so running again is safe\.$/;

describe('token failures are token failures', () => {
	it.each([
		[
			503,
			{ message: 'down' },
			undefined,
			'OMNO token request failed (503): the token endpoint gave no access token',
		],
		[500, 'oops', undefined, 'OMNO token request failed (500): the token endpoint gave no access token'],
		[
			404,
			'Not Found',
			{ 'content-type': 'text/plain' },
			'OMNO token request failed (404): the token endpoint gave no access token',
		],
		[
			400,
			{ error: 'invalid_request' },
			undefined,
			'OMNO token request failed: The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
		],
		[
			200,
			{ token_type: 'Bearer' },
			undefined,
			'OMNO token request failed: Unable to sign without access token',
		],
	])(
		'token endpoint answers %i → "OMNO token request failed", outcome failed, no API request',
		async (status, body, headers, message) => {
			nock(SSO)
				.post(TOKEN_PATH)
				.reply(status, body as never, headers);
			const api = omnoApi().post('/public/payout').reply(200, { payoutId: 'never' });

			const error = await failure(
				omnoApiRequest.call(makeContext({}), 'POST', '/public/payout', {
					body: { orderId: 'o' },
					itemIndex: 0,
				}),
			);

			expect(error.message).toBe(message);
			// The token endpoint's status is not OMNO's answer to the payout.
			expect(error.httpCode).toBeNull();
			const words = message.startsWith('OMNO token request failed: ')
				? message.slice('OMNO token request failed: '.length)
				: null;
			expect(error.context.omno).toEqual({
				httpCode: null,
				omnoMessage: words,
				outcome: 'failed',
				tokenFailure: true,
			});
			expect(error.description).toMatch(TOKEN_HINT_SAFE);
			expect(api.isDone()).toBe(false);
		},
	);

	it('a refused connection to the token URL: token failure with the network code, outcome failed (not "unknown")', async () => {
		const port = await closedPort();
		const credentials = newCredentials({ tokenUrl: `http://127.0.0.1:${port}/token` });
		const api = omnoApi().post('/public/payout').reply(200, { payoutId: 'never' });

		const [item] = await runNode(payoutParams, { continueOnFail: true, credentials });

		expect(item.json).toEqual({
			error:
				'Row 2 (orderId order-1): OMNO token request failed: no answer from the token endpoint (ECONNREFUSED)',
			description: expect.stringMatching(
				/could not be reached.*Nothing was sent to OMNO's API, so running again is safe\./,
			),
			httpCode: null,
			outcome: 'failed',
			orderId: 'order-1',
			requested: { value: '10', currency: 'EUR' },
		});
		expect(api.isDone()).toBe(false);
	});

	it('a 404 from the token endpoint is not "no such transaction": lookups do not go on to the next type', async () => {
		nock(SSO).post(TOKEN_PATH).reply(404, 'Not Found', { 'content-type': 'text/plain' });
		const api = omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1' });

		const error = await failure(
			omnoApiRequest.call(makeContext({}), 'GET', '/public/payin/pi-1', { itemIndex: 0 }),
		);

		expect(error.context.omno).toMatchObject({ httpCode: null, tokenFailure: true });
		expect(api.isDone()).toBe(false);
	});
});

describe('the token request is bounded', () => {
	it('a token endpoint that never answers fails as a token failure, and a late token never sends the request', async () => {
		TOKEN_POLICY.timeoutMs = 150;
		const held: Array<ServerResponse<IncomingMessage>> = [];
		const server = createServer((_request, response) => held.push(response));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		let apiCalls = 0;
		omnoApi('late-token')
			.post('/public/payout')
			.reply(() => {
				apiCalls++;
				return [200, { payoutId: 'po-late' }];
			});
		try {
			const credentials = newCredentials({ tokenUrl: `http://127.0.0.1:${port}/token` });
			const started = Date.now();

			const [item] = await runNode(payoutParams, { continueOnFail: true, credentials });

			expect(Date.now() - started).toBeLessThan(5000);
			expect(item.json).toMatchObject({
				error:
					'Row 2 (orderId order-1): OMNO token request failed: no answer from the token endpoint within 0.15 s',
				outcome: 'failed',
				httpCode: null,
			});
			expect(held).toHaveLength(1);
			// The token arrives after we reported "nothing was sent": the payout must still not be sent.
			held[0].setHeader('content-type', 'application/json');
			held[0].end(JSON.stringify({ access_token: 'late-token', token_type: 'Bearer', expires_in: 300 }));
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(apiCalls).toBe(0);
		} finally {
			for (const response of held) response.destroy();
			server.close();
		}
	});
});

describe('Retry-After is read on every n8n version', () => {
	it('describes a real 429 from n8n-core with the Retry-After it carried', async () => {
		mockToken();
		omnoApi().get('/public/payin/x').reply(429, { message: 'slow down' }, { 'Retry-After': '4' });
		const context = makeContext({});
		const { sendAttempt } = await import('../../../../nodes/Omno/transport/attempt');

		const error = await failure(
			sendAttempt(context, 'omnoOAuth2Api', {
				method: 'GET',
				url: 'https://api.omno.test/public/payin/x',
				json: true,
			}),
		);

		expect(describeFailure(error)).toEqual({
			httpCode: 429,
			omnoMessage: 'slow down',
			retryAfterMs: 4000,
			tokenRejected: false,
			body: { message: 'slow down' },
		});
	});

	it('waits the 4 s OMNO asked for before sending again (a fixed 1 s back-off would send at 1 s)', async () => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
		try {
			mockToken();
			// The (fake) clock when OMNO served each request.
			let firstAt: number | undefined;
			let secondAt: number | undefined;
			omnoApi()
				.post('/public/payin', { orderId: 'o' })
				.reply(() => {
					firstAt = Date.now();
					return [429, {}, { 'Retry-After': '4' }];
				});
			omnoApi()
				.post('/public/payin', { orderId: 'o' })
				.reply(() => {
					secondAt = Date.now();
					return [200, { paymentId: 'pi' }];
				});
			const realTurns = async () => {
				for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
			};

			const done = omnoApiRequest.call(makeContext({}), 'POST', '/public/payin', {
				body: { orderId: 'o' },
				itemIndex: 0,
			});
			for (let t = 0; t < 20_000 && secondAt === undefined; t += 10) {
				await jest.advanceTimersByTimeAsync(10);
				await realTurns();
			}

			expect(firstAt).toBeDefined();
			expect(secondAt).toBeDefined();
			// Sent again 4 s after the 429, not after a fixed 1 s back-off.
			expect((secondAt as number) - (firstAt as number)).toBeGreaterThanOrEqual(4000);
			await expect(done).resolves.toEqual({ paymentId: 'pi' });
		} finally {
			jest.useRealTimers();
		}
	}, 60_000);
});

describe('no answer keeps the network code', () => {
	it('"No answer from OMNO to GET … (ECONNREFUSED)"', async () => {
		const port = await closedPort();
		mockToken();

		const error = await failure(
			omnoApiRequest.call(
				makeContext({}, { credentials: newCredentials({ apiBaseUrl: `http://127.0.0.1:${port}` }) }),
				'GET',
				'/public/payin/x',
				{
					itemIndex: 0,
				},
			),
		);

		expect(error.message).toBe('No answer from OMNO to GET /public/payin/x (ECONNREFUSED)');
		expect(error.context.omno).toMatchObject({ httpCode: null, outcome: 'failed', tokenFailure: false });
	});

	it('a POST without an answer keeps outcome unknown and names the code', async () => {
		const port = await closedPort();
		mockToken();

		const error = await failure(
			omnoApiRequest.call(
				makeContext({}, { credentials: newCredentials({ apiBaseUrl: `http://127.0.0.1:${port}` }) }),
				'POST',
				'/public/payout',
				{
					body: { orderId: 'o' },
					itemIndex: 0,
				},
			),
		);

		expect(error.message).toBe('No answer from OMNO to POST /public/payout (ECONNREFUSED)');
		expect(error.context.omno).toMatchObject({ outcome: 'unknown', tokenFailure: false });
	});
});
