'use strict';

const { startSandbox, payinBody, payoutBody, browser, card, CLIENT } = require('./helpers');

describe('sandbox operational features', () => {
	let s;
	let token;
	beforeAll(async () => {
		s = await startSandbox();
	});
	afterAll(() => s.stop());
	beforeEach(async () => {
		await s.control('POST', '/reset', { keepConfig: false });
		token = await s.getToken();
	});

	test('rate limit answers 429 with an integer Retry-After >= 1, per token bucket', async () => {
		await s.control('POST', '/config', { rateLimit: 2, rateBurst: 5 });
		const results = await Promise.all(
			Array.from({ length: 12 }, () => s.request('GET', '/public/payout/x', { token })),
		);
		const limited = results.filter((r) => r.status === 429);
		expect(results.filter((r) => r.status === 404).length).toBe(5);
		expect(limited.length).toBe(7);
		for (const r of limited) {
			expect(r.json).toEqual({ message: 'Too many requests' });
			expect(r.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
		}
		expect((await s.control('GET', '/stats')).json.rateLimited).toBe(7);
		// the token endpoint is outside the bucket
		expect(
			(
				await s.tokenRequest({
					grant_type: 'client_credentials',
					client_id: CLIENT.id,
					client_secret: CLIENT.secret,
				})
			).status,
		).toBe(200);
		await new Promise((r) => setTimeout(r, 600));
		expect((await s.request('GET', '/public/payout/x', { token })).status).toBe(404);
	});

	test('fault before processing: 503 and nothing created; deterministic for a seed', async () => {
		await s.control('POST', '/config', { faultRate: 0.5, seed: 'faults' });
		const bodies = Array.from({ length: 40 }, (_, i) => payoutBody({ orderId: `fault-${i}` }));
		const run = async () => {
			const out = [];
			for (const body of bodies)
				out.push((await s.request('POST', '/public/payout', { token, body })).status);
			return out;
		};
		const first = await run();
		const faults = first.filter((x) => x === 503).length;
		expect(faults).toBeGreaterThan(5);
		expect(faults).toBeLessThan(35);
		const stats = (await s.control('GET', '/stats')).json;
		expect(stats.payoutsCreated).toBe(40 - faults);
		expect(stats.faults.before).toBe(faults);
		const created = (await s.control('GET', '/transactions')).json.transactions.map((t) => t.orderId);
		first.forEach((status, i) => expect(created.includes(`fault-${i}`)).toBe(status === 200));

		// same seed + same orderIds -> same faults
		await s.control('POST', '/reset', {});
		token = await s.getToken();
		expect(await run()).toEqual(first);
	});

	test('fault after processing: payout exists although the answer was 503 or a dropped connection', async () => {
		await s.control('POST', '/config', { faultAfterRate: 1, faultAfterMode: '503' });
		const body = payoutBody();
		const r = await s.request('POST', '/public/payout', { token, body });
		expect(r.status).toBe(503);
		const all = (await s.control('GET', '/transactions')).json.transactions;
		expect(all.map((t) => t.orderId)).toContain(body.orderId);

		await s.control('POST', '/config', { faultAfterMode: 'drop' });
		const body2 = payoutBody();
		await expect(s.request('POST', '/public/payout', { token, body: body2 })).rejects.toThrow();
		await s.control('POST', '/config', { faultAfterRate: 0 });
		const again = await s.request('POST', '/public/payout', { token, body: body2 });
		expect(again.status).toBe(409);
		const stats = (await s.control('GET', '/stats')).json;
		expect(stats.faults).toMatchObject({ after: 2, afterDropped: 1 });
		expect(stats.payoutsCreated).toBe(2);
	});

	test('business error rate refuses the same orderIds every time with 422', async () => {
		await s.control('POST', '/config', { businessErrorRate: 0.3, seed: 'biz' });
		const statuses = [];
		for (let i = 0; i < 30; i++)
			statuses.push(
				(await s.request('POST', '/public/payout', { token, body: payoutBody({ orderId: `b-${i}` }) }))
					.status,
			);
		const refused = statuses.map((st, i) => (st === 422 ? i : -1)).filter((i) => i >= 0);
		expect(refused.length).toBeGreaterThan(0);
		for (const i of refused) {
			expect(
				(await s.request('POST', '/public/payout', { token, body: payoutBody({ orderId: `b-${i}` }) }))
					.status,
			).toBe(422);
		}
	});

	test('latency delays /public calls', async () => {
		await s.control('POST', '/config', { latency: '60-80' });
		const t = Date.now();
		await s.request('GET', '/public/payout/x', { token });
		expect(Date.now() - t).toBeGreaterThanOrEqual(55);
	});

	test('request log keeps no secret, token, PAN or CVV', async () => {
		const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
		await s.tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
		const { paymentId } = (await s.request('POST', '/public/payin', { token, body: payinBody() })).json;
		await s.request('POST', `/public/payin/${paymentId}/process/card`, {
			token,
			body: { browser: browser(), cardData: card('4242424242424242', { cvv: '987' }) },
		});
		const { requests } = (await s.control('GET', '/requests?since=0')).json;
		const text = JSON.stringify(requests);
		expect(text).not.toContain(CLIENT.secret);
		expect(text).not.toContain(token);
		expect(text).not.toContain('4242424242424242');
		expect(text).not.toContain('987');
		const tokenEntry = requests.find((e) => e.path.endsWith('/token'));
		expect(tokenEntry.body).toEqual({ grant_type: 'client_credentials', client_id: CLIENT.id });
		expect(requests.find((e) => e.authorization === 'Basic')).toBeDefined();
		const cardEntry = requests.find((e) => e.path.endsWith('/process/card'));
		expect(cardEntry).toMatchObject({
			method: 'POST',
			status: 200,
			authorization: 'Bearer',
			body: { cardData: { cardNumber: '424242******4242', cvv: '***' } },
		});
		expect(typeof cardEntry.durationMs).toBe('number');
		const later = (await s.control('GET', `/requests?since=${cardEntry.seq}`)).json.requests;
		expect(later.every((e) => e.seq > cardEntry.seq)).toBe(true);
	});

	test('stats count endpoints, in-flight peak, token calls and duplicates', async () => {
		await s.control('POST', '/config', { latency: 40 });
		const body = payoutBody();
		await Promise.all(Array.from({ length: 6 }, () => s.request('POST', '/public/payout', { token, body })));
		const stats = (await s.control('GET', '/stats')).json;
		expect(stats.byEndpoint['POST /public/payout']).toBe(6);
		expect(stats.maxInFlight).toBe(6);
		expect(stats.inFlight).toBe(0);
		expect(stats.payoutsCreated).toBe(1);
		expect(stats.distinctOrderIds.payout).toBe(1);
		expect(stats.duplicateOrderIds).toMatchObject({ payout: 5, total: 5 });
		expect(stats.tokenRequests.ok).toBe(1);
		expect(stats.firstRequestAt).toBeLessThanOrEqual(stats.lastRequestAt);
	});

	test('control API: health, config validation, reset, unknown route', async () => {
		const h = await s.control('GET', '/health');
		expect(h.json).toMatchObject({ ok: true, url: s.url });
		expect((await s.control('POST', '/config', { faultRate: 2 })).status).toBe(400);
		expect((await s.control('POST', '/config', { nope: 1 })).status).toBe(400);
		await s.request('POST', '/public/payout', { token, body: payoutBody() });
		await s.control('POST', '/reset');
		expect((await s.control('GET', '/transactions')).json.transactions).toEqual([]);
		expect((await s.request('GET', '/public/payout/x', { token })).status).toBe(401);
		expect((await s.control('GET', '/nope')).status).toBe(404);
	});

	// No time bound: speed is the benchmark's business (bench/), and a loaded CI machine must not fail this.
	test('a few thousand payouts keep unique ids', async () => {
		const n = 2000;
		let next = 0;
		const worker = async () => {
			while (next < n) {
				const i = next++;
				const r = await s.request('POST', '/public/payout', {
					token,
					body: payoutBody({ orderId: `bulk-${i}` }),
				});
				if (r.status !== 200) throw new Error(`status ${r.status}`);
			}
		};
		await Promise.all(Array.from({ length: 16 }, worker));
		const stats = (await s.control('GET', '/stats')).json;
		expect(stats.payoutsCreated).toBe(n);
		expect(stats.distinctOrderIds.payout).toBe(n);
	}, 120_000);
});
