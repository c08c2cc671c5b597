import nock from 'nock';

import * as payInCreate from '../../../../../nodes/Omno/actions/payIn/create.operation';
import * as pageCreate from '../../../../../nodes/Omno/actions/paymentPage/create.operation';
import { customerParams, expectedCustomer } from '../../../../helpers/customer';
import { makeContext, mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'paymentPage',
	operation: 'create',
	orderId: 'inv-7',
	amount: '1500',
	currency: 'JPY',
	kycVerified: true,
	...customerParams,
	additionalFields: {},
	...extra,
});

describe('paymentPage → create', () => {
	it('creates the pay-in and puts the hosted page links first', async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', {
				orderId: 'inv-7',
				amount: 1500,
				currency: 'JPY',
				kycVerified: true,
				customer: expectedCustomer,
			})
			.reply(200, {
				paymentId: 'pi-7',
				status: 'CREATED',
				iframeUrls: { card: 'https://pay.example/card/pi-7', apm: 'https://pay.example/apm/pi-7' },
				expiresAt: '2030-01-01T00:00:00Z',
			});

		const [item] = await runNode(params());

		expect(item.json).toEqual({
			paymentPageUrl: 'https://pay.example/card/pi-7',
			apmPageUrl: 'https://pay.example/apm/pi-7',
			paymentId: 'pi-7',
			status: 'CREATED',
			orderId: 'inv-7',
			expiresAt: '2030-01-01T00:00:00Z',
			iframeUrls: { card: 'https://pay.example/card/pi-7', apm: 'https://pay.example/apm/pi-7' },
		});
		expect(Object.keys(item.json).slice(0, 5)).toEqual([
			'paymentPageUrl',
			'apmPageUrl',
			'paymentId',
			'status',
			'orderId',
		]);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('prepares the same request as Pay-In → Create (one shared builder, no second copy)', () => {
		const context = makeContext(params());
		expect(pageCreate.prepare.call(context, 0)).toEqual(payInCreate.prepare.call(context, 0));
	});

	it('shows null links when OMNO returns none', () => {
		expect(pageCreate.toPaymentPage({ paymentId: 'p', status: 'CREATED', orderId: 'o' })).toEqual({
			paymentPageUrl: null,
			apmPageUrl: null,
			paymentId: 'p',
			status: 'CREATED',
			orderId: 'o',
		});
	});

	it('refuses a fractional JPY amount before sending', async () => {
		const error = await runNodeError(params({ amount: '1500.5' }));
		expect(error.message).toBe(
			'Row 2 (orderId inv-7): Amount (amount) must be a whole number for JPY (it has no minor unit), got "1500.5"',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
