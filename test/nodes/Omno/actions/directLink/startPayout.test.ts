import nock from 'nock';

import { expectedCustomer } from '../../../../helpers/customer';
import { directLinkBody, startParams } from '../../../../helpers/directLink';
import { mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';

describe('directLink → startPayout', () => {
	const params = (extra: Record<string, unknown> = {}) => ({
		resource: 'directLink',
		operation: 'startPayout',
		orderId: 'po-dl-1',
		value: '0.5',
		currency: 'btc',
		...startParams,
		additionalData: '{"walletAddress":"bc1qxyz"}',
		...extra,
	});
	const createBody = {
		orderId: 'po-dl-1',
		value: 0.5,
		currency: 'BTC',
		kycVerified: true,
		customer: expectedCustomer,
	};
	const processBody = directLinkBody({ walletAddress: 'bc1qxyz' });

	it('creates the payout with `value`, then processes it via direct link', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', createBody)
			.reply(200, { payoutId: 'po-5', status: 'CREATED' })
			.post('/public/payout/po-5/process/direct-link', processBody)
			.reply(200, { payoutId: 'po-5', status: 'PENDING', message: 'sent' });

		const output = await runNode(params());

		expect(output).toEqual([
			{
				json: {
					payoutId: 'po-5',
					status: 'PENDING',
					message: 'sent',
					orderId: 'po-dl-1',
					created: { payoutId: 'po-5', status: 'CREATED', orderId: 'po-dl-1' },
					requested: { value: '0.5', currency: 'BTC' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('when processing fails, the created payout is output with its id (not thrown away)', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', createBody)
			.reply(200, { id: 'po-6', status: 'CREATED' })
			.post('/public/payout/po-6/process/direct-link', processBody)
			.reply(409, { message: 'already processing' });

		const [item, report] = await runNode(params());

		expect(item.json.error).toMatch(
			/^Row 2 \(orderId po-dl-1\): Payout po-6 was created but could not be processed/,
		);
		expect(String(item.json.description)).toContain('Payout → Process Direct Link with ID po-6');
		expect(item.json.createdId).toBe('po-6');
		expect(report.json.runReport).toMatchObject({ done: [{ row: 2, orderId: 'po-dl-1', payoutId: 'po-6' }] });
	});

	it('refuses an amount with too many decimals for BTC before sending', async () => {
		const scope = omnoApi().post('/public/payout').reply(200, {});

		const error = await runNodeError(params({ value: '0.123456789' }));

		expect(error.message).toBe(
			'Row 2 (orderId po-dl-1): Amount (value) has 9 decimals but BTC allows at most 8, got "0.123456789"',
		);
		expect(scope.isDone()).toBe(false);
	});
});
