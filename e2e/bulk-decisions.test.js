'use strict';
/**
 * Bulk decisions in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox, all options at
 * their defaults (Concurrency Auto) behind a hidden rate limit:
 *   Manual Trigger → Code (N rows) → Payout → Create → Payout → Confirm (every payout, one node execution)
 *   → Transaction → Get with Wait for Final Status (every payout at once, each with its own deadline).
 *
 * Checked on the sandbox's own state: every payout confirmed exactly once, every final status the one the
 * sandbox holds; on n8n's output: one item per input, in input order, with its pairedItem. The first
 * SHORT_DEADLINE rows get a 2 s timeout (an expression) while the sandbox settles payouts 15 s after their
 * confirm, so they come out `final: false` on their own deadline while the others in the same execution wait
 * to the end. (A row's deadline runs from when its own wait starts; at most the window's worth wait at once,
 * so the first rows are the ones that start with the node.)
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { N8n } = require('../tools/n8n');
const { createSandbox } = require('../sandbox/server');
const { omnoCredentialData, lifecycleWorkflow } = require('../tools/payout-workflows');

const ROOT = path.resolve(__dirname, '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../scripts/n8n-versions.json').default;
const CRED_ID = 'omnoBulkDecide01';
const COUNT = 200;
const SHORT_DEADLINE = 10;
const SHORT_TIMEOUT_S = 2;
const TIMEOUT_S = 90;
const SETTLE_MS = 15_000;
const RATE_LIMIT = 100;
const PREFIX = 'bulk-';
const orderIdOf = (i) => `${PREFIX}${String(i).padStart(6, '0')}`;
// tools/payout-workflows.js payoutRows: amount decimals are (1 + i % 9)(1 + i % 7); ".13" is DECLINED by the sandbox.
const declined = (i) => i % 9 === 0 && i % 7 === 2;

describe(`OMNO bulk confirm + wait for final in n8n ${VERSION}`, { timeout: 300_000 }, () => {
	let sandbox;
	let url;
	let n8n;
	const WF = 'omnoBulkDecide001';

	const control = async (p, body) => {
		const res = await fetch(`${url}/_sandbox${p}`, {
			method: body ? 'POST' : 'GET',
			headers: { 'content-type': 'application/json' },
			body: body ? JSON.stringify(body) : undefined,
		});
		assert.equal(res.status, 200, `control ${p}`);
		return res.json();
	};

	before(async () => {
		sandbox = createSandbox({
			quiet: true,
			seed: 'bulk-decisions-e2e',
			latency: '20-60',
			rateLimit: RATE_LIMIT,
			settleMs: SETTLE_MS,
		});
		({ url } = await sandbox.start(0, '127.0.0.1'));
		n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await n8n.prepareUserFolder();
		await n8n.importCredentials([
			{ id: CRED_ID, name: `OMNO ${CRED_ID}`, type: 'omnoOAuth2Api', data: omnoCredentialData(url) },
		]);
		const wf = lifecycleWorkflow({
			id: WF,
			name: 'e2e bulk confirm + wait',
			count: COUNT,
			prefix: PREFIX,
			credId: CRED_ID,
		});
		const final = wf.nodes.find((n) => n.name === 'Final status');
		Object.assign(final.parameters, {
			timeoutSeconds: `={{ $itemIndex < ${SHORT_DEADLINE} ? ${SHORT_TIMEOUT_S} : ${TIMEOUT_S} }}`,
			pollIntervalSeconds: 1,
		});
		await n8n.importWorkflows([wf]);
	});

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (sandbox) await sandbox.stop();
	});

	/** A node's output items: one per input, in input order, each paired with its input. */
	function itemsOf(run, name) {
		const items = run.runData[name]?.[0]?.data?.main?.[0];
		assert.ok(items, `${name} ran`);
		assert.equal(items.length, COUNT, `${name}: one output item per input`);
		items.forEach((it, i) => assert.deepEqual(it.pairedItem, { item: i }, `${name} item ${i} pairedItem`));
		return items.map((it) => it.json);
	}

	test(`${COUNT} payouts created, all confirmed in one execution, then all waited for at once`, async (t) => {
		const started = Date.now();
		const run = await n8n.execute(WF, { timeoutMs: 280_000 });
		const wallMs = Date.now() - started;
		assert.ok(
			run.ok,
			`execution failed: ${JSON.stringify(run.error && { ...run.error, raw: undefined })}\n${run.errorText}`,
		);

		const created = itemsOf(run, 'Payouts');
		created.forEach((json, i) => {
			assert.equal(json.orderId, orderIdOf(i), `create item ${i} in input order`);
			assert.ok(json.payoutId && json.error === undefined, `create item ${i}: ${JSON.stringify(json)}`);
		});
		const ids = created.map((json) => json.payoutId);
		assert.equal(new Set(ids).size, COUNT, 'a payout per row');

		const confirmed = itemsOf(run, 'Confirm');
		confirmed.forEach((json, i) => {
			assert.equal(json.payoutId, ids[i], `confirm item ${i} is row ${i}'s payout`);
			assert.equal(json.confirmed, true, `confirm item ${i}: ${JSON.stringify(json)}`);
			assert.equal(json.alreadyDecided, undefined, `confirm item ${i} was decided by this run`);
		});

		const finals = itemsOf(run, 'Final status');
		const txs = new Map((await control('/transactions?type=payout')).transactions.map((tx) => [tx.id, tx]));
		const log = (await control('/requests?since=0')).requests.filter((e) =>
			e.path.startsWith('/public/payout'),
		);
		const stats = await control('/stats');

		// The sandbox's state: every payout went WAITING_FOR_CONFIRMATION → PENDING once, by one processed PUT.
		for (const [i, id] of ids.entries()) {
			const tx = txs.get(id);
			assert.ok(tx, `the sandbox has payout ${id}`);
			const steps = tx.history.map((h) => h.status);
			assert.equal(steps.filter((s) => s === 'PENDING').length, 1, `row ${i}: confirmed once (${steps})`);
			const puts = log.filter((e) => e.method === 'PUT' && e.path === `/public/payout/${id}/confirm`);
			assert.equal(puts.filter((e) => e.status !== 429).length, 1, `row ${i}: one confirm processed`);
			assert.equal(puts.filter((e) => e.status !== 429)[0].status, 200);
		}

		// Final statuses: what the sandbox holds; the short-deadline rows stopped at their own deadline.
		let waitedLongest = 0;
		finals.forEach((json, i) => {
			const tx = txs.get(ids[i]);
			assert.equal(json.payoutId ?? json.id, ids[i], `final item ${i} is row ${i}'s payout`);
			assert.equal(json.transactionType, 'payout');
			if (i < SHORT_DEADLINE) {
				assert.equal(json.final, false, `row ${i} (2 s deadline): not final yet (${JSON.stringify(json)})`);
				assert.equal(json.status, 'PENDING');
				assert.ok(json.waitedSeconds <= SHORT_TIMEOUT_S + 1, `row ${i} waited ${json.waitedSeconds} s`);
			} else {
				assert.equal(json.final, true, `row ${i}: final (${JSON.stringify(json)})`);
				assert.equal(json.status, tx.status, `row ${i}: the sandbox's status`);
				assert.equal(json.status, declined(i) ? 'DECLINED' : 'SUCCESS', `row ${i}: amount ${tx.amount}`);
				assert.ok(json.waitedSeconds <= TIMEOUT_S, `row ${i} waited ${json.waitedSeconds} s`);
				waitedLongest = Math.max(waitedLongest, json.waitedSeconds);
			}
		});

		// The waits ran side by side: one after another, 190 waits of up to 15 s would take most of an hour.
		const waitNodeMs = run.runData['Final status'][0].executionTime;
		const gets = log.filter((e) => e.method === 'GET');
		const byStatus = (status) => log.filter((e) => e.status === status).length;
		t.diagnostic(
			`n8n execute ${wallMs} ms; creates ${log.filter((e) => e.method === 'POST').length}, confirms ${log.filter((e) => e.method === 'PUT').length}, status reads ${gets.length}; 429s ${byStatus(429)} of ${log.length} (${((byStatus(429) / log.length) * 100).toFixed(1)} %); sandbox max in-flight ${stats.maxInFlight}; tokens ${stats.tokenRequests.ok}; longest wait ${waitedLongest} s; Confirm node ${run.runData.Confirm[0].executionTime} ms, Final status node ${waitNodeMs} ms`,
		);
		assert.equal(stats.payoutsCreated, COUNT, 'no payout created twice');
		assert.ok(stats.maxInFlight >= 2, `requests ran side by side (max in-flight ${stats.maxInFlight})`);
		assert.ok(waitNodeMs < 4 * SETTLE_MS, `the waits overlapped (Final status node ${waitNodeMs} ms)`);
	});
});
