'use strict';

// --state-file: a restarted sandbox goes on where it stopped (transactions, orderIds, settling, webhooks).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const helpers = require('./helpers');

const { startReceiver, waitFor, payoutBody, payinBody, browser, card } = helpers;

describe('sandbox state file', () => {
	let dir;
	let file;
	let started;
	// Every sandbox a test starts is stopped afterwards, also when an assertion fails half-way.
	const startSandbox = async (o) => {
		const s = await helpers.startSandbox(o);
		started.push(s);
		return s;
	};
	beforeEach(() => {
		started = [];
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-sandbox-state-'));
		file = path.join(dir, 'state', 'sandbox.json');
	});
	afterEach(async () => {
		for (const s of started) await s.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	test('transactions, orderIds and saved cards survive a restart; a reused orderId is still a 409', async () => {
		const a = await startSandbox({ stateFile: file, conflictStyle: 'with-id' });
		expect(a.sandbox.state.restored).toBeNull();
		let token = await a.getToken();
		const out = payoutBody({ value: 100.1 });
		const created = (await a.request('POST', '/public/payout', { token, body: out })).json;
		const inBody = payinBody();
		const payin = (await a.request('POST', '/public/payin', { token, body: inBody })).json;
		const processed = await a.request('POST', `/public/payin/${payin.paymentId}/process/card`, {
			token,
			body: { browser: browser(), cardData: card(), saveCard: true },
		});
		expect(processed.json.status).toBe('SUCCESS');
		const before = await a.request('GET', `/public/payout/${created.payoutId}`, { token });
		await a.stop();

		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(path.dirname(file))).toEqual(['sandbox.json']);
		const b = await startSandbox({ stateFile: file, conflictStyle: 'with-id' });
		expect(b.sandbox.state.restored).toEqual({ payins: 1, payouts: 1, deliveries: 0 });
		token = await b.getToken();
		const after = await b.request('GET', `/public/payout/${created.payoutId}`, { token });
		expect(after.text).toBe(before.text); // byte for byte: amount 100.1 stays the number text sent
		const again = await b.request('POST', '/public/payout', { token, body: out });
		expect(again.status).toBe(409);
		expect(again.json.payoutId).toBe(created.payoutId);
		const saved = await b.request('POST', '/public/payin', { token, body: payinBody() });
		const savedCard = await b.request('POST', `/public/payin/${saved.json.paymentId}/process/saved-card`, {
			token,
			body: { browser: browser(), savedCardData: { cardId: processed.json.cardId, cvv: '123' } },
		});
		expect(savedCard.json.status).toBe('SUCCESS');
		const history = (await b.control('GET', '/transactions?type=payout')).json.transactions[0].history.map(
			(h) => h.status,
		);
		expect(history).toEqual(['CREATED', 'WAITING_FOR_CONFIRMATION']);
		await b.stop();
	});

	test('a payout confirmed just before the stop still settles after the restart', async () => {
		const a = await startSandbox({ stateFile: file, settleMs: 400 });
		let token = await a.getToken();
		const { payoutId } = (await a.request('POST', '/public/payout', { token, body: payoutBody() })).json;
		await a.request('PUT', `/public/payout/${payoutId}/confirm`, { token });
		await a.stop();

		const b = await startSandbox({ stateFile: file, settleMs: 400 });
		token = await b.getToken();
		expect((await b.request('GET', `/public/payout/${payoutId}`, { token })).json.status).toBe('PENDING');
		await waitFor(
			async () => (await b.request('GET', `/public/payout/${payoutId}`, { token })).json.status === 'SUCCESS',
		);
		await b.stop();
	});

	test('changes are written debounced while the sandbox runs, atomically (never a partial file)', async () => {
		const a = await startSandbox({ stateFile: file });
		const token = await a.getToken();
		for (let i = 0; i < 20; i++) await a.request('POST', '/public/payout', { token, body: payoutBody() });
		await waitFor(
			() =>
				fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).state.store.payouts.length === 20,
			{ timeout: 3000 },
		);
		const writes = a.sandbox.state.stateFile.writes;
		expect(writes).toBeGreaterThanOrEqual(1);
		expect(writes).toBeLessThan(20); // debounced: not one write per change
		await a.stop();
	});

	test('undelivered webhooks go out after the restart; a corrupt file is refused, not overwritten', async () => {
		let accept = false;
		const rx = await startReceiver(() => (accept ? 200 : 503));
		const hooks = [{ id: 'ledger', url: `${rx.url}/hook`, events: ['*'], types: ['payout'] }];
		const a = await startSandbox({
			stateFile: file,
			webhooks: hooks,
			webhookMaxAttempts: 0,
			webhookRetryDelaysMs: [20],
		});
		const token = await a.getToken();
		const { payoutId } = (await a.request('POST', '/public/payout', { token, body: payoutBody() })).json;
		await waitFor(() => rx.received.length >= 4); // still retrying: the receiver is "down"
		await a.stop();

		accept = true;
		rx.received.length = 0;
		const b = await startSandbox({ stateFile: file, webhookMaxAttempts: 0, webhookRetryDelaysMs: [20] });
		expect(b.sandbox.state.restored.deliveries).toBe(2);
		await b.sandbox.state.webhooks.idle();
		expect(rx.received.map((r) => [r.body.id, r.body.status])).toEqual([
			[payoutId, 'CREATED'],
			[payoutId, 'WAITING_FOR_CONFIRMATION'],
		]);
		await b.stop();
		await rx.stop();

		fs.writeFileSync(file, '{"format":"omno-sandbox-state","version":1,"state":');
		await expect(startSandbox({ stateFile: file })).rejects.toThrow(
			/is not valid JSON .*move it away to start over/,
		);
		expect(fs.readFileSync(file, 'utf8')).toBe('{"format":"omno-sandbox-state","version":1,"state":');
		fs.writeFileSync(file, '{"hello":1}');
		await expect(startSandbox({ stateFile: file })).rejects.toThrow(/is not an OMNO sandbox state file/);
	});
});
