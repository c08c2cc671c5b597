'use strict';

// The 409 answer to a reused orderId, in each style a client must handle: a bare message, or the existing
// transaction's id in one of several places. The node never creates the transaction twice, and looks the
// existing one up whenever the answer names it.

const { startSandbox, payoutBody, payinBody } = require('./helpers');

describe('sandbox 409 styles', () => {
	let s;
	let token;
	beforeAll(async () => {
		s = await startSandbox();
		token = await s.getToken();
	});
	afterAll(() => s.stop());

	async function reuse(kind, body) {
		const first = await s.request('POST', `/public/${kind}`, { token, body });
		expect(first.status).toBe(200);
		const again = await s.request('POST', `/public/${kind}`, { token, body });
		expect(again.status).toBe(409);
		return { first: first.json, again: again.json };
	}

	test('default is bare: only a message, no way back to the transaction', async () => {
		expect((await s.control('GET', '/config')).json.conflictStyle).toBe('bare');
		const body = payoutBody();
		const { again } = await reuse('payout', body);
		expect(again).toEqual({ message: `Transaction with orderId ${body.orderId} already exists` });
	});

	test('with-id: the existing id under the create answer’s field name (payoutId / paymentId)', async () => {
		expect((await s.control('POST', '/config', { conflictStyle: 'with-id' })).json.conflictStyle).toBe(
			'with-id',
		);
		const out = payoutBody();
		const p = await reuse('payout', out);
		expect(p.again).toEqual({
			message: `Transaction with orderId ${out.orderId} already exists`,
			payoutId: p.first.payoutId,
		});
		const inn = payinBody();
		const q = await reuse('payin', inn);
		expect(q.again).toEqual({
			message: `Transaction with orderId ${inn.orderId} already exists`,
			paymentId: q.first.paymentId,
		});
		// Nothing was created by the second call.
		const stats = (await s.control('GET', '/stats')).json;
		expect(stats.distinctOrderIds.payout).toBe(stats.payoutsCreated);
	});

	test('nested: { message, data: { id, orderId, status } } with the current status', async () => {
		await s.control('POST', '/config', { conflictStyle: 'nested' });
		const body = payoutBody();
		const { first, again } = await reuse('payout', body);
		expect(again).toEqual({
			message: `Transaction with orderId ${body.orderId} already exists`,
			data: { id: first.payoutId, orderId: body.orderId, status: 'WAITING_FOR_CONFIRMATION' },
		});
	});

	test('other-id: a wrong answer naming the payout created just before, of another orderId (a client must never act on it)', async () => {
		await s.control('POST', '/config', { conflictStyle: 'other-id' });
		const someoneElse = await s.request('POST', '/public/payout', { token, body: payoutBody() });
		const body = payoutBody();
		const { first, again } = await reuse('payout', body);
		expect(again).toEqual({
			message: `Transaction with orderId ${body.orderId} already exists`,
			payoutId: someoneElse.json.payoutId,
		});
		expect(again.payoutId).not.toBe(first.payoutId);
	});

	test('an unknown style is a 400 naming the choices; bare again after a config reset', async () => {
		const bad = await s.control('POST', '/config', { conflictStyle: 'with_id' });
		expect(bad.status).toBe(400);
		expect(bad.json.message).toBe('conflictStyle must be bare, with-id, nested, other-id');
		await s.control('POST', '/reset', { keepConfig: false });
		expect((await s.control('GET', '/config')).json.conflictStyle).toBe('bare');
	});

	test('OMNO_SANDBOX_409 sets the start-up style; an explicit option wins', async () => {
		const saved = process.env.OMNO_SANDBOX_409;
		process.env.OMNO_SANDBOX_409 = 'with-id';
		try {
			const fromEnv = await startSandbox();
			const explicit = await startSandbox({ conflictStyle: 'nested' });
			expect((await fromEnv.control('GET', '/config')).json.conflictStyle).toBe('with-id');
			expect((await explicit.control('GET', '/config')).json.conflictStyle).toBe('nested');
			await fromEnv.stop();
			await explicit.stop();
			process.env.OMNO_SANDBOX_409 = 'withid';
			await expect(startSandbox()).rejects.toThrow('conflictStyle must be bare, with-id, nested');
		} finally {
			if (saved === undefined) delete process.env.OMNO_SANDBOX_409;
			else process.env.OMNO_SANDBOX_409 = saved;
		}
	});
});
