'use strict';
/**
 * Every workflow in examples/ imported as a user gets it (`npm start` does the same) into a real n8n
 * (E2E_N8N_VERSION, default 2.41.1) against the local sandbox, and the examples other than the payout run
 * (e2e/examples-payout-run.test.js, e2e/examples-payout-recovery.test.js) run: the payment link and the cashier
 * session through `n8n execute`, then in `n8n start` the trigger example fed by the sandbox's webhook deliveries.
 * Each test checks the example's own output AND what the sandbox received.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { Stack } = require('./lib/stack');
const { VERSION, control: sandboxControl } = require('./lib/omno');
const { EXAMPLE_CRED, loadExample, exampleFiles, anaSilva } = require('./lib/examples');

const HOOK_CRED = { id: 'omnoSandboxHook1', name: 'OMNO Sandbox webhook key' };
const HOOK_HEADER = 'X-Omno-Key';
const HOOK_SECRET = 'examples-webhook-secret-0123456789';

const nodeOut = (execution, name) =>
	execution.data?.resultData?.runData?.[name]?.[0]?.data?.main?.flatMap((branch) =>
		(branch ?? []).map((i) => i.json),
	) ?? [];

describe(`examples/*.json (payment link, cashier, trigger) in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const stack = new Stack();
	const examples = {
		link: loadExample('payment-link-email.json'),
		cashier: loadExample('cashier-session.json'),
		trigger: loadExample('trigger-route-by-status.json'),
	};
	const runs = {};
	const requests = (method, prefix) =>
		stack.log.filter((e) => e.method === method && e.path.startsWith(prefix));

	before(async () => {
		await stack.start({
			sandbox: { seed: 'examples', settleMs: 300 },
			omnoCredential: EXAMPLE_CRED,
			credentials: [
				{
					...HOOK_CRED,
					type: 'omnoWebhookAuthApi',
					data: { authType: 'header', headerName: HOOK_HEADER, headerSecret: HOOK_SECRET },
				},
			],
			// Every example file as shipped (all of them: a new example without a test still has to import).
			workflows: exampleFiles().map(loadExample),
		});
		// CLI runs, before the server starts.
		runs.link = await stack.n8n.execute(examples.link.id);
		runs.cashier = await stack.n8n.execute(examples.cashier.id);
		await stack.startServer();
	});

	after(() => stack.stop());

	test('every example references the "OMNO Sandbox" credential on each OMNO node', () => {
		for (const file of exampleFiles()) {
			const wf = loadExample(file);
			const omnoNodes = wf.nodes.filter((n) => n.type.startsWith('n8n-nodes-omno.'));
			assert.ok(omnoNodes.length > 0, `${file} uses an OMNO node`);
			for (const node of omnoNodes)
				assert.deepEqual(node.credentials?.omnoOAuth2Api, EXAMPLE_CRED, `${file}: ${node.name}`);
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

	test('trigger: routes verified pay-in and payout deliveries by status', async (t) => {
		const wf = examples.trigger;
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-omno.omnoTrigger');
		const { n8n } = stack;
		await n8n.activateWorkflow(wf.id);
		const hookPath = `${trigger.webhookId}/webhook`;
		const probe = await n8n.waitForWebhookLive(hookPath, { body: { id: 'probe' } });
		assert.equal(probe.status, 401, `a delivery without the header is refused: ${probe.text}`);
		const control = async (p, body) => await sandboxControl(stack.url, 'POST', p, body);
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
		const api = (urlPath, body) => stack.call('POST', urlPath, body);
		const customer = anaSilva('cust-1');
		const paid = await api('/public/payin', {
			orderId: 'hook-paid',
			amount: 20,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		const declined = await api('/public/payin', {
			orderId: 'hook-declined',
			amount: 21,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		await control(`transactions/payin/${paid.paymentId}/status`, { status: 'SUCCESS' });
		await control(`transactions/payin/${declined.paymentId}/status`, {
			status: 'DECLINED',
			detailedStatus: 'GENERAL_DECLINE',
		});
		await api('/public/payout', {
			orderId: 'hook-approve',
			value: 30,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		await stack.sandbox.state.webhooks.idle();

		const executions = await n8n.waitForExecutions(wf.id, 3, { timeoutMs: 30_000 });
		const byOrder = {};
		for (const e of executions) {
			assert.equal(e.status, 'success');
			const [routed] = [
				'Paid: fulfil the order',
				'Declined: follow up',
				'Payout needs approval',
				'Other status: log',
			].flatMap((n) => nodeOut(e, n).map((json) => ({ node: n, json })));
			byOrder[routed.json.orderId] = routed;
		}
		t.diagnostic(JSON.stringify(Object.values(byOrder).map((r) => r.json.message)));
		assert.equal(byOrder['hook-paid']?.node, 'Paid: fulfil the order');
		assert.equal(byOrder['hook-paid'].json.message, 'Pay-in hook-paid succeeded: 20 EUR.');
		assert.equal(byOrder['hook-declined']?.node, 'Declined: follow up');
		assert.equal(
			byOrder['hook-declined'].json.message,
			'Pay-in hook-declined ended DECLINED (GENERAL_DECLINE).',
		);
		assert.equal(byOrder['hook-approve']?.node, 'Payout needs approval');
		assert.match(
			byOrder['hook-approve'].json.message,
			/^Payout hook-approve \(30 EUR\) waits for confirmation\.$/,
		);
		const deliveries = await (await fetch(`${stack.url}/_sandbox/deliveries`)).json();
		const list = deliveries.deliveries ?? deliveries;
		assert.ok(list.length >= 3);
		assert.ok(
			list.every((d) => d.ok),
			JSON.stringify(list.filter((d) => !d.ok)),
		);
		await n8n.deactivateWorkflow(wf.id);
	});
});
