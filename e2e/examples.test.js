'use strict';
/**
 * Every workflow in examples/ imported as a user gets it (`npm start` does the same) and run in a real n8n
 * (E2E_N8N_VERSION, default 2.41.1) against the local sandbox. Each test checks the example's own output AND
 * what the sandbox received.
 *
 * CLI executions first (server and CLI share one SQLite file), then `n8n start` for what needs the server:
 * the payout run (an n8n Form: uploaded sheet → approval form → reconciliation; driven over HTTP exactly as the
 * form page does it, because n8n's Data Table node only works in `n8n start`), and the trigger example fed by
 * the sandbox's webhook deliveries.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { N8n, sleep } = require('../tools/n8n');
const { LEDGER_TABLE, pointImportedWorkflows, insertDataTableRows } = require('../tools/n8n/data-tables');
const {
	waitForFormLive,
	uploadSheet,
	answerApproval,
	executionIds,
	waitForExecution,
	nodeJson,
} = require('./lib/forms');
const { createSandbox } = require('../sandbox/server');
const { sandboxToken, omnoCall, control: sandboxControl } = require('./lib/omno');
const { DECISION_APPROVE, DECISION_REJECT, FORM_PATH } = require('../tools/payout-examples');

const ROOT = path.resolve(__dirname, '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../tools/n8n/versions.json').default;
const CRED = { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' };
const HOOK_CRED = { id: 'omnoSandboxHook1', name: 'OMNO Sandbox webhook key' };
const HOOK_HEADER = 'X-Omno-Key';
const HOOK_SECRET = 'examples-webhook-secret-0123456789';

function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
}

const nodeOut = (execution, name) =>
	execution.data?.resultData?.runData?.[name]?.[0]?.data?.main?.flatMap((branch) =>
		(branch ?? []).map((i) => i.json),
	) ?? [];
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
	const sampleSheet = fs.readFileSync(path.join(ROOT, 'examples', 'payout-sheet-sample.csv'), 'utf8');
	const sheetWith = (prefix, ...replacements) =>
		replacements.reduce(
			(text, [from, to]) => text.split(from).join(to),
			sampleSheet.split('aff-2024-06-').join(prefix),
		);
	let formUrl;
	let ledgerId;
	/** Upload a sheet; resolves with the execution once it waits at `waitingAt` (a form page or the approval). */
	const upload = async (csv, waitingAt) => {
		const skip = new Set(await executionIds(n8n, examples.payout.id));
		const res = await uploadSheet(formUrl, csv);
		assert.equal(res.status, 200, res.text);
		const execution = await waitForExecution(
			n8n,
			examples.payout.id,
			(e) => e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === waitingAt,
			{ timeoutMs: 60_000, skip },
		);
		// Where the uploader's browser goes next (2.x signs it), as the form page would follow it.
		execution.formWaitingUrl = res.json?.formWaitingUrl ?? `${n8n.baseUrl}/form-waiting/${execution.id}`;
		return execution;
	};
	const decide = async (execution, decision) => {
		const res = await answerApproval(execution, decision).answer;
		assert.equal(res.status, 200, res.text);
		return waitForExecution(
			n8n,
			examples.payout.id,
			(e) => e.id === execution.id && e.data?.resultData?.lastNodeExecuted === 'Run finished',
			{ timeoutMs: 120_000 },
		);
	};
	const runs = {};
	const requests = (method, prefix) =>
		sandbox.state.requestLog.filter((e) => e.method === method && e.path.startsWith(prefix));
	const payoutsOf = (prefix) =>
		[...sandbox.state.store.payouts.values()].filter((p) => p.orderId.startsWith(prefix));
	/** A POST straight to the sandbox with a token of its own, as OMNO would see it from elsewhere than n8n. */
	let ownToken;
	const sandboxPost = async (urlPath, body) => {
		ownToken ??= await sandboxToken(`${sandboxUrl}/realms/omno/protocol/openid-connect/token`);
		return await omnoCall(sandboxUrl, ownToken, 'POST', urlPath, body);
	};
	/** The customer the examples' sample rows pay. */
	const anaSilva = (externalUserId) => ({
		externalUserId,
		firstName: 'Ana',
		lastName: 'Silva',
		email: 'ana@example.com',
		phoneNumber: '351 912345678',
		dateOfBirth: '1988-04-12',
		billing: {
			address: 'Rua Augusta 10',
			city: 'Lisbon',
			state: '',
			countryCode: 'PT',
			postalCode: '1100-053',
		},
	});

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
				data: {
					environment: 'custom',
					clientId: 'n8n-sandbox',
					clientSecret: 'sandbox-secret',
					apiBaseUrl: sandboxUrl,
					tokenUrl: started.tokenUrl,
				},
			},
			{
				...HOOK_CRED,
				type: 'omnoWebhookAuthApi',
				data: { authType: 'header', headerName: HOOK_HEADER, headerSecret: HOOK_SECRET },
			},
		]);
		// Every example file as shipped (all of them: a new example without a test still has to import).
		const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
		await n8n.importWorkflows(files.map(loadExample));

		// CLI runs, before the server starts.
		runs.link = await n8n.execute(examples.link.id);
		runs.cashier = await n8n.execute(examples.cashier.id);

		await n8n.startServer();
		await n8n.bootstrapOwner();
		// The ledger Data Table, and the payout example pointed at it (as `npm start` does), then its form goes live.
		({ [LEDGER_TABLE]: ledgerId } = await pointImportedWorkflows(n8n, [examples.payout]));
		await n8n.activateWorkflow(examples.payout.id);
		formUrl = `${n8n.baseUrl}/form/${FORM_PATH}`;
		await waitForFormLive(formUrl);
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
			for (const node of omnoNodes)
				assert.deepEqual(node.credentials?.omnoOAuth2Api, CRED, `${file}: ${node.name}`);
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

	test('payout run: a sheet with bad rows sends nothing; the page names every bad row', async () => {
		const csv = sheetWith(
			'bad-2024-06-',
			['80.00,EUR', '80.0055,EUR'],
			['tom.baker@example.com', 'tom.baker.example.com'],
		);
		const execution = await upload(csv, 'Rows to fix');
		const checked = nodeJson(execution, 'Check every row');
		const errors = checked.filter((r) => r.error).map((r) => r.error);
		assert.equal(errors.length, 2, JSON.stringify(errors));
		// Rows named as the sheet counts them, with their orderId and the column the field comes from.
		assert.match(
			errors[0],
			/^Row 3 \(orderId bad-2024-06-0002\): Amount \(value, column "amount"\) has 4 decimals but EUR allows at most 2, got "80\.0055"$/,
			errors[0],
		);
		assert.match(errors[1], /^Row 5 \(orderId bad-2024-06-0004\): Email \(customer\.email\) /, errors[1]);
		assert.equal(nodeJson(execution, 'Create payouts').length, 0, 'nothing created');
		assert.deepEqual(payoutsOf('bad-'), [], 'validate-first: no payout of that sheet was created');
		assert.equal(
			requests('POST', '/public/payout').filter((e) => String(e.body?.orderId).startsWith('bad-')).length,
			0,
		);
		// The page the uploader lands on lists them.
		const page = await (await fetch(execution.formWaitingUrl)).text();
		assert.match(page, /2 row\(s\) of the sheet need fixing; nothing was sent to OMNO/);
		for (const e of errors) assert.ok(page.includes(e.split('): ')[0]), `${e} on the page`);
	});

	test('payout run: a sheet without an amount column sends nothing; the page says which column is missing, once', async () => {
		// The sheet calls the amount "betrag": no column matches Amount (its own name or another one it is known by).
		const csv = sheetWith('nocol-2024-06-', ['orderId,amount,', 'orderId,betrag,']);
		const execution = await upload(csv, 'Rows to fix');
		const checked = nodeJson(execution, 'Check every row').filter((r) => r.error);
		const message =
			'No column of the sheet matches Amount (value). Columns the sheet has: "orderId", "betrag", "currency", ' +
			'"externalUserId", "firstName", "lastName", "email", "phoneNumber", "dateOfBirth", "address", "city", ' +
			// First-seen order over the rows: Extract from File leaves out empty cells, and the first row's state is empty.
			'"countryCode", "postalCode", "state". Name a column for each, e.g. Amount: "Amount", "Value", ' +
			'"Payout Amount" (case, spaces and punctuation do not matter).';
		assert.deepEqual(
			checked.map((r) => [r.error, r.emptyOnAllRows]),
			[1, 2, 3, 4].map((n) => [`Row ${n + 1} (orderId nocol-2024-06-000${n}): ${message}`, 'value']),
		);
		assert.equal(nodeJson(execution, 'Create payouts').length, 0, 'nothing created');
		assert.equal(
			requests('POST', '/public/payout').filter((e) => String(e.body?.orderId).startsWith('nocol-')).length,
			0,
			'not one doomed request',
		);
		const page = await (await fetch(execution.formWaitingUrl)).text();
		assert.match(page, /4 row\(s\) of the sheet need fixing; nothing was sent to OMNO/);
		assert.equal(
			page.split('No column of the sheet matches Amount (value)').length - 1,
			1,
			'the message is shown once',
		);
	});

	/** The approval item (Check against OMNO + the link) and its rows by orderId. */
	const approvalOf = (execution) => {
		const [approval] = nodeJson(execution, 'Approval message');
		return { approval, row: Object.fromEntries(approval.rows.map((r) => [r.orderId, r])) };
	};
	const reportOf = (execution) => nodeJson(execution, 'Reconcile with OMNO')[0];

	test('payout run: an uploaded CSV becomes payouts (quoted comma kept), journaled, checked against OMNO, then waits for approval', async () => {
		runs.payout = await upload(sampleSheet, 'Approve in a form');
		const rows = nodeJson(runs.payout, 'Read CSV');
		assert.equal(rows.length, 4);
		assert.equal(rows[2].address, '1 Market St, Suite 300');
		assert.equal(rows[2].countryCode, 'US');
		const created = nodeJson(runs.payout, 'Create payouts');
		assert.deepEqual(
			created.map((c) => [c.orderId, c.requested]),
			[
				['aff-2024-06-0001', { value: '125.5', currency: 'EUR' }],
				['aff-2024-06-0002', { value: '80', currency: 'EUR' }],
				['aff-2024-06-0003', { value: '310.25', currency: 'USD' }],
				['aff-2024-06-0004', { value: '42.13', currency: 'EUR' }],
			],
			'each created row says what it asked for',
		);
		const journal = nodeJson(runs.payout, 'Read journal').filter((r) => r.orderId?.startsWith('aff-'));
		assert.deepEqual(
			journal.map((r) => [r.orderId, r.payoutId === created.find((c) => c.orderId === r.orderId).payoutId]),
			[1, 2, 3, 4].map((n) => [`aff-2024-06-000${n}`, true]),
			'every created payout is in the journal before the approval waits',
		);
		const { approval } = approvalOf(runs.payout);
		assert.equal(approval.counts.waiting, 4);
		assert.deepEqual(approval.totals.waiting, { EUR: '247.63', USD: '310.25' });
		assert.match(approval.text, /^4 payout\(s\) wait for your approval: 247\.63 EUR, 310\.25 USD /);
		assert.ok(approval.message.includes(approval.approvalFormUrl));
		assert.equal(
			requests('GET', '/public/payout/').filter((e) =>
				approval.toConfirm.some((t) => e.path.endsWith(t.payoutId)),
			).length >= 4,
			true,
			'every payout put up was read from OMNO',
		);
		const payouts = payoutsOf('aff-');
		assert.equal(payouts.length, 4);
		for (const p of payouts) assert.equal(p.status, 'WAITING_FOR_CONFIRMATION');
		const posted = requests('POST', '/public/payout').find((e) => e.body?.orderId === 'aff-2024-06-0003');
		assert.equal(posted.body.customer.billing.address, '1 Market St, Suite 300');
		assert.equal(posted.body.value, 310.25);
	});

	test('payout run: opening the approval link decides nothing; submitting the form confirms and reconciles', async () => {
		const { approval } = approvalOf(runs.payout);
		const confirmsBefore = requests('PUT', '/public/payout/').length;
		const page = await fetch(approval.approvalFormUrl);
		assert.equal(page.status, 200);
		assert.match(await page.text(), /Approve payout run/);
		await sleep(500);
		assert.equal(requests('PUT', '/public/payout/').length, confirmsBefore, 'a GET confirmed nothing');
		const execution = await decide(runs.payout, DECISION_APPROVE);
		assert.ok(ran(execution, 'Confirm payouts'));
		assert.equal(ran(execution, 'Reject payouts'), false);
		const confirms = requests('PUT', '/public/payout/').filter((e) => e.path.endsWith('/confirm'));
		assert.equal(confirms.length, 4);
		const report = reportOf(execution);
		assert.equal(report.counts.paid, 3);
		assert.equal(report.counts.declinedOrFailed, 1);
		assert.equal(report.counts.waiting, 0);
		assert.deepEqual(report.perCurrency.EUR.paid, { count: 2, total: '205.50' });
		assert.deepEqual(report.perCurrency.EUR.declinedOrFailed, { count: 1, total: '42.13' });
		assert.deepEqual(report.perCurrency.USD.paid, { count: 1, total: '310.25' });
		assert.match(report.text, /aff-2024-06-0004 \(GENERAL_DECLINE/);
		const statuses = Object.fromEntries(payoutsOf('aff-').map((p) => [p.orderId, p.status]));
		assert.deepEqual(statuses, {
			'aff-2024-06-0001': 'SUCCESS',
			'aff-2024-06-0002': 'SUCCESS',
			'aff-2024-06-0003': 'SUCCESS',
			'aff-2024-06-0004': 'DECLINED', // sandbox: amounts ending in .13 are declined
		});
	});

	test('payout run: payouts an interrupted earlier run created are found (ledger) and confirmed with this run', async () => {
		// The "earlier run": two of the four orderIds were created on OMNO and never approved; the ledger workflow
		// recorded one of them from OMNO's webhook.
		const earlier = [];
		for (const [orderId, value, currency] of [
			['int-2024-06-0001', 125.5, 'EUR'],
			['int-2024-06-0002', 80, 'EUR'],
		]) {
			earlier.push(
				await sandboxPost('/public/payout', {
					orderId,
					value,
					currency,
					kycVerified: true,
					customer: anaSilva('int-1'),
				}),
			);
		}
		const ledgerPayoutId = earlier[0].payoutId ?? earlier[0].id;
		await insertDataTableRows(n8n, ledgerId, [
			{
				orderId: 'int-2024-06-0001',
				payoutId: ledgerPayoutId,
				status: 'WAITING_FOR_CONFIRMATION',
				amount: '125.50',
				currency: 'EUR',
				statusUpdatedAt: new Date().toISOString(),
			},
		]);
		const execution = await upload(sheetWith('int-2024-06-'), 'Approve in a form');
		const { approval, row } = approvalOf(execution);
		assert.equal(row['int-2024-06-0001'].group, 'waiting');
		assert.equal(row['int-2024-06-0001'].payoutId, ledgerPayoutId);
		// Not in the ledger: found only if OMNO's 409 named it; otherwise not identifiable — never "created".
		assert.ok(
			['waiting', 'notIdentifiable'].includes(row['int-2024-06-0002'].group),
			row['int-2024-06-0002'].group,
		);
		assert.equal(row['int-2024-06-0003'].group, 'waiting');
		assert.equal(row['int-2024-06-0004'].group, 'waiting');
		if (row['int-2024-06-0002'].group === 'notIdentifiable')
			assert.match(approval.text, /In OMNO but not identifiable: 1\. /);
		await decide(execution, DECISION_APPROVE);
		const status = (o) => payoutsOf(o)[0]?.status;
		assert.equal(payoutsOf('int-2024-06-0001').length, 1, 'never a second payout');
		assert.equal(
			status('int-2024-06-0001'),
			'SUCCESS',
			'the earlier payout found in the ledger was confirmed',
		);
		assert.equal(status('int-2024-06-0003'), 'SUCCESS');
		if (row['int-2024-06-0002'].group === 'notIdentifiable')
			assert.equal(status('int-2024-06-0002'), 'WAITING_FOR_CONFIRMATION');
	});

	test('payout run: typo then fix — OMNO holds 12500.00, the sheet says 125.50: listed as differing, never confirmed, in no total', async () => {
		// Run 1 (elsewhere) created the first row with a typo and stopped before approval.
		const typo = await sandboxPost('/public/payout', {
			orderId: 'typo-2024-06-0001',
			value: 12500,
			currency: 'EUR',
			kycVerified: true,
			customer: anaSilva('typo-1'),
		});
		const typoId = typo.payoutId ?? typo.id;
		await insertDataTableRows(n8n, ledgerId, [
			{
				orderId: 'typo-2024-06-0001',
				payoutId: typoId,
				status: 'WAITING_FOR_CONFIRMATION',
				amount: '12500',
				currency: 'EUR',
			},
		]);
		const execution = await upload(sheetWith('typo-2024-06-'), 'Approve in a form');
		const { approval, row } = approvalOf(execution);
		assert.equal(row['typo-2024-06-0001'].group, 'differs');
		assert.equal(row['typo-2024-06-0001'].omnoAmount, '12500');
		assert.ok(!approval.toConfirm.some((t) => t.orderId === 'typo-2024-06-0001'));
		assert.equal(approval.counts.waiting, 3);
		// 80.00 + 42.13 EUR and 310.25 USD: the 12500 is in no "to confirm" total.
		assert.deepEqual(approval.totals.waiting, { EUR: '122.13', USD: '310.25' });
		assert.match(approval.text, /typo-2024-06-0001 \(OMNO 12500\.00 EUR, sheet 125\.50 EUR\)/);
		assert.ok(
			approval.text.indexOf('Differs') < approval.text.indexOf('Waiting'),
			'differences are listed first',
		);
		const done = await decide(execution, DECISION_APPROVE);
		assert.equal(payoutsOf('typo-2024-06-0001')[0].status, 'WAITING_FOR_CONFIRMATION', 'not confirmed');
		assert.equal(requests('PUT', `/public/payout/${typoId}`).length, 0, 'no confirm was even sent for it');
		assert.equal(reportOf(done).counts.differs, 1);
		assert.equal(payoutsOf('typo-2024-06-0003')[0].status, 'SUCCESS');
	});

	test('payout run: creates OMNO answered 503 after creating them are "may exist", never "not created"; the re-run finds them', async () => {
		await sandboxControl(sandboxUrl, 'POST', 'config', { faultAfterRate: 1, faultAfterMode: '503' });
		let execution;
		try {
			execution = await upload(sheetWith('may-2024-06-'), 'Approve in a form');
		} finally {
			await sandboxControl(sandboxUrl, 'POST', 'config', { faultAfterRate: 0 });
		}
		const { approval, row } = approvalOf(execution);
		assert.equal(payoutsOf('may-').length, 4, 'OMNO did create them');
		for (const n of [1, 2, 3, 4]) assert.equal(row[`may-2024-06-000${n}`].group, 'mayExist');
		assert.equal(approval.counts.notCreated, 0);
		assert.equal(approval.counts.waiting, 0);
		assert.match(approval.text, /^No payout waits for your approval/);
		assert.match(approval.text, /May exist in OMNO \(a create got no clear answer\): 4 /);
		// OMNO's webhooks tell the ledger about them (written here as the ledger workflow would): the re-run finds them.
		await insertDataTableRows(
			n8n,
			ledgerId,
			payoutsOf('may-').map((p) => ({
				orderId: p.orderId,
				payoutId: p.id,
				status: p.status,
				amount: String(p.amount),
				currency: p.currency,
				statusUpdatedAt: new Date().toISOString(),
			})),
		);
		const again = approvalOf(await upload(sheetWith('may-2024-06-'), 'Approve in a form'));
		assert.equal(again.approval.counts.waiting, 4);
		assert.equal(payoutsOf('may-').length, 4, 'never a second payout');
	});

	test("payout run: a 409 naming another order's payout is shown as differing and never confirmed", async () => {
		// Another order's payout, then this sheet's second row: OMNO's (wrong) 409 for it names the one before.
		const other = await sandboxPost('/public/payout', {
			orderId: 'someone-else-9800',
			value: 9800,
			currency: 'EUR',
			kycVerified: true,
			customer: anaSilva('oth-x'),
		});
		const earlier = await sandboxPost('/public/payout', {
			orderId: 'oth-2024-06-0002',
			value: 80,
			currency: 'EUR',
			kycVerified: true,
			customer: anaSilva('oth-2'),
		});
		await sandboxControl(sandboxUrl, 'POST', 'config', { conflictStyle: 'other-id' });
		let execution;
		try {
			execution = await upload(sheetWith('oth-2024-06-'), 'Approve in a form');
		} finally {
			await sandboxControl(sandboxUrl, 'POST', 'config', { conflictStyle: 'bare' });
		}
		const { approval, row } = approvalOf(execution);
		const named = row['oth-2024-06-0002'];
		assert.equal(named.group, 'differs');
		assert.equal(named.payoutId, other.payoutId ?? other.id, "the 409 named the other order's payout");
		assert.notEqual(named.payoutId, earlier.payoutId ?? earlier.id);
		assert.equal(named.omnoOrderId, 'someone-else-9800');
		assert.equal(named.omnoAmount, '9800');
		assert.ok(!approval.toConfirm.some((t) => t.payoutId === named.payoutId));
		assert.deepEqual(
			approval.totals.waiting,
			{ EUR: '167.63', USD: '310.25' },
			'9800 is in no total to confirm',
		);
		await decide(execution, DECISION_APPROVE);
		assert.equal(
			sandbox.state.store.payouts.get(other.payoutId ?? other.id).status,
			'WAITING_FOR_CONFIRMATION',
		);
		assert.equal(payoutsOf('oth-2024-06-0002')[0].status, 'WAITING_FOR_CONFIRMATION');
		assert.equal(payoutsOf('oth-2024-06-0001')[0].status, 'SUCCESS');
	});

	test('payout run: rejecting rejects every payout of the run and nothing is confirmed', async () => {
		const execution = await upload(sheetWith('rej-2024-06-'), 'Approve in a form');
		const done = await decide(execution, DECISION_REJECT);
		assert.equal(ran(done, 'Confirm payouts'), false);
		assert.equal(reportOf(done).counts.rejected, 4);
		assert.match(reportOf(done).text, /4 rejected/);
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
		const control = async (p, body) => await sandboxControl(sandboxUrl, 'POST', p, body);
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
		const api = sandboxPost;
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
		await sandbox.state.webhooks.idle();

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
		const deliveries = await (await fetch(`${sandboxUrl}/_sandbox/deliveries`)).json();
		const list = deliveries.deliveries ?? deliveries;
		assert.ok(list.length >= 3);
		assert.ok(
			list.every((d) => d.ok),
			JSON.stringify(list.filter((d) => !d.ok)),
		);
		await n8n.deactivateWorkflow(wf.id);
	});
});
