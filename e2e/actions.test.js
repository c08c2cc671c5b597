'use strict';
/**
 * OMNO action node in a real n8n (version from E2E_N8N_VERSION, default 2.41.1) against the local sandbox.
 * Run through e2e/run.sh, which installs n8n and builds the package first.
 *
 * Every `n8n` CLI call boots n8n (~3–5 s), so workflows and credentials are imported in batches up front and
 * each test runs one execution.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { N8n } = require('./lib/n8n');
const { createSandbox } = require('../sandbox/server');

const ROOT = path.resolve(__dirname, '..');
const VERSION = process.env.E2E_N8N_VERSION || '2.41.1';
const CLIENT_ID = 'n8n-sandbox';
const CLIENT_SECRET = 'sandbox-secret';
const CRED_ID = 'omnoE2eCred00001';
const CRED_NAME = 'OMNO e2e';

const customer = {
	externalUserId: 'e2e-user-1',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	phoneNumber: '1 1234567890',
	dateOfBirth: '1990-12-10',
	billing: { address: '1 Main St', city: 'Berlin', state: 'BE', countryCode: 'DE', postalCode: '10115' },
};

function credentialData(sandboxUrl, over = {}) {
	return {
		environment: 'custom',
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		apiBaseUrl: sandboxUrl,
		tokenUrl: `${sandboxUrl}/realms/omno/protocol/openid-connect/token`,
		...over,
	};
}

/** Manual Trigger → OMNO node with the given parameters. */
function omnoWorkflow(id, name, parameters) {
	return {
		id,
		name,
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				name: 'OMNO',
				type: 'n8n-nodes-omno.omno',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { omnoOAuth2Api: { id: CRED_ID, name: CRED_NAME } },
			},
		],
		connections: { Start: { main: [[{ node: 'OMNO', type: 'main', index: 0 }]] } },
	};
}

async function sandboxToken(tokenUrl) {
	const res = await fetch(tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
	});
	assert.equal(res.status, 200, 'sandbox token');
	return (await res.json()).access_token;
}

describe(`OMNO actions in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	let sandbox;
	let sandboxUrl;
	let n8n;
	let payInId;
	// Token requests made by the test itself (creating the pay-in), not by n8n.
	let ownTokenRequests = 0;
	const wf = {
		getPayIn: 'omnoE2eGetPayIn1',
		getPayoutMissing: 'omnoE2eGetPout01',
		emptyId: 'omnoE2eEmptyId01',
	};

	before(async () => {
		sandbox = createSandbox({ quiet: true, seed: 'e2e', settleMs: 20 });
		const started = await sandbox.start(0, '127.0.0.1');
		sandboxUrl = started.url;

		// A pay-in to read back, created directly against the sandbox.
		const token = await sandboxToken(started.tokenUrl);
		ownTokenRequests++;
		const created = await fetch(`${sandboxUrl}/public/payin`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ orderId: `e2e-${Date.now()}`, amount: 25.5, currency: 'EUR', kycVerified: true, customer }),
		});
		assert.equal(created.status, 200, await created.clone().text());
		payInId = (await created.json()).paymentId;
		assert.ok(payInId);

		n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await n8n.prepareUserFolder();
		await n8n.importCredentials([{ id: CRED_ID, name: CRED_NAME, type: 'omnoOAuth2Api', data: credentialData(sandboxUrl) }]);
		await n8n.importWorkflows([
			omnoWorkflow(wf.getPayIn, 'e2e get pay-in', { resource: 'payIn', operation: 'get', payInId }),
			omnoWorkflow(wf.getPayoutMissing, 'e2e get unknown payout', {
				resource: 'payout',
				operation: 'get',
				payoutId: 'does-not-exist-42',
			}),
			// A literally empty required parameter stops n8n before the node runs; an expression evaluating to ""
			// reaches the node's own validation.
			omnoWorkflow(wf.emptyId, 'e2e empty pay-in id', { resource: 'payIn', operation: 'get', payInId: '={{ "" }}' }),
		]);
	});

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (sandbox) await sandbox.stop();
	});

	test('payIn/get returns the pay-in', async () => {
		const run = await n8n.execute(wf.getPayIn);
		assert.ok(run.ok, `execution failed: ${JSON.stringify(run.error)}\n${run.errorText}`);
		assert.equal(run.lastNode, 'OMNO');
		assert.equal(run.items.length, 1);
		assert.equal(run.items[0].id, payInId);
		assert.equal(run.items[0].status, 'CREATED');
		assert.equal(run.items[0].amount, 25.5);
	});

	test('payout/get for an unknown id fails with a node error mentioning 404', async (t) => {
		const run = await n8n.execute(wf.getPayoutMissing);
		t.diagnostic(`error: ${JSON.stringify({ ...run.error, raw: undefined })}`);
		assert.equal(run.ok, false);
		assert.notEqual(run.code, 0);
		assert.ok(run.error, 'an error is reported');
		assert.equal(run.error.node, 'OMNO');
		const text = [run.error.message, run.error.description, run.error.httpCode].join(' ');
		assert.match(text, /404/, `error should mention 404: ${text}`);
	});

	test('an id expression evaluating to "" fails naming the field, without calling the API', async (t) => {
		const before = sandbox.state.requestLog.length;
		const run = await n8n.execute(wf.emptyId);
		t.diagnostic(`error: ${JSON.stringify({ ...run.error, raw: undefined })}`);
		assert.equal(run.ok, false);
		assert.ok(run.error);
		assert.equal(run.error.node, 'OMNO');
		const text = [run.error.message, run.error.description].join(' ');
		assert.match(text, /Pay-In ID|payInId/, `error should name the field: ${text}`);
		const calls = sandbox.state.requestLog.slice(before).filter((e) => e.path.startsWith('/public'));
		assert.deepEqual(calls, [], 'no /public request for an empty id');
	});

	test('several executions share one access token', async (t) => {
		const run = await n8n.execute(wf.getPayIn);
		assert.ok(run.ok, JSON.stringify(run.error));
		const stats = sandbox.state.stats;
		const fromN8n = stats.tokenRequests.ok - ownTokenRequests;
		// n8n's calls only (the test itself made one POST /public/payin).
		const apiCalls = sandbox.state.requestLog.filter((e) => e.method === 'GET' && e.path.startsWith('/public')).length;
		assert.ok(apiCalls >= 3, `expected ≥ 3 API calls from n8n, saw ${apiCalls}`);
		t.diagnostic(`${apiCalls} API calls, ${fromN8n} token request(s) from n8n`);
		assert.equal(fromN8n, 1, `n8n fetched ${fromN8n} tokens for ${apiCalls} API calls`);
		assert.equal(stats.tokenRequests.failed, 0);
	});

	test('credential test (REST, as the editor): right secret passes, wrong secret and wrong token URL fail', async (t) => {
		await n8n.startServer();
		await n8n.setupOwner();
		await n8n.login();
		const ok = await n8n.testCredential({
			id: CRED_ID,
			name: CRED_NAME,
			type: 'omnoOAuth2Api',
			data: credentialData(sandboxUrl),
		});
		assert.equal(ok.status, 'OK', JSON.stringify(ok));
		const wrongSecret = await n8n.testCredential({
			name: 'OMNO wrong secret',
			type: 'omnoOAuth2Api',
			data: credentialData(sandboxUrl, { clientSecret: 'not-the-secret' }),
		});
		assert.equal(wrongSecret.status, 'Error', JSON.stringify(wrongSecret));
		// The stored credential's id with a changed secret must fail too (no cached token may make it pass).
		const changedSecret = await n8n.testCredential({
			id: CRED_ID,
			name: CRED_NAME,
			type: 'omnoOAuth2Api',
			data: credentialData(sandboxUrl, { clientSecret: 'changed-secret' }),
		});
		assert.equal(changedSecret.status, 'Error', JSON.stringify(changedSecret));
		const wrongUrl = await n8n.testCredential({
			name: 'OMNO wrong token URL',
			type: 'omnoOAuth2Api',
			data: credentialData(sandboxUrl, { tokenUrl: `${sandboxUrl}/realms/other/nothing-here` }),
		});
		assert.equal(wrongUrl.status, 'Error', JSON.stringify(wrongUrl));
		t.diagnostic(`server ready in ${n8n.startMs} ms; results: ${JSON.stringify({ ok, wrongSecret, changedSecret, wrongUrl })}`);
		await n8n.stop();
	});
});
