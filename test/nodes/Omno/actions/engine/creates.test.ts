import nock from 'nock';

import { customerParams } from '../../../../helpers/customer';
import { Omno } from '../../../../../nodes/Omno/Omno.node';
import { items, makeContext, mockToken, omnoApi, runNode, runNodeError } from '../../../../helpers/omno';

// A payout run: one row per item, as a sheet would feed it.
const rows =
	(n: number, over: (i: number) => Record<string, unknown> = () => ({})) =>
	(i: number) => ({
		resource: 'payout',
		operation: 'create',
		orderId: `run-${i}`,
		value: `${i + 1}.10`,
		currency: 'EUR',
		kycVerified: true,
		...customerParams,
		additionalFields: {},
		runOptions: { concurrency: 4 },
		...(i < n ? over(i) : {}),
	});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('payout run (create with many items)', () => {
	it('keeps input order and pairing with concurrency, and never exceeds the window', async () => {
		mockToken();
		let inFlight = 0;
		let peak = 0;
		omnoApi()
			.post('/public/payout')
			.times(12)
			.reply(async function (_uri, body) {
				inFlight++;
				peak = Math.max(peak, inFlight);
				const { orderId } = body as { orderId: string };
				// Later rows answer sooner, so completion order differs from input order.
				await tick(30 - Number(orderId.split('-')[1]) * 2);
				inFlight--;
				return [200, { payoutId: `po-${orderId}`, status: 'WAITING_FOR_CONFIRMATION' }];
			});

		const output = await runNode(rows(12), { items: items(12) });

		expect(output.map((o) => o.json.orderId)).toEqual(Array.from({ length: 12 }, (_, i) => `run-${i}`));
		expect(output.map((o) => o.pairedItem)).toEqual(Array.from({ length: 12 }, (_, item) => ({ item })));
		expect(peak).toBeLessThanOrEqual(4);
		expect(peak).toBeGreaterThan(1);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('sends the first request alone, so a fresh credential fetches exactly one token', async () => {
		const token = mockToken('only-one', 1);
		omnoApi('only-one').post('/public/payout').times(6).reply(200, { payoutId: 'p', status: 'CREATED' });

		await runNode(rows(6), { items: items(6) });

		expect(token.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('on 429 with Retry-After every worker waits, and the rate-limited item is sent again', async () => {
		mockToken();
		const sentAt: number[] = [];
		let limited = false;
		omnoApi()
			.post('/public/payout')
			.times(7)
			.reply(function () {
				sentAt.push(Date.now());
				if (!limited && sentAt.length === 2) {
					limited = true;
					return [429, { message: 'Too many requests' }, { 'Retry-After': '1' }];
				}
				return [200, { payoutId: 'p', status: 'CREATED' }];
			});

		const started = Date.now();
		const output = await runNode(rows(6), { items: items(6) });

		expect(output).toHaveLength(6);
		expect(output.every((o) => o.json.payoutId === 'p')).toBe(true);
		// After the 429 (2nd request) nothing else went out for about a second: the whole run waited.
		const limitedAt = sentAt[1];
		const after = sentAt.filter((t) => t > limitedAt + 5);
		expect(after.length).toBeGreaterThan(0);
		expect(Math.min(...after) - limitedAt).toBeGreaterThanOrEqual(900);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('validates every item first: one bad row → nothing sent, one error listing every bad row', async () => {
		const error = await runNodeError(
			rows(5, (i) => (i === 1 ? { value: '-3' } : i === 3 ? { currency: 'EURO!' } : {})),
			{ items: items(5) },
		);

		expect(error.message).toBe('2 of 5 rows are invalid; nothing was sent to OMNO');
		expect(error.description).toBe(
			[
				'• Row 3 (orderId run-1): Amount (value) must be greater than 0, got "-3"',
				'• Row 5 (orderId run-3): Currency (currency) must be a currency code such as EUR, USD or BTC (3–10 letters or digits), got "EURO!"',
				'',
				'Rows are numbered as in the sheet: its header is row 1, the first data row is row 2. Fix these rows and run again, or set "On Error" to continue to send only the valid rows.',
			].join('\n'),
		);
		expect((error.context as { itemIndex?: number }).itemIndex).toBeUndefined();
		// No token request either: nock has no interceptors and net connect is off.
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('duplicate orderIds inside the input are invalid rows', async () => {
		const error = await runNodeError(
			rows(3, (i) => (i === 2 ? { orderId: 'run-0' } : {})),
			{ items: items(3) },
		);

		expect(error.message).toBe('1 of 3 rows are invalid; nothing was sent to OMNO');
		expect(error.description).toContain(
			'• Row 4 (orderId run-0): Order ID (orderId) is also used by row 2: each payment needs its own orderId',
		);
	});

	it('with continueOnFail, invalid rows become error items and only valid rows are sent', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(200, { payoutId: 'a', status: 'CREATED' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-2')
			.reply(200, { payoutId: 'c', status: 'CREATED' });

		const output = await runNode(
			rows(3, (i) => (i === 1 ? { value: 'abc' } : {})),
			{
				items: items(3),
				continueOnFail: true,
			},
		);

		expect(output.map((o) => [o.json.orderId ?? null, o.json.outcome ?? 'created', o.pairedItem])).toEqual([
			['run-0', 'created', { item: 0 }],
			['run-1', 'invalid', { item: 1 }],
			['run-2', 'created', { item: 2 }],
		]);
		expect(output[1].json.error).toBe(
			'Row 3 (orderId run-1): Amount (value) must be a plain decimal number such as 10 or 10.50 (digits and one "." or ","; no thousands separators or exponents), got "abc"',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('dry run validates and outputs each request, sending nothing', async () => {
		const output = await runNode(
			rows(2, () => ({ runOptions: { dryRun: true } })),
			{ items: items(2) },
		);

		expect(output).toEqual([
			{
				json: {
					dryRun: true,
					orderId: 'run-0',
					request: {
						method: 'POST',
						path: '/public/payout',
						body: expect.objectContaining({ orderId: 'run-0', value: 1.1, currency: 'EUR' }),
					},
				},
				pairedItem: { item: 0 },
			},
			expect.objectContaining({
				json: expect.objectContaining({ dryRun: true, orderId: 'run-1' }),
				pairedItem: { item: 1 },
			}),
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a re-run: orders OMNO already has (409) are resolved to their payout, not errors, not re-created', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(409, { message: 'Transaction with orderId run-0 already exists', payoutId: 'old-0' });
		omnoApi().get('/public/payout/old-0').reply(200, {
			id: 'old-0',
			orderId: 'run-0',
			amount: 1.1,
			currency: 'EUR',
			status: 'WAITING_FOR_CONFIRMATION',
		});
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-1')
			.reply(200, { payoutId: 'new', status: 'WAITING_FOR_CONFIRMATION' });

		const output = await runNode(rows(2), { items: items(2) });

		expect(output).toEqual([
			{
				json: {
					id: 'old-0',
					payoutId: 'old-0',
					orderId: 'run-0',
					amount: 1.1,
					currency: 'EUR',
					status: 'WAITING_FOR_CONFIRMATION',
					alreadyExists: true,
					httpCode: 409,
					omnoMessage: 'Transaction with orderId run-0 already exists',
					requested: { value: '1.1', currency: 'EUR' },
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					payoutId: 'new',
					status: 'WAITING_FOR_CONFIRMATION',
					orderId: 'run-1',
					requested: { value: '2.1', currency: 'EUR' },
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('an unknown outcome (5xx after sending) is reported with its orderId and never re-sent', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(200, { payoutId: 'a', status: 'CREATED' });
		const once = omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-1')
			.reply(502, { message: 'bad gateway' });
		const twice = omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-1')
			.reply(200, { payoutId: 'dup' });

		const output = await runNode(rows(2), { items: items(2), continueOnFail: true });

		expect(output[1]).toEqual({
			json: expect.objectContaining({ orderId: 'run-1', outcome: 'unknown', httpCode: 502 }),
			pairedItem: { item: 1 },
		});
		expect(once.isDone()).toBe(true);
		expect(twice.isDone()).toBe(false);
	});

	it('a stop after N created: no throw (it would lose them), every created id in the run report, unsent rows say so', async () => {
		mockToken();
		const api = omnoApi();
		for (const n of [0, 1, 2]) {
			api
				.post('/public/payout', (b) => b.orderId === `run-${n}`)
				.reply(200, { payoutId: `po-${n}`, status: 'WAITING_FOR_CONFIRMATION' });
		}
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-3')
			.reply(502, { message: 'bad gateway' });
		const later = omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-5')
			.reply(200, {});

		const output = await runNode(
			rows(6, () => ({ runOptions: { concurrency: 1 } })),
			{ items: items(6) },
		);

		expect(
			output.map((o) => [
				o.json.orderId ?? null,
				o.json.payoutId ?? null,
				o.json.outcome ?? 'created',
				o.pairedItem,
			]),
		).toEqual([
			['run-0', 'po-0', 'created', { item: 0 }],
			['run-1', 'po-1', 'created', { item: 1 }],
			['run-2', 'po-2', 'created', { item: 2 }],
			['run-3', null, 'unknown', { item: 3 }],
			['run-4', null, 'notSent', { item: 4 }],
			['run-5', null, 'notSent', { item: 5 }],
			[null, null, 'created', Array.from({ length: 6 }, (_, item) => ({ item }))],
		]);
		expect(output[4].json.message).toBe(
			'Row 6 (orderId run-4): not sent, because the run stopped at Row 5 (orderId run-3). Run the same input again to send it.',
		);
		const report = output[6].json.runReport as Record<string, unknown>;
		expect(report).toEqual({
			operation: 'payout.create',
			stopped: true,
			message: expect.stringMatching(
				/^The run stopped at Row 5 \(orderId run-3\): OMNO answered 502 to POST \/public\/payout: bad gateway\. 3 row\(s\) were created before the stop/,
			),
			firstFailure: {
				row: 5,
				orderId: 'run-3',
				error: 'Row 5 (orderId run-3): OMNO answered 502 to POST /public/payout: bad gateway',
			},
			outcomes: { created: 3, unknown: 1, notSent: 2 },
			done: [
				{ row: 2, orderId: 'run-0', payoutId: 'po-0', status: 'WAITING_FOR_CONFIRMATION' },
				{ row: 3, orderId: 'run-1', payoutId: 'po-1', status: 'WAITING_FOR_CONFIRMATION' },
				{ row: 4, orderId: 'run-2', payoutId: 'po-2', status: 'WAITING_FOR_CONFIRMATION' },
			],
		});
		expect(String(report.message)).toContain('2 row(s) were not sent');
		expect(later.isDone()).toBe(false);
	});

	it('a stop before anything was created fails the node as usual, saying nothing was created', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(400, { message: 'customer.email rejected' });

		const error = await runNodeError(
			rows(3, () => ({ runOptions: { concurrency: 1 } })),
			{ items: items(3) },
		);

		expect(error.message).toBe(
			'Row 2 (orderId run-0): OMNO answered 400 to POST /public/payout: customer.email rejected',
		);
		expect(error.description).toContain('0 row(s) were created before the stop');
		expect(error.description).toContain('2 row(s) were not sent');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('duplicate orderIds are refused with Validate All Items First off too: the second row is never sent', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(200, { payoutId: 'a', status: 'CREATED' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-1')
			.reply(200, { payoutId: 'b', status: 'CREATED' });
		const twice = omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(200, { payoutId: 'dup' });

		const output = await runNode(
			rows(3, (i) => ({
				...(i === 2 ? { orderId: 'run-0' } : {}),
				runOptions: { validateFirst: false, concurrency: 3 },
			})),
			{ items: items(3), continueOnFail: true },
		);

		expect(output[2]).toEqual({
			json: expect.objectContaining({
				error:
					'Row 4 (orderId run-0): Order ID (orderId) is also used by row 2: each payment needs its own orderId',
				outcome: 'invalid',
			}),
			pairedItem: { item: 2 },
		});
		expect(twice.isDone()).toBe(false);
	});

	it('an invalid row still claims its orderId: a later row with the same orderId is refused, not sent', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-2')
			.reply(200, { payoutId: 'c', status: 'CREATED' });
		const dup = omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(200, { payoutId: 'dup' });

		const output = await runNode(
			rows(3, (i) => (i === 0 ? { value: 'abc' } : i === 1 ? { orderId: 'run-0' } : {})),
			{ items: items(3), continueOnFail: true },
		);

		expect(output.map((o) => o.json.outcome ?? 'created')).toEqual(['invalid', 'invalid', 'created']);
		expect(output[1].json.error).toBe(
			'Row 3 (orderId run-0): Order ID (orderId) is also used by row 2: each payment needs its own orderId',
		);
		expect(dup.isDone()).toBe(false);
	});

	it('adds a summary item with outcome counts, statuses and exact totals per currency', async () => {
		mockToken();
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-0')
			.reply(200, { payoutId: 'a', status: 'WAITING_FOR_CONFIRMATION' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-1')
			.reply(200, { payoutId: 'b', status: 'WAITING_FOR_CONFIRMATION' });
		omnoApi()
			.post('/public/payout', (b) => b.orderId === 'run-2')
			.reply(409, { message: 'exists' });
		// A bare 409 cannot be resolved: it is counted as needing attention, never as created.

		const output = await runNode(
			rows(3, (i) => ({ value: ['0.10', '0.20', '5'][i], runOptions: { summary: true, concurrency: 2 } })),
			{ items: items(3) },
		);

		expect(output).toHaveLength(4);
		expect(output[3]).toEqual({
			json: {
				summary: {
					items: 3,
					outcomes: { created: 2, needsAttention: 1 },
					statuses: { WAITING_FOR_CONFIRMATION: 2 },
					totalsCreated: { EUR: '0.3' },
				},
			},
			pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
		});
	});

	it("reads each item's parameters once: the request validated first is the one sent", async () => {
		// Reading parameters costs n8n several ms of CPU per item (expressions), so a second read per item
		// showed up as seconds in the 10,000-row benchmark.
		mockToken();
		omnoApi().post('/public/payout').times(5).reply(200, { payoutId: 'p', status: 'CREATED' });
		const context = makeContext(rows(5), { items: items(5) });
		const reads = new Map<number, number>();
		const original = context.getNodeParameter.bind(context);
		context.getNodeParameter = ((name: string, i: number, ...rest: unknown[]) => {
			if (name === 'orderId') reads.set(i, (reads.get(i) ?? 0) + 1);
			return (original as (...a: unknown[]) => unknown)(name, i, ...rest);
		}) as typeof context.getNodeParameter;

		const [output] = await new Omno().execute.call(context);

		expect(output).toHaveLength(5);
		expect([...reads.values()]).toEqual([1, 1, 1, 1, 1]);
	});

	it('refuses a concurrency outside 1–500 before sending anything', async () => {
		const error = await runNodeError(
			rows(1, () => ({ runOptions: { concurrencyMode: 'fixed', concurrency: 501 } })),
		);

		expect(error.message).toMatch(/Concurrency must be a whole number from 1 to 500/);
	});
});
