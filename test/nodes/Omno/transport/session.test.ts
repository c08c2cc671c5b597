import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { omnoApiRequest } from '../../../../nodes/Omno/transport';
import { resetLimiters } from '../../../../nodes/Omno/transport/concurrency';
import { SANDBOX } from '../../../helpers/credentials';
import type { CredentialStore, FakeExecuteFunctions } from '../../../helpers/executeFunctions';
import {
	SSO,
	TOKEN_PATH,
	makeContext,
	mockToken,
	newCredentials,
	omnoApi,
	visibleText,
	useRetryPolicy,
} from '../../../helpers/omno';

useRetryPolicy();
beforeEach(() => resetLimiters());
afterEach(() => resetLimiters());

/** An execution context whose calls of n8n's authenticated helper are counted. */
function execution(credentials: CredentialStore, parameters: IDataObject = {}) {
	const context = makeContext(parameters, { credentials });
	const helpers = context.helpers as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
	const authenticated = helpers.httpRequestWithAuthentication;
	const counts = { authenticated: 0 };
	helpers.httpRequestWithAuthentication = async function (this: unknown, ...args: unknown[]) {
		counts.authenticated++;
		return await authenticated.apply(this, args);
	};
	return { context, counts };
}

const get = (context: FakeExecuteFunctions, id = 'x') =>
	omnoApiRequest.call(context, 'GET', `/public/payin/${id}`, { itemIndex: 0 });
const post = (context: FakeExecuteFunctions, orderId: string) =>
	omnoApiRequest.call(context, 'POST', '/public/payout', { body: { orderId }, itemIndex: 0 });

/** Side by side: Fixed lanes, so every request is under way before the first answer. */
const SIDE_BY_SIDE = { runOptions: { concurrencyMode: 'fixed', concurrency: 10 } };

const stored = (token: string, extra: IDataObject = {}) =>
	newCredentials({ oauthTokenData: { access_token: token, token_type: 'Bearer', ...extra } });

async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description: string; context: Record<string, unknown> };
	}
	throw new Error('expected a failure');
}

describe('the credential, once per execution', () => {
	it('20 requests with a stored token: one credential read, no call of n8n’s authenticated helper', async () => {
		const credentials = stored('tok-A');
		const { context, counts } = execution(credentials);
		omnoApi('tok-A').get('/public/payin/x').times(20).reply(200, { id: 'x' });

		for (let i = 0; i < 10; i++) await get(context);
		await Promise.all(Array.from({ length: 10 }, () => get(context)));

		expect(credentials.reads).toBe(1);
		expect(counts.authenticated).toBe(0);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('no token yet, 10 requests at once: one token through n8n’s helper (stored), the others wait for it', async () => {
		const credentials = newCredentials();
		const { context, counts } = execution(credentials, SIDE_BY_SIDE);
		const tokens = mockToken('tok-new');
		const second = mockToken('tok-second');
		omnoApi('tok-new').get('/public/payin/x').times(10).reply(200, { id: 'x' });

		await Promise.all(Array.from({ length: 10 }, () => get(context)));

		expect(tokens.isDone()).toBe(true);
		expect(second.isDone()).toBe(false);
		expect(counts.authenticated).toBe(1);
		expect(credentials.tokenWrites).toBe(1);
		expect((credentials.data.oauthTokenData as IDataObject).access_token).toBe('tok-new');
		// The session's own read, and n8n's inside its helper.
		expect(credentials.reads).toBe(2);
	});

	it('a new execution reads the credential again and picks up the token stored since', async () => {
		const credentials = newCredentials();
		mockToken('tok-1');
		omnoApi('tok-1').get('/public/payin/x').times(2).reply(200, { id: 'x' });

		await get(execution(credentials).context);
		const second = execution(credentials);
		await get(second.context);

		expect(second.counts.authenticated).toBe(0);
		expect(credentials.tokenWrites).toBe(1);
	});
});

describe('401: one renewal through n8n’s helper, then the request once more', () => {
	it('a POST refused with 401 is sent again with the new token only; later requests use it directly', async () => {
		const credentials = stored('stale');
		const { context, counts } = execution(credentials);
		const refused = omnoApi('stale').post('/public/payout', { orderId: 'o-1' }).reply(401, {});
		mockToken('fresh');
		const retried = omnoApi('fresh')
			.post('/public/payout', { orderId: 'o-1' })
			.reply(200, { payoutId: 'p-1' });
		const next = omnoApi('fresh').post('/public/payout', { orderId: 'o-2' }).reply(200, { payoutId: 'p-2' });

		await expect(post(context, 'o-1')).resolves.toEqual({ payoutId: 'p-1' });
		await expect(post(context, 'o-2')).resolves.toEqual({ payoutId: 'p-2' });

		expect([refused.isDone(), retried.isDone(), next.isDone()]).toEqual([true, true, true]);
		expect(counts.authenticated).toBe(1);
		expect(credentials.tokenWrites).toBe(1);
		expect((credentials.data.oauthTokenData as IDataObject).access_token).toBe('fresh');
	});

	it('10 requests refused at once: one token request, each request sent once more', async () => {
		const credentials = stored('stale');
		const { context, counts } = execution(credentials, SIDE_BY_SIDE);
		const sent: Record<string, number> = {};
		const count = (token: string) => () => {
			sent[token] = (sent[token] ?? 0) + 1;
			return token === 'stale' ? [401, {}] : [200, { id: 'x' }];
		};
		omnoApi('stale').get('/public/payin/x').times(10).delay(30).reply(count('stale'));
		const tokens = mockToken('fresh');
		const second = mockToken('again');
		omnoApi('fresh').get('/public/payin/x').times(10).reply(count('fresh'));

		await Promise.all(Array.from({ length: 10 }, () => get(context)));

		expect(sent).toEqual({ stale: 10, fresh: 10 });
		expect(tokens.isDone()).toBe(true);
		expect(second.isDone()).toBe(false);
		expect(counts.authenticated).toBe(1);
	});

	it('a renewal that fails fails every request waiting for it as a token failure, and sends none of them again', async () => {
		const credentials = stored('stale');
		const { context } = execution(credentials, SIDE_BY_SIDE);
		omnoApi('stale').post('/public/payout').times(3).delay(30).reply(401, {});
		const tokens = nock(SSO)
			.post(TOKEN_PATH)
			.reply(401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
		const second = mockToken('never');

		const errors = await Promise.all(['o-1', 'o-2', 'o-3'].map((id) => failure(post(context, id))));

		for (const error of errors) {
			expect(error.message).toMatch(/^OMNO token request failed: Client authentication failed/);
			expect(error.context.omno).toEqual(expect.objectContaining({ tokenFailure: true, outcome: 'failed' }));
		}
		expect(tokens.isDone()).toBe(true);
		expect(second.isDone()).toBe(false);
	});
});

describe('expiry', () => {
	it('a token n8n stored as expiring within the margin is renewed before anything is sent with it', async () => {
		const credentials = stored('old', { expires_in: 300, n8n_expires_at: String(Date.now() + 5_000) });
		const { context, counts } = execution(credentials);
		const old = omnoApi('old').get('/public/payin/x').reply(200, { id: 'x' });
		mockToken('fresh');
		omnoApi('fresh').get('/public/payin/x').reply(200, { id: 'x', fresh: true });

		await expect(get(context)).resolves.toEqual({ id: 'x', fresh: true });

		expect(old.isDone()).toBe(false);
		expect(counts.authenticated).toBe(1);
	});

	it('a token renewed in this execution (n8n 1.x stores no expiry) is renewed again before its expires_in runs out', async () => {
		const credentials = newCredentials();
		const { context, counts } = execution(credentials);
		const issue = (token: string) =>
			nock(SSO).post(TOKEN_PATH).reply(200, { access_token: token, token_type: 'Bearer', expires_in: 1 });
		issue('short');
		const short = omnoApi('short').get('/public/payin/x').times(2).reply(200, { id: 'x' });
		issue('next');
		omnoApi('next').get('/public/payin/x').reply(200, { id: 'x', next: true });

		await get(context);
		// A tenth of the 1 s lifetime is the margin: after 0.95 s the token is not used any more.
		await new Promise((resolve) => setTimeout(resolve, 950));
		await expect(get(context)).resolves.toEqual({ id: 'x', next: true });

		expect(short.pendingMocks()).toHaveLength(1);
		expect(counts.authenticated).toBe(2);
	});

	it('a token with time left is used as stored', async () => {
		const credentials = stored('good', { expires_in: 300, n8n_expires_at: String(Date.now() + 200_000) });
		const { context, counts } = execution(credentials);
		omnoApi('good').get('/public/payin/x').reply(200, { id: 'x' });

		await expect(get(context)).resolves.toEqual({ id: 'x' });
		expect(counts.authenticated).toBe(0);
	});
});

describe('the token stays secret', () => {
	it('neither a refused request, a dropped connection nor a 401 after renewal shows the token or the secret', async () => {
		const server = createServer((request) => request.socket.destroy());
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			const token = 'tok-secret-0123456789';
			const dropped = stored(token, {});
			dropped.data.apiBaseUrl = `http://127.0.0.1:${port}`;
			const errors = [await failure(post(execution(dropped).context, 'o-1'))];

			omnoApi(token).post('/public/payout').reply(500, { message: 'boom' });
			errors.push(await failure(post(execution(stored(token)).context, 'o-2')));

			omnoApi(token).get('/public/payin/x').reply(401, {});
			mockToken('tok-renewed-9876543210');
			omnoApi('tok-renewed-9876543210').get('/public/payin/x').reply(401, { message: 'Unauthorized' });
			errors.push(await failure(get(execution(stored(token)).context)));

			expect(errors.map((error) => error.message)).toEqual([
				'No answer from OMNO to POST /public/payout (ECONNRESET)',
				'OMNO answered 500 to POST /public/payout: boom',
				'OMNO answered 401 to GET /public/payin/x: Unauthorized',
			]);
			for (const error of errors) {
				const text = visibleText(error);
				expect(text).not.toContain(token);
				expect(text).not.toContain('tok-renewed-9876543210');
				expect(text).not.toContain(SANDBOX.clientSecret);
			}
		} finally {
			server.close();
		}
	});
});
