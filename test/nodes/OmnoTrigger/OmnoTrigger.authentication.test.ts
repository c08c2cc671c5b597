import { basicAuth, deliver } from '../../helpers/webhookFunctions';
import {
	SECRET,
	authorised,
	basicCred,
	expectLogsClean,
	expectNothingStarted,
	headerAuth,
	queryCred,
} from '../../helpers/triggerDeliveries';

describe('OmnoTrigger webhook: delivery authentication', () => {
	it('header: the right secret starts the workflow', async () => {
		const run = await deliver(authorised({ body: { id: 'x-1', status: 'SUCCESS' } }));

		expect(run.emitted).toHaveLength(1);
		expect(run.response.status).toBeUndefined();
	});

	it('header: a custom header name is honoured', async () => {
		const run = await deliver({
			webhookAuth: { ...headerAuth, headerName: 'X-Omno-Secret' },
			headers: { 'X-Omno-Secret': SECRET },
			parameters: { verifyWithOmno: false },
			body: { id: 'x-1' },
		});

		expect(run.emitted).toHaveLength(1);
	});

	it.each([
		['wrong value', { authorization: SECRET.replace('7', '8') }],
		['wrong length', { authorization: `${SECRET}x` }],
		['empty value', { authorization: '' }],
	])('header: %s → 401, nothing starts, nothing is fetched', async (_, headers) => {
		// Verification on: a rejected delivery must not even reach OMNO (no mock defined → any call fails).
		const run = await deliver({
			webhookAuth: headerAuth,
			headers,
			body: { id: 'pi-1' },
		});

		expectNothingStarted(run, 401);
		expect(run.response.body).toEqual({ error: 'unauthorized' });
		expect(run.logs).toEqual([
			expect.objectContaining({
				level: 'warn',
				message: 'OMNO Trigger: rejected a delivery: header authorization has the wrong value',
			}),
		]);
		expectLogsClean(run, `${SECRET}x`, 'pi-1');
	});

	it('header: missing → 401', async () => {
		const run = await deliver({
			webhookAuth: headerAuth,
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
		expect(run.logs[0].message).toBe('OMNO Trigger: rejected a delivery: header authorization is missing');
	});

	it('basic: the right user and password start the workflow', async () => {
		const run = await deliver({
			webhookAuth: basicCred,
			headers: { authorization: basicAuth('omno', SECRET) },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expect(run.emitted).toHaveLength(1);
	});

	it.each([
		['wrong password', basicAuth('omno', SECRET.toUpperCase())],
		['wrong user', basicAuth('omn0', SECRET)],
		['wrong length', basicAuth('omno', `${SECRET}-more`)],
		['another scheme', `Bearer ${SECRET}`],
	])('basic: %s → 401', async (_, authorization) => {
		const run = await deliver({
			webhookAuth: basicCred,
			headers: { authorization },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
		expectLogsClean(run);
	});

	it('basic: missing → 401', async () => {
		const run = await deliver({
			webhookAuth: basicCred,
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
	});

	it('query: the right token starts the workflow', async () => {
		const run = await deliver({
			webhookAuth: queryCred,
			query: { token: SECRET },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expect(run.emitted).toHaveLength(1);
	});

	it.each([
		['wrong', { token: SECRET.slice(0, -1) + 'X' }],
		['wrong length', { token: SECRET.slice(0, -1) }],
		['missing', {}],
	])('query: %s token → 401', async (_, query) => {
		const run = await deliver({
			webhookAuth: queryCred,
			query,
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
		expectLogsClean(run);
	});

	it('query: the secret in a header does not count', async () => {
		const run = await deliver({
			webhookAuth: queryCred,
			headers: { authorization: SECRET, token: SECRET },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
	});

	it('fails closed when the credential has an empty secret (an empty header must not match)', async () => {
		const run = await deliver({
			webhookAuth: { ...headerAuth, headerSecret: '' },
			headers: { authorization: '' },
			parameters: { verifyWithOmno: false },
			body: { id: 'x' },
		});

		expectNothingStarted(run, 401);
	});

	it('fails closed when authentication is required but no credential is selected', async () => {
		const run = await deliver({ parameters: { verifyWithOmno: false }, body: { id: 'x' } });

		expectNothingStarted(run, 500);
		expect(run.response.body).toEqual({ error: 'trigger not set up' });
		expect(run.logs[0].message).toMatch(/no OMNO Webhook Authentication credential could be read/);
	});

	it('None: accepts a delivery without any secret', async () => {
		const run = await deliver({
			parameters: { deliveryAuthentication: 'none', verifyWithOmno: false },
			body: { id: 'x' },
		});

		expect(run.emitted).toEqual([
			{ id: 'x', resource: null, verified: false, delivery: { id: 'x' }, repeatKey: 'unknown:x:' },
		]);
	});
});
