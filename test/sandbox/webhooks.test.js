'use strict';

const {
	startSandbox,
	startReceiver,
	waitFor,
	payinBody,
	payoutBody,
	browser,
	card,
	customer,
} = require('./helpers');

describe('sandbox webhook deliveries', () => {
	let s;
	let rx;
	let token;
	beforeAll(async () => {
		s = await startSandbox({ settleMs: 10, webhookRetryDelaysMs: [10, 10, 10] });
		rx = await startReceiver((entry) => (entry.url.startsWith('/fail') ? 500 : 200));
	});
	afterAll(async () => {
		await s.stop();
		await rx.stop();
	});
	beforeEach(async () => {
		await s.control('POST', '/reset', { keepWebhooks: false });
		rx.received.length = 0;
		token = await s.getToken();
	});

	const settle = () => waitFor(async () => (await s.control('GET', '/deliveries')).json.pending === 0);

	test('each auth type is sent as configured; filters by type and event', async () => {
		const hooks = [
			{ id: 'none', name: 'plain', url: `${rx.url}/none`, events: ['*'], types: ['payout'] },
			{
				id: 'hdr',
				url: `${rx.url}/header`,
				events: ['SUCCESS'],
				types: ['payout'],
				auth: { type: 'header', name: 'X-Omno-Key', value: 'k-123' },
			},
			{
				id: 'basic',
				url: `${rx.url}/basic`,
				events: ['REJECTED', 'SUCCESS'],
				types: ['payout'],
				auth: { type: 'basic', username: 'omno', password: 'p@ss' },
			},
			{
				id: 'query',
				url: `${rx.url}/query?x=1`,
				events: ['*'],
				types: ['payin'],
				auth: { type: 'query', param: 'token', value: 'q-456' },
			},
		];
		const set = await s.control('POST', '/webhooks', hooks);
		expect(set.status).toBe(200);
		expect(set.json.webhooks.find((w) => w.id === 'hdr').auth.value).toBe('***');

		const { payoutId } = (await s.request('POST', '/public/payout', { token, body: payoutBody() })).json;
		await s.request('PUT', `/public/payout/${payoutId}/confirm`, { token });
		await waitFor(
			async () => (await s.request('GET', `/public/payout/${payoutId}`, { token })).json.status === 'SUCCESS',
		);
		await settle();

		const byPath = (p) => rx.received.filter((r) => r.url.split('?')[0] === p);
		expect(byPath('/none').map((r) => r.body.status)).toEqual([
			'CREATED',
			'WAITING_FOR_CONFIRMATION',
			'PENDING',
			'SUCCESS',
		]);
		expect(byPath('/none')[3].body).toMatchObject({
			id: payoutId,
			type: 'payout',
			status: 'SUCCESS',
			amount: 40,
		});
		expect(byPath('/none')[0].headers.authorization).toBeUndefined();

		const h = byPath('/header');
		expect(h.map((r) => r.body.status)).toEqual(['SUCCESS']);
		expect(h[0].headers['x-omno-key']).toBe('k-123');

		const b = byPath('/basic');
		expect(b).toHaveLength(1);
		expect(b[0].headers.authorization).toBe(`Basic ${Buffer.from('omno:p@ss').toString('base64')}`);
		expect(byPath('/query')).toHaveLength(0);

		const { paymentId } = (await s.request('POST', '/public/payin', { token, body: payinBody() })).json;
		await s.request('POST', `/public/payin/${paymentId}/process/card`, {
			token,
			body: { browser: browser(), cardData: card() },
		});
		await settle();
		const q = byPath('/query');
		expect(q.map((r) => r.body.status)).toEqual(['CREATED', 'PENDING', 'SUCCESS']);
		expect(new URL(q[0].url, rx.url).searchParams.get('token')).toBe('q-456');
		expect(new URL(q[0].url, rx.url).searchParams.get('x')).toBe('1');
		expect(q[2].body).toMatchObject({ type: 'payin', cardMask: '424242******4242', transactionType: 'CARD' });
		expect(JSON.stringify(q)).not.toContain('4242424242424242');

		const { deliveries } = (await s.control('GET', '/deliveries')).json;
		expect(deliveries.length).toBe(rx.received.length);
		expect(deliveries[0]).toMatchObject({
			webhookId: expect.any(String),
			url: expect.any(String),
			statusCode: 200,
			event: expect.any(String),
			attempt: 1,
		});
		expect(JSON.stringify(deliveries)).not.toContain('q-456');
	});

	test('non-2xx deliveries are retried 3 times and every attempt is logged', async () => {
		await s.control('POST', '/webhooks', [
			{ id: 'bad', url: `${rx.url}/fail`, events: ['CREATED'], types: ['payin'] },
		]);
		await s.request('POST', '/public/payin', { token, body: payinBody() });
		await settle();
		expect(rx.received).toHaveLength(4);
		const { deliveries } = (await s.control('GET', '/deliveries')).json;
		expect(deliveries.map((d) => [d.attempt, d.statusCode, d.ok])).toEqual([
			[1, 500, false],
			[2, 500, false],
			[3, 500, false],
			[4, 500, false],
		]);
		expect((await s.control('GET', '/stats')).json.webhooks).toMatchObject({
			attempts: 4,
			failed: 1,
			delivered: 0,
		});
	});

	test('webhookMaxAttempts 0 (the CLI default, like OMNO): retried until a 2xx, the last delay repeating', async () => {
		const until = await startSandbox({ settleMs: 10, webhookMaxAttempts: 0, webhookRetryDelaysMs: [5, 10] });
		let calls = 0;
		const flaky = await startReceiver(() => (++calls <= 6 ? 502 : 200));
		try {
			await until.control('POST', '/webhooks', [
				{ id: 'ledger', url: `${flaky.url}/ledger`, events: ['WAITING_FOR_CONFIRMATION'], types: ['payout'] },
			]);
			const t = await until.getToken();
			const { payoutId } = (await until.request('POST', '/public/payout', { token: t, body: payoutBody() }))
				.json;
			await until.sandbox.state.webhooks.idle();
			const { deliveries } = (await until.control('GET', '/deliveries')).json;
			expect(deliveries.map((d) => [d.attempt, d.statusCode])).toEqual([
				[1, 502],
				[2, 502],
				[3, 502],
				[4, 502],
				[5, 502],
				[6, 502],
				[7, 200],
			]);
			expect(
				deliveries.every((d) => d.event === 'WAITING_FOR_CONFIRMATION' && d.transactionId === payoutId),
			).toBe(true);
			expect((await until.control('GET', '/stats')).json.webhooks).toMatchObject({
				attempts: 7,
				delivered: 1,
				failed: 0,
				pending: 0,
			});
			// The retry settings are live: a bounded count again makes a dead receiver a failure.
			await until.control('POST', '/config', { webhookMaxAttempts: 2 });
			calls = -100;
			await until.request('POST', '/public/payout', { token: t, body: payoutBody() });
			await until.sandbox.state.webhooks.idle();
			expect((await until.control('GET', '/stats')).json.webhooks).toMatchObject({
				attempts: 9,
				delivered: 1,
				failed: 1,
			});
		} finally {
			await until.stop();
			await flaky.stop();
		}
	});

	test('per-request webhook.url on pay-in create and cashier session receives deliveries', async () => {
		const body = payinBody({ webhook: { url: `${rx.url}/per-request` } });
		const { paymentId } = (await s.request('POST', '/public/payin', { token, body })).json;
		await s.control('POST', `/transactions/payin/${paymentId}/status`, { status: 'TIMEOUT' });
		await settle();
		expect(rx.received.map((r) => [r.url, r.body.status])).toEqual([
			['/per-request', 'CREATED'],
			['/per-request', 'TIMEOUT'],
		]);

		rx.received.length = 0;
		const session = (
			await s.request('POST', '/public/cashier/session', {
				token,
				body: {
					customer: customer(),
					currency: 'EUR',
					returnUrls: { success: 'https://a.example/ok', failure: 'https://a.example/ko' },
					webhook: { url: `${rx.url}/session` },
				},
			})
		).json;
		const pay = await fetch(session.checkoutUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'amount=12.34&outcome=SUCCESS',
			redirect: 'manual',
		});
		expect(pay.status).toBe(303);
		expect(pay.headers.get('location')).toMatch(/^https:\/\/a\.example\/ok\?paymentId=.+&status=SUCCESS$/);
		await settle();
		expect(rx.received.map((r) => r.body.status)).toEqual(['CREATED', 'PENDING', 'SUCCESS']);
		expect(rx.received[2].body).toMatchObject({ amount: 12.34, currency: 'EUR', type: 'payin' });
	});

	test('invalid webhook config is 400', async () => {
		const r = await s.control('POST', '/webhooks', [{ url: 'ftp://x', events: ['*'] }]);
		expect(r.status).toBe(400);
		const r2 = await s.control('POST', '/webhooks', [
			{ url: `${rx.url}/x`, auth: { type: 'header', name: 'X' } },
		]);
		expect(r2.status).toBe(400);
		expect(r2.json.message).toBe('webhooks[0].auth.value must be a non-empty string');
	});
});
