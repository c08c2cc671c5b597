import nock from 'nock';

import { CONTROLLER, limiterFor, resetLimiters } from '../../../../nodes/Omno/transport/concurrency';
import { omnoApiRequest } from '../../../../nodes/Omno/transport';
import { makeContext, mockToken, newCredentials, omnoApi, useRetryPolicy } from '../../../helpers/omno';

// One controller per credential for the whole process: each test starts without any.
beforeEach(() => resetLimiters());
// A 429 without Retry-After pauses 5 ms, not a second.
useRetryPolicy({ defaultRetryAfterMs: 5 });

describe('omnoApiRequest takes a slot per attempt', () => {
	it('many requests at once: no more under way than the window, which grows as they succeed', async () => {
		const credentials = newCredentials({ oauthTokenData: { access_token: 'token-1', token_type: 'Bearer' } });
		let inFlight = 0;
		let peak = 0;
		omnoApi()
			.get(/\/public\/payout\/p-\d+/)
			.times(40)
			.reply((uri, _body, callback) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				setTimeout(() => {
					inFlight--;
					callback(null, [200, { id: uri.split('/').pop() }]);
				}, 15);
			});
		const context = makeContext({}, { credentials });
		const limiter = limiterFor(context);

		const results = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				omnoApiRequest.call<typeof context, Parameters<typeof omnoApiRequest>, Promise<{ id: string }>>(
					context,
					'GET',
					`/public/payout/p-${i}`,
					{ itemIndex: i },
				),
			),
		);

		expect(results.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => `p-${i}`));
		expect(peak).toBeGreaterThan(CONTROLLER.initialLimit);
		expect(peak).toBeLessThanOrEqual(limiter.peakInFlight);
		expect(limiter.limit).toBeGreaterThan(CONTROLLER.initialLimit);
		expect(limiter.active).toBe(0);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("a 429 cuts the credential's window and pauses it; the POST is re-sent once and succeeds; a 5xx cuts nothing", async () => {
		mockToken();
		const context = makeContext({});
		const limiter = limiterFor(context);
		omnoApi().post('/public/payout', { orderId: 'o-1' }).reply(429, { message: 'Too many requests' });
		omnoApi().post('/public/payout', { orderId: 'o-1' }).reply(200, { payoutId: 'p-1' });

		await expect(
			omnoApiRequest.call(context, 'POST', '/public/payout', { body: { orderId: 'o-1' } }),
		).resolves.toEqual({ payoutId: 'p-1' });
		expect(limiter.rateLimitedCount).toBe(1);
		expect(limiter.limit).toBe(Math.floor(CONTROLLER.initialLimit * CONTROLLER.backoffRatio));

		const cut = limiter.limit;
		omnoApi().post('/public/payout', { orderId: 'o-2' }).reply(503, { message: 'busy' });
		await expect(
			omnoApiRequest.call(context, 'POST', '/public/payout', { body: { orderId: 'o-2' } }),
		).rejects.toThrow('OMNO answered 503');
		expect(limiter.limit).toBe(cut);
		expect(limiter.active).toBe(0);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a Fixed run is not held to the Auto window, but shares the 429 pause', async () => {
		const credentials = newCredentials({ oauthTokenData: { access_token: 'token-1', token_type: 'Bearer' } });
		let inFlight = 0;
		let peak = 0;
		omnoApi()
			.get(/\/public\/payin\/x-\d+/)
			.times(12)
			.reply((_uri, _body, callback) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				setTimeout(() => {
					inFlight--;
					callback(null, [200, {}]);
				}, 15);
			});
		const context = makeContext(
			{ runOptions: { concurrencyMode: 'fixed', concurrency: 12 } },
			{ credentials },
		);
		await Promise.all(
			Array.from({ length: 12 }, (_, i) => omnoApiRequest.call(context, 'GET', `/public/payin/x-${i}`)),
		);
		expect(peak).toBe(12);
		expect(limiterFor(context).limit).toBe(CONTROLLER.initialLimit);
	});
});
