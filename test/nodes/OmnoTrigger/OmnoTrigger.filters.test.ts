import nock from 'nock';

import { mockToken, omnoApi } from '../../helpers/omno';
import { deliver } from '../../helpers/webhookFunctions';
import { authorised, expectNothingStarted, payIn } from '../../helpers/triggerDeliveries';

describe('OmnoTrigger webhook: filters', () => {
	it('a status not selected → 200, nothing starts', async () => {
		const run = await deliver(
			authorised({ body: { id: 'x', status: 'PENDING' }, parameters: { statuses: ['SUCCESS'] } }),
		);

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'status PENDING is not selected' });
		expect(run.logs.filter((l) => l.level === 'warn')).toEqual([]);
	});

	it.each([
		['SUCCESS, FAILED', 'SUCCESS', 1],
		['SUCCESS,FAILED', 'FAILED', 1],
		['SUCCESS', 'PENDING', 0],
		['', 'PENDING', 1],
	])(
		'statuses given by an expression as the string %j (not a list): %s → %i started',
		async (statuses, status, started) => {
			const run = await deliver(authorised({ body: { id: 'x', status }, parameters: { statuses } }));

			expect(run.emitted).toHaveLength(started);
			if (!started)
				expect(run.response.body).toEqual({ received: true, ignored: `status ${status} is not selected` });
		},
	);

	it('a selected status starts the workflow', async () => {
		const run = await deliver(
			authorised({ body: { id: 'x', status: 'SUCCESS' }, parameters: { statuses: ['SUCCESS', 'FAILED'] } }),
		);

		expect(run.emitted).toHaveLength(1);
	});

	it("with verification, filters on OMNO's current status, not the delivery's claim", async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/pi-1')
			.reply(200, { ...payIn, status: 'DECLINED' });

		const run = await deliver(
			authorised({
				body: { id: 'pi-1', status: 'SUCCESS' },
				parameters: { verifyWithOmno: true, statuses: ['SUCCESS'] },
			}),
		);

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'status DECLINED is not selected' });
	});

	it('type Payout ignores a verified pay-in → 200', async () => {
		mockToken();
		// The filter wants payouts, so the payout endpoint is asked first.
		omnoApi().get('/public/payout/pi-1').reply(404, {}).get('/public/payin/pi-1').reply(200, payIn);

		const run = await deliver(
			authorised({ body: { id: 'pi-1' }, parameters: { verifyWithOmno: true, transactionKind: 'payout' } }),
		);

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'type payIn is not selected' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('type Pay-In passes a verified pay-in', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, payIn);

		const run = await deliver(
			authorised({ body: { id: 'pi-1' }, parameters: { verifyWithOmno: true, transactionKind: 'payIn' } }),
		);

		expect(run.emitted).toHaveLength(1);
	});

	it('without verification, a single type needs the delivery to say its type', async () => {
		const run = await deliver(authorised({ body: { id: 'x' }, parameters: { transactionKind: 'payIn' } }));

		expectNothingStarted(run, 200);
		expect(run.response.body).toEqual({ received: true, ignored: 'type is unknown' });
	});
});
