'use strict';

const { startSandbox, payoutBody, browser, customer, waitFor } = require('./helpers');

describe('sandbox payouts and cashier', () => {
	let s;
	let token;
	beforeAll(async () => {
		s = await startSandbox({ settleMs: 30 });
		token = await s.getToken();
	});
	afterAll(() => s.stop());

	const create = (over) => s.request('POST', '/public/payout', { token, body: payoutBody(over) });
	const get = async (id) => (await s.request('GET', `/public/payout/${id}`, { token })).json;

	test('create (body uses value) waits for confirmation; amount reads back as amount', async () => {
		const body = payoutBody({ value: 40.5, routerId: 'router-7' });
		const r = await s.request('POST', '/public/payout', { token, body });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ payoutId: expect.any(String), status: 'WAITING_FOR_CONFIRMATION' });
		const tx = await get(r.json.payoutId);
		expect(tx).toMatchObject({
			id: r.json.payoutId,
			amount: 40.5,
			initialAmount: 40.5,
			orderId: body.orderId,
			status: 'WAITING_FOR_CONFIRMATION',
			routerId: 'router-7',
			predictedPspId: expect.any(String),
			processorPspId: null,
		});
		expect(tx).not.toHaveProperty('value');
		expect(tx).not.toHaveProperty('transactionType');
		const all = (await s.control('GET', '/transactions?type=payout')).json.transactions;
		expect(all.find((t) => t.id === tx.id).history.map((h) => h.status)).toEqual([
			'CREATED',
			'WAITING_FOR_CONFIRMATION',
		]);
	});

	test('amount instead of value is a 400 that names the field', async () => {
		const r = await create({ value: undefined, amount: 10 });
		expect(r.status).toBe(400);
		expect(r.json.message).toMatch(/^value is required/);
	});

	test('reused orderId is 409 and creates nothing', async () => {
		const body = payoutBody();
		await s.request('POST', '/public/payout', { token, body });
		const before = (await s.control('GET', '/stats')).json;
		const r = await s.request('POST', '/public/payout', { token, body });
		expect(r.status).toBe(409);
		expect(r.json).toEqual({ message: `Transaction with orderId ${body.orderId} already exists` });
		const after = (await s.control('GET', '/stats')).json;
		expect(after.payoutsCreated).toBe(before.payoutsCreated);
		expect(after.distinctOrderIds.payout).toBe(before.distinctOrderIds.payout);
		expect(after.duplicateOrderIds.payout).toBe(before.duplicateOrderIds.payout + 1);
	});

	test('unknown payout is 404', async () => {
		const r = await s.request('GET', '/public/payout/nope', { token });
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ message: 'Payout nope not found' });
		expect((await s.request('PUT', '/public/payout/nope/confirm', { token })).status).toBe(404);
	});

	test('confirm: PENDING, then SUCCESS after settleMs; a second confirm or a reject is 409', async () => {
		const { payoutId } = (await create({ value: 12.5 })).json;
		const r = await s.request('PUT', `/public/payout/${payoutId}/confirm`, { token });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({});
		expect((await get(payoutId)).status).toBe('PENDING');
		expect((await s.request('PUT', `/public/payout/${payoutId}/confirm`, { token })).status).toBe(409);
		expect((await s.request('PUT', `/public/payout/${payoutId}/reject`, { token })).status).toBe(409);
		const done = await waitFor(async () => {
			const tx = await get(payoutId);
			return tx.status !== 'PENDING' && tx;
		});
		expect(done.status).toBe('SUCCESS');
		expect(done.processorPspId).toBe(done.predictedPspId);
	});

	test('amount with fractional part .13 is DECLINED after confirm', async () => {
		const { payoutId } = (await create({ value: 7.13 })).json;
		await s.request('PUT', `/public/payout/${payoutId}/confirm`, { token });
		const done = await waitFor(async () => {
			const tx = await get(payoutId);
			return tx.status !== 'PENDING' && tx;
		});
		expect(done.status).toBe('DECLINED');
		expect(done.statusReason.detailedStatus).toBe('GENERAL_DECLINE');
	});

	test('reject: REJECTED and final; confirm afterwards is 409', async () => {
		const { payoutId } = (await create()).json;
		const r = await s.request('PUT', `/public/payout/${payoutId}/reject`, { token });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({});
		expect((await get(payoutId)).status).toBe('REJECTED');
		const c = await s.request('PUT', `/public/payout/${payoutId}/confirm`, { token });
		expect(c.status).toBe(409);
		expect(typeof c.json.message).toBe('string');
	});

	test('payout direct link gives PENDING with redirectUrl and message', async () => {
		const { payoutId } = (await create()).json;
		const r = await s.request('POST', `/public/payout/${payoutId}/process/direct-link`, {
			token,
			body: { browser: browser(), additionalData: { method: 'bank' } },
		});
		expect(r.json).toEqual({
			payoutId,
			status: 'PENDING',
			redirectUrl: `${s.url}/hosted/redirect/${payoutId}`,
			message: 'Redirect the customer to complete the payout',
		});
	});

	test('forced status change through the control API passes unknown statuses through', async () => {
		const { payoutId } = (await create()).json;
		const r = await s.control('POST', `/transactions/payout/${payoutId}/status`, {
			status: 'ON_HOLD',
			detailedStatus: 'MANUAL_REVIEW',
		});
		expect(r.status).toBe(200);
		const tx = await get(payoutId);
		expect(tx.status).toBe('ON_HOLD');
		expect(tx.statusReason).toMatchObject({ detailedStatus: 'MANUAL_REVIEW', status: 'ON_HOLD' });
	});

	test('cashier session: checkoutUrl, balance update 204, unknown session 404, validation 400', async () => {
		const body = {
			customer: customer(),
			returnUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
			currency: 'USD',
		};
		const r = await s.request('POST', '/public/cashier/session', { token, body });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			sessionId: expect.any(String),
			checkoutUrl: `${s.url}/payments-v2/cashier/${r.json.sessionId}`,
		});
		const b = await s.request('PUT', `/public/cashier/session/${r.json.sessionId}/balance`, {
			token,
			body: { balance: 120.5, currency: 'USD' },
		});
		expect(b.status).toBe(204);
		expect(b.text).toBe('');
		const sessions = (await s.control('GET', '/sessions')).json.sessions;
		expect(sessions.find((x) => x.sessionId === r.json.sessionId).balanceUpdates[0].body).toEqual({
			balance: 120.5,
			currency: 'USD',
		});
		expect((await s.request('PUT', '/public/cashier/session/nope/balance', { token, body: {} })).status).toBe(
			404,
		);
		const bad = await s.request('POST', '/public/cashier/session', {
			token,
			body: { ...body, returnUrls: { success: 'https://x' } },
		});
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ message: 'returnUrls.failure is required' });
		const page = await fetch(r.json.checkoutUrl);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
	});
});
