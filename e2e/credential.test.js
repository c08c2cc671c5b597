'use strict';
/**
 * The OMNO credential in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox: one access
 * token serves several executions, a token expiring mid-run is replaced without a failed item, a payout run of
 * RUN_ITEMS fetches one token (and one more when every token expires in its middle), and the editor's credential
 * test tells a right secret from a wrong one.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const {
	VERSION,
	CRED_ID,
	CRED_NAME,
	credentialData,
	omnoNode,
	itemNodes,
	workflow,
	control,
	errorText,
} = require('./lib/omno');
const { ActionsEnv, testOffers, assertRunOk } = require('./lib/actions');
const { omnoPayoutWorkflow } = require('../tools/payout-workflows');

const EXPIRY_ITEMS = 6;
const RUN_ITEMS = 200;
// A credential no execution has used yet: no token stored.
const FRESH_CRED = 'omnoE2eFresh0001';
const RUNS = { first: 'omnoE2eRunFresh1', expiring: 'omnoE2eRunExpire' };

/** The payout creates the sandbox saw since `mark`: how many answered 401, and the answers per orderId. */
function payoutPosts(env, mark) {
	const posts = env.logSince(mark).filter((e) => e.method === 'POST' && e.path === '/public/payout');
	const answered = new Map();
	for (const e of posts) {
		if (e.status === 401) continue;
		answered.set(e.body.orderId, [...(answered.get(e.body.orderId) ?? []), e.status]);
	}
	return { posts, refused: posts.filter((e) => e.status === 401).length, answered };
}

/** Every row came out without an error, and OMNO processed each orderId exactly once. */
function assertEveryPayoutOnce(run, env, mark, prefix) {
	assertRunOk(run);
	const items = run.nodeItems('Payouts');
	assert.equal(items.length, RUN_ITEMS);
	assert.deepEqual(
		items.filter((item) => item.error !== undefined).map((item) => item.error),
		[],
	);
	const seen = payoutPosts(env, mark);
	assert.equal(seen.answered.size, RUN_ITEMS);
	for (const [orderId, statuses] of seen.answered) {
		assert.ok(orderId.startsWith(prefix), orderId);
		assert.deepEqual(statuses, [200], `${orderId} was answered ${statuses.join(', ')}`);
	}
	return seen;
}

describe(`OMNO credential in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const WF = 'omnoE2eExpiry001';
	let payInId;

	before(async () => {
		await env.start();
		payInId = await env.createPayIn(`e2e-in-${Date.now().toString(36)}`, 25.5);
		await env.n8n.importCredentials([
			{ id: FRESH_CRED, name: 'OMNO e2e fresh', type: 'omnoOAuth2Api', data: credentialData(env.url) },
		]);
		const run = (id, prefix) =>
			omnoPayoutWorkflow({
				id,
				name: `e2e ${RUN_ITEMS} payouts ${prefix}`,
				count: RUN_ITEMS,
				prefix,
				credId: FRESH_CRED,
				onError: 'continueRegularOutput',
			});
		await env.importWorkflows([
			run(RUNS.first, 'cred-first-'),
			run(RUNS.expiring, 'cred-expiring-'),
			workflow(WF, `e2e ${EXPIRY_ITEMS} pay-in gets`, [
				[
					...itemNodes('Pay-in', 'payInId', Array(EXPIRY_ITEMS).fill(payInId)),
					// One at a time (Get runs items side by side by default): the expiry test pins
					// the token renewal of one request, which concurrent requests would each meet.
					omnoNode('OMNO', {
						resource: 'payIn',
						operation: 'get',
						payInId: '={{ $json.payInId }}',
						runOptions: { concurrencyMode: 'fixed', concurrency: 1 },
					}),
				],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ payIn: ['get'] });

	test('several executions share one access token', async (t) => {
		for (let i = 0; i < 2; i++) assertRunOk(await env.execute(WF));
		const apiCalls = env.log.filter(
			(e) => e.path.startsWith('/public') && e.authorization === 'Bearer',
		).length;
		t.diagnostic(`${apiCalls} API calls, ${env.n8nTokens()} token request(s) from n8n`);
		assert.ok(apiCalls >= 10, `expected ≥ 10 API calls, saw ${apiCalls}`);
		assert.equal(env.n8nTokens(), 1, `n8n fetched ${env.n8nTokens()} tokens over several executions`);
		assert.equal(env.stats.tokenRequests.failed, 0);
	});

	test(`a token expiring in the middle of a ${EXPIRY_ITEMS}-item run is replaced without a failed item`, async (t) => {
		const tokensBefore = env.n8nTokens();
		const mark = env.lastSeq();
		// Expire every token as soon as the 2nd item's GET has been answered; the small latency makes sure the
		// expiry lands before the 3rd GET is checked.
		await control(env.url, 'POST', 'config', { latency: 100 });
		let answered = 0;
		let expired;
		env.setOnRequest((e) => {
			if (
				e.method === 'GET' &&
				e.path === `/public/payin/${payInId}` &&
				e.status === 200 &&
				++answered === 2
			) {
				env.setOnRequest(null);
				expired = control(env.url, 'POST', 'tokens/expire');
			}
		});
		let run;
		try {
			run = await env.execute(WF);
		} finally {
			env.setOnRequest(null);
			await control(env.url, 'POST', 'config', { latency: 0 });
		}
		assert.ok(expired, 'the tokens were expired during the run');
		assert.ok((await expired).expired >= 1);
		assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
		assert.equal(run.items.length, EXPIRY_ITEMS);
		for (const item of run.items) {
			assert.equal(item.id, payInId);
			assert.equal(item.error, undefined);
		}
		const calls = env.logSince(mark).filter((e) => e.path.startsWith('/public') || e.path.includes('/token'));
		t.diagnostic(calls.map((e) => `${e.method} ${e.path.replace(payInId, '<id>')} ${e.status}`).join(' | '));
		const gets = calls.filter((e) => e.method === 'GET');
		assert.equal(gets.filter((e) => e.status === 401).length, 1, 'exactly one request met the expired token');
		assert.equal(gets.filter((e) => e.status === 200).length, EXPIRY_ITEMS);
		assert.equal(env.n8nTokens() - tokensBefore, 1, 'one new token');
		assert.equal(env.n8nTokens(), 2, 'token requests over the whole file');
	});

	test(`a ${RUN_ITEMS}-payout run on a credential without a token fetches one token`, async (t) => {
		const tokensBefore = env.n8nTokens();
		const mark = env.lastSeq();

		const run = await env.execute(RUNS.first);

		const seen = assertEveryPayoutOnce(run, env, mark, 'cred-first-');
		t.diagnostic(`${seen.posts.length} payout POSTs, ${env.n8nTokens() - tokensBefore} token request(s)`);
		assert.equal(seen.refused, 0);
		assert.equal(env.n8nTokens() - tokensBefore, 1, 'one token for the whole run');
	});

	test(`every token expiring in the middle of a ${RUN_ITEMS}-payout run: one renewal, every payout once`, async (t) => {
		const tokensBefore = env.n8nTokens();
		const mark = env.lastSeq();
		// Latency keeps many requests under way when the tokens expire after the 60th payout.
		await control(env.url, 'POST', 'config', { latency: 20 });
		let answered = 0;
		let expired;
		env.setOnRequest((e) => {
			if (e.method === 'POST' && e.path === '/public/payout' && e.status === 200 && ++answered === 60) {
				env.setOnRequest(null);
				expired = control(env.url, 'POST', 'tokens/expire');
			}
		});
		let run;
		try {
			run = await env.execute(RUNS.expiring);
		} finally {
			env.setOnRequest(null);
			await control(env.url, 'POST', 'config', { latency: 0 });
		}
		assert.ok(expired, 'the tokens were expired during the run');
		assert.ok((await expired).expired >= 1);

		const seen = assertEveryPayoutOnce(run, env, mark, 'cred-expiring-');
		t.diagnostic(
			`${seen.posts.length} payout POSTs, ${seen.refused} refused with 401, ${env.n8nTokens() - tokensBefore} token request(s)`,
		);
		assert.ok(seen.refused >= 1, 'some payouts met the expired token');
		// The token stored by the run before was used until it expired, then renewed once for everyone.
		assert.equal(env.n8nTokens() - tokensBefore, 1, 'one renewal');
	});

	test('credential test (REST, as the editor): right secret passes, wrong secret and wrong token URL fail', async (t) => {
		const { n8n, url } = env;
		await n8n.startServer();
		await n8n.setupOwner();
		await n8n.login();
		const ok = await n8n.testCredential({
			id: CRED_ID,
			name: CRED_NAME,
			type: 'omnoOAuth2Api',
			data: credentialData(url),
		});
		assert.equal(ok.status, 'OK', JSON.stringify(ok));
		const wrongSecret = await n8n.testCredential({
			name: 'OMNO wrong secret',
			type: 'omnoOAuth2Api',
			data: credentialData(url, { clientSecret: 'not-the-secret' }),
		});
		assert.equal(wrongSecret.status, 'Error', JSON.stringify(wrongSecret));
		// The stored credential's id with a changed secret must fail too (no cached token may make it pass).
		const changedSecret = await n8n.testCredential({
			id: CRED_ID,
			name: CRED_NAME,
			type: 'omnoOAuth2Api',
			data: credentialData(url, { clientSecret: 'changed-secret' }),
		});
		assert.equal(changedSecret.status, 'Error', JSON.stringify(changedSecret));
		const wrongUrl = await n8n.testCredential({
			name: 'OMNO wrong token URL',
			type: 'omnoOAuth2Api',
			data: credentialData(url, { tokenUrl: `${url}/realms/other/nothing-here` }),
		});
		assert.equal(wrongUrl.status, 'Error', JSON.stringify(wrongUrl));
		t.diagnostic(
			`server ready in ${n8n.startMs} ms; results: ${JSON.stringify({ ok, wrongSecret, changedSecret, wrongUrl })}`,
		);
		await n8n.stop();
	});
});
