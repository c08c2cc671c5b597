'use strict';
/**
 * Direct Link → Start Pay-In / Start Payout in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local
 * sandbox: create and process in one step, each request sent once. Asserts on n8n's output and on the sandbox's
 * request log.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, omnoNode, workflow } = require('./lib/omno');
const {
	ActionsEnv,
	CUSTOMER_IP,
	CONTINUE,
	createParameters,
	orderIdFor,
	testOffers,
	firstItem,
	once,
} = require('./lib/actions');

describe(`OMNO Direct Link in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const WF = 'omnoE2eDirectLnk';
	const orders = { startIn: orderIdFor('startIn'), startOut: orderIdFor('startOut') };
	const run = once(() => env.execute(WF));

	before(async () => {
		await env.start();
		await env.importWorkflows([
			// "Continue on fail" on both, so a failing one cannot hide the other.
			workflow(WF, 'e2e direct link', [
				[
					omnoNode(
						'Start pay-in (crypto)',
						{
							resource: 'directLink',
							operation: 'startPayIn',
							...createParameters(orders.startIn, '0.01'),
							customerIp: CUSTOMER_IP,
							additionalData: '{"method":"crypto","currency":"USDT"}',
						},
						CONTINUE,
					),
				],
				[
					omnoNode(
						'Start payout',
						{
							resource: 'directLink',
							operation: 'startPayout',
							...createParameters(orders.startOut, '33.30', 'value'),
							customerIp: CUSTOMER_IP,
							additionalData: '{"iban":"DE89370400440532013000"}',
						},
						CONTINUE,
					),
				],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ directLink: ['startPayIn', 'startPayout'] });

	test('directLink/startPayIn (crypto): creates and processes in one step → wallet address', async () => {
		const out = firstItem(await run(), 'Start pay-in (crypto)');
		assert.equal(out.orderId, orders.startIn);
		assert.ok(out.walletAddress, JSON.stringify(out));
		const posts = env.bodiesOf('POST', '/public/payin').filter((b) => b.orderId === orders.startIn);
		assert.equal(posts.length, 1);
		assert.equal(posts[0].amount, 0.01);
		assert.deepEqual(
			env.bodiesOf('POST', `/public/payin/${out.paymentId}/process/direct-link`).map((b) => b.additionalData),
			[{ method: 'crypto', currency: 'USDT' }],
		);
	});

	test('directLink/startPayout: creates (with `value`) and processes in one step', async () => {
		const out = firstItem(await run(), 'Start payout');
		assert.equal(out.orderId, orders.startOut);
		assert.ok(out.payoutId);
		assert.equal(out.status, 'PENDING');
		const posts = env.bodiesOf('POST', '/public/payout').filter((b) => b.orderId === orders.startOut);
		assert.equal(posts.length, 1);
		assert.equal(posts[0].value, 33.3);
		assert.equal(posts[0].amount, undefined);
		assert.equal(env.bodiesOf('POST', `/public/payout/${out.payoutId}/process/direct-link`).length, 1);
	});
});
