'use strict';
/**
 * Every workflow in examples/ imported as a user gets it (`npm start` does the same) and run in a real n8n
 * (E2E_N8N_VERSION, default 2.41.1) against the local sandbox. Each test checks the example's own output AND
 * what the sandbox received.
 *
 * CLI executions first (server and CLI share one SQLite file), then `n8n start` for what needs the server:
 * resuming the payout run's approval step through its resume URL, and the trigger example fed by the
 * sandbox's webhook deliveries.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { N8n, sleep } = require('./lib/n8n');
const { createSandbox } = require('../sandbox/server');

const ROOT = path.resolve(__dirname, '..');
const VERSION = process.env.E2E_N8N_VERSION || '2.41.1';
const CRED = { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' };
const HOOK_CRED = { id: 'omnoSandboxHook1', name: 'OMNO Sandbox webhook key' };
const HOOK_HEADER = 'X-Omno-Key';
const HOOK_SECRET = 'examples-webhook-secret-0123456789';

function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
}

/** The same workflow under another id/name, with text replaced in its Code nodes (other rows, a bad row). */
function variant(wf, id, name, replacements) {
	const copy = JSON.parse(JSON.stringify(wf));
	copy.id = id;
	copy.name = name;
	for (const node of copy.nodes) {
		if (typeof node.parameters?.jsCode !== 'string') continue;
		for (const [from, to] of replacements) node.parameters.jsCode = node.parameters.jsCode.split(from).join(to);
	}
	return copy;
}

const nodeOut = (execution, name) =>
	execution.data?.resultData?.runData?.[name]?.[0]?.data?.main?.flatMap((branch) => (branch ?? []).map((i) => i.json)) ?? [];
const ran = (execution, name) => Boolean(execution.data?.resultData?.runData?.[name]);

describe(`examples/*.json in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	let sandbox;
	let sandboxUrl;
	let n8n;
	const examples = {
		payout: loadExample('payout-run-with-approval.json'),
		link: loadExample('payment-link-email.json'),
		cashier: loadExample('cashier-session.json'),
		trigger: loadExample('trigger-route-by-status.json'),
	};
	const rejectRun = variant(examples.payout, 'omnoExPayoutRej1', 'payout run (rejected)', [['aff-2024-06-', 'rej-2024-06-']]);
	const badRow = variant(examples.payout, 'omnoExPayoutBad1', 'payout run (one bad row)', [
		['aff-2024-06-', 'bad-2024-06-'],
		['80.00,EUR', '80.005,EUR'],
	]);
	const runs = {};
	const requests = (method, prefix) => sandbox.state.requestLog.filter((e) => e.method === method && e.path.startsWith(prefix));
	const payoutsOf = (prefix) => [...sandbox.state.store.payouts.values()].filter((p) => p.orderId.startsWith(prefix));

	before(async () => {
		sandbox = createSandbox({ quiet: true, seed: 'examples', settleMs: 300 });
		const started = await sandbox.start(0, '127.0.0.1');
		sandboxUrl = started.url;
		n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await n8n.prepareUserFolder();
		await n8n.importCredentials([
			{
				...CRED,
				type: 'omnoOAuth2Api',
				data: { environment: 'custom', clientId: 'n8n-sandbox', clientSecret: 'sandbox-secret', apiBaseUrl: sandboxUrl, tokenUrl: started.tokenUrl },
			},
			{ ...HOOK_CRED, type: 'omnoWebhookAuthApi', data: { authType: 'header', headerName: HOOK_HEADER, headerSecret: HOOK_SECRET } },
		]);
		// Every example file as shipped (all of them: a new example without a test still has to import).
		const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
		await n8n.importWorkflows([...files.map(loadExample), rejectRun, badRow]);

		// CLI runs, before the server starts.
		runs.link = await n8n.execute(examples.link.id);
		runs.cashier = await n8n.execute(examples.cashier.id);
		runs.payout = await n8n.execute(examples.payout.id);
		runs.reject = await n8n.execute(rejectRun.id);
		runs.badRow = await n8n.execute(badRow.id);

		await n8n.startServer();
		await n8n.bootstrapOwner();
	});

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (sandbox) await sandbox.stop();
	});

	test('every example references the "OMNO Sandbox" credential on each OMNO node', () => {
		for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
			const wf = loadExample(file);
			const omnoNodes = wf.nodes.filter((n) => n.type.startsWith('n8n-nodes-omno.'));
			assert.ok(omnoNodes.length > 0, `${file} uses an OMNO node`);
			for (const node of omnoNodes) assert.deepEqual(node.credentials?.omnoOAuth2Api, CRED, `${file}: ${node.name}`);
		}
	});

	test('payment link by e-mail: creates the pay-in and writes an e-mail with its hosted page', () => {
		const run = runs.link;
		assert.ok(run.ok, `execution failed: ${JSON.stringify(run.error)}`);
		const [page] = run.nodeItems('Create payment page');
		assert.match(page.paymentPageUrl, /^http/);
		const [mail] = run.nodeItems('Compose e-mail');
		assert.equal(mail.to, 'ana.silva@example.com');
		assert.match(mail.subject, /^Payment for order ORD-\d{8}-\d{6}$/);
		assert.ok(mail.text.includes(page.paymentPageUrl), mail.text);
		assert.ok(mail.text.includes('49.90 EUR'), mail.text);
		// Shipped disabled (no SMTP credential): n8n passes the e-mail item through without sending.
		assert.equal(examples.link.nodes.find((n) => n.type === 'n8n-nodes-base.emailSend').disabled, true);
		assert.deepEqual(run.nodeItems('Send e-mail (set up, then enable)'), [mail]);
		const posts = requests('POST', '/public/payin');
		assert.equal(posts.length, 1);
		assert.ok(posts[0].status < 300, `status ${posts[0].status}`);
		assert.equal(posts[0].body.amount, 49.9);
		assert.equal(posts[0].body.currency, 'EUR');
		assert.equal(posts[0].body.customer.billing.countryCode, 'PT');
	});

	test('cashier session: opens a session for the customer and gives the checkout link', () => {
		const run = runs.cashier;
		assert.ok(run.ok, `execution failed: ${JSON.stringify(run.error)}`);
		const [link] = run.nodeItems('Checkout link');
		assert.ok(link.sessionId);
		assert.match(link.checkoutUrl, new RegExp(`/payments-v2/cashier/${link.sessionId}$`));
		assert.ok(link.message.includes(link.checkoutUrl));
		const posts = requests('POST', '/public/cashier/session');
		assert.equal(posts.length, 1);
		assert.deepEqual(posts[0].body.returnUrls, {
			success: 'https://shop.example.com/deposit/success',
			failure: 'https://shop.example.com/deposit/failed',
		});
		assert.equal(posts[0].body.currency, 'EUR');
		assert.equal(posts[0].body.customer.externalUserId, 'cust-20931');
	});

	test('payout run: a sheet with one bad row sends nothing and names the row', () => {
		const run = runs.badRow;
		assert.equal(run.ok, false);
		assert.equal(run.error?.node, 'Create payouts');
		const text = `${run.error.message} ${run.error.description ?? ''}`;
		assert.match(text, /Item 2|item 2|row 2/i, text);
		assert.match(text, /Amount/, text);
		assert.deepEqual(payoutsOf('bad-'), [], 'validate-first: no payout of that sheet was created');
		assert.equal(requests('POST', '/public/payout').filter((e) => String(e.body?.orderId).startsWith('bad-')).length, 0);
	});

	test('payout run: creates every row, then waits for approval with a message listing them', () => {
		const run = runs.payout;
		assert.ok(run.ok, `execution failed: ${JSON.stringify(run.error)}`);
		assert.equal(run.run.status, 'waiting');
		assert.equal(run.lastNode, 'Wait for approval');
		const created = run.nodeItems('Create payouts');
		assert.equal(created.length, 5, '4 rows + the summary item');
		assert.deepEqual(created.at(-1).summary.totalsCreated, { EUR: '247.63', USD: '310.25' });
		const [approval] = run.nodeItems('Approval request');
		assert.equal(approval.waiting, 4);
		assert.match(approval.text, /4 payout\(s\) created in OMNO and waiting for approval \(247\.63 EUR, 310\.25 USD\)/);
		assert.ok(approval.text.includes(approval.approveUrl));
		const payouts = payoutsOf('aff-');
		assert.equal(payouts.length, 4);
		for (const p of payouts) assert.equal(p.status, 'WAITING_FOR_CONFIRMATION');
	});

	test('payout run: approving through the resume URL confirms every payout and writes the summary', async () => {
		const [approval] = runs.payout.nodeItems('Approval request');
		const res = await fetch(approval.approveUrl);
		assert.equal(res.status, 200, await res.text());
		const [execution] = await n8n.waitForExecutions(examples.payout.id, 1);
		assert.equal(execution.status, 'success');
		assert.ok(ran(execution, 'Confirm payouts'));
		assert.equal(ran(execution, 'Reject payouts'), false);
		const [summary] = nodeOut(execution, 'Summary message');
		assert.equal(summary.decision, 'approved');
		assert.equal(summary.confirmed, 4);
		assert.match(summary.text, /Confirmed: 4 payout\(s\) confirmed/);
		const confirms = requests('PUT', '/public/payout/').filter((e) => e.path.endsWith('/confirm'));
		assert.equal(confirms.length, 4);
		await sleep(600); // the sandbox settles confirmed payouts after settleMs
		const statuses = Object.fromEntries(payoutsOf('aff-').map((p) => [p.orderId, p.status]));
		assert.deepEqual(statuses, {
			'aff-2024-06-0001': 'SUCCESS',
			'aff-2024-06-0002': 'SUCCESS',
			'aff-2024-06-0003': 'SUCCESS',
			'aff-2024-06-0004': 'DECLINED', // sandbox: amounts ending in .13 are declined
		});
	});

	test('payout run: rejecting rejects every payout of the run and nothing is confirmed', async () => {
		assert.ok(runs.reject.ok, `execution failed: ${JSON.stringify(runs.reject.error)}`);
		const [approval] = runs.reject.nodeItems('Approval request');
		const res = await fetch(approval.rejectUrl);
		assert.equal(res.status, 200, await res.text());
		const [execution] = await n8n.waitForExecutions(rejectRun.id, 1);
		assert.equal(execution.status, 'success');
		assert.equal(ran(execution, 'Confirm payouts'), false);
		const [summary] = nodeOut(execution, 'Summary message');
		assert.equal(summary.decision, 'rejected');
		assert.equal(summary.rejected, 4);
		const payouts = payoutsOf('rej-');
		assert.equal(payouts.length, 4);
		for (const p of payouts) assert.equal(p.status, 'REJECTED');
	});

	test('trigger: routes verified pay-in and payout deliveries by status', async (t) => {
		const wf = examples.trigger;
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-omno.omnoTrigger');
		await n8n.activateWorkflow(wf.id);
		const hookPath = `${trigger.webhookId}/webhook`;
		const probe = await n8n.waitForWebhookLive(hookPath, { body: { id: 'probe' } });
		assert.equal(probe.status, 401, `a delivery without the header is refused: ${probe.text}`);
		const control = async (p, body) => {
			const r = await fetch(`${sandboxUrl}/_sandbox/${p}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			const text = await r.text();
			assert.equal(r.status, 200, `${p}: ${text}`);
			return JSON.parse(text);
		};
		await control('webhooks', [
			{
				id: 'n8n',
				name: 'n8n example',
				url: `${n8n.baseUrl}/webhook/${hookPath}`,
				events: ['SUCCESS', 'DECLINED', 'WAITING_FOR_CONFIRMATION'],
				types: ['payin', 'payout'],
				auth: { type: 'header', name: HOOK_HEADER, value: HOOK_SECRET },
			},
		]);
		// Transactions made directly on the sandbox, as OMNO would see them from elsewhere.
		const tokenRes = await fetch(`${sandboxUrl}/realms/omno/protocol/openid-connect/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials&client_id=n8n-sandbox&client_secret=sandbox-secret',
		});
		const { access_token: token } = await tokenRes.json();
		const api = async (p, body) => {
			const r = await fetch(`${sandboxUrl}${p}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
				body: JSON.stringify(body),
			});
			assert.ok(r.ok, `${p}: ${r.status}`);
			return r.json();
		};
		const customer = {
			externalUserId: 'cust-1',
			firstName: 'Ana',
			lastName: 'Silva',
			email: 'ana@example.com',
			phoneNumber: '351 912345678',
			dateOfBirth: '1988-04-12',
			billing: { address: 'Rua Augusta 10', city: 'Lisbon', state: '', countryCode: 'PT', postalCode: '1100-053' },
		};
		const paid = await api('/public/payin', { orderId: 'hook-paid', amount: 20, currency: 'EUR', kycVerified: true, customer });
		const declined = await api('/public/payin', { orderId: 'hook-declined', amount: 21, currency: 'EUR', kycVerified: true, customer });
		await control(`transactions/payin/${paid.paymentId}/status`, { status: 'SUCCESS' });
		await control(`transactions/payin/${declined.paymentId}/status`, { status: 'DECLINED', detailedStatus: 'GENERAL_DECLINE' });
		await api('/public/payout', { orderId: 'hook-approve', value: 30, currency: 'EUR', kycVerified: true, customer });
		await sandbox.state.webhooks.idle();

		const executions = await n8n.waitForExecutions(wf.id, 3, { timeoutMs: 30_000 });
		const byOrder = {};
		for (const e of executions) {
			assert.equal(e.status, 'success');
			const [routed] = ['Paid: fulfil the order', 'Declined: follow up', 'Payout needs approval', 'Other status: log'].flatMap((n) =>
				nodeOut(e, n).map((json) => ({ node: n, json })),
			);
			byOrder[routed.json.orderId] = routed;
		}
		t.diagnostic(JSON.stringify(Object.values(byOrder).map((r) => r.json.message)));
		assert.equal(byOrder['hook-paid']?.node, 'Paid: fulfil the order');
		assert.equal(byOrder['hook-paid'].json.message, 'Pay-in hook-paid succeeded: 20 EUR.');
		assert.equal(byOrder['hook-declined']?.node, 'Declined: follow up');
		assert.equal(byOrder['hook-declined'].json.message, 'Pay-in hook-declined ended DECLINED (GENERAL_DECLINE).');
		assert.equal(byOrder['hook-approve']?.node, 'Payout needs approval');
		assert.match(byOrder['hook-approve'].json.message, /^Payout hook-approve \(30 EUR\) waits for confirmation\.$/);
		const deliveries = await (await fetch(`${sandboxUrl}/_sandbox/deliveries`)).json();
		const list = deliveries.deliveries ?? deliveries;
		assert.ok(list.length >= 3);
		assert.ok(list.every((d) => d.ok), JSON.stringify(list.filter((d) => !d.ok)));
		await n8n.deactivateWorkflow(wf.id);
	});
});
