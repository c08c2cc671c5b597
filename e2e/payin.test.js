'use strict';
/**
 * Pay-In operations in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox: create → process
 * card → final status with exact bodies and the card number never unmasked, a saved card paying a second pay-in,
 * a direct link, and an empty id refused before any request. Asserts on n8n's output and on the sandbox's log.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, customer, omnoNode, workflow, errorText } = require('./lib/omno');
const {
	ActionsEnv,
	CARD,
	CARD_SPACED,
	CVV,
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

describe(`OMNO Pay-In operations in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	const env = new ActionsEnv();
	const wf = { card: 'omnoE2ePayInCard', more: 'omnoE2ePayInMore', badInput: 'omnoE2ePayInBad1' };
	const orders = {
		payIn: orderIdFor('in'),
		save: orderIdFor('save'),
		saved: orderIdFor('saved'),
		link: orderIdFor('link'),
	};
	const cardRun = once(() => env.execute(wf.card));
	const moreRun = once(() => env.execute(wf.more));
	const card = {
		expirationMonth: '12',
		expirationYear: '2030',
		cvv: CVV,
		cardholderName: 'Ada Lovelace',
		customerIp: CUSTOMER_IP,
	};
	const c = (name, parameters) => omnoNode(name, parameters, CONTINUE);

	before(async () => {
		await env.start();
		await env.importWorkflows([
			workflow(wf.card, 'e2e pay-in card', [
				[
					omnoNode('Create pay-in', {
						resource: 'payIn',
						operation: 'create',
						...createParameters(orders.payIn, '19.99'),
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
						customerIp: CUSTOMER_IP,
						saveCard: false,
					}),
					omnoNode('Pay-in final', {
						resource: 'transaction',
						operation: 'get',
						transactionId: '={{ $json.paymentId }}',
						transactionType: 'payIn',
						...WAIT_FINAL,
					}),
				],
			]),
			// "Continue on fail" on every node, so a failing chain cannot hide the other.
			workflow(wf.more, 'e2e pay-in saved card and direct link', [
				[
					c('Create for save', {
						resource: 'payIn',
						operation: 'create',
						...createParameters(orders.save, '10'),
					}),
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
						...createParameters(orders.saved, '11'),
					}),
					c('Saved card', {
						resource: 'payIn',
						operation: 'processSavedCard',
						payInId: '={{ $json.paymentId }}',
						cardId: "={{ $('Card and save').first().json.cardId }}",
						cvv: CVV,
						customerIp: CUSTOMER_IP,
					}),
				],
				[
					c('Create for link', {
						resource: 'payIn',
						operation: 'create',
						...createParameters(orders.link, '12'),
					}),
					c('Pay-in direct link', {
						resource: 'payIn',
						operation: 'processDirectLink',
						payInId: '={{ $json.paymentId }}',
						customerIp: CUSTOMER_IP,
						additionalData: '{"method":"ideal","bank":"ABNANL2A"}',
					}),
				],
			]),
			// A literally empty required parameter stops n8n before the node runs; an expression evaluating to ""
			// reaches the node's own validation.
			workflow(wf.badInput, 'e2e pay-in empty id', [
				[omnoNode('Empty id', { resource: 'payIn', operation: 'get', payInId: '={{ "" }}' }, CONTINUE)],
			]),
		]);
	});

	after(async () => await env.stop());

	testOffers({ payIn: ['create', 'get', 'processCard', 'processSavedCard', 'processDirectLink'] });

	test('payIn/create → processCard (4242…, SUCCESS) → transaction/get: exact bodies, card never unmasked', async () => {
		const run = await cardRun();
		assertRunOk(run);
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

		const create = env.log.filter(
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
		const processCalls = env.log.filter((e) => e.path === `/public/payin/${created.paymentId}/process/card`);
		assert.equal(processCalls.length, 1);
		assert.equal(processCalls[0].status, 200);
		const body = processCalls[0].body;
		assert.equal(body.saveCard, false);
		assert.equal(body.browser.customerIp, CUSTOMER_IP);
		assert.equal(body.cardData.cardNumber, '424242******4242', 'the sandbox log keeps only the mask');
		assert.equal(body.cardData.expirationMonth, '07');
		assert.equal(body.cardData.expirationYear, '2031');
		// Nothing n8n printed or stored for the run carries the PAN or the CVV.
		const printed = JSON.stringify(run.runData);
		assert.ok(!printed.includes(CARD), 'PAN in the run data');
		assert.ok(!JSON.stringify(processed).includes(CVV), 'CVV in the output');
		assert.ok(!JSON.stringify(env.log).includes(CARD), 'PAN in the sandbox log');
	});

	test('payIn/processCard with saveCard → processSavedCard pays a second pay-in with the saved card', async () => {
		const run = await moreRun();
		const saved = firstItem(run, 'Card and save');
		assert.equal(saved.status, 'SUCCESS');
		assert.ok(saved.cardId, 'cardId from the first payment');
		const paid = firstItem(run, 'Saved card');
		assert.equal(paid.status, 'SUCCESS');
		const [body] = env.bodiesOf('POST', `/public/payin/${paid.paymentId}/process/saved-card`);
		assert.deepEqual(body.savedCardData, { cardId: saved.cardId, cvv: '***' });
		assert.equal(body.browser.customerIp, CUSTOMER_IP);
		assert.ok(!JSON.stringify(paid).includes(CVV));
	});

	test('payIn/processDirectLink: redirect URL, additionalData sent as given', async () => {
		const run = await moreRun();
		const out = firstItem(run, 'Pay-in direct link');
		assert.match(out.redirectUrl, /\/hosted\/redirect\//);
		const [body] = env.bodiesOf('POST', `/public/payin/${out.paymentId}/process/direct-link`);
		assert.deepEqual(body.additionalData, { method: 'ideal', bank: 'ABNANL2A' });
		assert.equal(typeof body.browser.screenWidth, 'number');
	});

	test('an id expression evaluating to "" fails naming the field, without calling the API', async () => {
		const mark = env.lastSeq();
		const run = await env.execute(wf.badInput);
		const [item] = run.nodeItems('Empty id') ?? [];
		assert.ok(item, `no output from "Empty id": ${errorText(run)}`);
		assert.match(`${item.error} ${item.description}`, /Pay-In ID \(payInId\)/);
		const calls = env
			.logSince(mark)
			.filter(
				(e) =>
					/^\/public\/payin\/?$/.test(e.path) || (e.method === 'GET' && e.path.startsWith('/public/payin')),
			);
		assert.deepEqual(calls, [], 'no pay-in request for an empty id');
	});
});
