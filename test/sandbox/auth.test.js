'use strict';

const { startSandbox, CLIENT } = require('./helpers');

describe('sandbox token endpoint and bearer auth', () => {
	let s;
	beforeAll(async () => {
		s = await startSandbox();
	});
	afterAll(() => s.stop());
	beforeEach(() => s.control('POST', '/reset', { keepConfig: false }));

	test('right credentials in the form body give a Keycloak-shaped token', async () => {
		const r = await s.tokenRequest({
			grant_type: 'client_credentials',
			client_id: CLIENT.id,
			client_secret: CLIENT.secret,
		});
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ expires_in: 300, refresh_expires_in: 0, token_type: 'Bearer', scope: '' });
		expect(typeof r.json.access_token).toBe('string');
		expect(r.json.access_token.length).toBeGreaterThan(20);
	});

	test('right credentials via HTTP Basic are accepted', async () => {
		const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
		const r = await s.tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
		expect(r.status).toBe(200);
		const api = await s.request('GET', '/public/payin/none', { token: r.json.access_token });
		expect(api.status).toBe(404);
	});

	test('wrong secret or id gives 401 invalid_client and no token', async () => {
		for (const form of [
			{ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: 'nope' },
			{ grant_type: 'client_credentials', client_id: 'other', client_secret: CLIENT.secret },
			{ grant_type: 'client_credentials' },
		]) {
			const r = await s.tokenRequest(form);
			expect(r.status).toBe(401);
			expect(r.json).toEqual({
				error: 'invalid_client',
				error_description: 'Invalid client or Invalid client credentials',
			});
		}
		const stats = (await s.control('GET', '/stats')).json;
		expect(stats.tokenRequests).toEqual({ ok: 0, failed: 3 });
		expect(stats.activeTokens).toBe(0);
	});

	test('wrong grant_type gives 400 unsupported_grant_type', async () => {
		const r = await s.tokenRequest({
			grant_type: 'password',
			client_id: CLIENT.id,
			client_secret: CLIENT.secret,
		});
		expect(r.status).toBe(400);
		expect(r.json.error).toBe('unsupported_grant_type');
	});

	test('/public without, with a bogus, or with an expired token is 401 invalid_token', async () => {
		const unauthorized = { error: 'invalid_token', message: 'Unauthorized: token missing or expired' };
		expect((await s.request('GET', '/public/payin/x')).json).toEqual(unauthorized);
		const bogus = await s.request('GET', '/public/payin/x', { token: 'bogus' });
		expect(bogus.status).toBe(401);

		const token = await s.getToken();
		expect((await s.request('GET', '/public/payin/x', { token })).status).toBe(404);
		await s.control('POST', '/tokens/expire');
		const expired = await s.request('GET', '/public/payin/x', { token });
		expect(expired.status).toBe(401);
		expect(expired.json).toEqual(unauthorized);
	});

	test('tokens expire after tokenLifetime seconds', async () => {
		await s.control('POST', '/config', { tokenLifetime: 0.15 });
		const r = await s.tokenRequest({
			grant_type: 'client_credentials',
			client_id: CLIENT.id,
			client_secret: CLIENT.secret,
		});
		expect(r.json.expires_in).toBe(1);
		const token = r.json.access_token;
		expect((await s.request('GET', '/public/payout/x', { token })).status).toBe(404);
		await new Promise((res) => setTimeout(res, 200));
		expect((await s.request('GET', '/public/payout/x', { token })).status).toBe(401);
	});

	test('client credentials can be changed at runtime', async () => {
		await s.control('POST', '/config', { clientId: 'c2', clientSecret: 's2' });
		expect(
			(
				await s.tokenRequest({
					grant_type: 'client_credentials',
					client_id: CLIENT.id,
					client_secret: CLIENT.secret,
				})
			).status,
		).toBe(401);
		expect(
			(await s.tokenRequest({ grant_type: 'client_credentials', client_id: 'c2', client_secret: 's2' }))
				.status,
		).toBe(200);
		const cfg = (await s.control('GET', '/config')).json;
		expect(cfg.clientSecret).toBe('***');
	});
});
