import nock from 'nock';

import { SANDBOX } from '../../helpers/credentials';
import { mockToken, omnoApi, useRetryPolicy } from '../../helpers/omno';
import { deliver, type DeliveryInput } from '../../helpers/webhookFunctions';
import {
	authorised,
	expectLogsClean,
	expectNothingStarted,
	payIn,
	payout,
} from '../../helpers/triggerDeliveries';

// OMNO 5xx cases would otherwise wait for the GET retry pauses.
useRetryPolicy();

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
		expectLogsClean(run, SANDBOX.clientSecret);
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
