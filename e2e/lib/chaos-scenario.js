'use strict';
/**
 * The chaos scenario of issue 14.7, written once for both deployments (e2e/chaos.test.js: one `n8n start`;
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
 * `FIGURES {…}` line gives the counts and each phase's wall time.
 *
 * A deployment is `{ n8n, kill, recover, cleanup }`: `n8n` is the process with the editor, REST, forms and
 * webhooks; `kill({ runWorkflowId })` SIGKILLs what the scenario should lose (returns a label);
 * `recover()` starts it again (on the same user folder / database) and returns once it takes work.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { sleep } = require('../../tools/n8n');
const { startReadinessGate } = require('./readiness-gate');
const { createSandbox } = require('../../sandbox/server');
const { n8nCredentialData } = require('../../sandbox/config');
const chaos = require('./chaos');
const {
	LEDGER_EVENTS,
	LEDGER_TABLE,
	JOURNAL_TABLE,
	ensureDataTable,
	pointDataTables,
} = require('../../tools/n8n/data-tables');
const {
	waitForFormLive,
	submitForm,
	uploadSheet,
	answerApproval,
	executionIds,
	waitForExecution,
	nodeJson,
} = require('./forms');
const { sheetCsv, sheetRows } = require('../walkthrough-sheet');
const { BATCH_SIZE, DECISION_APPROVE, FORM_PATH } = require('../../tools/payout-examples');

const PREFIX = 'chaos-';
const HOOK_HEADER = 'X-Omno-Key';
const HOOK_SECRET = 'chaos-webhook-secret-0123456789abcdef';
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** The credentials the examples name (fixed ids), for `n8n import:credentials`. */
function exampleCredentials(sandboxUrl) {
	return [
		{ ...chaos.CRED, type: 'omnoOAuth2Api', data: n8nCredentialData(sandboxUrl) },
		{
			...chaos.HOOK_CRED,
			type: 'omnoWebhookAuthApi',
			data: { authType: 'header', headerName: HOOK_HEADER, headerSecret: HOOK_SECRET },
		},
	];
}

/**
 * @param {object} o
 * @param {string} o.title
 * @param {string} o.what      what the kills hit, for the test names ("n8n SIGKILLed")
 * @param {string|false} [o.skip]
 * @param {number} o.rows
 * @param {(ctx: { sandboxUrl: string, timed: Function }) => Promise<object>} o.deploy
 */
function payoutRunChaos({ title, what, skip = false, rows: ROWS, deploy }) {
	// Waits scale with the sheet: n8n answers each ledger delivery in 0.1–3 s depending on the machine's load, and
	// a catch-up after a restart is up to two deliveries per row (WAITING, then the final status).
	const PHASE_MS = Math.max(300_000, ROWS * 600);

	describe(title, { skip, timeout: 6 * PHASE_MS }, () => {
		let sandbox;
		let gate;
		let deployment;
		let n8n;
		let table;
		let runWf;
		let formUrl;
		const csv = sheetCsv({ count: ROWS, prefix: PREFIX, fixed: true });
		const rows = sheetRows({ count: ROWS, prefix: PREFIX, fixed: true });
		const times = {};
		const figures = {};
		let killWhen = null; // (entry) => boolean, checked on every sandbox request
		let killed = null;
		const counts = { confirmOk: 0, confirmSeen: 0 };

		async function timed(name, fn) {
			const t0 = Date.now();
			try {
				return await fn();
			} finally {
				times[name] = Date.now() - t0;
			}
		}

		before(async () => {
			sandbox = createSandbox({
				quiet: true,
				seed: 'chaos',
				latency: '8-20',
				settleMs: 50,
				// Like OMNO: every delivery retried until n8n answers 2xx, at most 8 at a time.
				webhookMaxAttempts: 0,
				webhookRetryDelaysMs: [200, 500, 1000, 2000],
				webhookTimeoutMs: 30_000,
				webhookConcurrency: 8,
				onRequest: (entry) => {
					if (entry.method === 'PUT' && entry.path.endsWith('/confirm')) {
						counts.confirmSeen++;
						if (entry.status === 200) counts.confirmOk++;
					}
					if (killWhen && killWhen(entry)) {
						killWhen = null;
						killed = {
							at: Date.now(),
							payouts: sandbox.state.stats.payoutsCreated,
							confirms: counts.confirmOk,
						};
						Promise.resolve(deployment.kill({ runWorkflowId: runWf.id })).then(
							(label) => (killed.what = label),
							(e) => (killed.error = e),
						);
					}
				},
			});
			const { url: sandboxUrl } = await sandbox.start(0, '127.0.0.1');
			deployment = await deploy({ sandboxUrl, timed, credentials: exampleCredentials(sandboxUrl) });
			n8n = deployment.n8n;
			await n8n.bootstrapOwner();
			table = await ensureDataTable(n8n, LEDGER_TABLE);
			const example = (f) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
			const ledger = await n8n.createWorkflow(
				pointDataTables(chaos.ledgerExample(), { [LEDGER_TABLE]: table }),
			);
			runWf = await n8n.createWorkflow(
				pointDataTables(example('payout-run-with-approval.json'), {
					[LEDGER_TABLE]: table,
					[JOURNAL_TABLE]: await ensureDataTable(n8n, JOURNAL_TABLE),
				}),
			);
			await n8n.activateWorkflow(ledger.id);
			await n8n.activateWorkflow(runWf.id);
			const trigger = chaos.ledgerExample().nodes.find((n) => n.type === 'n8n-nodes-omno.omnoTrigger');
			const hook = `${trigger.webhookId}/webhook`;
			await n8n.waitForWebhookLive(hook, { body: { id: 'probe' } });
			formUrl = `${n8n.baseUrl}/form/${FORM_PATH}`;
			await waitForFormLive(formUrl);
			// OMNO delivers to n8n through a readiness-gated proxy, as in production (see e2e/lib/readiness-gate.js).
			gate = await startReadinessGate({ target: () => n8n.baseUrl });
			sandbox.state.webhooks.setList([
				{
					id: 'ledger',
					name: 'n8n ledger',
					url: `${gate.url}/webhook/${hook}`,
					events: LEDGER_EVENTS,
					types: ['payout'],
					auth: { type: 'header', name: HOOK_HEADER, value: HOOK_SECRET },
				},
			]);
		});

		after(async () => {
			if (gate) await gate.close();
			if (deployment) await deployment.cleanup();
			if (sandbox) await sandbox.stop();
		});

		/** Uploads the sheet through the form (the answer comes when the run reaches a page, or never if it dies). */
		const startRun = async () => {
			let skipIds;
			for (;;) {
				try {
					skipIds = new Set(await executionIds(n8n, runWf.id));
					break;
				} catch (e) {
					if (!/-> 503/.test(String(e?.message))) throw e;
					await sleep(1000);
				}
			}
			// A person whose upload n8n answers 503 ("Database is not ready", its SQLite busy) sends it again.
			const upload = () =>
				uploadSheet(formUrl, csv).then(
					(res) => {
						if (res.status !== 503) return;
						figures.uploads503 = (figures.uploads503 ?? 0) + 1;
						return sleep(1000).then(upload);
					},
					() => {},
				);
			upload();
			return { skipIds };
		};

		// Executions the kills hit: they end as "crashed" (n8n killed) or in error ("failed to be processed too many
		// times": a queue job whose worker died), which is what a kill does, not a failure of the run.
		const killedRuns = new Set();

		/** A run execution that ended in error: its error, so a broken run fails fast instead of timing out. */
		async function runFailure() {
			if (!n8n.server || !runWf) return null;
			const r = await n8n.request(
				'GET',
				`/api/v1/executions?workflowId=${runWf.id}&status=error&includeData=true`,
				{ apiKey: true, cookie: false },
			);
			const e = (r.json?.data ?? []).find((x) => !killedRuns.has(String(x.id)));
			return e ? JSON.stringify(e.data?.resultData?.error ?? e).slice(0, 2000) : null;
		}

		const waitUntil = async (what, fn, timeoutMs, every = 250) => {
			const t0 = Date.now();
			let checked = 0;
			for (;;) {
				const v = await fn();
				if (v) return v;
				if (killed?.error) throw killed.error;
				if (Date.now() - checked > 2000) {
					checked = Date.now();
					const failure = await runFailure().catch(() => null);
					if (failure) throw new Error(`while waiting for ${what}: the run failed: ${failure}`);
				}
				if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
				await sleep(every);
			}
		};

		/**
		 * The ledger has caught up when every payout of the sheet has a row: what a re-run needs to resolve a bare
		 * 409. Final statuses may still be on their way (then the re-run asks OMNO, and Confirm says alreadyDecided).
		 */
		async function ledgerCaughtUp() {
			return waitUntil(
				'the ledger to catch up',
				async () => {
					// Distinct orderIds: two deliveries of one payout that overlap (a re-send after a timeout) can each
					// insert a row; the example's readers take the newest (figures.ledgerRows shows how often).
					const ledger = (await chaos.readTable(n8n, table)).filter((r) => r.orderId.startsWith(PREFIX));
					figures.ledgerRows = ledger.length;
					figures.ledgerOrderIds = new Set(ledger.map((r) => r.orderId)).size;
					return figures.ledgerOrderIds === sandbox.state.stats.payoutsCreated ? ledger : false;
				},
				PHASE_MS,
				500,
			).catch((e) => {
				const d = sandbox.state.webhooks
					.since(0)
					.slice(-5)
					.map((x) => `${x.event} ${x.statusCode ?? x.error}`);
				throw new Error(
					`${e.message}: pending ${sandbox.state.webhooks.pending}, ledger ${figures.ledgerRows} rows / ${figures.ledgerOrderIds} orderIds, payouts ${sandbox.state.stats.payoutsCreated}, last deliveries ${d.join(', ')}`,
				);
			});
		}

		/** What was killed is gone (the kill is asynchronous in queue mode) → start it again. */
		async function recoverAfterKill(name) {
			await waitUntil('the kill to take effect', () => killed?.what, 120_000, 50);
			await timed(name, () => deployment.recover());
			for (const id of await executionIds(n8n, runWf.id)) killedRuns.add(id);
		}

		const waitingExecution = ({ skipIds }) =>
			waitForExecution(
				n8n,
				runWf.id,
				(e) => e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === 'Approve in a form',
				{ timeoutMs: PHASE_MS, skip: skipIds },
			);

		/**
		 * Submits the approval form the approval message links to, as the approver's browser does, and returns the
		 * message item once n8n has acted on the decision: OMNO sees confirms, or the run ended. The form's own
		 * answer only comes when the run reaches its next page, so it is not awaited; a submission n8n did not act on
		 * within a minute is sent again (never seen; it keeps a lost POST from looking like a stuck run).
		 */
		async function approve(execution) {
			const [message] = nodeJson(execution, 'Approval message');
			assert.match(
				String(message?.approvalFormUrl),
				/\/form-waiting\//,
				'the approval message links to the form',
			);
			for (let attempt = 1; ; attempt++) {
				let answer = null;
				const confirmsBefore = counts.confirmSeen;
				answerApproval(execution, DECISION_APPROVE)
					.answer.then((a) => (answer = a))
					.catch((e) => (answer = { status: 0, text: String(e) }));
				const t0 = Date.now();
				for (;;) {
					await sleep(500);
					if (killed || counts.confirmSeen > confirmsBefore) return message;
					const r = await n8n
						.request('GET', `/api/v1/executions/${execution.id}`, { apiKey: true, cookie: false })
						.catch(() => null);
					if (['success', 'error', 'crashed'].includes(r?.json?.status)) return message;
					if (answer && answer.status !== 200) break;
					if (Date.now() - t0 > 60_000) break;
				}
				figures.approvalResubmits = (figures.approvalResubmits ?? 0) + 1;
				if (attempt >= 5)
					throw new Error(
						`the approval form was not acted on after ${attempt} submissions: ${answer?.status} ${String(answer?.text).slice(0, 300)}`,
					);
			}
		}

		/**
		 * The run ends on its "Run finished" page: n8n holds the execution there until the approver's browser,
		 * redirected after the form, loads that page and posts back (n8n's Form node, operation completion). The
		 * test does both and returns the finished execution.
		 */
		async function finishInBrowser(execution, message) {
			const atLastPage = await waitForExecution(
				n8n,
				runWf.id,
				(e) =>
					e.id === execution.id &&
					(['success', 'error', 'crashed'].includes(e.status) ||
						(e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === 'Run finished')),
				{ timeoutMs: PHASE_MS },
			);
			assert.equal(
				atLastPage.data?.resultData?.lastNodeExecuted,
				'Run finished',
				JSON.stringify(atLastPage.data?.resultData?.error ?? atLastPage.status),
			);
			const page = await fetch(message.approvalFormUrl).then((r) => r.text());
			assert.match(page, /Payout run finished/, 'the approver sees the run finished page');
			await submitForm(message.approvalFormUrl, {});
			return waitForExecution(n8n, runWf.id, (e) => e.id === execution.id && e.status === 'success', {
				timeoutMs: 60_000,
			});
		}

		test(`run 1: ${ROWS} rows, ${what} at ~30 % of the creates, started again`, async () => {
			killWhen = () => sandbox.state.stats.payoutsCreated >= Math.round(ROWS * 0.3);
			await timed('run 1 until kill', async () => {
				await startRun();
				await waitUntil('the kill at 30 %', () => killed, PHASE_MS, 50);
			});
			figures.killedAtCreates = killed.payouts;
			await recoverAfterKill('restart 1');
			figures.killed1 = killed.what;
			assert.ok(killed.payouts < ROWS, 'the run died before it finished');
		});

		test('run 2a: the same sheet again at once: every row resolved from the journal or named, at most one batch needing the ledger, 0 duplicates', async (t) => {
			killed = null;
			const execution = await timed('run 2a until approval', async () => waitingExecution(await startRun()));
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
			assert.equal(chaos.sandboxFigures(sandbox, PREFIX, ROWS).duplicates, 0, 'no duplicates');
			// Nobody answers this approval: the next run, after the ledger has caught up, is the one approved.
			const ledger = await timed('ledger catch-up 1', () => ledgerCaughtUp());
			assert.ok(ledger.every((r) => r.payoutId));
		});

		test('run 2: the same sheet, every row resolved or created, approved, killed at ~50 % of the confirms', async (t) => {
			killed = null;
			killWhen = () => counts.confirmOk >= Math.round(ROWS * 0.5);
			let message;
			await timed('run 2 until kill', async () => {
				const started = await startRun();
				message = await approve(await waitingExecution(started));
				await waitUntil('the kill at 50 % of the confirms', () => killed, PHASE_MS, 50);
			});
			figures.run2 = { toConfirm: message.counts.waiting, killedAtConfirms: killed.confirms };
			t.diagnostic(`approval: ${message.text.split('\n')[0]}; killed after ${killed.confirms} confirms`);
			assert.equal(
				message.counts.waiting,
				ROWS,
				'the approval covers every row of the sheet (created now or found again)',
			);
			assert.equal(sandbox.state.stats.payoutsCreated, ROWS);
			await recoverAfterKill('restart 2');
			figures.killed2 = killed.what;
		});

		test('run 3: the same sheet again at once (no wait for the ledger), approved: every payout confirmed exactly once, none left waiting', async (t) => {
			let report;
			killed = null;
			const waitingAtStart = chaos.sandboxFigures(sandbox, PREFIX, ROWS).stranded;
			const backAt = Date.now();
			await timed('run 3', async () => {
				const started = await startRun();
				const execution = await waitingExecution(started);
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
					ledgerRowsAtApproval: (await chaos.readTable(n8n, table)).filter((r) =>
						r.orderId.startsWith(PREFIX),
					).length,
				};
				const message = await approve(execution);
				const done = await finishInBrowser(execution, message);
				[report] = nodeJson(done, 'Reconcile with OMNO');
				const confirmOut = nodeJson(done, 'Confirm payouts');
				figures.run3.confirmedNow = confirmOut.filter((j) => j.confirmed && !j.alreadyDecided).length;
				figures.run3.alreadyDecided = confirmOut.filter((j) => j.alreadyDecided).length;
				figures.run3.confirmErrors = confirmOut.filter((j) => j.error).length;
			});
			await waitUntil(
				'every payout to settle',
				() =>
					[...sandbox.state.store.payouts.values()].every(
						(p) => !['WAITING_FOR_CONFIRMATION', 'PENDING'].includes(p.status),
					),
				PHASE_MS,
			);

			const sb = chaos.sandboxFigures(sandbox, PREFIX, ROWS);
			Object.assign(figures, {
				sandbox: sb,
				webhooks: chaos.webhookFigures(sandbox),
				gate: gate.stats,
				times,
			});
			t.diagnostic(
				`FIGURES ${JSON.stringify({ title, rows: ROWS, conflictStyle: sandbox.state.config.conflictStyle, ...figures })}`,
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
			assert.deepEqual(sb.totals, chaos.totalsByCurrency(rows), "the sandbox's totals are the sheet's");
		});
	});
}

module.exports = { payoutRunChaos };
