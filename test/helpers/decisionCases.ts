import nock from 'nock';

import { items, mockToken, omnoApi, runNode, runNodeError } from './omno';

/** Confirm and reject are one mechanism (helpers/decision.ts): each operation's test file runs these cases. */
export function decisionCases(action: 'confirm' | 'reject', flag: 'confirmed' | 'rejected'): void {
	const params = (payoutId: string) => ({ resource: 'payout', operation: action, payoutId });

	it(`PUTs /public/payout/{id}/${action} with no body and outputs { payoutId, [flag]: true }`, async () => {
		mockToken();
		let sentBody: unknown = 'not called';
		omnoApi()
			.put(`/public/payout/po-1/${action}`, (body) => {
				sentBody = body;
				return true;
			})
			.matchHeader('accept', 'application/json')
			.reply(200, {});

		const output = await runNode(params('po-1'));

		expect(output).toEqual([{ json: { payoutId: 'po-1', [flag]: true }, pairedItem: { item: 0 } }]);
		// It takes no body: nothing beyond the id may reach OMNO.
		expect(sentBody).toEqual('');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('keeps whatever OMNO answers next to our fields', async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-1/${action}`).reply(200, { status: 'PENDING' });

		const [item] = await runNode(params('po-1'));

		expect(item.json).toEqual({ status: 'PENDING', payoutId: 'po-1', [flag]: true });
	});

	it('treats an empty 204 answer as success', async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-1/${action}`).reply(204);

		const [item] = await runNode(params('po-1'));

		expect(item.json).toEqual({ payoutId: 'po-1', [flag]: true });
	});

	it('encodes the id into the path', async () => {
		mockToken();
		omnoApi().put(`/public/payout/a%2Bb/${action}`).reply(200, {});

		const [item] = await runNode(params('a+b'));

		expect(item.json.payoutId).toBe('a+b');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('acts on each item\'s own payout and pairs every output', async () => {
		mockToken();
		const api = omnoApi();
		for (const id of ['a', 'b', 'c']) api.put(`/public/payout/${id}/${action}`).reply(200, {});

		const output = await runNode((i) => params(['a', 'b', 'c'][i]), { items: items(3) });

		expect(output.map((o) => [o.json.payoutId, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['b', { item: 1 }],
			['c', { item: 2 }],
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each(['', '  ', 'x/../../payin'])('refuses a bad id (%j) and sends nothing', async (payoutId) => {
		const scope = omnoApi().put(/.*/).reply(200, {});

		const error = await runNodeError(params(payoutId));

		expect(error.message).toMatch(/^Item 1: Payout ID \(payoutId\) /);
		expect(scope.isDone()).toBe(false);
	});

	it('a 409 (not waiting for confirmation) fails with OMNO\'s message and a definite outcome', async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-9/${action}`).reply(409, { message: 'Payout is not waiting for confirmation' });

		const error = await runNodeError(params('po-9'));

		expect(error.message).toBe(
			`OMNO answered 409 to PUT /public/payout/po-9/${action}: Payout is not waiting for confirmation`,
		);
		expect((error.context as { omno: { outcome: string } }).omno.outcome).toBe('failed');
	});

	it('a 500 is not re-sent and is reported as an unknown outcome', async () => {
		mockToken();
		// One reply only: a second PUT would find no mock and fail differently.
		omnoApi().put(`/public/payout/po-5/${action}`).once().reply(500, { message: 'boom' });

		const output = await runNode(params('po-5'), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: `OMNO answered 500 to PUT /public/payout/po-5/${action}: boom`,
					description: expect.stringContaining('may or may not have been processed'),
					httpCode: 500,
					omnoMessage: 'boom',
					outcome: 'unknown',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with continueOnFail, a 404 and a bad id become error items; good items go through', async () => {
		mockToken();
		omnoApi().put(`/public/payout/nope/${action}`).reply(404, { message: 'Payout not found' });
		omnoApi().put(`/public/payout/ok/${action}`).reply(200, {});

		const output = await runNode((i) => params(['nope', '', 'ok'][i]), {
			items: items(3),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: `OMNO answered 404 to PUT /public/payout/nope/${action}: Payout not found`,
					httpCode: 404,
					outcome: 'failed',
				}),
				pairedItem: { item: 0 },
			},
			{
				json: {
					error: 'Item 2: Payout ID (payoutId) is empty',
					description: 'Fix "Payout ID" (parameter "payoutId") for this item. Nothing was sent to OMNO.',
				},
				pairedItem: { item: 1 },
			},
			{ json: { payoutId: 'ok', [flag]: true }, pairedItem: { item: 2 } },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});
}
