'use strict';
/**
 * Cashier → Create Session → Update Balance in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local
 * sandbox: the checkout URL, the return URLs sent, and the balance the sandbox recorded for the session.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, customer, omnoNode, workflow, control } = require('./lib/omno');
const { ActionsEnv, CONTINUE, testOffers, firstItem } = require('./lib/actions');

describe(`OMNO Cashier in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const WF = 'omnoE2eCashier01';

	before(async () => {
		await env.start();
		await env.importWorkflows([
			workflow(WF, 'e2e cashier', [
				[
					omnoNode(
						'Cashier session',
						{
							resource: 'cashier',
							operation: 'createSession',
							currency: 'EUR',
							returnUrls: {
								urls: { success: 'https://shop.example/ok', failure: 'https://shop.example/failed' },
							},
							customerInput: 'json',
							customer: JSON.stringify(customer),
						},
						CONTINUE,
					),
					omnoNode(
						'Cashier balance',
						{
							resource: 'cashier',
							operation: 'updateBalance',
							sessionId: '={{ $json.sessionId }}',
							balance: '250.00',
							currency: 'EUR',
							additionalBodyFields: '{}',
						},
						CONTINUE,
					),
				],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ cashier: ['createSession', 'updateBalance'] });

	test('cashier/createSession → updateBalance: checkout URL, balance recorded by the sandbox', async () => {
		const run = await env.execute(WF);
		const session = firstItem(run, 'Cashier session');
		assert.ok(session.sessionId);
		assert.match(session.checkoutUrl, new RegExp(`/payments-v2/cashier/${session.sessionId}$`));
		const [body] = env
			.bodiesOf('POST', '/public/cashier/session')
			.filter((b) => b.customer?.email === customer.email)
			.slice(-1);
		assert.deepEqual(body.returnUrls, {
			success: 'https://shop.example/ok',
			failure: 'https://shop.example/failed',
		});
		assert.equal(body.currency, 'EUR');

		const out = firstItem(run, 'Cashier balance');
		assert.equal(out.sessionId, session.sessionId);
		assert.equal(out.updated, true);
		const s = (await control(env.url, 'GET', 'sessions')).sessions.find(
			(x) => x.sessionId === session.sessionId,
		);
		assert.deepEqual(
			s.balanceUpdates.map((u) => u.body),
			[{ balance: 250, currency: 'EUR' }],
		);
	});
});
