import nock from 'nock';

import { items, mockToken, omnoApi, runNode, runNodeError } from './omno';

/** Confirm and reject are one mechanism in the node's code: each operation's test file runs these cases. */
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

	it("acts on each item's own payout and pairs every output", async () => {
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

	it.each([
		['', 'Row 2: Payout ID (payoutId) is empty'],
		['  ', 'Row 2: Payout ID (payoutId) is empty'],
		[
			'x/../../payin',
			'Row 2 (payoutId "x/../../payin"): Payout ID (payoutId) must not contain spaces, control characters, "/", "\\", "?" or "#" (got "x/../../payin")',
		],
	])(
		'refuses a bad id (%j) and sends nothing, naming the row and the id given',
		async (payoutId, message) => {
			const scope = omnoApi().put(/.*/).reply(200, {});

			const error = await runNodeError(params(payoutId));

			expect(error.message).toBe(message);
			expect(scope.isDone()).toBe(false);
		},
	);

	it("a 409 (not waiting for confirmation) fails with OMNO's message and a definite outcome", async () => {
		mockToken();
		omnoApi()
			.put(`/public/payout/po-9/${action}`)
			.reply(409, { message: 'Payout is not waiting for confirmation' });
		// Read back after the refusal: still waiting, so OMNO's refusal is the answer.
		omnoApi().get('/public/payout/po-9').reply(200, { id: 'po-9', status: 'WAITING_FOR_CONFIRMATION' });

		const error = await runNodeError(params('po-9'));

		expect(error.message).toBe(
			`Row 2 (payoutId po-9): OMNO answered 409 to PUT /public/payout/po-9/${action}: Payout is not waiting for confirmation`,
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
					error: `Row 2 (payoutId po-5): OMNO answered 500 to PUT /public/payout/po-5/${action}: boom`,
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
					error: `Row 2 (payoutId nope): OMNO answered 404 to PUT /public/payout/nope/${action}: Payout not found`,
					httpCode: 404,
					outcome: 'failed',
				}),
				pairedItem: { item: 0 },
			},
			{
				json: {
					error: 'Row 3: Payout ID (payoutId) is empty',
					description:
						'Fix "Payout ID" (parameter "payoutId") in Row 3. Nothing was sent to OMNO for this row.',
				},
				pairedItem: { item: 1 },
			},
			{ json: { payoutId: 'ok', [flag]: true }, pairedItem: { item: 2 } },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	const same = action === 'confirm' ? 'PENDING' : 'REJECTED';
	const other = action === 'confirm' ? 'REJECTED' : 'SUCCESS';

	it(`${action} after ${action}: OMNO refuses (409), the payout is read back, and it is a result (alreadyDecided)`, async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-2/${action}`).reply(409, { message: 'Payout po-2 cannot be changed' });
		omnoApi().get('/public/payout/po-2').reply(200, { id: 'po-2', status: same });

		const output = await runNode(params('po-2'));

		expect(output).toEqual([
			{
				json: {
					payoutId: 'po-2',
					[flag]: true,
					alreadyDecided: true,
					status: same,
					httpCode: 409,
					omnoMessage: 'Payout po-2 cannot be changed',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it(`${action} on a payout decided the other way (${other}) is an error that says so`, async () => {
		mockToken();
		omnoApi().put(`/public/payout/po-3/${action}`).reply(409, { message: 'not waiting' });
		omnoApi().get('/public/payout/po-3').reply(200, { id: 'po-3', status: other });

		const output = await runNode(params('po-3'), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: `Row 2 (payoutId po-3): Payout po-3 is already ${other}: it was ${action === 'confirm' ? 'rejected' : 'confirmed'}, so it cannot be ${flag}`,
					outcome: 'failed',
					httpCode: 409,
					payoutId: 'po-3',
					status: other,
				}),
				pairedItem: { item: 0 },
			},
		]);
		// Without continue-on-fail, nothing was done in this run, so the node fails as usual.
		nock.cleanAll();
		mockToken();
		omnoApi().put(`/public/payout/po-3/${action}`).reply(409, { message: 'not waiting' });
		omnoApi().get('/public/payout/po-3').reply(200, { id: 'po-3', status: other });
		const error = await runNodeError(params('po-3'));
		expect(error.message).toMatch(new RegExp(`^Row 2 \\(payoutId po-3\\): Payout po-3 is already ${other}`));
	});

	it(`with many payouts every one is attempted: a failure on item 2 does not hold back items 3–4, and the run report lists exactly which were ${flag}`, async () => {
		mockToken();
		const ids = ['a', 'b', 'c', 'd'];
		omnoApi().put(`/public/payout/a/${action}`).reply(200, {});
		omnoApi().put(`/public/payout/b/${action}`).once().reply(500, { message: 'boom' });
		omnoApi().put(`/public/payout/c/${action}`).reply(409, { message: 'not waiting' });
		omnoApi().get('/public/payout/c').reply(200, { id: 'c', status: same });
		omnoApi().put(`/public/payout/d/${action}`).reply(200, {});

		// No continue-on-fail: the node still does not throw, because a throw would hide the ones that went through.
		const output = await runNode((i) => params(ids[i]), { items: items(4) });

		expect(
			output.map((o) => [
				o.json.payoutId ?? null,
				o.json[flag] ?? null,
				o.json.alreadyDecided ?? null,
				o.json.outcome ?? null,
				o.pairedItem,
			]),
		).toEqual([
			['a', true, null, null, { item: 0 }],
			[null, null, null, 'unknown', { item: 1 }],
			['c', true, true, null, { item: 2 }],
			['d', true, null, null, { item: 3 }],
			[null, null, null, null, [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]],
		]);
		expect(output[4].json.runReport).toMatchObject({
			operation: `payout.${action}`,
			stopped: false,
			firstFailure: {
				row: 3,
				error: `Row 3 (payoutId b): OMNO answered 500 to PUT /public/payout/b/${action}: boom`,
			},
			outcomes: { done: 2, unknown: 1, alreadyDecided: 1 },
			done: [
				{ row: 2, payoutId: 'a' },
				{ row: 5, payoutId: 'd' },
			],
		});
		expect(nock.pendingMocks()).toEqual([]);
	});
}
