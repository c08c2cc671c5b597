'use strict';
/**
 * Transaction → Get in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox: it tells a pay-in
 * from a payout by itself, and waits for a payout's final status after a confirm. Asserts on n8n's output and on
 * the sandbox's request log. Run through e2e/run.sh, which installs n8n and builds the package first.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, omnoNode, workflow, control } = require('./lib/omno');
const { ActionsEnv, WAIT_FINAL, testOffers, assertRunOk, once } = require('./lib/actions');

describe(`OMNO Transaction → Get in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const WF = 'omnoE2eTxGet0001';
	let payInId;
	const payouts = {};
	const flows = once(() => env.execute(WF));

	before(async () => {
		await env.start();
		payInId = await env.createPayIn(`e2e-in-${Date.now().toString(36)}`, 25.5);
		payouts.confirm = await env.createPayout(`e2e-out-confirm-${Date.now().toString(36)}`, 40);
		// Sandbox: a payout amount ending in .13 is DECLINED after confirm.
		payouts.decline = await env.createPayout(`e2e-out-decline-${Date.now().toString(36)}`, 10.13);
		await env.importWorkflows([
			workflow(WF, 'e2e transaction get', [
				[
					omnoNode('Get pay-in', { resource: 'payIn', operation: 'get', payInId }),
					omnoNode('Transaction (pay-in)', {
						resource: 'transaction',
						operation: 'get',
						transactionId: '={{ $json.id }}',
					}),
				],
				[
					omnoNode('Confirm', { resource: 'payout', operation: 'confirm', payoutId: payouts.confirm }),
					omnoNode('Wait for final', {
						resource: 'transaction',
						operation: 'get',
						transactionId: '={{ $json.payoutId }}',
						transactionType: 'auto',
						...WAIT_FINAL,
					}),
				],
				[
					omnoNode('Confirm .13', { resource: 'payout', operation: 'confirm', payoutId: payouts.decline }),
					omnoNode('Wait declined', {
						resource: 'transaction',
						operation: 'get',
						transactionId: '={{ $json.payoutId }}',
						transactionType: 'payout',
						...WAIT_FINAL,
					}),
				],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ transaction: ['get'], payIn: ['get'], payout: ['confirm'] });

	test('payIn/get returns the pay-in; transaction/get auto-detects it as a pay-in', async () => {
		const run = await flows();
		assertRunOk(run);
		const [got] = run.nodeItems('Get pay-in');
		assert.equal(got.id, payInId);
		assert.equal(got.status, 'CREATED');
		assert.equal(got.amount, 25.5);
		const tx = run.nodeItems('Transaction (pay-in)');
		assert.equal(tx.length, 1);
		assert.equal(tx[0].id, payInId);
		assert.equal(tx[0].transactionType, 'payIn');
		assert.equal(tx[0].status, 'CREATED');
		const gets = env.log.filter((e) => e.path === `/public/payin/${payInId}`);
		assert.deepEqual(
			gets.map((e) => [e.method, e.status, e.authorization]),
			[
				['GET', 200, 'Bearer'],
				['GET', 200, 'Bearer'],
			],
		);
	});

	test('payout confirm → transaction/get waits for the final status → SUCCESS', async () => {
		const run = await flows();
		assertRunOk(run);
		const [confirmed] = run.nodeItems('Confirm');
		assert.equal(confirmed.payoutId, payouts.confirm);
		assert.equal(confirmed.confirmed, true);
		const [final] = run.nodeItems('Wait for final');
		assert.equal(final.id, payouts.confirm);
		assert.equal(final.status, 'SUCCESS');
		assert.equal(final.final, true);
		assert.equal(final.transactionType, 'payout');
		assert.equal(final.amount, 40);
		assert.ok(final.waitedSeconds >= 1, `waited ${final.waitedSeconds} s`);

		const put = env.log.filter((e) => e.path === `/public/payout/${payouts.confirm}/confirm`);
		assert.deepEqual(
			put.map((e) => [e.method, e.status, e.body]),
			[['PUT', 200, null]],
			'one PUT, no body',
		);
		// Auto-detect asks for a pay-in first (404), then polls the payout until it is final.
		assert.deepEqual(
			env.log.filter((e) => e.path === `/public/payin/${payouts.confirm}`).map((e) => [e.method, e.status]),
			[['GET', 404]],
		);
		const polls = env.log.filter((e) => e.method === 'GET' && e.path === `/public/payout/${payouts.confirm}`);
		assert.ok(polls.length >= 2, `expected a PENDING read and a final read, saw ${polls.length} GETs`);
		const history = (await control(env.url, 'GET', 'transactions?type=payout')).transactions.find(
			(t) => t.id === payouts.confirm,
		).history;
		assert.deepEqual(
			history.map((h) => h.status),
			['CREATED', 'WAITING_FOR_CONFIRMATION', 'PENDING', 'SUCCESS'],
		);
	});

	test("payout confirm of an amount ending in .13 → waits → DECLINED with OMNO's reason", async () => {
		const run = await flows();
		assertRunOk(run);
		const [final] = run.nodeItems('Wait declined');
		assert.equal(final.id, payouts.decline);
		assert.equal(final.status, 'DECLINED');
		assert.equal(final.final, true);
		assert.equal(final.amount, 10.13);
		assert.equal(final.statusReason?.detailedStatus, 'GENERAL_DECLINE');
		// Type given: no pay-in lookup.
		assert.equal(env.log.filter((e) => e.path === `/public/payin/${payouts.decline}`).length, 0);
	});
});
