import nock from 'nock';

import { deliver } from '../../helpers/webhookFunctions';
import {
	authorised,
	expectLogsClean,
	expectNothingStarted,
	headerAuth,
} from '../../helpers/triggerDeliveries';

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
