'use strict';
/**
 * OMNO action node in a real n8n (version from E2E_N8N_VERSION, default 2.41.1) against the local sandbox.
 * Run through e2e/run.sh, which installs n8n and builds the package first.
 *
 * Every `n8n` CLI call boots n8n (~3–5 s): credentials and all workflows are imported in one batch up front,
 * and happy paths share one workflow (one chain per flow). Each test asserts on n8n's output AND on the
 * sandbox's request log. Tests for operations the built node does not offer yet are skipped.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { N8n } = require('./lib/n8n');
const { createSandbox } = require('../sandbox/server');
const {
	ROOT,
	VERSION,
	CRED_ID,
	CRED_NAME,
	customer,
	credentialData,
	omnoNode,
	itemNodes,
	workflow,
	sandboxToken,
	omnoCall,
	control,
	builtOperations,
	errorText,
} = require('./lib/omno');

const ops = builtOperations();
const has = (resource, operation) => (ops[resource] || []).includes(operation);
const skipUnless = (resource, operation) =>
	has(resource, operation) ? false : `${resource}/${operation} not built yet`;

// Confirmed payouts settle this long after confirm: long enough for "wait for final status" to see PENDING first.
const SETTLE_MS = 800;
const EXPIRY_ITEMS = 6;
const CARD = '4242424242424242'; // sandbox: SUCCESS
const CARD_SPACED = '4242 4242 4242 4242';
const CVV = '737';
const CONTINUE = { onError: 'continueRegularOutput' };

describe(`OMNO actions in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	let sandbox;
	let sandboxUrl;
	let n8n;
	let payInId;
	let sessionId;
	const payouts = {}; // name -> payoutId, created directly against the sandbox
	const orders = {}; // orderIds n8n creates
	let ownTokenRequests = 0; // token requests made by this file, not by n8n
	let onRequest = null; // hook called by the sandbox for every finished request
	const n8nTokens = () => sandbox.state.stats.tokenRequests.ok - ownTokenRequests;
	const logSince = (seq) => sandbox.state.requestLog.filter((e) => e.seq > seq);
	const lastSeq = () => sandbox.state.requestLog.at(-1)?.seq ?? 0;
	const wf = {
		flows: 'omnoE2eFlows0001',
		getPayoutMissing: 'omnoE2eGetPout01',
		conflicts: 'omnoE2eConflict1',
		more: 'omnoE2eMoreOps01',
		startPayout: 'omnoE2eStartOut1',
		expiry: 'omnoE2eExpiry001',
	};
	let flowRun;
	const flows = () => (flowRun ??= n8n.execute(wf.flows));
	const runs = {};
	const runOnce = (id) => (runs[id] ??= flows().then(() => n8n.execute(id)));

	/** Chains for the remaining operations (only those the built node offers). */
	function moreChains() {
		const c = (name, parameters) => omnoNode(name, parameters, CONTINUE);
		const createFields = (orderId, amount) => ({
			orderId,
			amount,
			currency: 'EUR',
			kycVerified: true,
			customerInput: 'json',
			customer: JSON.stringify(customer),
		});
		const card = {
			expirationMonth: '12',
			expirationYear: '2030',
			cvv: CVV,
			cardholderName: 'Ada Lovelace',
			customerIp: '203.0.113.7',
		};
		const chains = [];
		if (has('paymentPage', 'create')) {
			chains.push([
				c('Payment page', {
					resource: 'paymentPage',
					operation: 'create',
					...createFields(orders.page, '50'),
				}),
			]);
		}
		if (has('payIn', 'create') && has('payIn', 'processCard') && has('payIn', 'processSavedCard')) {
			chains.push([
				c('Create for save', { resource: 'payIn', operation: 'create', ...createFields(orders.save, '10') }),
				c('Card and save', {
					resource: 'payIn',
					operation: 'processCard',
					payInId: '={{ $json.paymentId }}',
					cardNumber: CARD,
					saveCard: true,
					...card,
				}),
				c('Create for saved', {
					resource: 'payIn',
					operation: 'create',
					...createFields(orders.saved, '11'),
				}),
				c('Saved card', {
					resource: 'payIn',
					operation: 'processSavedCard',
					payInId: '={{ $json.paymentId }}',
					cardId: "={{ $('Card and save').first().json.cardId }}",
					cvv: CVV,
					customerIp: '203.0.113.7',
				}),
			]);
		}
		if (has('payIn', 'create') && has('payIn', 'processDirectLink')) {
			chains.push([
				c('Create for link', { resource: 'payIn', operation: 'create', ...createFields(orders.link, '12') }),
				c('Pay-in direct link', {
					resource: 'payIn',
					operation: 'processDirectLink',
					payInId: '={{ $json.paymentId }}',
					customerIp: '203.0.113.7',
					additionalData: '{"method":"ideal","bank":"ABNANL2A"}',
				}),
			]);
		}
		if (has('payout', 'processDirectLink')) {
			chains.push([
				c('Payout direct link', {
					resource: 'payout',
					operation: 'processDirectLink',
					payoutId: payouts.link,
					customerIp: '203.0.113.7',
					additionalData: '{"iban":"DE89370400440532013000"}',
				}),
			]);
		}
		if (has('directLink', 'startPayIn')) {
			chains.push([
				c('Start pay-in (crypto)', {
					resource: 'directLink',
					operation: 'startPayIn',
					...createFields(orders.startIn, '0.01'),
					customerIp: '203.0.113.7',
					additionalData: '{"method":"crypto","currency":"USDT"}',
				}),
			]);
		}
		if (has('directLink', 'startPayout')) {
			const { amount, ...fields } = createFields(orders.startOut, '');
			chains.push([
				c('Start payout', {
					resource: 'directLink',
					operation: 'startPayout',
					...fields,
					value: '33.30',
					customerIp: '203.0.113.7',
					additionalData: '{"iban":"DE89370400440532013000"}',
				}),
			]);
		}
		if (has('cashier', 'createSession') || has('cashier', 'updateBalance')) {
			const chain = [];
			if (has('cashier', 'createSession')) {
				chain.push(
					c('Cashier session', {
						resource: 'cashier',
						operation: 'createSession',
						currency: 'EUR',
						returnUrls: {
							urls: { success: 'https://shop.example/ok', failure: 'https://shop.example/failed' },
						},
						customerInput: 'json',
						customer: JSON.stringify(customer),
					}),
				);
			}
			if (has('cashier', 'updateBalance')) {
				chain.push(
					c('Cashier balance', {
						resource: 'cashier',
						operation: 'updateBalance',
						sessionId: has('cashier', 'createSession') ? '={{ $json.sessionId }}' : sessionId,
						balance: '250.00',
						currency: 'EUR',
						additionalBodyFields: '{}',
					}),
				);
			}
			chains.push(chain);
		}
		return chains;
	}

	before(async () => {
		sandbox = createSandbox({
			quiet: true,
			seed: 'e2e',
			settleMs: SETTLE_MS,
			onRequest: (e) => onRequest?.(e),
		});
		const started = await sandbox.start(0, '127.0.0.1');
		sandboxUrl = started.url;

		// Transactions to work on, created directly against the sandbox (payIn/payout create are separate tests).
		const token = await sandboxToken(started.tokenUrl);
		ownTokenRequests++;
		const stamp = Date.now();
		orders.payIn = `e2e-n8n-in-${stamp}`;
		orders.payout = `e2e-n8n-out-${stamp}`;
		for (const k of ['page', 'save', 'saved', 'link', 'startIn', 'startOut'])
			orders[k] = `e2e-n8n-${k}-${stamp}`;
		const created = await omnoCall(sandboxUrl, token, 'POST', '/public/payin', {
			orderId: `e2e-in-${stamp}`,
			amount: 25.5,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		payInId = created.paymentId;
		// A cashier session for Update Balance when Create Session is not built.
		sessionId = (
			await omnoCall(sandboxUrl, token, 'POST', '/public/cashier/session', {
				customer,
				currency: 'EUR',
				returnUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/failed' },
			})
		).sessionId;
		for (const [name, value] of [
			['confirm', 40],
			['decline', 10.13], // sandbox: a payout amount ending in .13 is DECLINED after confirm
			['reject', 15],
			['link', 16],
		]) {
			const p = await omnoCall(sandboxUrl, token, 'POST', '/public/payout', {
				orderId: `e2e-out-${name}-${stamp}`,
				value,
				currency: 'EUR',
				kycVerified: true,
				customer,
			});
			assert.equal(p.status, 'WAITING_FOR_CONFIRMATION');
			payouts[name] = p.payoutId;
		}

		const waitFinal = { waitForFinalStatus: true, timeoutSeconds: 30, pollIntervalSeconds: 1 };
		n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await n8n.prepareUserFolder();
		await n8n.importCredentials([
			{ id: CRED_ID, name: CRED_NAME, type: 'omnoOAuth2Api', data: credentialData(sandboxUrl) },
		]);
		await n8n.importWorkflows([
			workflow(wf.flows, 'e2e flows', [
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
						...waitFinal,
					}),
				],
				[
					omnoNode('Confirm .13', { resource: 'payout', operation: 'confirm', payoutId: payouts.decline }),
					omnoNode('Wait declined', {
						resource: 'transaction',
						operation: 'get',
						transactionId: '={{ $json.payoutId }}',
						transactionType: 'payout',
						...waitFinal,
					}),
				],
				[
					omnoNode('Reject', { resource: 'payout', operation: 'reject', payoutId: payouts.reject }),
					omnoNode('Get rejected', {
						resource: 'payout',
						operation: 'get',
						payoutId: '={{ $json.payoutId }}',
					}),
				],
				...(has('payIn', 'create') && has('payIn', 'processCard')
					? [
							[
								omnoNode('Create pay-in', {
									resource: 'payIn',
									operation: 'create',
									orderId: orders.payIn,
									amount: '19.99',
									currency: 'EUR',
									kycVerified: true,
									customerInput: 'json',
									customer: JSON.stringify(customer),
								}),
								omnoNode('Process card', {
									resource: 'payIn',
									operation: 'processCard',
									payInId: '={{ $json.paymentId }}',
									// With spaces: the digits-only PAN can only show up if the node echoed it.
									cardNumber: CARD_SPACED,
									expirationMonth: '7',
									expirationYear: '2031',
									cvv: CVV,
									cardholderName: 'Ada Lovelace',
									customerIp: '203.0.113.7',
									saveCard: false,
								}),
								omnoNode('Pay-in final', {
									resource: 'transaction',
									operation: 'get',
									transactionId: '={{ $json.paymentId }}',
									transactionType: 'payIn',
									...waitFinal,
								}),
							],
						]
					: []),
				...(has('payout', 'create')
					? [
							[
								omnoNode('Create payout', {
									resource: 'payout',
									operation: 'create',
									orderId: orders.payout,
									value: '125.50',
									currency: 'EUR',
									kycVerified: true,
									customerInput: 'json',
									customer: JSON.stringify(customer),
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
									...waitFinal,
								}),
							],
						]
					: []),
			]),
			// Every other operation: one chain each, "continue on fail" so a failing one cannot hide the others.
			// Kept out of the core flows so an operation still being built cannot break those.
			workflow(
				wf.more,
				'e2e more operations',
				moreChains().filter((chain) => chain[0].name !== 'Start payout'),
			),
			// Alone: a description problem makes n8n refuse the whole workflow ("No active execution found").
			workflow(
				wf.startPayout,
				'e2e direct link payout',
				moreChains().filter((chain) => chain[0].name === 'Start payout'),
			),
			workflow(wf.getPayoutMissing, 'e2e get unknown payout', [
				[omnoNode('OMNO', { resource: 'payout', operation: 'get', payoutId: 'does-not-exist-42' })],
			]),
			// Rows run top to bottom; the last one fails the execution.
			workflow(wf.conflicts, 'e2e conflicts and bad input', [
				...(has('payout', 'create')
					? [
							[
								omnoNode('Create again', {
									resource: 'payout',
									operation: 'create',
									orderId: orders.payout,
									value: '1',
									currency: 'EUR',
									kycVerified: true,
									customerInput: 'json',
									customer: JSON.stringify(customer),
								}),
							],
						]
					: []),
				[
					omnoNode(
						'Reject settled',
						{ resource: 'payout', operation: 'reject', payoutId: payouts.confirm },
						CONTINUE,
					),
				],
				// A literally empty required parameter stops n8n before the node runs; an expression evaluating to ""
				// reaches the node's own validation.
				[omnoNode('Empty id', { resource: 'payIn', operation: 'get', payInId: '={{ "" }}' }, CONTINUE)],
				[omnoNode('Confirm again', { resource: 'payout', operation: 'confirm', payoutId: payouts.confirm })],
			]),
			workflow(wf.expiry, 'e2e token expiry mid-run', [
				[
					...itemNodes('Pay-in', 'payInId', Array(EXPIRY_ITEMS).fill(payInId)),
					// One at a time (Get runs items side by side by default since issue 15.2): this test pins the
					// token renewal of one request, which concurrent requests would each meet.
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

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (sandbox) await sandbox.stop();
	});

	test(
		'payIn/get returns the pay-in; transaction/get auto-detects it as a pay-in',
		{ skip: skipUnless('transaction', 'get') },
		async () => {
			const run = await flows();
			assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
			const [got] = run.nodeItems('Get pay-in');
			assert.equal(got.id, payInId);
			assert.equal(got.status, 'CREATED');
			assert.equal(got.amount, 25.5);
			const tx = run.nodeItems('Transaction (pay-in)');
			assert.equal(tx.length, 1);
			assert.equal(tx[0].id, payInId);
			assert.equal(tx[0].transactionType, 'payIn');
			assert.equal(tx[0].status, 'CREATED');
			const gets = sandbox.state.requestLog.filter((e) => e.path === `/public/payin/${payInId}`);
			assert.deepEqual(
				gets.map((e) => [e.method, e.status, e.authorization]),
				[
					['GET', 200, 'Bearer'],
					['GET', 200, 'Bearer'],
				],
			);
		},
	);

	test('payout confirm → transaction/get waits for the final status → SUCCESS', async () => {
		const run = await flows();
		assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
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

		const log = sandbox.state.requestLog;
		const put = log.filter((e) => e.path === `/public/payout/${payouts.confirm}/confirm`);
		assert.deepEqual(
			put.map((e) => [e.method, e.status, e.body]),
			[['PUT', 200, null]],
			'one PUT, no body',
		);
		// Auto-detect asks for a pay-in first (404), then polls the payout until it is final.
		assert.deepEqual(
			log.filter((e) => e.path === `/public/payin/${payouts.confirm}`).map((e) => [e.method, e.status]),
			[['GET', 404]],
		);
		const polls = log.filter((e) => e.method === 'GET' && e.path === `/public/payout/${payouts.confirm}`);
		assert.ok(polls.length >= 2, `expected a PENDING read and a final read, saw ${polls.length} GETs`);
		const history = (await control(sandboxUrl, 'GET', 'transactions?type=payout')).transactions.find(
			(t) => t.id === payouts.confirm,
		).history;
		assert.deepEqual(
			history.map((h) => h.status),
			['CREATED', 'WAITING_FOR_CONFIRMATION', 'PENDING', 'SUCCESS'],
		);
	});

	test("payout confirm of an amount ending in .13 → waits → DECLINED with OMNO's reason", async () => {
		const run = await flows();
		assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
		const [final] = run.nodeItems('Wait declined');
		assert.equal(final.id, payouts.decline);
		assert.equal(final.status, 'DECLINED');
		assert.equal(final.final, true);
		assert.equal(final.amount, 10.13);
		assert.equal(final.statusReason?.detailedStatus, 'GENERAL_DECLINE');
		// Type given: no pay-in lookup.
		assert.equal(
			sandbox.state.requestLog.filter((e) => e.path === `/public/payin/${payouts.decline}`).length,
			0,
		);
	});

	test('payout reject → REJECTED, no body sent', async () => {
		const run = await flows();
		assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
		const [rejected] = run.nodeItems('Reject');
		assert.equal(rejected.payoutId, payouts.reject);
		assert.equal(rejected.rejected, true);
		const [got] = run.nodeItems('Get rejected');
		assert.equal(got.status, 'REJECTED');
		const put = sandbox.state.requestLog.filter((e) => e.path === `/public/payout/${payouts.reject}/reject`);
		assert.deepEqual(
			put.map((e) => [e.method, e.status, e.body]),
			[['PUT', 200, null]],
		);
	});

	test(
		'payIn/create → processCard (4242…, SUCCESS) → transaction/get: exact bodies, card never unmasked',
		{ skip: skipUnless('payIn', 'processCard') || skipUnless('payIn', 'create') },
		async () => {
			const run = await flows();
			assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
			const [created] = run.nodeItems('Create pay-in');
			assert.equal(created.status, 'CREATED');
			assert.equal(created.orderId, orders.payIn);
			assert.ok(created.paymentId);
			const [processed] = run.nodeItems('Process card');
			assert.equal(processed.paymentId, created.paymentId);
			assert.equal(processed.status, 'SUCCESS');
			assert.match(processed.cardMask, /4242$/);
			const [final] = run.nodeItems('Pay-in final');
			assert.equal(final.status, 'SUCCESS');
			assert.equal(final.final, true);
			assert.equal(final.amount, 19.99);
			assert.equal(final.cardMask, '424242******4242');

			const log = sandbox.state.requestLog;
			const create = log.filter(
				(e) => e.method === 'POST' && e.path === '/public/payin' && e.body?.orderId === orders.payIn,
			);
			assert.equal(create.length, 1);
			assert.deepEqual(create[0].body, {
				orderId: orders.payIn,
				amount: 19.99,
				currency: 'EUR',
				kycVerified: true,
				customer,
			});
			const card = log.filter((e) => e.path === `/public/payin/${created.paymentId}/process/card`);
			assert.equal(card.length, 1);
			assert.equal(card[0].status, 200);
			const body = card[0].body;
			assert.equal(body.saveCard, false);
			assert.equal(body.browser.customerIp, '203.0.113.7');
			assert.equal(body.cardData.cardNumber, '424242******4242', 'the sandbox log keeps only the mask');
			assert.equal(body.cardData.expirationMonth, '07');
			assert.equal(body.cardData.expirationYear, '2031');
			// Nothing n8n printed or stored for the run carries the PAN or the CVV.
			const printed = JSON.stringify(run.runData);
			assert.ok(!printed.includes(CARD), 'PAN in the run data');
			assert.ok(!JSON.stringify(processed).includes(CVV), 'CVV in the output');
			assert.ok(!JSON.stringify(sandbox.state.requestLog).includes(CARD), 'PAN in the sandbox log');
		},
	);

	test(
		'payout/create sends `value` (not `amount`) → confirm → wait → SUCCESS',
		{ skip: skipUnless('payout', 'create') },
		async () => {
			const run = await flows();
			assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
			const [created] = run.nodeItems('Create payout');
			assert.equal(created.status, 'WAITING_FOR_CONFIRMATION');
			assert.equal(created.orderId, orders.payout);
			const [final] = run.nodeItems('Created payout final');
			assert.equal(final.id, created.payoutId);
			assert.equal(final.status, 'SUCCESS');
			assert.equal(final.final, true);
			assert.equal(final.amount, 125.5);
			const posts = sandbox.state.requestLog.filter(
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
		},
	);

	/** The first output item of a node in the "more operations" run, which must not be an error item. */
	async function flowItem(name, id = wf.more) {
		const run = await runOnce(id);
		const items = run.nodeItems(name);
		assert.ok(items?.length, `"${name}" produced no output: ${errorText(run)}`);
		assert.equal(items[0].error, undefined, `"${name}" failed: ${JSON.stringify(items[0])}`);
		return items[0];
	}
	const bodyOf = (method, urlPath) =>
		sandbox.state.requestLog.filter((e) => e.method === method && e.path === urlPath).map((e) => e.body);

	test(
		'paymentPage/create: hosted page URLs first, one POST /public/payin',
		{ skip: skipUnless('paymentPage', 'create') },
		async () => {
			const page = await flowItem('Payment page');
			assert.match(page.paymentPageUrl, new RegExp(`^${sandboxUrl}/hosted/card/${page.paymentId}$`));
			assert.match(page.apmPageUrl, /\/hosted\/apm\//);
			assert.equal(page.status, 'CREATED');
			const posts = bodyOf('POST', '/public/payin').filter((b) => b.orderId === orders.page);
			assert.deepEqual(posts, [
				{ orderId: orders.page, amount: 50, currency: 'EUR', kycVerified: true, customer },
			]);
		},
	);

	test(
		'payIn/processCard with saveCard → processSavedCard pays a second pay-in with the saved card',
		{ skip: skipUnless('payIn', 'processSavedCard') },
		async () => {
			const saved = await flowItem('Card and save');
			assert.equal(saved.status, 'SUCCESS');
			assert.ok(saved.cardId, 'cardId from the first payment');
			const paid = await flowItem('Saved card');
			assert.equal(paid.status, 'SUCCESS');
			const [body] = bodyOf('POST', `/public/payin/${paid.paymentId}/process/saved-card`);
			assert.deepEqual(body.savedCardData, { cardId: saved.cardId, cvv: '***' });
			assert.equal(body.browser.customerIp, '203.0.113.7');
			assert.ok(!JSON.stringify(paid).includes(CVV));
		},
	);

	test(
		'payIn/processDirectLink: redirect URL, additionalData sent as given',
		{ skip: skipUnless('payIn', 'processDirectLink') },
		async () => {
			const out = await flowItem('Pay-in direct link');
			assert.match(out.redirectUrl, /\/hosted\/redirect\//);
			const [body] = bodyOf('POST', `/public/payin/${out.paymentId}/process/direct-link`);
			assert.deepEqual(body.additionalData, { method: 'ideal', bank: 'ABNANL2A' });
			assert.equal(typeof body.browser.screenWidth, 'number');
		},
	);

	test(
		"payout/processDirectLink: PENDING with redirect URL and OMNO's message",
		{ skip: skipUnless('payout', 'processDirectLink') },
		async () => {
			const out = await flowItem('Payout direct link');
			assert.equal(out.payoutId, payouts.link);
			assert.equal(out.status, 'PENDING');
			assert.match(out.redirectUrl, /\/hosted\/redirect\//);
			assert.ok(out.message);
			const [body] = bodyOf('POST', `/public/payout/${payouts.link}/process/direct-link`);
			assert.deepEqual(body.additionalData, { iban: 'DE89370400440532013000' });
		},
	);

	test(
		'directLink/startPayIn (crypto): creates and processes in one step → wallet address',
		{ skip: skipUnless('directLink', 'startPayIn') },
		async () => {
			const out = await flowItem('Start pay-in (crypto)');
			assert.equal(out.orderId, orders.startIn);
			assert.ok(out.walletAddress, JSON.stringify(out));
			const posts = bodyOf('POST', '/public/payin').filter((b) => b.orderId === orders.startIn);
			assert.equal(posts.length, 1);
			assert.equal(posts[0].amount, 0.01);
			assert.deepEqual(
				bodyOf('POST', `/public/payin/${out.paymentId}/process/direct-link`).map((b) => b.additionalData),
				[{ method: 'crypto', currency: 'USDT' }],
			);
		},
	);

	test(
		'directLink/startPayout: creates (with `value`) and processes in one step',
		{ skip: skipUnless('directLink', 'startPayout') },
		async () => {
			const out = await flowItem('Start payout', wf.startPayout);
			assert.equal(out.orderId, orders.startOut);
			assert.ok(out.payoutId);
			assert.equal(out.status, 'PENDING');
			const posts = bodyOf('POST', '/public/payout').filter((b) => b.orderId === orders.startOut);
			assert.equal(posts.length, 1);
			assert.equal(posts[0].value, 33.3);
			assert.equal(posts[0].amount, undefined);
			assert.equal(bodyOf('POST', `/public/payout/${out.payoutId}/process/direct-link`).length, 1);
		},
	);

	test(
		'cashier/createSession → updateBalance: checkout URL, balance recorded by the sandbox',
		{
			skip:
				has('cashier', 'createSession') || has('cashier', 'updateBalance') ? false : 'cashier not built yet',
		},
		async () => {
			let id = sessionId;
			if (has('cashier', 'createSession')) {
				const session = await flowItem('Cashier session');
				assert.ok(session.sessionId);
				assert.match(session.checkoutUrl, new RegExp(`/payments-v2/cashier/${session.sessionId}$`));
				id = session.sessionId;
				const [body] = bodyOf('POST', '/public/cashier/session')
					.filter((b) => b.customer?.email === customer.email)
					.slice(-1);
				assert.deepEqual(body.returnUrls, {
					success: 'https://shop.example/ok',
					failure: 'https://shop.example/failed',
				});
				assert.equal(body.currency, 'EUR');
			}
			if (has('cashier', 'updateBalance')) {
				const out = await flowItem('Cashier balance');
				assert.equal(out.sessionId, id);
				assert.equal(out.updated, true);
				const s = (await control(sandboxUrl, 'GET', 'sessions')).sessions.find((x) => x.sessionId === id);
				assert.deepEqual(
					s.balanceUpdates.map((u) => u.body),
					[{ balance: 250, currency: 'EUR' }],
				);
			}
		},
	);

	test('payout/get for an unknown id fails with a node error mentioning 404', async (t) => {
		const run = await n8n.execute(wf.getPayoutMissing);
		t.diagnostic(`error: ${errorText(run)}`);
		assert.equal(run.ok, false);
		assert.notEqual(run.code, 0);
		assert.ok(run.error, 'an error is reported');
		assert.equal(run.error.node, 'OMNO');
		const text = [run.error.message, run.error.description, run.error.httpCode].join(' ');
		assert.match(text, /404/, `error should mention 404: ${text}`);
		assert.match(run.error.message, /GET \/public\/payout\/does-not-exist-42/);
	});

	let conflictRun;
	let conflictMark;
	const conflicts = async () => {
		await flows(); // the payouts and orderIds it reuses were made there
		conflictMark ??= lastSeq();
		return (conflictRun ??= n8n.execute(wf.conflicts));
	};

	test(
		'payout/create with an orderId OMNO already has: alreadyExists item naming 409, nothing created',
		{ skip: skipUnless('payout', 'create') },
		async () => {
			const run = await conflicts();
			const [item] = run.nodeItems('Create again') ?? [];
			assert.ok(item, `no output from "Create again": ${errorText(run)}`);
			assert.equal(item.alreadyExists, true);
			assert.equal(item.httpCode, 409);
			assert.equal(item.orderId, orders.payout);
			assert.match(String(item.omnoMessage), new RegExp(orders.payout));
			const posts = logSince(conflictMark).filter((e) => e.method === 'POST' && e.path === '/public/payout');
			assert.deepEqual(
				posts.map((e) => [e.status, e.body.orderId]),
				[[409, orders.payout]],
				'sent once, never re-sent',
			);
			assert.equal(sandbox.state.stats.duplicateOrderIds.payout, 1);
			const mine = (await control(sandboxUrl, 'GET', 'transactions?type=payout')).transactions.filter(
				(t) => t.orderId === orders.payout,
			);
			assert.equal(mine.length, 1, 'still one payout with that orderId');
		},
	);

	test('with "continue on fail" a 409 becomes an error item (httpCode, OMNO message, outcome)', async () => {
		const run = await conflicts();
		const [item] = run.nodeItems('Reject settled') ?? [];
		assert.ok(item, `no output from "Reject settled": ${errorText(run)}`);
		// Deliberate (engine, issue 14.3): a refused decision is read back; a payout confirmed and settled is
		// "already SUCCESS", an error that says which way it went, with OMNO's 409 kept.
		assert.match(item.error, /^Payout .+ is already SUCCESS: it was confirmed, so it cannot be rejected$/);
		assert.equal(Number(item.httpCode), 409);
		assert.match(String(item.omnoMessage), /cannot be rejected in status SUCCESS/);
	});

	test('an id expression evaluating to "" fails naming the field, without calling the API', async () => {
		const run = await conflicts();
		const [item] = run.nodeItems('Empty id') ?? [];
		assert.ok(item, `no output from "Empty id": ${errorText(run)}`);
		assert.match(`${item.error} ${item.description}`, /Pay-In ID \(payInId\)/);
		const calls = logSince(conflictMark).filter(
			(e) =>
				/^\/public\/payin\/?$/.test(e.path) || (e.method === 'GET' && e.path.startsWith('/public/payin')),
		);
		assert.deepEqual(calls, [], 'no pay-in request for an empty id');
	});

	test('confirming a payout that was already confirmed is a result (alreadyDecided), never a second PUT', async (t) => {
		// Deliberate (engine, issue 14.3): confirming again used to fail the execution with OMNO's 409.
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
		const puts = logSince(conflictMark).filter((e) => e.method === 'PUT' && e.path.endsWith('/confirm'));
		assert.deepEqual(
			puts.map((e) => [e.path, e.status]),
			[[`/public/payout/${payouts.confirm}/confirm`, 409]],
		);
	});

	test('several executions share one access token', async (t) => {
		await flows();
		const apiCalls = sandbox.state.requestLog.filter(
			(e) => e.path.startsWith('/public') && e.authorization === 'Bearer',
		).length;
		t.diagnostic(`${apiCalls} API calls, ${n8nTokens()} token request(s) from n8n`);
		assert.ok(apiCalls >= 10, `expected ≥ 10 API calls, saw ${apiCalls}`);
		assert.equal(n8nTokens(), 1, `n8n fetched ${n8nTokens()} tokens over several executions`);
		assert.equal(sandbox.state.stats.tokenRequests.failed, 0);
	});

	test(`a token expiring in the middle of a ${EXPIRY_ITEMS}-item run is replaced without a failed item`, async (t) => {
		await flows();
		const tokensBefore = n8nTokens();
		const mark = lastSeq();
		// Expire every token as soon as the 2nd item's GET has been answered; the small latency makes sure the
		// expiry lands before the 3rd GET is checked.
		await control(sandboxUrl, 'POST', 'config', { latency: 100 });
		let answered = 0;
		let expired;
		onRequest = (e) => {
			if (
				e.method === 'GET' &&
				e.path === `/public/payin/${payInId}` &&
				e.status === 200 &&
				++answered === 2
			) {
				onRequest = null;
				expired = control(sandboxUrl, 'POST', 'tokens/expire');
			}
		};
		let run;
		try {
			run = await n8n.execute(wf.expiry);
		} finally {
			onRequest = null;
			await control(sandboxUrl, 'POST', 'config', { latency: 0 });
		}
		assert.ok(expired, 'the tokens were expired during the run');
		assert.ok((await expired).expired >= 1);
		assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
		assert.equal(run.items.length, EXPIRY_ITEMS);
		for (const item of run.items) {
			assert.equal(item.id, payInId);
			assert.equal(item.error, undefined);
		}
		const calls = logSince(mark).filter((e) => e.path.startsWith('/public') || e.path.includes('/token'));
		t.diagnostic(calls.map((e) => `${e.method} ${e.path.replace(payInId, '<id>')} ${e.status}`).join(' | '));
		const gets = calls.filter((e) => e.method === 'GET');
		assert.equal(gets.filter((e) => e.status === 401).length, 1, 'exactly one request met the expired token');
		assert.equal(gets.filter((e) => e.status === 200).length, EXPIRY_ITEMS);
		assert.equal(n8nTokens() - tokensBefore, 1, 'one new token');
		assert.equal(n8nTokens(), 2, 'token requests over the whole file');
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
		t.diagnostic(
			`server ready in ${n8n.startMs} ms; results: ${JSON.stringify({ ok, wrongSecret, changedSecret, wrongUrl })}`,
		);
		await n8n.stop();
	});
});
