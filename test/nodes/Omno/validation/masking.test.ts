import nock from 'nock';

import { customerParams } from '../../../helpers/customer';
import {
	mockToken,
	omnoApi,
	runNode,
	runNodeError,
	visibleText,
	useRetryPolicy,
} from '../../../helpers/omno';
import { deliver } from '../../../helpers/webhookFunctions';

// Card data must never reach n8n: no Luhn-valid run of 12–19 digits and no security code in any output, error or
// log line.
const AMEX = '378282246310005';
const VISA = '4242424242424242';
const PAN_FRAGMENT = /\d{5,}/; // more than the last four digits of any of them

useRetryPolicy();

const payoutParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'payout',
	operation: 'create',
	orderId: 'order-1',
	value: '10',
	currency: 'EUR',
	kycVerified: true,
	...customerParams,
	additionalFields: {},
	runOptions: {},
	...extra,
});

describe('card numbers in OMNO errors', () => {
	it('an Amex (15 digits) in a 402 "declined by issuer" message is masked in the error item', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout')
			.reply(402, { message: `Card ${AMEX} declined by issuer` });

		const [item] = await runNode(payoutParams(), { continueOnFail: true });

		expect(item.json.error).toBe(
			'Row 2 (orderId order-1): OMNO answered 402 to POST /public/payout: Card ***********0005 declined by issuer',
		);
		expect(item.json.omnoMessage).toBe('Card ***********0005 declined by issuer');
		expect(JSON.stringify(item.json)).not.toContain(AMEX);
	});

	it('a card number cut by the 300-character excerpt is masked before the cut', async () => {
		mockToken();
		const body = `${'x'.repeat(290)} 4242-4242-4242-4242 trailing text that is cut`;
		omnoApi().get('/public/payin/pi-1').times(3).reply(500, body, { 'content-type': 'text/plain' });

		const error = await runNodeError({ resource: 'payIn', operation: 'get', payInId: 'pi-1' });

		const excerpt = String(error.message).replace(
			/^Row 2 \(payInId pi-1\): OMNO answered 500 to GET \/public\/payin\/pi-1: x+ /,
			'',
		);
		expect(excerpt).toBe('****-****');
		expect(visibleText(error)).not.toMatch(/4242-4242/);
	});

	it("a numeric orderId in OMNO's message is not a card number (not Luhn-valid): shown as it is", async () => {
		mockToken();
		omnoApi().post('/public/payout').reply(400, { message: 'orderId 1234567890123456 is malformed' });

		const [item] = await runNode(payoutParams({ orderId: '1234567890123456' }), { continueOnFail: true });

		expect(item.json.omnoMessage).toBe('orderId 1234567890123456 is malformed');
	});

	it('a card number typed into an id field is masked in the input error', async () => {
		const error = await runNodeError({
			resource: 'payout',
			operation: 'get',
			payoutId: '4242 4242 4242 4242',
		});

		expect(error.message).toBe(
			'Row 2 (payoutId "**** **** **** 4242"): Payout ID (payoutId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "**** **** **** 4242")',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('card numbers and security codes in OMNO answers', () => {
	it('are masked under any key and in any JSON type; security codes never shown', async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/pi-1')
			.reply(200, {
				id: 'pi-1',
				status: 'SUCCESS',
				pan: Number(VISA),
				card: { number: '4242 4242 4242 4242', cvv2: '123' },
				securityCode: '999',
				note: `pan_${AMEX}`,
				cardMask: '424242******4242',
			});

		const [item] = await runNode({ resource: 'payIn', operation: 'get', payInId: 'pi-1' });

		expect(item.json).toEqual({
			id: 'pi-1',
			status: 'SUCCESS',
			pan: '************4242',
			card: { number: '**** **** **** 4242', cvv2: '***' },
			securityCode: '***',
			note: 'pan_***********0005',
			cardMask: '424242******4242',
		});
	});

	it('a card number in a customer field is masked in the dry-run output', async () => {
		const [item] = await runNode(payoutParams({ firstName: `Jane ${VISA}`, runOptions: { dryRun: true } }));

		expect((item.json.request as { body: { customer: { firstName: string } } }).body.customer.firstName).toBe(
			'Jane ************4242',
		);
		expect(JSON.stringify(item.json)).not.toMatch(/4242424242/);
	});
});

describe('the trigger', () => {
	it("emits OMNO's transaction and the delivery with card data masked, and logs no card number", async () => {
		mockToken();
		omnoApi()
			.get('/public/payin/pi-1')
			.reply(200, { id: 'pi-1', status: 'SUCCESS', cardNumber: VISA, cvc: '321' });

		const run = await deliver({
			parameters: { deliveryAuthentication: 'none', verifyWithOmno: true },
			body: { id: 'pi-1', card: `${AMEX}`, security_code: '4321' },
		});

		expect(run.emitted).toEqual([
			{
				id: 'pi-1',
				status: 'SUCCESS',
				cardNumber: '************4242',
				cvc: '***',
				resource: 'payIn',
				verified: true,
				delivery: { id: 'pi-1', card: '***********0005', security_code: '***' },
				repeatKey: 'payIn:pi-1:SUCCESS',
			},
		]);
	});

	it('a delivery id that is a card number is masked in the log line', async () => {
		mockToken();
		omnoApi().get(`/public/payin/${VISA}`).reply(404, {}).get(`/public/payout/${VISA}`).reply(404, {});

		const run = await deliver({
			parameters: { deliveryAuthentication: 'none', verifyWithOmno: true },
			body: { id: VISA },
		});

		expect(run.response.status).toBe(404);
		expect(JSON.stringify(run.logs)).not.toMatch(PAN_FRAGMENT);
		expect(run.logs[0].message).toContain('************4242');
	});
});
