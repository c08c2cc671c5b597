'use strict';

const { startSandbox, payinBody, browser, card, customer } = require('./helpers');

describe('sandbox pay-ins', () => {
	let s;
	let token;
	beforeAll(async () => {
		s = await startSandbox();
		token = await s.getToken();
	});
	afterAll(() => s.stop());

	const create = (over) => s.request('POST', '/public/payin', { token, body: payinBody(over) });
	const processCard = (id, body) => s.request('POST', `/public/payin/${id}/process/card`, { token, body });

	test('create returns CREATED with hosted iframe URLs; GET reads the transaction back', async () => {
		const body = payinBody({ amount: 19.99, previousTransactionCount: 3 });
		const r = await s.request('POST', '/public/payin', { token, body });
		expect(r.status).toBe(200);
		const id = r.json.paymentId;
		expect(r.json).toEqual({
			paymentId: id,
			status: 'CREATED',
			iframeUrls: { card: `${s.url}/hosted/card/${id}`, apm: `${s.url}/hosted/apm/${id}` },
		});
		const g = await s.request('GET', `/public/payin/${id}`, { token });
		expect(g.status).toBe(200);
		expect(g.json).toMatchObject({
			id,
			amount: 19.99,
			orderId: body.orderId,
			currency: 'EUR',
			status: 'CREATED',
			initialAmount: 19.99,
			initialCurrency: 'EUR',
			previousTransactionCount: 3,
			cardMask: null,
			statusReason: { status: 'CREATED' },
			transactionType: null,
		});
		for (const k of [
			'merchantId',
			'customerId',
			'routerId',
			'cardId',
			'cardBrand',
			'cardHash',
			'pspTransactionId',
			'metadata',
			'createdAt',
			'updatedAt',
		]) {
			expect(g.json).toHaveProperty(k);
		}
		expect(g.json).not.toHaveProperty('predictedPspId');
	});

	test('amount text is kept exactly (no float round trip)', async () => {
		const body = payinBody();
		const raw = JSON.stringify(body).replace('"amount":25.5', '"amount":100.10');
		const r = await s.request('POST', '/public/payin', {
			token,
			raw,
			headers: { 'content-type': 'application/json' },
		});
		const g = await s.request('GET', `/public/payin/${r.json.paymentId}`, { token });
		expect(g.text).toContain('"amount":100.10,');
		expect(g.json.amount).toBe(100.1);
	});

	test('unknown id is 404 with a message', async () => {
		const r = await s.request('GET', '/public/payin/does-not-exist', { token });
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ message: 'Payin does-not-exist not found' });
	});

	test('reused orderId is 409 and creates nothing', async () => {
		const body = payinBody();
		expect((await s.request('POST', '/public/payin', { token, body })).status).toBe(200);
		const before = (await s.control('GET', '/transactions')).json.transactions.length;
		const again = await s.request('POST', '/public/payin', { token, body: { ...body, amount: 99 } });
		expect(again.status).toBe(409);
		expect(again.json).toEqual({ message: `Transaction with orderId ${body.orderId} already exists` });
		expect((await s.control('GET', '/transactions')).json.transactions.length).toBe(before);
		// pay-in and payout orderIds are separate namespaces
		const payout = await s.request('POST', '/public/payout', {
			token,
			body: { orderId: body.orderId, value: 1, currency: 'EUR', kycVerified: true, customer: customer() },
		});
		expect(payout.status).toBe(200);
	});

	test.each([
		['orderId must not be empty', { orderId: '' }],
		['amount must be a number', { amount: '10' }],
		['amount must be a positive number', { amount: 0 }],
		['amount is required', { amount: undefined }],
		['currency must be 3-10 uppercase letters or digits', { currency: 'eur' }],
		['kycVerified must be a boolean', { kycVerified: 'yes' }],
		[
			'customer.billing.countryCode must be ISO 3166-1 alpha-2',
			{ customer: customer({ billing: { ...customer().billing, countryCode: 'DEU' } }) },
		],
		['customer.dateOfBirth must be a date YYYY-MM-DD', { customer: customer({ dateOfBirth: '1990-13-01' }) }],
		['customer.email is required', { customer: customer({ email: undefined }) }],
		['webhook.url must be an absolute URL', { webhook: { url: 'not a url' } }],
	])('validation: 400 %s', async (message, over) => {
		const r = await create(over);
		expect(r.status).toBe(400);
		expect(r.json).toEqual({ message });
	});

	test('malformed JSON is 400 and unknown route is 404', async () => {
		const bad = await s.request('POST', '/public/payin', {
			token,
			raw: '{"orderId":',
			headers: { 'content-type': 'application/json' },
		});
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ message: 'Malformed JSON' });
		const nf = await s.request('GET', '/public/refunds', { token });
		expect(nf.status).toBe(404);
		expect(typeof nf.json.message).toBe('string');
	});

	test.each([
		['4242424242424242', 'SUCCESS', null],
		['4000000000000002', 'DECLINED', 'GENERAL_DECLINE'],
		['4000000000009995', 'FAILED', 'NO_PROVIDER_AVAILABLE'],
		['5555555555554444', 'SUCCESS', null],
	])('card %s -> %s', async (pan, status, detailed) => {
		const { paymentId } = (await create()).json;
		const r = await processCard(paymentId, { browser: browser(), cardData: card(pan), saveCard: false });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ paymentId, status });
		const tx = (await s.control('GET', '/transactions?type=payin')).json.transactions.find(
			(t) => t.id === paymentId,
		);
		expect(tx.history.map((h) => h.status)).toEqual(['CREATED', 'PENDING', status]);
		expect(tx.statusReason.detailedStatus).toBe(detailed);
		expect(tx.cardMask).toBe(`${pan.slice(0, 6)}******${pan.slice(-4)}`);
		expect(tx.cardBrand).toBe(pan.startsWith('4') ? 'VISA' : 'MASTERCARD');
		expect(tx.transactionType).toBe('CARD');
		expect(tx.metadata.ipAddress).toBe('203.0.113.7');
		expect(JSON.stringify(tx)).not.toContain(pan);
	});

	test('3-DS card gives PENDING_3DS with a redirectUrl; a control call completes it', async () => {
		const { paymentId } = (await create()).json;
		const r = await processCard(paymentId, { browser: browser(), cardData: card('4000000000003220') });
		expect(r.json).toEqual({
			paymentId,
			status: 'PENDING_3DS',
			redirectUrl: `${s.url}/hosted/3ds/${paymentId}`,
		});
		const page = await fetch(r.json.redirectUrl);
		expect(page.status).toBe(200);
		const done = await s.control('POST', `/transactions/payin/${paymentId}/complete-3ds`, {
			outcome: 'SUCCESS',
		});
		expect(done.json.status).toBe('SUCCESS');
		const again = await s.control('POST', `/transactions/payin/${paymentId}/complete-3ds`, {});
		expect(again.status).toBe(409);
	});

	test('only a CREATED pay-in can be processed', async () => {
		const { paymentId } = (await create()).json;
		await processCard(paymentId, { browser: browser(), cardData: card() });
		const r = await processCard(paymentId, { browser: browser(), cardData: card() });
		expect(r.status).toBe(409);
		expect(typeof r.json.message).toBe('string');
	});

	test.each([
		[
			{ browser: browser(), cardData: card('4242424242424241') },
			'cardData.cardNumber is not a valid card number (Luhn check failed)',
		],
		[{ browser: browser({ customerIp: undefined }), cardData: card() }, 'browser.customerIp is required'],
		[{ browser: browser({ colorDepth: '24' }), cardData: card() }, 'browser.colorDepth must be an integer'],
		[{ browser: browser({ javaEnabled: 'no' }), cardData: card() }, 'browser.javaEnabled must be a boolean'],
		[{ browser: browser(), cardData: card(undefined, { cvv: '12' }) }, 'cardData.cvv must be 3 or 4 digits'],
		[{ browser: browser(), cardData: card(undefined, { expirationYear: '2001' }) }, 'cardData is expired'],
		[{ cardData: card() }, 'browser is required'],
	])('process/card validation %#', async (body, message) => {
		const { paymentId } = (await create()).json;
		const r = await processCard(paymentId, body);
		expect(r.status).toBe(400);
		expect(r.json).toEqual({ message });
	});

	test('saveCard stores a card id usable by process/saved-card; unknown card id is 400', async () => {
		const first = (await create()).json.paymentId;
		const r = await processCard(first, { browser: browser(), cardData: card(), saveCard: true });
		expect(r.json.status).toBe('SUCCESS');
		const tx = (await s.request('GET', `/public/payin/${first}`, { token })).json;
		expect(typeof tx.cardId).toBe('string');

		const second = (await create()).json.paymentId;
		const ok = await s.request('POST', `/public/payin/${second}/process/saved-card`, {
			token,
			body: { browser: browser(), savedCardData: { cardId: tx.cardId, cvv: '123' } },
		});
		expect(ok.json).toEqual({ paymentId: second, status: 'SUCCESS' });
		const tx2 = (await s.request('GET', `/public/payin/${second}`, { token })).json;
		expect(tx2).toMatchObject({ cardId: tx.cardId, cardMask: '424242******4242', cardBrand: 'VISA' });

		const third = (await create()).json.paymentId;
		const bad = await s.request('POST', `/public/payin/${third}/process/saved-card`, {
			token,
			body: { browser: browser(), savedCardData: { cardId: 'nope', cvv: '123' } },
		});
		expect(bad.status).toBe(400);
		expect((await s.request('GET', `/public/payin/${third}`, { token })).json.status).toBe('CREATED');
	});

	test('direct link: APM gives a redirectUrl, crypto gives a walletAddress', async () => {
		const apm = (await create()).json.paymentId;
		const r = await s.request('POST', `/public/payin/${apm}/process/direct-link`, {
			token,
			body: { browser: browser(), additionalData: { method: 'ideal' } },
		});
		expect(r.json).toEqual({
			paymentId: apm,
			status: 'PENDING',
			redirectUrl: `${s.url}/hosted/redirect/${apm}`,
		});

		const cr = (await create()).json.paymentId;
		const c = await s.request('POST', `/public/payin/${cr}/process/direct-link`, {
			token,
			body: { browser: browser(), additionalData: { method: 'crypto', currency: 'ETH' } },
		});
		expect(c.json.status).toBe('PENDING');
		expect(c.json.walletAddress).toMatch(/^0x[0-9a-f]{40}$/);
		expect(c.json).not.toHaveProperty('redirectUrl');

		const missing = await s.request('POST', `/public/payin/${cr}/process/direct-link`, {
			token,
			body: { browser: browser() },
		});
		expect(missing.status).toBe(400);
		expect(missing.json.message).toBe('additionalData is required');
	});
});
