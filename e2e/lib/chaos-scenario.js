'use strict';
/**
 * The chaos scenario (n8n killed mid-run, then the run done again at once), written once for both deployments (e2e/chaos.test.js: one `n8n start`;
 * e2e/queue/chaos.test.js: main + workers). A 1,000-row payout run with approval — the shipped example
 * examples/payout-run-with-approval.json, driven over HTTP like its pages — against the sandbox, whose webhooks
 * feed the shipped ledger example (OMNO Trigger → Data Table `omno_payouts`):
 *
 *   run 1  killed (SIGKILL) when the sandbox holds ~30 % of the payouts; what was killed is started again
 *   run 2  the same sheet again: new rows created, the rest 409 → resolved (the ledger, or the id in the 409)
 *          → approved → killed at ~50 % of the confirms; started again
 *   run 3  the same sheet again → approved → confirms what still waits → the approver loads the last page
 *
 * Then, on the sandbox's own state: exactly one payout per row, each confirmed exactly once, none left in
 * WAITING_FOR_CONFIRMATION, and the run's reconciliation totals per currency equal to the sandbox's. A
 * `FIGURES {…}` line gives the counts and each phase's wall time. The set-up, the kills and the person's moves are
 * e2e/lib/chaos-run.js (ChaosRun, which also says what a deployment is).
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const chaos = require('./chaos');
const { ChaosRun } = require('./chaos-run');
const { nodeJson } = require('./forms');
const { BATCH_SIZE } = require('../../tools/payout-examples');

/**
 * @param {object} o
 * @param {string} o.title
 * @param {string} o.what      what the kills hit, for the test names ("n8n SIGKILLed")
 * @param {string|false} [o.skip]
 * @param {number} o.rows
 * @param {(ctx: { sandboxUrl: string, timed: Function, credentials: object[] }) => Promise<object>} o.deploy
 */
function payoutRunChaos({ title, what, skip = false, rows: ROWS, deploy }) {
	const run = new ChaosRun({ rows: ROWS, deploy });
	const PHASE_MS = run.phaseMs;
	const { times, figures, counts, timed } = run;

	describe(title, { skip, timeout: 6 * PHASE_MS }, () => {
		before(() => run.setUp());
		after(() => run.tearDown());

		test(`run 1: ${ROWS} rows, ${what} at ~30 % of the creates, started again`, async () => {
			run.killWhen = () => run.sandbox.state.stats.payoutsCreated >= Math.round(ROWS * 0.3);
			await timed('run 1 until kill', async () => {
				await run.startRun();
				await run.waitUntil('the kill at 30 %', () => run.killed, PHASE_MS, 50);
			});
			figures.killedAtCreates = run.killed.payouts;
			await run.recoverAfterKill('restart 1');
			figures.killed1 = run.killed.what;
			assert.ok(run.killed.payouts < ROWS, 'the run died before it finished');
		});

		test('run 2a: the same sheet again at once: every row resolved from the journal or named, at most one batch needing the ledger, 0 duplicates', async (t) => {
			run.killed = null;
			const execution = await timed('run 2a until approval', async () =>
				run.waitingExecution(await run.startRun()),
			);
			const [checked] = nodeJson(execution, 'Approval message');
			const inOmnoBefore = figures.killedAtCreates;
			figures.run2a = { ...checked.counts };
			t.diagnostic(`approval at once after the kill: ${JSON.stringify(checked.counts)}`);
			assert.equal(checked.counts.rows, ROWS);
			assert.equal(checked.counts.differs, 0);
			assert.equal(checked.counts.notCreated, 0);
			assert.equal(
				checked.counts.waiting + checked.counts.notIdentifiable,
				ROWS,
				'every row resolved or named',
			);
			// Only the batch under way at the kill (and requests then in flight) can lack its journal entry.
			assert.ok(
				checked.counts.notIdentifiable <= BATCH_SIZE + 10,
				`${checked.counts.notIdentifiable} not identifiable, more than one batch (${BATCH_SIZE}); ${inOmnoBefore} were created before the kill`,
			);
			assert.equal(run.sandboxFigures().duplicates, 0, 'no duplicates');
			// Nobody answers this approval: the next run, after the ledger has caught up, is the one approved.
			const ledger = await timed('ledger catch-up 1', () => run.ledgerCaughtUp());
			assert.ok(ledger.every((r) => r.payoutId));
		});

		test('run 2: the same sheet, every row resolved or created, approved, killed at ~50 % of the confirms', async (t) => {
			run.killed = null;
			run.killWhen = () => counts.confirmOk >= Math.round(ROWS * 0.5);
			let message;
			await timed('run 2 until kill', async () => {
				const started = await run.startRun();
				message = await run.approve(await run.waitingExecution(started));
				await run.waitUntil('the kill at 50 % of the confirms', () => run.killed, PHASE_MS, 50);
			});
			figures.run2 = { toConfirm: message.counts.waiting, killedAtConfirms: run.killed.confirms };
			t.diagnostic(`approval: ${message.text.split('\n')[0]}; killed after ${run.killed.confirms} confirms`);
			assert.equal(
				message.counts.waiting,
				ROWS,
				'the approval covers every row of the sheet (created now or found again)',
			);
			assert.equal(run.sandbox.state.stats.payoutsCreated, ROWS);
			await run.recoverAfterKill('restart 2');
			figures.killed2 = run.killed.what;
		});

		test('run 3: the same sheet again at once (no wait for the ledger), approved: every payout confirmed exactly once, none left waiting', async (t) => {
			let report;
			run.killed = null;
			const waitingAtStart = run.sandboxFigures().stranded;
			const backAt = Date.now();
			await timed('run 3', async () => {
				const started = await run.startRun();
				const execution = await run.waitingExecution(started);
				// The approval page is there now: every number on it was read from OMNO.
				const approvalSeconds = (Date.now() - backAt) / 1000;
				const [checked] = nodeJson(execution, 'Approval message');
				figures.run3 = {
					waitingAtStart,
					approvalSeconds,
					toConfirm: checked.counts.waiting,
					decided: checked.counts.decided,
					notIdentifiable: checked.counts.notIdentifiable,
					differs: checked.counts.differs,
					ledgerRowsAtApproval: (await run.ledgerRows()).length,
				};
				const message = await run.approve(execution);
				const done = await run.finishInBrowser(execution, message);
				[report] = nodeJson(done, 'Reconcile with OMNO');
				const confirmOut = nodeJson(done, 'Confirm payouts');
				figures.run3.confirmedNow = confirmOut.filter((j) => j.confirmed && !j.alreadyDecided).length;
				figures.run3.alreadyDecided = confirmOut.filter((j) => j.alreadyDecided).length;
				figures.run3.confirmErrors = confirmOut.filter((j) => j.error).length;
			});
			await run.waitUntil(
				'every payout to settle',
				() =>
					[...run.sandbox.state.store.payouts.values()].every(
						(p) => !['WAITING_FOR_CONFIRMATION', 'PENDING'].includes(p.status),
					),
				PHASE_MS,
			);

			const sb = run.sandboxFigures();
			Object.assign(figures, {
				sandbox: sb,
				webhooks: chaos.webhookFigures(run.sandbox),
				gate: run.gate.stats,
				times,
			});
			t.diagnostic(
				`FIGURES ${JSON.stringify({ title, rows: ROWS, conflictStyle: run.sandbox.state.config.conflictStyle, ...figures })}`,
			);
			t.diagnostic(`report: ${report.text?.split('\n').slice(0, 6).join(' | ')}`);

			assert.equal(sb.payouts, ROWS, 'exactly one payout per row');
			assert.equal(sb.orderIds, ROWS);
			assert.equal(sb.duplicates, 0, 'no duplicates');
			assert.equal(sb.stranded, 0, 'none left in WAITING_FOR_CONFIRMATION');
			assert.deepEqual(sb.confirmsPerPayout, { 1: ROWS }, 'each payout confirmed exactly once');
			assert.equal(figures.run3.confirmErrors, 0, 'no confirm error in the last run');
			// The approval, read from OMNO right after the restart, listed exactly what the killed run 2 left waiting,
			// and every other row as already decided: none hidden as "not identifiable", none confirmed twice.
			assert.equal(
				figures.run3.toConfirm,
				figures.run3.waitingAtStart,
				'the approval lists exactly the payouts still waiting',
			);
			assert.equal(figures.run3.decided, ROWS - figures.run3.waitingAtStart);
			assert.equal(figures.run3.notIdentifiable, 0);
			assert.equal(figures.run3.differs, 0);
			assert.equal(figures.run3.confirmedNow, figures.run3.waitingAtStart);
			assert.equal(figures.run3.alreadyDecided, 0, 'nothing already decided was put up again');
			assert.equal(report.counts.waiting, 0, 'the report says nothing is left waiting, and it is true');
			// The report: per currency, paid = the sandbox's SUCCESS total, declined/failed = its DECLINED total.
			for (const [currency, groups] of Object.entries(report.perCurrency)) {
				assert.equal(
					chaos.plainDecimal(groups.paid?.total ?? '0'),
					chaos.plainDecimal(sb.totalsByStatus.SUCCESS?.[currency] ?? '0'),
					`${currency} paid`,
				);
				assert.equal(
					chaos.plainDecimal(groups.declinedOrFailed?.total ?? '0'),
					chaos.plainDecimal(sb.totalsByStatus.DECLINED?.[currency] ?? '0'),
					`${currency} declined`,
				);
			}
			assert.deepEqual(Object.keys(report.perCurrency).sort(), Object.keys(sb.totals));
			assert.deepEqual(sb.totals, chaos.totalsByCurrency(run.sheet), "the sandbox's totals are the sheet's");
		});
	});
}

module.exports = { payoutRunChaos };
