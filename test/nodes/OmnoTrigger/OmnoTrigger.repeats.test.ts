import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { OmnoTrigger } from '../../../nodes/OmnoTrigger/OmnoTrigger.node';
import { repeatMemorySize } from '../../../nodes/OmnoTrigger/repeats';
import { mockToken, omnoApi, useRetryPolicy } from '../../helpers/omno';
import { createHookFunctions, deliver, type DeliveryInput } from '../../helpers/webhookFunctions';
import { authorised, expectNothingStarted, payIn } from '../../helpers/triggerDeliveries';

// OMNO 5xx cases would otherwise wait for the GET retry pauses.
useRetryPolicy();

describe('OmnoTrigger webhook: repeats', () => {
	const repeats = { ignoreRepeats: true, repeatWindowMinutes: 10 };
	const verifiedRepeats = { ...repeats, verifyWithOmno: true, statuses: ['SUCCESS'] };
	// The memory lives in the module for the whole process, so every test gets workflows of its own.
	let workflows = 0;
	let workflowId = '';
	beforeEach(() => {
		workflowId = `wf-repeats-${++workflows}`;
	});
	const send = async (input: DeliveryInput, id = workflowId) =>
		await deliver({ ...authorised(input), workflowId: id });

	it('ignores the same id and status again within the window', async () => {
		const first = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		const second = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });

		expect(first.emitted).toHaveLength(1);
		expectNothingStarted(second, 200);
		expect(second.response.body).toEqual({ received: true, ignored: 'repeat' });
	});

	it('starts again for a new status of the same id', async () => {
		await send({ body: { id: 'x', status: 'PENDING' }, parameters: repeats });
		const next = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });

		expect(next.emitted).toHaveLength(1);
	});

	it('keeps each workflow apart: the same delivery to another workflow starts it', async () => {
		await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		const other = await send(
			{ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats },
			`${workflowId}-b`,
		);

		expect(other.emitted).toHaveLength(1);
	});

	it('remembers nothing when the option is off', async () => {
		const before = repeatMemorySize();
		await send({ body: { id: 'x', status: 'SUCCESS' } });
		const again = await send({ body: { id: 'x', status: 'SUCCESS' } });

		expect(again.emitted).toHaveLength(1);
		expect(repeatMemorySize()).toBe(before);
	});

	it('does not count filtered deliveries', async () => {
		const pending = await send({
			body: { id: 'x', status: 'PENDING' },
			parameters: { ...repeats, statuses: ['SUCCESS'] },
		});
		// The same trigger without the status filter: the filtered PENDING was not remembered.
		const pendingAgain = await send({ body: { id: 'x', status: 'PENDING' }, parameters: repeats });

		expect(pending.response.body).toEqual({ received: true, ignored: 'status PENDING is not selected' });
		expect(pendingAgain.emitted).toHaveLength(1);
	});

	it("does not use the workflow's static data, which n8n does not save for webhooks", async () => {
		const staticData: IDataObject = {};
		await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats, staticData });
		const again = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats, staticData: {} });

		expect(staticData).toEqual({});
		expect(again.response.body).toEqual({ received: true, ignored: 'repeat' });
	});

	it('two copies at the same instant, both fetched from OMNO at once: only one starts a run', async () => {
		mockToken('token-1', 2);
		let asked = 0;
		let bothAsked: () => void = () => undefined;
		const second = new Promise<void>((resolve) => (bothAsked = resolve));
		// Neither answer comes before both requests are under way.
		omnoApi()
			.get('/public/payin/pi-1')
			.times(2)
			.reply(200, async () => {
				if (++asked === 2) bothAsked();
				await second;
				return payIn;
			});
		const delivery = { body: { id: 'pi-1', status: 'SUCCESS' }, parameters: verifiedRepeats };

		const runs = await Promise.all([send(delivery), send(delivery)]);

		expect(asked).toBe(2);
		expect(runs.map((r) => r.emitted.length).sort()).toEqual([0, 1]);
		expect(runs.find((r) => r.emitted.length === 0)?.response.body).toEqual({
			received: true,
			ignored: 'repeat',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('PENDING and SUCCESS at the same instant, both fetched as SUCCESS: one run', async () => {
		mockToken('token-1', 2);
		omnoApi().get('/public/payin/pi-1').times(2).delay(30).reply(200, payIn);

		const runs = await Promise.all([
			send({ body: { id: 'pi-1', status: 'PENDING' }, parameters: verifiedRepeats }),
			send({ body: { id: 'pi-1', status: 'SUCCESS' }, parameters: verifiedRepeats }),
		]);

		expect(runs[0].emitted).toEqual([expect.objectContaining({ repeatKey: 'payIn:pi-1:SUCCESS' })]);
		expect(runs[1].response.body).toEqual({ received: true, ignored: 'repeat' });
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a delivery that could not be verified is not remembered: the next copy is fetched and starts a run', async () => {
		mockToken('token-1', 2);
		omnoApi().get('/public/payin/pi-1').times(3).reply(500, { message: 'busy' });
		omnoApi().get('/public/payin/pi-1').reply(200, payIn);
		const delivery = { body: { id: 'pi-1', status: 'SUCCESS' }, parameters: verifiedRepeats };

		const failed = await send(delivery);
		const next = await send(delivery);

		expectNothingStarted(failed, 503);
		expect(next.emitted).toHaveLength(1);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('repeatKey is masked like the rest of the output when the id is a card number', async () => {
		const run = await send({ body: { id: '4242424242424242', status: 'SUCCESS', type: 'payin' } });

		expect(run.emitted[0].repeatKey).toBe('payIn:************4242:SUCCESS');
	});

	it('deactivating the workflow forgets what it remembered', async () => {
		await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		await new OmnoTrigger().webhookMethods.default.delete.call(createHookFunctions({ workflowId }));

		const again = await send({ body: { id: 'x', status: 'SUCCESS' }, parameters: repeats });
		expect(again.emitted).toHaveLength(1);
	});
});
