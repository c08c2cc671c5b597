import nock from 'nock';

import { expectedCustomer } from '../../../../helpers/customer';
import { directLinkBody, startParams } from '../../../../helpers/directLink';
import { mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';

describe('directLink → startPayIn', () => {
	const params = (extra: Record<string, unknown> = {}) => ({
		resource: 'directLink',
		operation: 'startPayIn',
		orderId: 'dl-1',
		amount: '25',
		currency: 'USDT',
		...startParams,
		...extra,
	});
	const createBody = {
		orderId: 'dl-1',
		amount: 25,
		currency: 'USDT',
		kycVerified: true,
		customer: expectedCustomer,
	};
	const processBody = directLinkBody({ method: 'crypto', currency: 'USDT' });
	/** OMNO creates pi-9 (request exactly createBody), then gives this answer to the process call (exactly processBody). */
	const createsThenProcesses = (status: number, answer: nock.Body) => {
		mockToken();
		omnoApi()
			.post('/public/payin', createBody)
			.reply(200, { paymentId: 'pi-9', status: 'CREATED' })
			.post('/public/payin/pi-9/process/direct-link', processBody)
			.reply(status, answer);
	};

	it('creates the pay-in, then processes it via direct link, in that order', async () => {
		createsThenProcesses(200, {
			paymentId: 'pi-9',
			status: 'PENDING',
			walletAddress: 'TXYZ',
			redirectUrl: null,
		});

		const output = await runNode(params());

		expect(output).toEqual([
			{
				json: {
					paymentId: 'pi-9',
					status: 'PENDING',
					walletAddress: 'TXYZ',
					redirectUrl: null,
					orderId: 'dl-1',
					created: { paymentId: 'pi-9', status: 'CREATED', orderId: 'dl-1' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('validates the process step too before creating anything', async () => {
		const scope = omnoApi().post('/public/payin').reply(200, { paymentId: 'x' });

		const error = await runNodeError(params({ additionalData: '[]' }));

		expect(error.message).toBe(
			'Row 2 (orderId dl-1): Additional Data (JSON) (additionalData) must be a JSON object ({ … }), got an array',
		);
		expect(scope.isDone()).toBe(false);
	});

	it('when processing fails, the run does not throw: the created pay-in is output with its id and how to resume', async () => {
		createsThenProcesses(400, { message: 'additionalData.network is required' });

		// A throw would lose the only record of pi-9: the error item and the run report carry it instead.
		const [item, report] = await runNode(params());

		expect(item.json.error).toMatch(
			/^Row 2 \(orderId dl-1\): Pay-in pi-9 was created but could not be processed: OMNO answered 400 .*additionalData.network is required/,
		);
		expect(String(item.json.description)).toContain('Run the same input again');
		expect(String(item.json.description)).toContain('Pay-In → Process Direct Link with ID pi-9');
		expect(item.json).toMatchObject({ createdId: 'pi-9', orderId: 'dl-1', outcome: 'failed' });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(report.json.runReport).toMatchObject({
			operation: 'directLink.startPayIn',
			stopped: true,
			done: [{ row: 2, orderId: 'dl-1', paymentId: 'pi-9' }],
			outcomes: { created: 1 },
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with continueOnFail, the error item carries createdId and orderId', async () => {
		createsThenProcesses(502, 'bad gateway');

		const [item] = await runNode(params(), { continueOnFail: true });

		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ createdId: 'pi-9', orderId: 'dl-1' });
		expect(String(item.json.error)).toContain('Pay-in pi-9 was created but could not be processed');
	});

	it('when the create itself fails, nothing is processed and no createdId is claimed', async () => {
		mockToken();
		omnoApi().post('/public/payin', createBody).reply(400, { message: 'currency not enabled' });

		const [item] = await runNode(params(), { continueOnFail: true });

		expect(item.json.createdId).toBeUndefined();
		expect(item.json).toMatchObject({ httpCode: 400, omnoMessage: 'currency not enabled' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a re-run after "created, then processing failed" resumes the processing step (409 → fetch → process once)', async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', createBody)
			.reply(409, { message: 'Transaction with orderId dl-1 already exists', paymentId: 'pi-9' })
			.get('/public/payin/pi-9')
			.reply(200, { id: 'pi-9', orderId: 'dl-1', amount: 25, currency: 'USDT', status: 'CREATED' })
			.post('/public/payin/pi-9/process/direct-link', processBody)
			.reply(200, { paymentId: 'pi-9', status: 'PENDING', walletAddress: 'TXYZ' });

		const [item] = await runNode(params({ runOptions: { summary: true } }));

		expect(item.json).toMatchObject({
			paymentId: 'pi-9',
			status: 'PENDING',
			walletAddress: 'TXYZ',
			orderId: 'dl-1',
			alreadyExists: true,
			resumed: true,
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a re-run of a pay-in that was already processed does not process it again', async () => {
		mockToken();
		omnoApi()
			.post('/public/payin', createBody)
			.reply(409, { message: 'exists', paymentId: 'pi-9' })
			.get('/public/payin/pi-9')
			.reply(200, { id: 'pi-9', orderId: 'dl-1', amount: 25, currency: 'USDT', status: 'PENDING' });
		const processed = omnoApi().post('/public/payin/pi-9/process/direct-link').reply(200, {});

		const [item] = await runNode(params());

		expect(item.json).toMatchObject({ paymentId: 'pi-9', status: 'PENDING', alreadyExists: true });
		expect(item.json.resumed).toBeUndefined();
		expect(processed.isDone()).toBe(false);
	});

	it('created-then-failed counts as created in the summary (with its id), not as 0 created', async () => {
		createsThenProcesses(400, { message: 'additionalData.network is required' });

		const output = await runNode(params({ runOptions: { summary: true } }), { continueOnFail: true });

		expect(output[1].json.summary).toEqual({
			items: 1,
			outcomes: { created: 1 },
			statuses: {},
			totalsCreated: { USDT: '25' },
			createdNotProcessed: 1,
		});
	});
});
