import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { OmnoTrigger } from '../../../nodes/OmnoTrigger/OmnoTrigger.node';
import { RETRY_POLICY } from '../../../nodes/Omno/transport';
import { mockToken, omnoApi } from '../../helpers/omno';
import { repeatMemorySize } from '../../../nodes/OmnoTrigger/repeats';
import {
	PRODUCTION_URL,
	TEST_URL,
	basicAuth,
	createHookFunctions,
	createWebhookFunctions,
	deliver,
	type DeliveryInput,
	type DeliveryResult,
} from '../../helpers/webhookFunctions';

const SECRET = 'whsec-7f3a9c-long-random';
const headerAuth = { authType: 'header', headerName: 'Authorization', headerSecret: SECRET };
const basicCred = { authType: 'basic', user: 'omno', password: SECRET };
const queryCred = { authType: 'query', queryName: 'token', querySecret: SECRET };

const payIn = {
	id: 'pi-1',
	orderId: 'order-1',
	amount: 100.5,
	currency: 'EUR',
	status: 'SUCCESS',
	transactionType: 'CARD',
};
const payout = {
	id: 'po-1',
	orderId: 'order-2',
	amount: 20,
	currency: 'USD',
	status: 'WAITING_FOR_CONFIRMATION',
};

/** A delivery with the right header secret and verification off unless the case says otherwise. */
function authorised(input: DeliveryInput = {}): DeliveryInput {
	return {
		webhookAuth: headerAuth,
		...input,
		headers: { authorization: SECRET, ...input.headers },
		parameters: { verifyWithOmno: false, ...input.parameters },
	};
}

/** A delivery to the trigger of one workflow: the repeat memory is kept per workflow. */
async function deliverTo(workflowId: string, input: DeliveryInput): Promise<DeliveryResult> {
	const { context, response, logs, staticData } = createWebhookFunctions(input);
	Object.assign(context, { getWorkflow: () => ({ id: workflowId, active: true }) });
	const result = await new OmnoTrigger().webhook.call(context);
	const emitted = (result.workflowData?.[0] ?? []).map((item) => item.json);
	return { result, response, logs, staticData, emitted };
}

function expectNothingStarted(run: DeliveryResult, status: number) {
	expect(run.result).toEqual({ noWebhookResponse: true });
	expect(run.response.status).toBe(status);
	expect(run.emitted).toEqual([]);
}

/** Bodies and secrets must never reach n8n's log. */
function expectLogsClean(run: DeliveryResult, ...forbidden: string[]) {
	const text = JSON.stringify(run.logs);
	for (const value of [SECRET, ...forbidden]) expect(text).not.toContain(value);
}

let savedDelays: number[];
beforeAll(() => {
	savedDelays = RETRY_POLICY.getRetryDelaysMs;
	// OMNO 5xx cases would otherwise wait for the GET retry pauses.
	RETRY_POLICY.getRetryDelaysMs = [1, 1];
});
afterAll(() => {
	RETRY_POLICY.getRetryDelaysMs = savedDelays;
});

describe('OmnoTrigger description', () => {
	const { description } = new OmnoTrigger();

	it('is a POST webhook trigger answering with no data', () => {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{ $parameter["responseMode"] ?? "onReceived" }}',
				path: 'webhook',
				responseData: 'noData',
			},
		]);
		expect(description.usableAsTool).toBeUndefined();
	});

	it('answers OMNO immediately unless told to answer when the workflow has finished', () => {
		const respond = description.properties.find((p) => p.name === 'responseMode');
		expect(respond?.default).toBe('onReceived');
		expect(respond?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual([
			'onReceived',
			'lastNode',
		]);
	});

	it('tells the user to paste the Production URL, not the test URL', () => {
		const notice = description.properties.find((p) => p.name === 'setupNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Developers → Webhooks/);
	});

	it('requires the webhook secret credential by default and warns when authentication is None', () => {
		const auth = description.properties.find((p) => p.name === 'deliveryAuthentication');
		expect(auth?.default).toBe('credential');
		const warning = description.properties.find((p) => p.name === 'noAuthenticationNotice');
		expect(warning?.displayOptions).toEqual({ show: { deliveryAuthentication: ['none'] } });
		expect(description.credentials).toEqual([
			expect.objectContaining({
				name: 'omnoWebhookAuthApi',
				required: true,
				displayOptions: { show: { deliveryAuthentication: ['credential'] } },
			}),
			expect.objectContaining({
				name: 'omnoOAuth2Api',
				required: true,
				displayOptions: { show: { verifyWithOmno: [true] } },
			}),
		]);
	});

	it('verifies with OMNO by default', () => {
		expect(description.properties.find((p) => p.name === 'verifyWithOmno')?.default).toBe(true);
	});
});

describe('OmnoTrigger webhook: delivery authentication', () => {
	it('header: the right secret starts the workflow', async () => {
		const run = await deliver(authorised({ body: { id: 'x-1', status: 'SUCCESS' } }));

		expect(run.emitted).toHaveLength(1);
		expect(run.response.status).toBeUndefined();
	});

	it('header: a custom header name is honoured', async () => {
		const run = await deliver({
			webhookAuth: { ...headerAuth, headerName: 'X-Omno-Secret' },
			headers: { 'X-Omno-Secret': SECRET },
			parameters: { verifyWithOmno: false },
			body: { id: 'x-1' },
		});

		expect(run.emitted).toHaveLength(1);
	});

	it.each([
		['wrong value', { authorization: SECRET.replace('7', '8') }],
		['wrong length', { authorization: `${SECRET}x` }],
		['empty value', { authorization: '' }],
	])('header: %s → 401, nothing starts, nothing is fetched', async (_, headers) => {
		// Verification on: a rejected delivery must not even reach OMNO (no mock defined → any call fails).
		const run = await deliver({
			webhookAuth: headerAuth,
			headers,
			body: { id: 'pi-1' },
		});

		expectNothingStarted(run, 401);
		expect(run.response.body).toEqual({ error: 'unauthorized' });
		expect(run.logs).toEqual([
			expect.objectContaining({
				level: 'warn',
				message: 'OMNO Trigger: rejected a delivery: header authorization has the wrong value',
			}),
		]);
		expectLogsClean(run, `${SECRET}x`, 'pi-1');
	});

	it('header: missing → 401', async () => {
		const run = await deliver({
			webhookAuth: headerAuth,
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
		expect(run.logs[0].message).toBe('OMNO Trigger: rejected a delivery: header authorization is missing');
	});

	it('basic: the right user and password start the workflow', async () => {
		const run = await deliver({
			webhookAuth: basicCred,
			headers: { authorization: basicAuth('omno', SECRET) },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expect(run.emitted).toHaveLength(1);
	});

	it.each([
		['wrong password', basicAuth('omno', SECRET.toUpperCase())],
		['wrong user', basicAuth('omn0', SECRET)],
		['wrong length', basicAuth('omno', `${SECRET}-more`)],
		['another scheme', `Bearer ${SECRET}`],
	])('basic: %s → 401', async (_, authorization) => {
		const run = await deliver({
			webhookAuth: basicCred,
			headers: { authorization },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
		expectLogsClean(run);
	});

	it('basic: missing → 401', async () => {
		const run = await deliver({
			webhookAuth: basicCred,
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
	});

	it('query: the right token starts the workflow', async () => {
		const run = await deliver({
			webhookAuth: queryCred,
			query: { token: SECRET },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expect(run.emitted).toHaveLength(1);
	});

	it.each([
		['wrong', { token: SECRET.slice(0, -1) + 'X' }],
		['wrong length', { token: SECRET.slice(0, -1) }],
		['missing', {}],
	])('query: %s token → 401', async (_, query) => {
		const run = await deliver({
			webhookAuth: queryCred,
			query,
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
		expectLogsClean(run);
	});

	it('query: the secret in a header does not count', async () => {
		const run = await deliver({
			webhookAuth: queryCred,
			headers: { authorization: SECRET, token: SECRET },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
	});

	it('fails closed when the credential has an empty secret (an empty header must not match)', async () => {
		const run = await deliver({
			webhookAuth: { ...headerAuth, headerSecret: '' },
			headers: { authorization: '' },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
	});

	it('fails closed when authentication is required but no credential is selected', async () => {
		const run = await deliver({ parameters: { verifyWithOmno: false }, body: { id: 'x' } });

		expectNothingStarted(run, 500);
		expect(run.response.body).toEqual({ error: 'trigger not set up' });
		expect(run.logs[0].message).toMatch(/no OMNO Webhook Authentication credential could be read/);
	});

	it('None: accepts a delivery without any secret', async () => {
		const run = await deliver({
			parameters: { deliveryAuthentication: 'none', verifyWithOmno: false },
			body: { id: 'x' },
		});

		expect(run.emitted).toEqual([
			{ id: 'x', resource: null, verified: false, delivery: { id: 'x' }, repeatKey: 'unknown:x:' },
		]);
	});
});

describe('OmnoTrigger webhook: malformed deliveries', () => {
	it.each([
		['not JSON', '{"id": "pi-1", "status": ', 'body is not valid JSON'],
		['a JSON array', '[{"id":"pi-1"}]', 'body is not a JSON object'],
		[
			'no id',
			'{"status":"SUCCESS","orderId":"order-1"}',
			'body has no transaction id (id, paymentId, payoutId, transactionId)',
		],
		['an id that would change the URL', '{"id":"../payout/1"}', 'id is not a valid transaction id'],
		['empty', '', 'body has no transaction id (id, paymentId, payoutId, transactionId)'],
	])('%s → 400 with a short reason, nothing fetched or started', async (_, body, reason) => {
		const run = await deliver({ ...authorised({ parameters: { verifyWithOmno: true } }), body });

		expectNothingStarted(run, 400);
		expect(run.response.body).toEqual({ error: reason });
		expect(run.logs).toEqual([
			expect.objectContaining({ level: 'warn', message: `OMNO Trigger: rejected a delivery: ${reason}` }),
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('checks the secret before reading the body: a bad body without the secret gets 401', async () => {
		const run = await deliver({ webhookAuth: headerAuth, body: 'not json' });

		expectNothingStarted(run, 401);
	});

	it('never logs the body', async () => {
		const run = await deliver({ ...authorised(), body: '{"cardNumber":"4111111111111111","cvv":"123"' });

		expectNothingStarted(run, 400);
		expectLogsClean(run, '4111', 'cvv');
	});
});

describe('OmnoTrigger webhook: verification with OMNO', () => {
	const verified = (input: DeliveryInput = {}) =>
		authorised({ ...input, parameters: { verifyWithOmno: true, ...input.parameters } });

	it("fetches the pay-in and emits OMNO's current transaction with the delivery under its own key", async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, payIn);
		const body = { id: 'pi-1', status: 'PENDING', amount: 999999 };

		const run = await deliver(verified({ body }));

		// OMNO's status and amount win over what the delivery claimed.
		expect(run.emitted).toEqual([
			{ ...payIn, resource: 'payIn', verified: true, delivery: body, repeatKey: 'payIn:pi-1:SUCCESS' },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('tries the payout when OMNO has no pay-in with that id', async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/po-1')
			.reply(404, { message: 'not found' })
			.get('/public/payout/po-1')
			.reply(200, payout);

		const run = await deliver(verified({ body: { id: 'po-1' } }));

		expect(run.emitted).toEqual([
			{
				...payout,
				resource: 'payout',
				verified: true,
				delivery: { id: 'po-1' },
				repeatKey: 'payout:po-1:WAITING_FOR_CONFIRMATION',
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('asks for the payout first when the body says payout (one call)', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, payout);

		const run = await deliver(verified({ body: { payoutId: 'po-1' } }));

		expect(run.emitted[0]).toMatchObject({ id: 'po-1', resource: 'payout', verified: true });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('an id OMNO knows as neither pay-in nor payout → 404, nothing starts', async () => {
		mockToken();
		omnoApi().get('/public/payin/forged').reply(404, {}).get('/public/payout/forged').reply(404, {});

		const run = await deliver(verified({ body: { id: 'forged', status: 'SUCCESS', amount: 1000000 } }));

		expectNothingStarted(run, 404);
		expect(run.response.body).toEqual({ error: 'unknown transaction' });
		expect(run.logs.map((l) => l.message)).toEqual([
			"OMNO Trigger: rejected a delivery: OMNO has no pay-in or payout forged (check the OMNO credential's environment)",
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('OMNO 500 → 503 so OMNO delivers again later; unverified data is never emitted', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').times(3).reply(500, { message: 'internal' });

		const run = await deliver(verified({ body: { id: 'pi-1', status: 'SUCCESS' } }));

		expectNothingStarted(run, 503);
		expect(run.response.body).toEqual({
			error: 'could not verify the transaction with OMNO; try again later',
		});
		expect(run.logs[0].message).toBe(
			'OMNO Trigger: rejected a delivery: could not verify transaction pi-1 with OMNO: OMNO answered 500 to GET /public/payin/pi-1: internal',
		);
		// A 500 is not a "not found": the payout endpoint is never asked.
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a token endpoint refusal → 503 and nothing fetched with a bad token', async () => {
		nock('https://sso.omno.test').post(/token/).reply(401, { error: 'invalid_client' });

		const run = await deliver(verified({ body: { id: 'pi-1' } }));

		expectNothingStarted(run, 503);
		expectLogsClean(run, 's3cr3t-value-never-shown');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		[
			'another transaction',
			{ ...payIn, id: 'pi-2' },
			undefined,
			'OMNO answered GET /public/payin/pi-1 with another transaction (id "pi-2"), not "pi-1"',
		],
		[
			'an empty body',
			'',
			undefined,
			'OMNO answered GET /public/payin/pi-1 with an object without an id, not a transaction with id "pi-1"',
		],
		[
			'an object without an id',
			{ status: 'SUCCESS' },
			undefined,
			'OMNO answered GET /public/payin/pi-1 with an object without an id, not a transaction with id "pi-1"',
		],
		[
			'JSON null',
			'null',
			{ 'content-type': 'application/json' },
			// The transport reads an empty or null 2xx body as {} (a create answered `null` must not crash).
			'OMNO answered GET /public/payin/pi-1 with an object without an id, not a transaction with id "pi-1"',
		],
		[
			'HTML',
			'<html>Sign in</html>',
			{ 'content-type': 'text/html' },
			'OMNO answered GET /public/payin/pi-1 with text that is not JSON, not a transaction with id "pi-1"',
		],
	])(
		'a 2xx with %s is not a verification → 503, nothing starts, no crash',
		async (_, answer, headers, reason) => {
			mockToken();
			omnoApi()
				.get('/public/payin/pi-1')
				.reply(200, answer as never, headers);

			const run = await deliver(verified({ body: { id: 'pi-1', status: 'SUCCESS' } }));

			expectNothingStarted(run, 503);
			expect(run.response.body).toEqual({
				error: 'could not verify the transaction with OMNO; try again later',
			});
			expect(run.logs.map((l) => l.message)).toEqual([
				`OMNO Trigger: rejected a delivery: could not verify transaction pi-1 with OMNO: ${reason}`,
			]);
			// Not a 404: the payout endpoint is not asked with it.
			expect(nock.pendingMocks()).toEqual([]);
		},
	);

	it.each([
		[404, 'Not Found', 'OMNO token request failed (404): the token endpoint gave no access token'],
		[503, { message: 'down' }, 'OMNO token request failed (503): the token endpoint gave no access token'],
	])(
		'a token endpoint answering %i → 503 (OMNO delivers again), never 404 "unknown transaction"',
		async (status, body, reason) => {
			nock('https://sso.omno.test')
				.post(/token/)
				.reply(
					status,
					body as never,
					typeof body === 'string' ? { 'content-type': 'text/plain' } : undefined,
				);

			const run = await deliver(verified({ body: { id: 'pi-1' } }));

			expectNothingStarted(run, 503);
			expect(run.response.body).toEqual({
				error: 'could not verify the transaction with OMNO; try again later',
			});
			expect(run.logs.map((l) => l.message)).toEqual([
				`OMNO Trigger: rejected a delivery: could not verify transaction pi-1 with OMNO: ${reason}`,
			]);
			expect(nock.pendingMocks()).toEqual([]);
		},
	);

	it('with verification off, emits the delivery as sent, marked unverified, and calls nothing', async () => {
		const body = { id: 'pi-1', status: 'SUCCESS', type: 'payin' };

		const run = await deliver(authorised({ body }));

		expect(run.emitted).toEqual([
			{ ...body, resource: 'payIn', verified: false, delivery: body, repeatKey: 'payIn:pi-1:SUCCESS' },
		]);
		expect(run.result.workflowData).toHaveLength(1);
	});
});

describe('OmnoTrigger webhook: filters', () => {
	it('a status not selected → 200, nothing starts', async () => {
		const run = await deliver(
			authorised({ body: { id: 'x', status: 'PENDING' }, parameters: { statuses: ['SUCCESS'] } }),
		);

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'status PENDING is not selected' });
		expect(run.logs.filter((l) => l.level === 'warn')).toEqual([]);
	});

	it.each([
		['SUCCESS, FAILED', 'SUCCESS', 1],
		['SUCCESS,FAILED', 'FAILED', 1],
		['SUCCESS', 'PENDING', 0],
		['', 'PENDING', 1],
	])(
		'statuses given by an expression as the string %j: %s → %i started (issue 12.10)',
		async (statuses, status, started) => {
			const run = await deliver(authorised({ body: { id: 'x', status }, parameters: { statuses } }));

			expect(run.emitted).toHaveLength(started);
			if (!started)
				expect(run.response.body).toEqual({ received: true, ignored: `status ${status} is not selected` });
		},
	);

	it('a selected status starts the workflow', async () => {
		const run = await deliver(
			authorised({ body: { id: 'x', status: 'SUCCESS' }, parameters: { statuses: ['SUCCESS', 'FAILED'] } }),
		);

		expect(run.emitted).toHaveLength(1);
	});

	it("with verification, filters on OMNO's current status, not the delivery's claim", async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/pi-1')
			.reply(200, { ...payIn, status: 'DECLINED' });

		const run = await deliver(
			authorised({
				body: { id: 'pi-1', status: 'SUCCESS' },
				parameters: { verifyWithOmno: true, statuses: ['SUCCESS'] },
			}),
		);

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'status DECLINED is not selected' });
	});

	it('type Payout ignores a verified pay-in → 200', async () => {
		mockToken();
		// The filter wants payouts, so the payout endpoint is asked first.
		omnoApi().get('/public/payout/pi-1').reply(404, {}).get('/public/payin/pi-1').reply(200, payIn);

		const run = await deliver(
			authorised({ body: { id: 'pi-1' }, parameters: { verifyWithOmno: true, transactionKind: 'payout' } }),
		);

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'type payIn is not selected' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('type Pay-In passes a verified pay-in', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, payIn);

		const run = await deliver(
			authorised({ body: { id: 'pi-1' }, parameters: { verifyWithOmno: true, transactionKind: 'payIn' } }),
		);

		expect(run.emitted).toHaveLength(1);
	});

	it('without verification, a single type needs the delivery to say its type', async () => {
		const run = await deliver(authorised({ body: { id: 'x' }, parameters: { transactionKind: 'payIn' } }));

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'type is unknown' });
	});
});

describe('OmnoTrigger webhook: repeats', () => {
	const repeats = { ignoreRepeats: true, repeatWindowMinutes: 10 };
	const verifiedRepeats = { ...repeats, verifyWithOmno: true, statuses: ['SUCCESS'] };
	// The memory lives in the module for the whole process, so every test gets workflows of its own.
	let workflows = 0;
	let workflowId = '';
	beforeEach(() => {
		workflowId = `wf-repeats-${++workflows}`;
	});
	const send = async (input: DeliveryInput, id = workflowId) => await deliverTo(id, authorised(input));

	it('ignores the same id and status again within the window', async () => {
		const first = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		const second = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });

		expect(first.emitted).toHaveLength(1);
		expectNothingStarted(second, 200);
		expect(second.response.body).toEqual({ received: true, ignored: 'repeat' });
	});

	it('starts again for a new status of the same id', async () => {
		await send({ body: { id: 'x', status: 'PENDING' }, parameters: repeats });
		const next = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });

		expect(next.emitted).toHaveLength(1);
	});

	it('keeps each workflow apart: the same delivery to another workflow starts it', async () => {
		await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		const other = await send(
			{ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats },
			`${workflowId}-b`,
		);

		expect(other.emitted).toHaveLength(1);
	});

	it('remembers nothing when the option is off', async () => {
		const before = repeatMemorySize();
		await send({ body: { id: 'x', status: 'SUCCESS' } });
		const again = await send({ body: { id: 'x', status: 'SUCCESS' } });

		expect(again.emitted).toHaveLength(1);
		expect(repeatMemorySize()).toBe(before);
	});

	it('does not count filtered deliveries', async () => {
		const pending = await send({
			body: { id: 'x', status: 'PENDING' },
			parameters: { ...repeats, statuses: ['SUCCESS'] },
		});
		// The same trigger without the status filter: the filtered PENDING was not remembered.
		const pendingAgain = await send({ body: { id: 'x', status: 'PENDING' }, parameters: repeats });

		expect(pending.response.body).toEqual({ received: true, ignored: 'status PENDING is not selected' });
		expect(pendingAgain.emitted).toHaveLength(1);
	});

	it("does not use the workflow's static data, which n8n does not save for webhooks", async () => {
		const staticData: IDataObject = {};
		await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats, staticData });
		const again = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats, staticData: {} });

		expect(staticData).toEqual({});
		expect(again.response.body).toEqual({ received: true, ignored: 'repeat' });
	});

	it('two copies at the same instant, both fetched from OMNO at once: only one starts a run', async () => {
		mockToken('token-1', 2);
		let asked = 0;
		let bothAsked: () => void = () => undefined;
		const second = new Promise<void>((resolve) => (bothAsked = resolve));
		// Neither answer comes before both requests are under way.
		omnoApi()
			.get('/public/payin/pi-1')
			.times(2)
			.reply(200, async () => {
				if (++asked === 2) bothAsked();
				await second;
				return payIn;
			});
		const delivery = { body: { id: 'pi-1', status: 'SUCCESS' }, parameters: verifiedRepeats };

		const runs = await Promise.all([send(delivery), send(delivery)]);

		expect(asked).toBe(2);
		expect(runs.map((r) => r.emitted.length).sort()).toEqual([0, 1]);
		expect(runs.find((r) => r.emitted.length === 0)?.response.body).toEqual({
			received: true,
			ignored: 'repeat',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('PENDING and SUCCESS at the same instant, both fetched as SUCCESS: one run', async () => {
		mockToken('token-1', 2);
		omnoApi().get('/public/payin/pi-1').times(2).delay(30).reply(200, payIn);

		const runs = await Promise.all([
			send({ body: { id: 'pi-1', status: 'PENDING' }, parameters: verifiedRepeats }),
			send({ body: { id: 'pi-1', status: 'SUCCESS' }, parameters: verifiedRepeats }),
		]);

		expect(runs[0].emitted).toEqual([expect.objectContaining({ repeatKey: 'payIn:pi-1:SUCCESS' })]);
		expect(runs[1].response.body).toEqual({ received: true, ignored: 'repeat' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a delivery that could not be verified is not remembered: the next copy is fetched and starts a run', async () => {
		mockToken('token-1', 2);
		omnoApi().get('/public/payin/pi-1').times(3).reply(500, { message: 'busy' });
		omnoApi().get('/public/payin/pi-1').reply(200, payIn);
		const delivery = { body: { id: 'pi-1', status: 'SUCCESS' }, parameters: verifiedRepeats };

		const failed = await send(delivery);
		const next = await send(delivery);

		expectNothingStarted(failed, 503);
		expect(next.emitted).toHaveLength(1);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('repeatKey is masked like the rest of the output when the id is a card number', async () => {
		const run = await send({ body: { id: '4242424242424242', status: 'SUCCESS', type: 'payin' } });

		expect(run.emitted[0].repeatKey).toBe('payIn:************4242:SUCCESS');
	});

	it('deactivating the workflow forgets what it remembered', async () => {
		await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		const hook = createHookFunctions();
		Object.assign(hook, { getWorkflow: () => ({ id: workflowId, active: false }) });
		await new OmnoTrigger().webhookMethods.default.delete.call(hook);

		const again = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		expect(again.emitted).toHaveLength(1);
	});
});

describe('OmnoTrigger lifecycle methods', () => {
	const { webhookMethods } = new OmnoTrigger();
	const hooks = webhookMethods.default;

	it('create records the Production URL and the time, and says where to paste it', async () => {
		const context = createHookFunctions();
		const before = Date.now();

		expect(await hooks.create.call(context)).toBe(true);

		expect(context.staticData.webhookUrl).toBe(PRODUCTION_URL);
		const registeredAt = Date.parse(String(context.staticData.registeredAt));
		expect(registeredAt).toBeGreaterThanOrEqual(before - 1000);
		expect(registeredAt).toBeLessThanOrEqual(Date.now());
		expect(context.logs[0].message).toContain(PRODUCTION_URL);
		expect(context.logs[0].message).toContain('OMNO Dashboard');
	});

	it('create on the test URL warns that it is not the URL to paste', async () => {
		const context = createHookFunctions({ url: TEST_URL });

		await hooks.create.call(context);

		expect(context.logs[0].message).toMatch(/test URL.*Paste the Production URL/);
	});

	it('checkExists is true only for the URL recorded by create', async () => {
		const staticData: IDataObject = {};
		expect(await hooks.checkExists.call(createHookFunctions({ staticData }))).toBe(false);

		await hooks.create.call(createHookFunctions({ staticData }));

		expect(await hooks.checkExists.call(createHookFunctions({ staticData }))).toBe(true);
		expect(await hooks.checkExists.call(createHookFunctions({ staticData, url: TEST_URL }))).toBe(false);
	});

	it('delete forgets the URL, the time and remembered deliveries, and reminds about the Dashboard', async () => {
		const staticData: IDataObject = {
			webhookUrl: PRODUCTION_URL,
			registeredAt: '2026-01-01T00:00:00.000Z',
			recentDeliveries: { 'payIn:x:SUCCESS': 1 },
		};
		const context = createHookFunctions({ staticData });
		Object.assign(context, { getWorkflow: () => ({ id: 'wf-lifecycle', active: false }) });

		expect(await hooks.delete.call(context)).toBe(true);

		expect(staticData).toEqual({});
		expect(context.logs[0].message).toMatch(
			/OMNO keeps sending until the webhook is deleted in the OMNO Dashboard/,
		);
	});

	it.each(['checkExists', 'create'] as const)(
		'%s fails loudly when n8n has no webhook URL',
		async (method) => {
			const context = createHookFunctions({ url: undefined });

			await expect(hooks[method].call(context)).rejects.toThrow(
				'n8n has no webhook URL for this OMNO Trigger',
			);
			expect(context.staticData).toEqual({});
		},
	);
});

describe('OmnoTrigger credential test', () => {
	const test = new OmnoTrigger().methods.credentialTest.omnoWebhookAuthTest;
	const run = async (data: IDataObject) =>
		await test.call({} as never, { id: '1', name: 'c', type: 'omnoWebhookAuthApi', data } as never);

	it.each([
		[headerAuth, 'OK'],
		[{ ...headerAuth, headerName: 'Bad Header' }, 'Error'],
		[{ ...headerAuth, headerSecret: '' }, 'Error'],
		[basicCred, 'OK'],
		[{ ...basicCred, user: 'a:b' }, 'Error'],
		[{ ...basicCred, password: '' }, 'Error'],
		[queryCred, 'OK'],
		[{ ...queryCred, querySecret: '' }, 'Error'],
		[{ authType: 'hmac' }, 'Error'],
	])('%j → %s', async (data, status) => {
		const result = await run(data);
		expect(result.status).toBe(status);
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});
});
