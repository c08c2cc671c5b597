'use strict';
/**
 * The machinery of the chaos scenario (e2e/lib/chaos-scenario.js, whose tests are the runs and what they assert):
 * the sandbox that kills the deployment at a chosen request, the deployment with the shipped ledger and payout-run
 * examples active, the readiness-gated webhook path, and the person's moves — upload the sheet, wait for the
 * approval, approve, load the last page — each failing fast when the run itself fails.
 *
 * A deployment is `{ n8n, kill, recover, cleanup }`: `n8n` is the process with the editor, REST, forms and
 * webhooks; `kill({ runWorkflowId })` SIGKILLs what the scenario should lose (returns a label);
 * `recover()` starts it again (on the same user folder / database) and returns once it takes work.
 */
const assert = require('node:assert/strict');
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
	readDataTableRows,
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
const { loadExample } = require('./examples');
const { sheetCsv, sheetRows } = require('../walkthrough-sheet');
const { DECISION_APPROVE, FORM_PATH } = require('../../tools/payout-examples');

const PREFIX = 'chaos-';
const HOOK_HEADER = 'X-Omno-Key';
const HOOK_SECRET = 'chaos-webhook-secret-0123456789abcdef';

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

class ChaosRun {
	/**
	 * @param {object} o
	 * @param {number} o.rows
	 * @param {(ctx: { sandboxUrl: string, timed: Function, credentials: object[] }) => Promise<object>} o.deploy
	 */
	constructor({ rows, deploy }) {
		this.rows = rows;
		this.deploy = deploy;
		// Waits scale with the sheet: n8n answers each ledger delivery in 0.1–3 s depending on the machine's load, and
		// a catch-up after a restart is up to two deliveries per row (WAITING, then the final status).
		this.phaseMs = Math.max(300_000, rows * 600);
		this.csv = sheetCsv({ count: rows, prefix: PREFIX, fixed: true });
		this.sheet = sheetRows({ count: rows, prefix: PREFIX, fixed: true });
		this.times = {};
		this.figures = {};
		this.killWhen = null; // (entry) => boolean, checked on every sandbox request
		this.killed = null;
		this.counts = { confirmOk: 0, confirmSeen: 0 };
		// Executions the kills hit: they end as "crashed" (n8n killed) or in error ("failed to be processed too many
		// times": a queue job whose worker died), which is what a kill does, not a failure of the run.
		this.killedRuns = new Set();
		this.timed = this.timed.bind(this);
	}

	async timed(name, fn) {
		const t0 = Date.now();
		try {
			return await fn();
		} finally {
			this.times[name] = Date.now() - t0;
		}
	}

	/** The sandbox that kills at `killWhen`, the deployment, the two examples active, OMNO's webhooks wired. */
	async setUp() {
		const sandbox = (this.sandbox = createSandbox({
			quiet: true,
			seed: 'chaos',
			latency: '8-20',
			settleMs: 50,
			// Like OMNO: every delivery retried until n8n answers 2xx, at most 8 at a time.
			webhookMaxAttempts: 0,
			webhookRetryDelaysMs: [200, 500, 1000, 2000],
			webhookTimeoutMs: 30_000,
			webhookConcurrency: 8,
			onRequest: (entry) => this.seen(entry),
		}));
		const { url: sandboxUrl } = await sandbox.start(0, '127.0.0.1');
		this.deployment = await this.deploy({
			sandboxUrl,
			timed: this.timed,
			credentials: exampleCredentials(sandboxUrl),
		});
		const n8n = (this.n8n = this.deployment.n8n);
		await n8n.bootstrapOwner();
		this.table = await ensureDataTable(n8n, LEDGER_TABLE);
		const ledger = await n8n.createWorkflow(
			pointDataTables(chaos.ledgerExample(), { [LEDGER_TABLE]: this.table }),
		);
		this.runWf = await n8n.createWorkflow(
			pointDataTables(loadExample('payout-run-with-approval.json'), {
				[LEDGER_TABLE]: this.table,
				[JOURNAL_TABLE]: await ensureDataTable(n8n, JOURNAL_TABLE),
			}),
		);
		await n8n.activateWorkflow(ledger.id);
		await n8n.activateWorkflow(this.runWf.id);
		const trigger = chaos.ledgerExample().nodes.find((n) => n.type === 'n8n-nodes-omno.omnoTrigger');
		const hook = `${trigger.webhookId}/webhook`;
		await n8n.waitForWebhookLive(hook, { body: { id: 'probe' } });
		this.formUrl = `${n8n.baseUrl}/form/${FORM_PATH}`;
		await waitForFormLive(this.formUrl);
		// OMNO delivers to n8n through a readiness-gated proxy, as in production (see e2e/lib/readiness-gate.js).
		this.gate = await startReadinessGate({ target: () => n8n.baseUrl });
		sandbox.state.webhooks.setList([
			{
				id: 'ledger',
				name: 'n8n ledger',
				url: `${this.gate.url}/webhook/${hook}`,
				events: LEDGER_EVENTS,
				types: ['payout'],
				auth: { type: 'header', name: HOOK_HEADER, value: HOOK_SECRET },
			},
		]);
	}

	async tearDown() {
		if (this.gate) await this.gate.close();
		if (this.deployment) await this.deployment.cleanup();
		if (this.sandbox) await this.sandbox.stop();
	}

	/** Every request the sandbox finishes: confirms counted, and the kill when `killWhen` says so. */
	seen(entry) {
		if (entry.method === 'PUT' && entry.path.endsWith('/confirm')) {
			this.counts.confirmSeen++;
			if (entry.status === 200) this.counts.confirmOk++;
		}
		if (this.killWhen && this.killWhen(entry)) {
			this.killWhen = null;
			const killed = (this.killed = {
				at: Date.now(),
				payouts: this.sandbox.state.stats.payoutsCreated,
				confirms: this.counts.confirmOk,
			});
			Promise.resolve(this.deployment.kill({ runWorkflowId: this.runWf.id })).then(
				(label) => (killed.what = label),
				(e) => (killed.error = e),
			);
		}
	}

	/** The sandbox's figures for the sheet's payouts (chaos.sandboxFigures). */
	sandboxFigures() {
		return chaos.sandboxFigures(this.sandbox, PREFIX, this.rows);
	}

	/** The ledger's rows of the sheet. */
	async ledgerRows() {
		return (await readDataTableRows(this.n8n, this.table)).filter((r) => r.orderId.startsWith(PREFIX));
	}

	/** Uploads the sheet through the form (the answer comes when the run reaches a page, or never if it dies). */
	async startRun() {
		const { n8n } = this;
		let skipIds;
		for (;;) {
			try {
				skipIds = new Set(await executionIds(n8n, this.runWf.id));
				break;
			} catch (e) {
				if (!/-> 503/.test(String(e?.message))) throw e;
				await sleep(1000);
			}
		}
		// A person whose upload n8n answers 503 ("Database is not ready", its SQLite busy) sends it again.
		const upload = () =>
			uploadSheet(this.formUrl, this.csv).then(
				(res) => {
					if (res.status !== 503) return;
					this.figures.uploads503 = (this.figures.uploads503 ?? 0) + 1;
					return sleep(1000).then(upload);
				},
				() => {},
			);
		upload();
		return { skipIds };
	}

	/** A run execution that ended in error: its error, so a broken run fails fast instead of timing out. */
	async runFailure() {
		const { n8n, runWf } = this;
		if (!n8n.server || !runWf) return null;
		const r = await n8n.request(
			'GET',
			`/api/v1/executions?workflowId=${runWf.id}&status=error&includeData=true`,
			{ apiKey: true, cookie: false },
		);
		const e = (r.json?.data ?? []).find((x) => !this.killedRuns.has(String(x.id)));
		return e ? JSON.stringify(e.data?.resultData?.error ?? e).slice(0, 2000) : null;
	}

	async waitUntil(what, fn, timeoutMs, every = 250) {
		const t0 = Date.now();
		let checked = 0;
		for (;;) {
			const v = await fn();
			if (v) return v;
			if (this.killed?.error) throw this.killed.error;
			if (Date.now() - checked > 2000) {
				checked = Date.now();
				const failure = await this.runFailure().catch(() => null);
				if (failure) throw new Error(`while waiting for ${what}: the run failed: ${failure}`);
			}
			if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
			await sleep(every);
		}
	}

	/**
	 * The ledger has caught up when every payout of the sheet has a row: what a re-run needs to resolve a bare
	 * 409. Final statuses may still be on their way (then the re-run asks OMNO, and Confirm says alreadyDecided).
	 */
	async ledgerCaughtUp() {
		const { sandbox, figures } = this;
		return this.waitUntil(
			'the ledger to catch up',
			async () => {
				// Distinct orderIds: two deliveries of one payout that overlap (a re-send after a timeout) can each
				// insert a row; the example's readers take the newest (figures.ledgerRows shows how often).
				const ledger = await this.ledgerRows();
				figures.ledgerRows = ledger.length;
				figures.ledgerOrderIds = new Set(ledger.map((r) => r.orderId)).size;
				return figures.ledgerOrderIds === sandbox.state.stats.payoutsCreated ? ledger : false;
			},
			this.phaseMs,
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
	async recoverAfterKill(name) {
		await this.waitUntil('the kill to take effect', () => this.killed?.what, 120_000, 50);
		await this.timed(name, () => this.deployment.recover());
		for (const id of await executionIds(this.n8n, this.runWf.id)) this.killedRuns.add(id);
	}

	waitingExecution({ skipIds }) {
		return waitForExecution(
			this.n8n,
			this.runWf.id,
			(e) => e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === 'Approve in a form',
			{ timeoutMs: this.phaseMs, skip: skipIds },
		);
	}

	/**
	 * Submits the approval form the approval message links to, as the approver's browser does, and returns the
	 * message item once n8n has acted on the decision: OMNO sees confirms, or the run ended. The form's own
	 * answer only comes when the run reaches its next page, so it is not awaited; a submission n8n did not act on
	 * within a minute is sent again (never seen; it keeps a lost POST from looking like a stuck run).
	 */
	async approve(execution) {
		const { n8n, counts } = this;
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
				if (this.killed || counts.confirmSeen > confirmsBefore) return message;
				const r = await n8n
					.request('GET', `/api/v1/executions/${execution.id}`, { apiKey: true, cookie: false })
					.catch(() => null);
				if (['success', 'error', 'crashed'].includes(r?.json?.status)) return message;
				if (answer && answer.status !== 200) break;
				if (Date.now() - t0 > 60_000) break;
			}
			this.figures.approvalResubmits = (this.figures.approvalResubmits ?? 0) + 1;
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
	async finishInBrowser(execution, message) {
		const { n8n, runWf } = this;
		const atLastPage = await waitForExecution(
			n8n,
			runWf.id,
			(e) =>
				e.id === execution.id &&
				(['success', 'error', 'crashed'].includes(e.status) ||
					(e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === 'Run finished')),
			{ timeoutMs: this.phaseMs },
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
}

module.exports = { ChaosRun, PREFIX };
