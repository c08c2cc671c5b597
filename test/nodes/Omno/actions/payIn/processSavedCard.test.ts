import nock from 'nock';

import { BROWSER_DEFAULTS } from '../../../../../nodes/Omno/descriptions/browser';
import { mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';

describe('payIn → processSavedCard', () => {
	const params = (extra: Record<string, unknown> = {}) => ({
		resource: 'payIn',
		operation: 'processSavedCard',
		payInId: 'pi-2',
		cardId: 'card-9',
		cvv: '0123',
		customerIp: '2001:db8::1',
		...extra,
	});

	it('POSTs savedCardData to /process/saved-card', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-2').reply(200, { id: 'pi-2', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-2/process/saved-card', {
				browser: { ...BROWSER_DEFAULTS, customerIp: '2001:db8::1' },
				savedCardData: { cardId: 'card-9', cvv: '0123' },
			})
			.reply(200, { paymentId: 'pi-2', status: 'SUCCESS' });

		const output = await runNode(params());

		expect(output).toEqual([{ json: { paymentId: 'pi-2', status: 'SUCCESS' }, pairedItem: { item: 0 } }]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([
		[{ cardId: '' }, 'Row 2 (payInId pi-2): Card ID (cardId) is empty'],
		[{ cvv: '1' }, 'Row 2 (payInId pi-2): CVV (cvv) must be 3 or 4 digits'],
	])('refuses %j before sending', async (change, message) => {
		const scope = omnoApi().post('/public/payin/pi-2/process/saved-card').reply(200, {});
		const error = await runNodeError(params(change));
		expect(error.message).toBe(message);
		expect(scope.isDone()).toBe(false);
	});
});
