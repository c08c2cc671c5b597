'use strict';
/**
 * Payment Page → Create in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox: the hosted
 * page's links first, from one pay-in create. Asserts on n8n's output and on the sandbox's request log.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, customer, omnoNode, workflow } = require('./lib/omno');
const {
	ActionsEnv,
	CONTINUE,
	createParameters,
	orderIdFor,
	testOffers,
	firstItem,
} = require('./lib/actions');

describe(`OMNO Payment Page in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const WF = 'omnoE2ePayPage01';
	const orderId = orderIdFor('page');

	before(async () => {
		await env.start();
		await env.importWorkflows([
			workflow(WF, 'e2e payment page', [
				[
					omnoNode(
						'Payment page',
						{ resource: 'paymentPage', operation: 'create', ...createParameters(orderId, '50') },
						CONTINUE,
					),
				],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ paymentPage: ['create'] });

	test('paymentPage/create: hosted page URLs first, one POST /public/payin', async () => {
		const page = firstItem(await env.execute(WF), 'Payment page');
		assert.match(page.paymentPageUrl, new RegExp(`^${env.url}/hosted/card/${page.paymentId}$`));
		assert.match(page.apmPageUrl, /\/hosted\/apm\//);
		assert.equal(page.status, 'CREATED');
		const posts = env.bodiesOf('POST', '/public/payin').filter((b) => b.orderId === orderId);
		assert.deepEqual(posts, [{ orderId, amount: 50, currency: 'EUR', kycVerified: true, customer }]);
	});
});
