'use strict';
/**
 * What every OMNO action e2e file (e2e/<resource>.test.js) sets up for itself: the shared Stack (./stack.js: a
 * sandbox and an n8n of its own, the credential, the file's workflows imported in one batch), transactions made
 * directly against the sandbox, and readers of the sandbox's request log.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { Stack } = require('./stack');
const { customer, builtOperations, errorText } = require('./omno');

// Confirmed payouts settle this long after confirm: long enough for "wait for final status" to see PENDING first.
const SETTLE_MS = 800;
const CARD = '4242424242424242'; // sandbox: SUCCESS
const CARD_SPACED = '4242 4242 4242 4242';
const CVV = '737';
const CUSTOMER_IP = '203.0.113.7';
const CONTINUE = { onError: 'continueRegularOutput' };
const WAIT_FINAL = { waitForFinalStatus: true, timeoutSeconds: 30, pollIntervalSeconds: 1 };

/** A create's own parameters with the customer as JSON; `amountName` is 'value' for payouts. */
function createParameters(orderId, amount, amountName = 'amount') {
	return {
		orderId,
		[amountName]: amount,
		currency: 'EUR',
		kycVerified: true,
		customerInput: 'json',
		customer: JSON.stringify(customer),
	};
}

/**
 * A unique orderId for this file's run. Base 36: a 13-digit timestamp can pass the Luhn check, and the node masks
 * digit runs that could be a card number in its outputs.
 */
const stamp = Date.now().toString(36);
const orderIdFor = (name) => `e2e-n8n-${name}-${stamp}`;

/**
 * Fails (never skips) when the built node lacks an operation the file tests, e.g. `{ payIn: ['get'] }`: a removed
 * or renamed operation must show up as a failure.
 */
function assertOffers(wanted) {
	const ops = builtOperations();
	const missing = Object.entries(wanted).flatMap(([resource, operations]) =>
		operations
			.filter((operation) => !(ops[resource] || []).includes(operation))
			.map((o) => `${resource}/${o}`),
	);
	assert.deepEqual(missing, [], 'operations missing from the built node');
}

/** The file's first test: the built node offers every operation the file covers. */
function testOffers(wanted) {
	const list = Object.entries(wanted).map(
		([resource, operations]) => `${resource}: ${operations.join(', ')}`,
	);
	test(`the built node offers ${list.join('; ')}`, () => assertOffers(wanted));
}

/** The run succeeded as a whole. */
function assertRunOk(run) {
	assert.ok(run.ok, `execution failed: ${errorText(run)}\n${run.errorText}`);
}

/** The first output item of a node, which must not be an error item (nodes run with "continue on fail"). */
function firstItem(run, name) {
	const items = run.nodeItems(name);
	assert.ok(items?.length, `"${name}" produced no output: ${errorText(run)}`);
	assert.equal(items[0].error, undefined, `"${name}" failed: ${JSON.stringify(items[0])}`);
	return items[0];
}

/** Runs `fn` once, on first use; later calls get the same promise (one `n8n execute` per workflow). */
function once(fn) {
	let pending;
	return () => (pending ??= fn());
}

class ActionsEnv extends Stack {
	constructor() {
		super();
		this.hook = null;
	}

	async start({ settleMs = SETTLE_MS } = {}) {
		return await super.start({ sandbox: { seed: 'e2e', settleMs, onRequest: (e) => this.hook?.(e) } });
	}

	importWorkflows(workflows) {
		return this.n8n.importWorkflows(workflows);
	}

	execute(id) {
		return this.n8n.execute(id);
	}

	/** Called for every request the sandbox finishes, until set to null. */
	setOnRequest(hook) {
		this.hook = hook;
	}

	get stats() {
		return this.sandbox.state.stats;
	}

	lastSeq() {
		return this.log.at(-1)?.seq ?? 0;
	}

	logSince(seq) {
		return this.log.filter((e) => e.seq > seq);
	}

	bodiesOf(method, urlPath) {
		return this.log.filter((e) => e.method === method && e.path === urlPath).map((e) => e.body);
	}

	/** Token requests n8n made (the file's own setup calls left out). */
	n8nTokens() {
		return this.stats.tokenRequests.ok - this.ownTokenRequests;
	}

	async createPayIn(orderId, amount) {
		return (
			await this.call('POST', '/public/payin', {
				orderId,
				amount,
				currency: 'EUR',
				kycVerified: true,
				customer,
			})
		).paymentId;
	}

	/** A payout waiting for confirmation; its id. */
	async createPayout(orderId, value) {
		const p = await this.call('POST', '/public/payout', {
			orderId,
			value,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		assert.equal(p.status, 'WAITING_FOR_CONFIRMATION');
		return p.payoutId;
	}

	/** A payout confirmed outside n8n and settled (SUCCESS): the subject of decisions that come too late. */
	async createSettledPayout(orderId, value) {
		const id = await this.createPayout(orderId, value);
		await this.call('PUT', `/public/payout/${id}/confirm`);
		const deadline = Date.now() + 20_000;
		for (;;) {
			const { status } = await this.call('GET', `/public/payout/${id}`);
			if (status === 'SUCCESS') return id;
			assert.ok(Date.now() < deadline, `payout ${id} still ${status}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}

module.exports = {
	ActionsEnv,
	SETTLE_MS,
	CARD,
	CARD_SPACED,
	CVV,
	CUSTOMER_IP,
	CONTINUE,
	WAIT_FINAL,
	createParameters,
	orderIdFor,
	assertOffers,
	testOffers,
	assertRunOk,
	firstItem,
	once,
};
