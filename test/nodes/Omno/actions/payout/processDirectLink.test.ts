import nock from 'nock';

import { BROWSER_DEFAULTS } from '../../../../../nodes/Omno/descriptions/browser';
import { directLinkBody } from '../../../../helpers/directLink';
import { mockToken, omnoApi, runNode, runNodeError, items } from '../../../../helpers/omno';

const params = (extra: Record<string, unknown> = {}) => ({
	resource: 'payout',
	operation: 'processDirectLink',
	payoutId: 'po-1',
	customerIp: '203.0.113.7',
	browser: {},
	additionalData: '{"walletAddress":"TXYZ123","network":"TRC20"}',
	...extra,
});

const expectedBody = directLinkBody({ walletAddress: 'TXYZ123', network: 'TRC20' });

const answer = {
	payoutId: 'po-1',
	status: 'PENDING',
	redirectUrl: 'https://psp.example/redirect/abc',
	message: 'Redirect the customer',
};

describe('payout → processDirectLink', () => {
	it("POSTs { browser, additionalData } and outputs OMNO's answer as it is", async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, { id: 'po-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payout/po-1/process/direct-link', expectedBody)
			.matchHeader('content-type', /application\/json/)
			.reply(200, answer);

		const output = await runNode(params());

		expect(output).toEqual([{ json: answer, pairedItem: { item: 0 } }]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('uses the browser overrides and accepts additionalData as an object', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, { id: 'po-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payout/po-1/process/direct-link', {
				browser: { ...BROWSER_DEFAULTS, language: 'de-DE', screenWidth: 1280, customerIp: '2001:db8::1' },
				additionalData: { iban: 'DE89370400440532013000' },
			})
			.reply(200, { payoutId: 'po-1', status: 'PENDING' });

		await runNode(
			params({
				customerIp: '2001:db8::1',
				browser: { language: 'de-DE', screenWidth: 1280 },
				additionalData: { iban: 'DE89370400440532013000' },
			}),
		);

		expect(nock.pendingMocks()).toEqual([]);
	});

	it('keeps the payoutId in the output when OMNO leaves it out, and passes provider data through', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, { id: 'po-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payout/po-1/process/direct-link', expectedBody)
			.reply(200, { status: 'PENDING', walletAddress: 'bc1q…' });

		const [item] = await runNode(params());

		expect(item.json).toEqual({ status: 'PENDING', walletAddress: 'bc1q…', payoutId: 'po-1' });
	});

	it.each([
		[{ payoutId: '' }, 'Row 2: Payout ID (payoutId) is empty'],
		[{ payoutId: 'a/b' }, /^Row 2 \(payoutId "a\/b"\): Payout ID \(payoutId\) must not contain/],
		[{ customerIp: '' }, /^Row 2 \(payoutId po-1\): Customer IP \(customerIp\) /],
		[{ customerIp: '999.1.1.1' }, /^Row 2 \(payoutId po-1\): Customer IP \(customerIp\) /],
		[{ browser: { colorDepth: 'deep' } }, /^Row 2 \(payoutId po-1\): Color Depth \(browser\.colorDepth\) /],
		[
			{ additionalData: '{oops' },
			/^Row 2 \(payoutId po-1\): Additional Data \(JSON\) \(additionalData\) is not valid JSON/,
		],
		[
			{ additionalData: '["a"]' },
			/^Row 2 \(payoutId po-1\): Additional Data \(JSON\) \(additionalData\) must be a JSON object/,
		],
	])('refuses %j before sending anything', async (extra, message) => {
		const scope = omnoApi().post(/.*/).reply(200, {});

		const error = await runNodeError(params(extra));

		expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(scope.isDone()).toBe(false);
	});

	it('a 422 from OMNO fails with its message', async () => {
		mockToken();
		omnoApi().get('/public/payout/po-1').reply(200, { id: 'po-1', status: 'CREATED' });
		omnoApi()
			.post('/public/payout/po-1/process/direct-link', expectedBody)
			.reply(422, { message: 'walletAddress is required' });

		const error = await runNodeError(params());

		expect(error.message).toBe(
			'Row 2 (payoutId po-1): OMNO answered 422 to POST /public/payout/po-1/process/direct-link: walletAddress is required',
		);
	});

	it('a 502 is not re-sent and reports an unknown outcome; items stay paired', async () => {
		mockToken();
		omnoApi().get('/public/payout/a').reply(200, { id: 'a', status: 'CREATED' });
		omnoApi().post('/public/payout/a/process/direct-link', expectedBody).once().reply(502, {});
		omnoApi().get('/public/payout/b').reply(200, { id: 'b', status: 'CREATED' });
		omnoApi()
			.post('/public/payout/b/process/direct-link', expectedBody)
			.reply(200, { payoutId: 'b', status: 'PENDING' });

		const output = await runNode((i) => params({ payoutId: ['a', '', 'b'][i] }), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: expect.objectContaining({ httpCode: 502, outcome: 'unknown' }), pairedItem: { item: 0 } },
			{
				json: expect.objectContaining({ error: 'Row 3: Payout ID (payoutId) is empty' }),
				pairedItem: { item: 1 },
			},
			{ json: { payoutId: 'b', status: 'PENDING' }, pairedItem: { item: 2 } },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
