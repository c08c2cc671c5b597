'use strict';
/**
 * OMNO Trigger in a real, running n8n (`n8n start`, version from E2E_N8N_VERSION) fed by the sandbox's
 * webhook deliveries: activation, verified executions, forged and unknown deliveries, deactivation.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { sleep } = require('../tools/n8n');
const { Stack } = require('./lib/stack');
const {
	VERSION,
	CRED_ID,
	CRED_NAME,
	customer,
	sandboxToken,
	omnoCall,
	control,
	builtNodeFiles,
} = require('./lib/omno');
const { TRIGGER_FILE, notBuilt, webhookAuthFields: authFields, headerSecretField } = require('./lib/trigger');

const WEBHOOK_CRED_ID = 'omnoE2eHookCred1';
const WEBHOOK_CRED_NAME = 'OMNO e2e webhook key';
const HEADER_NAME = 'X-Omno-Key';
const SECRET = 'e2e-webhook-secret-0123456789abcdef';
const WF_ID = 'omnoE2eTrigger01';
const WEBHOOK_ID = 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const TRIGGER = 'OMNO Trigger';
// Two more triggers: query-parameter secret without verification (payout REJECTED only), Basic auth verified.
const QUERY = {
	wf: 'omnoE2eTrigQry01',
	webhookId: 'b4e2d3c5-6f70-4b8c-9dae-1f2a3b4c5d6e',
	cred: 'omnoE2eHookQry01',
	param: 'token',
	secret: 'e2e-query-secret-9876543210',
};
const BASIC = {
	wf: 'omnoE2eTrigBas01',
	webhookId: 'c5f3e4d6-7081-4c9d-8ebf-2a3b4c5d6e7f',
	cred: 'omnoE2eHookBas01',
	user: 'omno',
	password: 'e2e-basic-password-5555',
};

function triggerWorkflow({
	id = WF_ID,
	webhookId = WEBHOOK_ID,
	credId = WEBHOOK_CRED_ID,
	credName = WEBHOOK_CRED_NAME,
	parameters = {},
} = {}) {
	return {
		id,
		name: `e2e OMNO trigger ${id}`,
		nodes: [
			{
				name: TRIGGER,
				type: 'n8n-nodes-omno.omnoTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: {
					deliveryAuthentication: 'credential',
					verifyWithOmno: true,
					transactionKind: 'both',
					statuses: [],
					...parameters,
				},
				credentials: {
					omnoWebhookAuthApi: { id: credId, name: credName },
					omnoOAuth2Api: { id: CRED_ID, name: CRED_NAME },
				},
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The trigger's output item of an execution read through the public API (includeData=true). */
function triggerItem(execution) {
	return execution.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0]?.[0]?.json;
}

describe(`OMNO Trigger in n8n ${VERSION}`, { timeout: 240_000, skip: notBuilt }, () => {
	const stack = new Stack();
	let sandbox;
	let sandboxUrl;
	let n8n;
	let token;
	let hookUrl;
	const ids = {};

	const deliver = (body, headers = {}) =>
		fetch(hookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
		}).then(async (r) => ({ status: r.status, text: await r.text() }));
	const executions = () => n8n.listExecutions(WF_ID);

	before(async () => {
		await stack.start({
			sandbox: { seed: 'e2e-trigger', settleMs: 50 },
			// Field names as the credential declares them (what the editor stores).
			credentials: [
				{
					id: WEBHOOK_CRED_ID,
					name: WEBHOOK_CRED_NAME,
					type: 'omnoWebhookAuthApi',
					data: { authType: 'header', headerName: HEADER_NAME, [headerSecretField()]: SECRET },
				},
				{
					id: QUERY.cred,
					name: 'OMNO e2e webhook query',
					type: 'omnoWebhookAuthApi',
					data: {
						authType: 'query',
						[authFields('query').name]: QUERY.param,
						[authFields('query').secret]: QUERY.secret,
					},
				},
				{
					id: BASIC.cred,
					name: 'OMNO e2e webhook basic',
					type: 'omnoWebhookAuthApi',
					data: {
						authType: 'basic',
						[authFields('basic').name]: BASIC.user,
						[authFields('basic').secret]: BASIC.password,
					},
				},
			],
			workflows: [
				triggerWorkflow(),
				triggerWorkflow({
					id: QUERY.wf,
					webhookId: QUERY.webhookId,
					credId: QUERY.cred,
					credName: 'OMNO e2e webhook query',
					parameters: { verifyWithOmno: false, transactionKind: 'payout', statuses: ['REJECTED'] },
				}),
				triggerWorkflow({
					id: BASIC.wf,
					webhookId: BASIC.webhookId,
					credId: BASIC.cred,
					credName: 'OMNO e2e webhook basic',
				}),
			],
			server: true,
		});
		({ sandbox, n8n, url: sandboxUrl } = stack);
		token = await sandboxToken(stack.tokenUrl);
		hookUrl = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
	});

	after(() => stack.stop());

	test('package.json registers the trigger', () => {
		assert.ok(
			builtNodeFiles().includes(TRIGGER_FILE),
			`package.json n8n.nodes: ${JSON.stringify(builtNodeFiles())}`,
		);
	});

	test('activation serves the production webhook; a delivery without the secret gets 401', async (t) => {
		await n8n.activateWorkflow(WF_ID);
		// The probe carries no secret: once registered the webhook must refuse it (not 404, not 200).
		const probe = await n8n.waitForWebhookLive(`${WEBHOOK_ID}/webhook`, { body: { id: 'probe' } });
		t.diagnostic(`server ready in ${n8n.startMs} ms; probe → ${probe.status} ${probe.text}`);
		assert.equal(probe.status, 401, probe.text);
		assert.doesNotMatch(probe.text, new RegExp(SECRET));
	});

	test('OMNO status changes (payout confirm → SUCCESS, forced pay-in SUCCESS) start verified executions', async (t) => {
		const stamp = Date.now().toString(36);
		const payout = await omnoCall(sandboxUrl, token, 'POST', '/public/payout', {
			orderId: `e2e-trigger-out-${stamp}`,
			value: 12.5,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		const payIn = await omnoCall(sandboxUrl, token, 'POST', '/public/payin', {
			orderId: `e2e-trigger-in-${stamp}`,
			amount: 30,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		ids.payout = payout.payoutId;
		ids.payIn = payIn.paymentId;
		// Like OMNO's dashboard: final statuses only, header authorization.
		await control(sandboxUrl, 'POST', 'webhooks', [
			{
				id: 'n8n',
				name: 'n8n e2e',
				url: hookUrl,
				events: ['SUCCESS', 'DECLINED', 'REJECTED'],
				types: ['payin', 'payout'],
				auth: { type: 'header', name: HEADER_NAME, value: SECRET },
			},
		]);
		const mark = sandbox.state.requestLog.at(-1)?.seq ?? 0;
		await omnoCall(sandboxUrl, token, 'PUT', `/public/payout/${ids.payout}/confirm`);
		await control(sandboxUrl, 'POST', `transactions/payin/${ids.payIn}/status`, { status: 'SUCCESS' });

		const done = await n8n.waitForExecutions(WF_ID, 2, { timeoutMs: 30_000 });
		await sandbox.state.webhooks.idle();
		const deliveries = (await control(sandboxUrl, 'GET', 'deliveries')).deliveries;
		t.diagnostic(deliveries.map((d) => `${d.type} ${d.event} → ${d.statusCode}`).join(' | '));
		assert.deepEqual(deliveries.map((d) => [d.type, d.event, d.statusCode, d.attempt]).sort(), [
			['payin', 'SUCCESS', 200, 1],
			['payout', 'SUCCESS', 200, 1],
		]);
		assert.equal(done.length, 2);
		for (const e of done) assert.equal(e.status ?? (e.finished ? 'success' : 'error'), 'success');
		const items = done.map(triggerItem);
		const out = items.find((i) => i?.id === ids.payout);
		const inn = items.find((i) => i?.id === ids.payIn);
		assert.ok(out && inn, `trigger items: ${JSON.stringify(items)}`);
		assert.equal(out.verified, true);
		assert.equal(out.status, 'SUCCESS');
		assert.equal(out.resource, 'payout');
		assert.equal(out.amount, 12.5);
		assert.equal(out.delivery?.status, 'SUCCESS');
		assert.equal(inn.verified, true);
		assert.equal(inn.status, 'SUCCESS');
		assert.equal(inn.resource, 'payIn');
		// Verified = n8n read each transaction back from OMNO with its own token.
		const reads = sandbox.state.requestLog
			.filter((e) => e.seq > mark && e.method === 'GET' && e.authorization === 'Bearer')
			.map((e) => `${e.path} ${e.status}`);
		assert.ok(reads.includes(`/public/payout/${ids.payout} 200`), reads.join(', '));
		assert.ok(reads.includes(`/public/payin/${ids.payIn} 200`), reads.join(', '));
	});

	test('forged deliveries (wrong secret, no secret, Basic instead of header) get 401 and start nothing', async () => {
		const before = (await executions()).length;
		const body = { id: ids.payout, status: 'SUCCESS', type: 'payout' };
		const wrong = await deliver(body, { [HEADER_NAME]: 'not-the-secret' });
		const none = await deliver(body);
		const basic = await deliver(body, {
			authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}`,
		});
		for (const r of [wrong, none, basic]) {
			assert.equal(r.status, 401, r.text);
			assert.doesNotMatch(r.text, new RegExp(SECRET));
		}
		await sleep(1000);
		assert.equal((await executions()).length, before, 'no execution for a forged delivery');
	});

	test('a delivery with the right secret but an id OMNO does not know is rejected and starts nothing', async () => {
		const before = (await executions()).length;
		const mark = sandbox.state.requestLog.at(-1)?.seq ?? 0;
		const r = await deliver(
			{ id: 'no-such-transaction-1', status: 'SUCCESS', type: 'payout' },
			{ [HEADER_NAME]: SECRET },
		);
		assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
		assert.equal(r.status, 404, r.text);
		// Both types were asked, each answered 404.
		const reads = sandbox.state.requestLog
			.filter((e) => e.seq > mark)
			.map((e) => `${e.method} ${e.path} ${e.status}`);
		assert.deepEqual(reads.sort(), [
			'GET /public/payin/no-such-transaction-1 404',
			'GET /public/payout/no-such-transaction-1 404',
		]);
		await sleep(1000);
		assert.equal((await executions()).length, before, 'no execution for an unknown transaction');
	});

	test('query-parameter and Basic auth: right secret → execution (unverified: the delivery as sent), wrong → 401, status filter', async (t) => {
		const urlOf = (x) => `${n8n.baseUrl}/webhook/${x.webhookId}/webhook`;
		await n8n.activateWorkflow(QUERY.wf);
		await n8n.activateWorkflow(BASIC.wf);
		assert.equal(
			(await n8n.waitForWebhookLive(`${QUERY.webhookId}/webhook`, { body: { id: 'probe' } })).status,
			401,
		);
		assert.equal(
			(await n8n.waitForWebhookLive(`${BASIC.webhookId}/webhook`, { body: { id: 'probe' } })).status,
			401,
		);
		const post = (url, body, headers = {}) =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			}).then(async (r) => ({ status: r.status, text: await r.text() }));
		const basicHeader = (user, password) => ({
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		});
		const sample = { id: ids.payout, status: 'REJECTED', type: 'payout' };
		assert.equal((await post(`${urlOf(QUERY)}?${QUERY.param}=wrong`, sample)).status, 401);
		assert.equal((await post(`${urlOf(QUERY)}?other=${QUERY.secret}`, sample)).status, 401);
		assert.equal((await post(urlOf(BASIC), sample, basicHeader(BASIC.user, 'wrong'))).status, 401);
		assert.equal((await post(urlOf(BASIC), sample, { [HEADER_NAME]: SECRET })).status, 401);
		// Right secret, but a status the query trigger does not want: acknowledged, nothing started.
		const ignored = await post(`${urlOf(QUERY)}?${QUERY.param}=${QUERY.secret}`, {
			...sample,
			status: 'SUCCESS',
		});
		assert.equal(ignored.status, 200, ignored.text);

		// Like OMNO: a payout is rejected; the dashboard has three webhooks for it.
		const payout = await omnoCall(sandboxUrl, token, 'POST', '/public/payout', {
			orderId: `e2e-trigger-rej-${Date.now().toString(36)}`,
			value: 7,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		await control(sandboxUrl, 'POST', 'webhooks', [
			{
				id: 'query',
				name: 'query',
				url: urlOf(QUERY),
				events: ['REJECTED'],
				types: ['payout'],
				auth: { type: 'query', param: QUERY.param, value: QUERY.secret },
			},
			{
				id: 'basic',
				name: 'basic',
				url: urlOf(BASIC),
				events: ['REJECTED'],
				types: ['payout'],
				auth: { type: 'basic', username: BASIC.user, password: BASIC.password },
			},
		]);
		const seqBefore = (await control(sandboxUrl, 'GET', 'deliveries')).deliveries.at(-1)?.seq ?? 0;
		await omnoCall(sandboxUrl, token, 'PUT', `/public/payout/${payout.payoutId}/reject`);
		const [q] = await n8n.waitForExecutions(QUERY.wf, 1, { timeoutMs: 30_000 });
		const [b] = await n8n.waitForExecutions(BASIC.wf, 1, { timeoutMs: 30_000 });
		await sandbox.state.webhooks.idle();
		const deliveries = (await control(sandboxUrl, 'GET', `deliveries?since=${seqBefore}`)).deliveries;
		t.diagnostic(deliveries.map((d) => `${d.webhookId} ${d.event} → ${d.statusCode}`).join(' | '));
		assert.deepEqual(deliveries.map((d) => [d.webhookId, d.event, d.statusCode]).sort(), [
			['basic', 'REJECTED', 200],
			['query', 'REJECTED', 200],
		]);
		const qi = triggerItem(q);
		assert.equal(qi.verified, false);
		assert.equal(qi.id, payout.payoutId);
		assert.equal(qi.status, 'REJECTED');
		assert.equal(qi.delivery?.type, 'payout');
		const bi = triggerItem(b);
		assert.equal(bi.verified, true);
		assert.equal(bi.id, payout.payoutId);
		assert.equal(bi.status, 'REJECTED');
		assert.equal(bi.resource, 'payout');
		await sleep(500);
		assert.equal((await n8n.listExecutions(QUERY.wf)).length, 1, 'the ignored status started nothing');
		assert.equal((await n8n.listExecutions(BASIC.wf)).length, 1);
	});

	test('deactivation: the webhook URL answers 404', async () => {
		await n8n.deactivateWorkflow(WF_ID);
		const t0 = Date.now();
		let r;
		for (;;) {
			r = await deliver({ id: ids.payout, status: 'SUCCESS' }, { [HEADER_NAME]: SECRET });
			if (r.status === 404 || Date.now() - t0 > 10_000) break;
			await sleep(200);
		}
		assert.equal(r.status, 404, r.text);
	});
});
