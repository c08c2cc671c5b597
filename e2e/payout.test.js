'use strict';
/**
 * Payout operations in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox: reject, create
 * with `value` → confirm → final status, a direct link, an unknown id, and what comes too late or twice (a reused
 * orderId, a decision on a settled payout). Asserts on n8n's output and on the sandbox's request log.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, customer, omnoNode, workflow, control, errorText } = require('./lib/omno');
const {
	ActionsEnv,
	CUSTOMER_IP,
	CONTINUE,
	WAIT_FINAL,
	createParameters,
	orderIdFor,
	testOffers,
	assertRunOk,
	firstItem,
	once,
} = require('./lib/actions');

describe(`OMNO Payout operations in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const wf = { flows: 'omnoE2ePayoutFl1', missing: 'omnoE2eGetPout01', conflicts: 'omnoE2eConflict1' };
	const orders = { payout: orderIdFor('out'), existing: orderIdFor('existing') };
	const payouts = {};
	const flows = once(() => env.execute(wf.flows));
	let conflictMark;
	const conflicts = once(() => {
		conflictMark = env.lastSeq();
		return env.execute(wf.conflicts);
	});

	before(async () => {
		await env.start();
		payouts.reject = await env.createPayout(`e2e-out-reject-${Date.now().toString(36)}`, 15);
		payouts.link = await env.createPayout(`e2e-out-link-${Date.now().toString(36)}`, 16);
		// Confirmed and settled outside n8n: rejecting or confirming it from n8n comes too late.
		payouts.settled = await env.createSettledPayout(`e2e-out-settled-${Date.now().toString(36)}`, 40);
		// An orderId OMNO already has.
		await env.createPayout(orders.existing, 20);
		await env.importWorkflows([
			workflow(wf.flows, 'e2e payout flows', [
				[
					omnoNode('Reject', { resource: 'payout', operation: 'reject', payoutId: payouts.reject }),
					omnoNode('Get rejected', {
						resource: 'payout',
						operation: 'get',
						payoutId: '={{ $json.payoutId }}',
					}),
				],
				[
					omnoNode('Create payout', {
						resource: 'payout',
						operation: 'create',
						...createParameters(orders.payout, '125.50', 'value'),
					}),
					omnoNode('Confirm created', {
						resource: 'payout',
						operation: 'confirm',
						payoutId: '={{ $json.payoutId }}',
					}),
					omnoNode('Created payout final', {
						resource: 'transaction',
						operation: 'get',
						transactionId: '={{ $json.payoutId }}',
						...WAIT_FINAL,
					}),
				],
				[
					omnoNode(
						'Payout direct link',
						{
							resource: 'payout',
							operation: 'processDirectLink',
							payoutId: payouts.link,
							customerIp: CUSTOMER_IP,
							additionalData: '{"iban":"DE89370400440532013000"}',
						},
						CONTINUE,
					),
				],
			]),
			workflow(wf.missing, 'e2e get unknown payout', [
				[omnoNode('OMNO', { resource: 'payout', operation: 'get', payoutId: 'does-not-exist-42' })],
			]),
			// Rows run top to bottom.
			workflow(wf.conflicts, 'e2e conflicts', [
				[
					omnoNode('Create again', {
						resource: 'payout',
						operation: 'create',
						...createParameters(orders.existing, '1', 'value'),
					}),
				],
				[
					omnoNode(
						'Reject settled',
						{ resource: 'payout', operation: 'reject', payoutId: payouts.settled },
						CONTINUE,
					),
				],
				[omnoNode('Confirm again', { resource: 'payout', operation: 'confirm', payoutId: payouts.settled })],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ payout: ['create', 'confirm', 'reject', 'get', 'processDirectLink'] });

	test('payout reject → REJECTED, no body sent', async () => {
		const run = await flows();
		assertRunOk(run);
		const [rejected] = run.nodeItems('Reject');
		assert.equal(rejected.payoutId, payouts.reject);
		assert.equal(rejected.rejected, true);
		const [got] = run.nodeItems('Get rejected');
		assert.equal(got.status, 'REJECTED');
		const put = env.log.filter((e) => e.path === `/public/payout/${payouts.reject}/reject`);
		assert.deepEqual(
			put.map((e) => [e.method, e.status, e.body]),
			[['PUT', 200, null]],
		);
	});

	test('payout/create sends `value` (not `amount`) → confirm → wait → SUCCESS', async () => {
		const run = await flows();
		assertRunOk(run);
		const [created] = run.nodeItems('Create payout');
		assert.equal(created.status, 'WAITING_FOR_CONFIRMATION');
		assert.equal(created.orderId, orders.payout);
		const [final] = run.nodeItems('Created payout final');
		assert.equal(final.id, created.payoutId);
		assert.equal(final.status, 'SUCCESS');
		assert.equal(final.final, true);
		assert.equal(final.amount, 125.5);
		const posts = env.log.filter(
			(e) => e.method === 'POST' && e.path === '/public/payout' && e.body?.orderId === orders.payout,
		);
		assert.equal(posts.length, 1);
		assert.deepEqual(posts[0].body, {
			orderId: orders.payout,
			value: 125.5,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
	});

	test("payout/processDirectLink: PENDING with redirect URL and OMNO's message", async () => {
		const out = firstItem(await flows(), 'Payout direct link');
		assert.equal(out.payoutId, payouts.link);
		assert.equal(out.status, 'PENDING');
		assert.match(out.redirectUrl, /\/hosted\/redirect\//);
		assert.ok(out.message);
		const [body] = env.bodiesOf('POST', `/public/payout/${payouts.link}/process/direct-link`);
		assert.deepEqual(body.additionalData, { iban: 'DE89370400440532013000' });
	});

	test('payout/get for an unknown id fails with a node error mentioning 404', async (t) => {
		const run = await env.execute(wf.missing);
		t.diagnostic(`error: ${errorText(run)}`);
		assert.equal(run.ok, false);
		assert.notEqual(run.code, 0);
		assert.ok(run.error, 'an error is reported');
		assert.equal(run.error.node, 'OMNO');
		const text = [run.error.message, run.error.description, run.error.httpCode].join(' ');
		assert.match(text, /404/, `error should mention 404: ${text}`);
		assert.match(run.error.message, /GET \/public\/payout\/does-not-exist-42/);
	});

	test('payout/create with an orderId OMNO already has: alreadyExists item naming 409, nothing created', async () => {
		const run = await conflicts();
		const [item] = run.nodeItems('Create again') ?? [];
		assert.ok(item, `no output from "Create again": ${errorText(run)}`);
		assert.equal(item.alreadyExists, true);
		assert.equal(item.httpCode, 409);
		assert.equal(item.orderId, orders.existing);
		assert.match(String(item.omnoMessage), new RegExp(orders.existing));
		const posts = env
			.logSince(conflictMark)
			.filter((e) => e.method === 'POST' && e.path === '/public/payout');
		assert.deepEqual(
			posts.map((e) => [e.status, e.body.orderId]),
			[[409, orders.existing]],
			'sent once, never re-sent',
		);
		assert.equal(env.stats.duplicateOrderIds.payout, 1);
		const mine = (await control(env.url, 'GET', 'transactions?type=payout')).transactions.filter(
			(t) => t.orderId === orders.existing,
		);
		assert.equal(mine.length, 1, 'still one payout with that orderId');
	});

	test('with "continue on fail" a 409 becomes an error item (httpCode, OMNO message, outcome)', async () => {
		const run = await conflicts();
		const [item] = run.nodeItems('Reject settled') ?? [];
		assert.ok(item, `no output from "Reject settled": ${errorText(run)}`);
		// Deliberate (the engine's decision rules): a refused decision is read back; a payout confirmed and settled is
		// "already SUCCESS", an error that says which way it went, with OMNO's 409 kept.
		assert.match(
			item.error,
			/^Row 2 \(payoutId [^)]+\): Payout .+ is already SUCCESS: it was confirmed, so it cannot be rejected$/,
		);
		assert.equal(Number(item.httpCode), 409);
		assert.match(String(item.omnoMessage), /cannot be rejected in status SUCCESS/);
	});

	test('confirming a payout that was already confirmed is a result (alreadyDecided), never a second PUT', async (t) => {
		// Deliberate (the engine's decision rules): a second confirm is read back as a result, not OMNO's 409.
		const run = await conflicts();
		t.diagnostic(`error: ${errorText(run)}`);
		const [item] = run.nodeItems('Confirm again') ?? [];
		assert.ok(item, `no output from "Confirm again": ${errorText(run)}`);
		assert.equal(item.alreadyDecided, true);
		assert.equal(item.confirmed, true);
		assert.equal(item.status, 'SUCCESS');
		assert.equal(Number(item.httpCode), 409);
		assert.match(String(item.omnoMessage), /cannot be confirmed in status SUCCESS/);
		// A PUT is never re-sent on its own.
		const puts = env.logSince(conflictMark).filter((e) => e.method === 'PUT' && e.path.endsWith('/confirm'));
		assert.deepEqual(
			puts.map((e) => [e.path, e.status]),
			[[`/public/payout/${payouts.settled}/confirm`, 409]],
		);
	});
});
