'use strict';
/**
 * The package in n8n queue mode: main + 2 workers over Redis (Bull) and PostgreSQL, each process with its own
 * copy of the package (like separate containers), against the local OMNO sandbox. Run by e2e/queue/run.sh
 * (installs Redis/PostgreSQL/n8n if missing, builds the package); runs directly with `node`, not `node --test`,
 * so the timing report goes straight to the terminal. One cluster (e2e/queue/stack.js) serves both scenarios, in order:
 *
 *  1. Payout run (e2e/queue/payout-run.js): 1,000 rows POSTed to a Webhook workflow (Webhook → Split Out → OMNO Payout Create, concurrency
 *     10, summary). `n8n execute` ignores queue mode (it falls back to running in its own process), so the run is
 *     started the way production runs start: the main process receives the webhook and enqueues it; a worker
 *     runs it. Then the same 1,000 rows again (a replay): every row must come back "alreadyExists".
 *  2. Trigger burst (e2e/queue/trigger-burst.js): the sandbox delivers 200 payout status changes (SUCCESS) to an active OMNO Trigger workflow
 *     (header secret, verify with OMNO) on the main process; 20 more (REJECTED) come from a dashboard entry with
 *     the wrong secret, and 10 forged deliveries with the right secret name transactions OMNO does not know.
 *
 * Asserted: every item accounted for (in n8n's output and on the sandbox), 0 duplicate payouts, one POST per
 * row, no "Unrecognized node type" anywhere, token requests bounded, every execution ran on a worker, each
 * verified delivery → exactly one execution with that transaction, rejected deliveries → none.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION, WORKERS, QueueStack } = require('./stack');
const { payoutRunWorkflow, payoutRunTests } = require('./payout-run');
const { triggerWorkflow, triggerBurstTests } = require('./trigger-burst');

describe(
	`OMNO package in n8n ${VERSION} queue mode (main + ${WORKERS} workers, Redis, PostgreSQL)`,
	{ timeout: 900_000 },
	() => {
		const q = new QueueStack();

		before(async () => {
			await q.start();
			q.payoutWf = await q.n8n.createWorkflow(payoutRunWorkflow(q.oauthRef));
			q.triggerWf = await q.n8n.createWorkflow(triggerWorkflow({ ...q.oauthRef, ...q.hookRef }));
			await q.n8n.activateWorkflow(q.payoutWf.id);
		});

		after(() => q.stop());

		payoutRunTests(q);
		triggerBurstTests(q);

		test('every process had the package: no "Unrecognized node type", total token requests bounded', async () => {
			const unrecognized = q.cluster.grepLogs(/Unrecognized node type|Unknown node type|is not known/i);
			assert.deepEqual(unrecognized, []);
			const total = q.sandbox.state.stats.tokenRequests.ok;
			// One token for the whole test; allow one refresh per process if the sandbox expired it.
			assert.ok(total >= 1 && total <= 1 + WORKERS + 1, `token requests: ${total}`);
			q.report.counts.tokenRequestsTotal = total;
			q.report.counts.unrecognizedNodeType = unrecognized.length;
			const ran = {};
			for (const [, w] of q.cluster.workerExecutions()) ran[w] = (ran[w] ?? 0) + 1;
			q.report.ranOn.allExecutionsByWorker = ran;
			// The main process only receives and enqueues: it never logs running an execution itself.
			assert.deepEqual(
				q.cluster.grepLogs(/Worker started execution/).filter((h) => h.process === 'main'),
				[],
			);
		});
	},
);
