'use strict';
/**
 * Queue mode, the trigger burst (registered by e2e/queue/queue.test.js after the payout run, whose payouts it
 * changes): the sandbox delivers 200 payout status changes (SUCCESS) to an active OMNO Trigger workflow (header
 * secret, verify with OMNO) on the main process; 20 more (REJECTED) come from a dashboard entry with the wrong
 * secret, and 10 forged deliveries with the right secret name transactions OMNO does not know. Each verified
 * delivery → exactly one execution on a worker with that transaction; rejected deliveries → none.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { sleep } = require('../../tools/n8n');
const { DELIVERIES, WORKERS, WEBHOOK_SECRET, countBy, nodeOutput } = require('./stack');

const BAD_SECRET_DELIVERIES = 20;
const FORGED_DELIVERIES = 10;
const TRIGGER_HOOK = 'omno-queue-trigger';
const TRIGGER_NODE = 'OMNO Trigger';

/** OMNO Trigger (header secret, verify with OMNO, payouts) → No Op, with the credentials `refs`. */
function triggerWorkflow(refs) {
	return {
		name: 'Queue e2e: OMNO trigger',
		nodes: [
			{
				name: TRIGGER_NODE,
				type: 'n8n-nodes-omno.omnoTrigger',
				typeVersion: 1,
				webhookId: TRIGGER_HOOK,
				position: [0, 0],
				credentials: refs,
				parameters: {
					deliveryAuthentication: 'credential',
					verifyWithOmno: true,
					transactionKind: 'payout',
					statuses: [],
				},
			},
			{
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
}

/** The burst test on the QueueStack `q` (its `triggerWf` made from triggerWorkflow, `payoutIds` from the payout run). */
function triggerBurstTests(q) {
	const { report, timed, say } = q;

	test(`burst of ${DELIVERIES} verified deliveries: exactly one worker execution each; rejected ones start nothing`, async () => {
		await timed('trigger burst', async () => {
			assert.ok(q.payoutIds.length >= DELIVERIES + BAD_SECRET_DELIVERIES, 'payouts to change');
			const tokensBefore = q.sandbox.state.stats.tokenRequests.ok;
			const getsBefore = q.sandbox.state.stats.byEndpoint['GET /public/payout/{id}'] ?? 0;
			await q.n8n.activateWorkflow(q.triggerWf.id);
			// No secret → the trigger answers 401 once it is live (and starts nothing).
			const probe = await q.n8n.waitForWebhookLive(`${TRIGGER_HOOK}/webhook`, { body: { id: 'probe' } });
			assert.equal(probe.status, 401, `probe: ${probe.status} ${probe.text}`);

			const url = `${q.n8n.baseUrl}/webhook/${TRIGGER_HOOK}/webhook`;
			await q.control('POST', 'webhooks', [
				{
					id: 'n8n',
					url,
					events: ['SUCCESS'],
					types: ['payout'],
					auth: { type: 'header', name: 'X-Omno-Key', value: WEBHOOK_SECRET },
				},
				{
					id: 'stale-secret',
					url,
					events: ['REJECTED'],
					types: ['payout'],
					auth: { type: 'header', name: 'X-Omno-Key', value: 'an-old-secret' },
				},
			]);
			const good = q.payoutIds.slice(0, DELIVERIES);
			const bad = q.payoutIds.slice(DELIVERIES, DELIVERIES + BAD_SECRET_DELIVERIES);
			const seqBefore = q.lastDeliverySeq();
			const mainCpu0 = q.cluster.cpuMs('main');
			const t = Date.now();
			// The burst: all status changes at once; the sandbox delivers them concurrently.
			const forged = Array.from({ length: FORGED_DELIVERIES }, (_, i) =>
				fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'X-Omno-Key': WEBHOOK_SECRET },
					body: JSON.stringify({
						id: `forged-${i}`,
						orderId: `forged-${i}`,
						status: 'SUCCESS',
						type: 'payout',
					}),
				}).then(async (r) => ({ status: r.status, text: await r.text() })),
			);
			await Promise.all([
				...good.map((id) => q.control('POST', `transactions/payout/${id}/status`, { status: 'SUCCESS' })),
				...bad.map((id) => q.control('POST', `transactions/payout/${id}/status`, { status: 'REJECTED' })),
			]);
			const forgedAnswers = await Promise.all(forged);
			await q.sandbox.state.webhooks.idle();
			const deliveredMs = Date.now() - t;
			const mainCpuMs = q.cluster.cpuMs('main') - mainCpu0;
			say(`sandbox finished delivering in ${deliveredMs} ms; main used ${mainCpuMs} ms CPU`);
			assert.deepEqual(
				forgedAnswers.map((a) => a.status),
				Array(FORGED_DELIVERIES).fill(404),
				`forged deliveries: ${JSON.stringify(forgedAnswers.slice(0, 2))}`,
			);

			const attempts = q.deliveriesSince(seqBefore);
			const goodAttempts = attempts.filter((d) => d.webhookId === 'n8n');
			const badAttempts = attempts.filter((d) => d.webhookId === 'stale-secret');
			const goodOk = goodAttempts.filter((d) => d.ok);
			report.counts.deliveryAttemptsByAnswer = countBy(goodAttempts, (d) => d.statusCode ?? d.error);
			assert.equal(
				goodOk.length,
				DELIVERIES,
				`accepted deliveries (attempts: ${goodAttempts.length}, statuses ${JSON.stringify(countBy(goodAttempts, (d) => d.statusCode ?? d.error))}, ms ${JSON.stringify(goodAttempts.slice(0, 5).map((d) => d.durationMs))})`,
			);
			assert.deepEqual(new Set(goodOk.map((d) => d.transactionId)), new Set(good));
			// Never accepted: 401 from the trigger (or 503 when the busy main sheds load before the trigger runs).
			assert.ok(
				badAttempts.length >= BAD_SECRET_DELIVERIES &&
					badAttempts.every((d) => !d.ok) &&
					badAttempts.some((d) => d.statusCode === 401),
				`stale secret never accepted: ${JSON.stringify(countBy(badAttempts, (d) => d.statusCode ?? d.error))}`,
			);

			// Every accepted delivery becomes one queued execution. Counted in the database: the public API's
			// execution list returned only 139 of 200 finished rows in one run (all 200 were in execution_entity).
			const dbExecs = () =>
				q.pg.query(`SELECT id::text, status FROM execution_entity WHERE "workflowId" = '${q.triggerWf.id}'`);
			for (const t1 = Date.now(); ; await sleep(1000)) {
				const done = dbExecs().filter(([, st]) => ['success', 'error', 'crashed', 'canceled'].includes(st));
				if (done.length >= DELIVERIES) break;
				if (Date.now() - t1 > 180_000)
					throw new Error(
						`only ${done.length}/${DELIVERIES} trigger executions finished: ${JSON.stringify(countBy(dbExecs(), (r) => r[1]))}`,
					);
			}
			const executionsMs = Date.now() - t;
			await sleep(3000);
			const ids = dbExecs().map(([id]) => id);
			const execs = [];
			for (let i = 0; i < ids.length; i += 20)
				execs.push(...(await Promise.all(ids.slice(i, i + 20).map((id) => q.execution(id)))));
			// OMNO re-sends a delivery it saw no 2xx for (timeout, 5xx). n8n may have enqueued the first attempt
			// before the answer was lost, so a re-sent transaction can start a second execution; one that was
			// accepted at the first attempt must start exactly one.
			const resent = new Set(goodAttempts.filter((d) => !d.ok).map((d) => d.transactionId));
			assert.ok(
				execs.length >= DELIVERIES && execs.length <= DELIVERIES + goodAttempts.length - goodOk.length,
				`executions: ${execs.length} for ${DELIVERIES} deliveries (${goodAttempts.length - goodOk.length} attempts re-sent)`,
			);
			const seen = new Map();
			const perWorker = {};
			for (const e of execs) {
				assert.equal(
					e.status,
					'success',
					`execution ${e.id}: ${JSON.stringify(e.data?.resultData?.error ?? {}).slice(0, 800)}`,
				);
				const out = nodeOutput(e, TRIGGER_NODE);
				assert.equal(out?.length, 1, `execution ${e.id}: one trigger item`);
				assert.equal(out[0].verified, true);
				assert.equal(out[0].status, 'SUCCESS');
				assert.equal(out[0].resource, 'payout');
				seen.set(out[0].id, (seen.get(out[0].id) ?? 0) + 1);
				const w = q.workerOf(e.id);
				assert.ok(w && /^worker-\d+$/.test(w), `execution ${e.id} ran on exactly one worker (${w})`);
				perWorker[w] = (perWorker[w] ?? 0) + 1;
			}
			assert.deepEqual(new Set(seen.keys()), new Set(good), 'one execution per delivered transaction');
			const twice = [...seen].filter(([id, n]) => n > 1 && !resent.has(id));
			assert.deepEqual(twice, [], 'a transaction accepted at its first attempt started two executions');
			assert.equal(
				Object.keys(perWorker).length,
				WORKERS,
				`both workers took deliveries: ${JSON.stringify(perWorker)}`,
			);

			const stats = q.sandbox.state.stats;
			const tokens = stats.tokenRequests.ok - tokensBefore;
			// The token from the payout run is in the shared credential: the main process reuses it.
			assert.ok(tokens <= 1, `token requests during the burst: ${tokens}`);
			report.ranOn['trigger executions'] = perWorker;
			report.timings.burstDeliveredMs = deliveredMs;
			report.timings.burstExecutionsDoneMs = executionsMs;
			Object.assign(report.counts, {
				deliveriesAccepted: goodOk.length,
				deliveryAttemptsToN8n: goodAttempts.length,
				staleSecretAttemptsByAnswer: countBy(badAttempts, (d) => d.statusCode ?? d.error),
				forgedUnknownTransaction404: forgedAnswers.length,
				triggerExecutions: execs.length,
				transactionsResent: resent.size,
				verifyGetsByMain: (stats.byEndpoint['GET /public/payout/{id}'] ?? 0) - getsBefore,
				tokenRequestsBurst: tokens,
				mainCpuMsPerDelivery: Math.round(
					mainCpuMs / (DELIVERIES + BAD_SECRET_DELIVERIES + FORGED_DELIVERIES),
				),
				slowestDeliveryMs: Math.max(...goodOk.map((d) => d.durationMs)),
			});
		});
	});
}

module.exports = { triggerWorkflow, triggerBurstTests };
