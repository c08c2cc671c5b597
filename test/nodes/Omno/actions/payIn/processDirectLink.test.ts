import nock from 'nock';

import { directLinkBody } from '../../../../helpers/directLink';
import { mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';

describe('payIn → processDirectLink', () => {
	const params = (extra: Record<string, unknown> = {}) => ({
		resource: 'payIn',
		operation: 'processDirectLink',
		payInId: 'pi-3',
		customerIp: '198.51.100.4',
		additionalData: '{"method":"crypto","currency":"USDT"}',
		...extra,
	});

	it('POSTs browser + additionalData and passes redirectUrl and provider data through', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-3').reply(200, { id: 'pi-3', status: 'CREATED' });
		omnoApi()
			.post(
				'/public/payin/pi-3/process/direct-link',
				directLinkBody({ method: 'crypto', currency: 'USDT' }, '198.51.100.4'),
			)
			.reply(200, {
				paymentId: 'pi-3',
				status: 'PENDING',
				redirectUrl: 'https://apm.example/r',
				walletAddress: 'T9z',
			});

		const output = await runNode(params());

		expect(output).toEqual([
			{
				json: {
					paymentId: 'pi-3',
					status: 'PENDING',
					redirectUrl: 'https://apm.example/r',
					walletAddress: 'T9z',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		['[1]', 'Row 2 (payInId pi-3): Additional Data (JSON) (additionalData) must be a JSON object'],
		['{oops', 'Row 2 (payInId pi-3): Additional Data (JSON) (additionalData) is not valid JSON'],
	])('refuses additionalData %j before sending', async (additionalData, message) => {
		const scope = omnoApi().post('/public/payin/pi-3/process/direct-link').reply(200, {});
		const error = await runNodeError(params({ additionalData }));
		expect(error.message).toContain(message);
		expect(scope.isDone()).toBe(false);
	});
});
