import nock from 'nock';

import { BROWSER_DEFAULTS } from '../../../../../nodes/Omno/descriptions/browser';
import { mockToken, omnoApi, runNode, runNodeError, visibleText, items } from '../../../../helpers/omno';

const YEAR = String(new Date().getUTCFullYear() + 3);
const browser = { ...BROWSER_DEFAULTS, customerIp: '203.0.113.7' };
const CARD = '4242 4242 4242 4242';

const cardParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'payIn',
	operation: 'processCard',
	payInId: 'pi-1',
	cardNumber: CARD,
	expirationMonth: '7',
	expirationYear: YEAR,
	cvv: '123',
	cardholderName: 'Jane Doe',
	saveCard: true,
	customerIp: '203.0.113.7',
	browser: {},
	...extra,
});

const cardBody = {
	browser,
	cardData: {
		cardNumber: '4242424242424242',
		expirationMonth: '07',
		expirationYear: YEAR,
		cvv: '123',
		cardholderName: 'Jane Doe',
	},
	saveCard: true,
};

describe('payIn → processCard', () => {
	it("POSTs the card to /process/card and outputs OMNO's answer with only a card mask", async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-1/process/card', cardBody)
			.reply(200, { paymentId: 'pi-1', status: 'PENDING_3DS' });

		const output = await runNode(cardParams());

		expect(output).toEqual([
			{
				json: { paymentId: 'pi-1', status: 'PENDING_3DS', cardMask: '************4242' },
				pairedItem: { item: 0 },
			},
		]);
		expect(JSON.stringify(output)).not.toContain('4242424242424242');
		expect(JSON.stringify(output)).not.toContain('"123"');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('sends browser overrides', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-1/process/card', {
				...cardBody,
				browser: { ...browser, language: 'de-DE', screenWidth: 390 },
			})
			.reply(200, { paymentId: 'pi-1', status: 'SUCCESS' });

		await runNode(cardParams({ browser: { language: 'de-DE', screenWidth: '390' } }));

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('masks card data OMNO echoes back', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-1/process/card', cardBody)
			.reply(200, {
				paymentId: 'pi-1',
				status: 'DECLINED',
				cardData: { cardNumber: '4242424242424242', cvv: '123' },
			});

		const [item] = await runNode(cardParams());

		expect(JSON.stringify(item.json)).not.toContain('4242424242424242');
		expect(JSON.stringify(item.json)).not.toContain('123"');
	});

	it.each([
		[
			{ cardNumber: '4242 4242 4242 4241' },
			'Row 2 (payInId pi-1): Card Number (cardNumber) is not a valid card number',
		],
		[
			{ expirationMonth: '13' },
			'Row 2 (payInId pi-1): Expiration Month (expirationMonth) must be a month from 1 to 12',
		],
		[
			{ expirationYear: '2001' },
			'Row 2 (payInId pi-1): Expiration Year (expirationYear) together with the month is in the past',
		],
		[{ cvv: '12' }, 'Row 2 (payInId pi-1): CVV (cvv) must be 3 or 4 digits'],
		[{ cardholderName: '' }, 'Row 2 (payInId pi-1): Cardholder Name (cardholderName) is empty'],
		[{ customerIp: 'localhost' }, 'Row 2 (payInId pi-1): Customer IP (customerIp) must be an IPv4 or IPv6'],
		[{ payInId: '' }, 'Row 2: Pay-In ID (payInId) is empty'],
	])('refuses %j before sending, never showing card data', async (change, message) => {
		const scope = omnoApi().post('/public/payin/pi-1/process/card').reply(200, {});

		const error = await runNodeError(cardParams(change));

		expect(error.message).toContain(message);
		expect(visibleText(error)).not.toMatch(/4242424242424242|4242 4242|4241/);
		expect(scope.isDone()).toBe(false);
	});

	it('an OMNO failure that echoes the card number shows it masked only', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-1/process/card', cardBody)
			.reply(422, { message: 'card 4242424242424242 refused' });

		const error = await runNodeError(cardParams());

		expect(error.message).toContain('OMNO answered 422');
		expect(visibleText(error)).not.toContain('4242424242424242');
	});

	it('with continueOnFail, pairs the error item and keeps card data out of it', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-1/process/card', cardBody)
			.reply(200, { paymentId: 'pi-1', status: 'SUCCESS' });

		const output = await runNode((i) => cardParams(i === 0 ? { cvv: 'abc' } : {}), {
			items: items(2),
			continueOnFail: true,
		});

		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.error).toBe('Row 2 (payInId pi-1): CVV (cvv) must be 3 or 4 digits');
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(JSON.stringify(output)).not.toMatch(/4242424242424242|"abc"/);
	});

	it('never charges again: a pay-in that is no longer CREATED is not processed (alreadyProcessed)', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-1').reply(200, { id: 'pi-1', status: 'SUCCESS' });
		const charge = omnoApi().post('/public/payin/pi-1/process/card').reply(200, {});

		const output = await runNode(cardParams());

		expect(output).toEqual([
			{
				json: {
					paymentId: 'pi-1',
					alreadyProcessed: true,
					status: 'SUCCESS',
					message: 'Not processed again: it is already SUCCESS. Check it with Transaction → Get.',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(charge.isDone()).toBe(false);
	});

	it('a failure on item 2 stops the batch and the run report names the pay-in already charged', async () => {
		mockToken();
		omnoApi().get('/public/payin/pi-a').reply(200, { id: 'pi-a', status: 'CREATED' });
		omnoApi()
			.post('/public/payin/pi-a/process/card', cardBody)
			.reply(200, { paymentId: 'pi-a', status: 'SUCCESS' });
		omnoApi().get('/public/payin/pi-b').reply(200, { id: 'pi-b', status: 'CREATED' });
		omnoApi().post('/public/payin/pi-b/process/card', cardBody).reply(402, { message: 'declined' });
		const third = omnoApi().get('/public/payin/pi-c').reply(200, { id: 'pi-c', status: 'CREATED' });

		// One at a time, so 'stops the batch' is deterministic (in bulk, what is under way finishes).
		const output = await runNode(
			(i) =>
				cardParams({
					payInId: ['pi-a', 'pi-b', 'pi-c'][i],
					runOptions: { concurrencyMode: 'fixed', concurrency: 1 },
				}),
			{ items: items(3) },
		);

		expect(output.map((o) => o.json.outcome ?? o.json.status ?? 'report')).toEqual([
			'SUCCESS',
			'failed',
			'notSent',
			'report',
		]);
		expect(output[3].json.runReport).toMatchObject({
			operation: 'payIn.processCard',
			stopped: true,
			done: [{ row: 2, paymentId: 'pi-a', status: 'SUCCESS' }],
		});
		expect(JSON.stringify(output)).not.toContain('4242424242424242');
		expect(third.isDone()).toBe(false);
	});
});
