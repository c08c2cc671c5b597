'use strict';
/**
 * Queue mode, the payout run (registered by e2e/queue/queue.test.js on its cluster): 1,000 rows POSTed to a
 * Webhook workflow (Webhook → Split Out → OMNO Payout Create, concurrency 10, summary). `n8n execute` ignores queue
 * mode (it falls back to running in its own process), so the run is started the way production runs start: the
 * main process receives the webhook and enqueues it; a worker runs it. Then the same 1,000 rows again (a replay):
 * every row must come back "alreadyExists".
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { sleep } = require('../../tools/n8n');
const { customer: e2eCustomer } = require('../lib/omno');
const { ROWS, rows, nodeOutput } = require('./stack');

const PAYOUT_HOOK = 'omno-queue-payout-run';
const OMNO_NODE = 'OMNO Payouts';
const NODE_CONCURRENCY = 10;
const customer = { ...e2eCustomer, externalUserId: 'queue-user-1' };

const expectedTotalCents = rows.reduce((s, r) => s + Number(r.value.replace('.', '')), 0);
/** "91081" / "91081.5" / "91081.50" → cents, from the text (never through a float). */
const toCents = (text) => {
	const [whole, frac = ''] = String(text).split('.');
	return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
};

/** Webhook → Split Out → OMNO Payout Create, with the credential `oauthRef` ({ omnoOAuth2Api: { id, name } }). */
function payoutRunWorkflow(oauthRef) {
	return {
		name: 'Queue e2e: payout run',
		nodes: [
			{
				name: 'Payout sheet',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: PAYOUT_HOOK,
				position: [0, 0],
				parameters: { httpMethod: 'POST', path: PAYOUT_HOOK, responseMode: 'onReceived', options: {} },
			},
			{
				name: 'Rows',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.rows', options: {} },
			},
			{
				name: OMNO_NODE,
				type: 'n8n-nodes-omno.omno',
				typeVersion: 1,
				position: [440, 0],
				credentials: oauthRef,
				parameters: {
					resource: 'payout',
					operation: 'create',
					orderId: '={{ $json.orderId }}',
					value: '={{ $json.value }}',
					currency: '={{ $json.currency }}',
					kycVerified: true,
					customerInput: 'json',
					customer: JSON.stringify(customer),
					runOptions: { concurrency: NODE_CONCURRENCY, summary: true },
				},
			},
		],
		connections: {
			'Payout sheet': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: OMNO_NODE, type: 'main', index: 0 }]] },
		},
	};
}

/** The payout run's tests on the QueueStack `q` (its `payoutWf` made from payoutRunWorkflow and active). */
function payoutRunTests(q) {
	const { report, timed, say } = q;

	/** POST the rows to the payout workflow and wait for its execution (started on a worker). */
	async function payoutRun(label, knownIds) {
		const before = new Set(knownIds);
		// Activation answers before the webhook is live: a 404 starts nothing, so POST until it is taken.
		let res;
		for (const t0 = Date.now(); ; await sleep(200)) {
			res = await fetch(`${q.n8n.baseUrl}/webhook/${PAYOUT_HOOK}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ rows }),
			});
			if (res.status !== 404 || Date.now() - t0 > 15_000) break;
			await res.arrayBuffer();
		}
		assert.equal(res.status, 200, `payout webhook: ${await res.text()}`);
		const done = await q.waitForFinished(q.payoutWf.id, before.size + 1, 240_000);
		const mine = done.filter((e) => !before.has(e.id));
		assert.equal(mine.length, 1, `${label}: exactly one execution`);
		const exec = await q.execution(mine[0].id);
		assert.equal(
			exec.status,
			'success',
			`${label}: ${JSON.stringify(exec.data?.resultData?.error ?? {}).slice(0, 1500)}`,
		);
		const ms = new Date(exec.stoppedAt) - new Date(exec.startedAt);
		const worker = q.workerOf(exec.id);
		assert.ok(
			worker && worker.startsWith('worker-'),
			`${label}: execution ${exec.id} ran on a worker (worker logs: ${worker})`,
		);
		report.ranOn[label] = { executionId: exec.id, worker, executionMs: ms };
		say(`${label}: execution ${exec.id} on ${worker}, ${ms} ms`);
		return exec;
	}

	test('1,000-row payout run on a worker: every row paid once, in order', async () => {
		await timed('payout run', async () => {
			const tokensBefore = q.sandbox.state.stats.tokenRequests.ok;
			const exec = await payoutRun('payout run', []);
			const out = nodeOutput(exec, OMNO_NODE);
			assert.equal(out.length, ROWS + 1, 'one output item per row + the summary item');
			const items = out.slice(0, ROWS);
			items.forEach((json, i) => {
				assert.equal(json.orderId, rows[i].orderId, `output ${i} keeps input order`);
				assert.ok(json.payoutId, `row ${i} has a payoutId: ${JSON.stringify(json)}`);
				assert.equal(json.error, undefined, `row ${i}: ${JSON.stringify(json)}`);
			});
			q.payoutIds = items.map((j) => j.payoutId);
			assert.equal(new Set(q.payoutIds).size, ROWS, 'distinct payoutIds');
			const { summary } = out[ROWS];
			assert.deepEqual(summary.outcomes, { created: ROWS });
			assert.equal(
				toCents(summary.totalsCreated.EUR),
				expectedTotalCents,
				`decimal-exact total: ${summary.totalsCreated.EUR}`,
			);

			// The sandbox's own books.
			const stats = q.sandbox.state.stats;
			const txs = (await q.control('GET', 'transactions?type=payout')).transactions;
			const byOrder = new Map();
			for (const t of txs) byOrder.set(t.orderId, (byOrder.get(t.orderId) ?? 0) + 1);
			assert.equal(txs.length, ROWS, 'payouts on the sandbox');
			assert.ok(
				rows.every((r) => byOrder.get(r.orderId) === 1),
				'every row paid exactly once',
			);
			assert.equal(stats.byEndpoint['POST /public/payout'], ROWS, 'one POST per row (no re-sends)');
			assert.equal(stats.payoutsCreated, ROWS);
			const tokens = stats.tokenRequests.ok - tokensBefore;
			assert.ok(tokens <= 1, `token requests in the run: ${tokens}`);
			assert.ok(
				stats.maxInFlight <= NODE_CONCURRENCY,
				`max in flight ${stats.maxInFlight} ≤ ${NODE_CONCURRENCY}`,
			);
			Object.assign(report.counts, {
				payoutRowsIn: ROWS,
				payoutItemsOut: items.length,
				payoutsCreatedOnSandbox: txs.length,
				payoutPosts: stats.byEndpoint['POST /public/payout'],
				duplicatePayouts: [...byOrder.values()].filter((n) => n > 1).length,
				totalEur: summary.totalsCreated.EUR,
				tokenRequestsPayoutRun: tokens,
				maxInFlight: stats.maxInFlight,
			});
		});
	});

	test('the same 1,000 rows again (replay): all "alreadyExists" and resolved to their payouts, nothing paid twice', async () => {
		await timed('payout replay', async () => {
			const first = report.ranOn['payout run'].executionId;
			const postsBefore = q.sandbox.state.stats.byEndpoint['POST /public/payout'];
			// OMNO's 409 names the existing payout here, so every replayed row is resolved on a worker.
			await q.control('POST', 'config', { conflictStyle: 'with-id' });
			const exec = await payoutRun('payout replay', [first]);
			const out = nodeOutput(exec, OMNO_NODE);
			assert.equal(out.length, ROWS + 1);
			out.slice(0, ROWS).forEach((json, i) => {
				assert.equal(json.orderId, rows[i].orderId);
				assert.equal(json.alreadyExists, true, `row ${i}: ${JSON.stringify(json)}`);
				assert.equal(json.needsAttention, undefined, `row ${i}: ${JSON.stringify(json)}`);
				assert.equal(json.status, 'WAITING_FOR_CONFIRMATION', `row ${i}: ${JSON.stringify(json)}`);
			});
			assert.equal(
				new Set(out.slice(0, ROWS).map((json) => json.payoutId)).size,
				ROWS,
				'one payout id per row',
			);
			assert.deepEqual(out[ROWS].summary.outcomes, { alreadyExists: ROWS });
			const stats = q.sandbox.state.stats;
			assert.equal(stats.payoutsCreated, ROWS, 'still one payout per row');
			assert.equal(stats.byEndpoint['POST /public/payout'] - postsBefore, ROWS, 'one POST per row');
			assert.equal(stats.duplicateOrderIds.payout, ROWS, 'every replayed row answered 409');
			report.counts.replayAlreadyExists = ROWS;
			report.counts.payoutsCreatedAfterReplay = stats.payoutsCreated;
		});
	});
}

module.exports = { payoutRunWorkflow, payoutRunTests };
