'use strict';
/**
 * Payout runs at scale in a real n8n (E2E_N8N_VERSION, default 2.41.1) against the local sandbox:
 * Manual Trigger → Code (rows) → OMNO payout → create, concurrency 10, "On Error: Continue".
 *
 * Run 1 meets 5 % 503-before-processing faults and 1 % created-then-503/dropped faults. Every output item is
 * checked against what the sandbox saw for its orderId. Run 2 replays the same input after the outage: what
 * was created (or may have been) comes back as `alreadyExists`, what failed is created now, nothing twice.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { N8n } = require('../tools/n8n');
const { createSandbox } = require('../sandbox/server');
const { omnoCredentialData, omnoPayoutWorkflow } = require('../tools/payout-workflows');

const ROOT = path.resolve(__dirname, '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../scripts/n8n-versions.json').default;
const CRED_ID = 'omnoPayoutRun001';
const COUNT = 1000;
const CONCURRENCY = 10;
const PREFIX = 'run-';
const orderIdOf = (prefix, i) => `${prefix}${String(i).padStart(6, '0')}`;

describe(`OMNO payout runs in n8n ${VERSION}`, { timeout: 240_000 }, () => {
	let sandbox;
	let url;
	let n8n;
	const wf = { run: 'omnoPayoutRun1k01', checks: 'omnoPayoutCheck01' };
	let firstRun; // per-orderId classification from run 1, used by run 2

	const control = async (p, body) => {
		const res = await fetch(`${url}/_sandbox${p}`, {
			method: body ? 'POST' : 'GET',
			headers: { 'content-type': 'application/json' },
			body: body ? JSON.stringify(body) : undefined,
		});
		assert.equal(res.status, 200, `control ${p}`);
		return res.json();
	};
	const publicCalls = async (since) =>
		(await control(`/requests?since=${since}`)).requests.filter((e) => e.path.startsWith('/public'));

	before(async () => {
		sandbox = createSandbox({
			quiet: true,
			seed: 'payout-run-e2e',
			latency: '2-10',
			faultRate: 0.05,
			faultAfterRate: 0.01,
			faultAfterMode: 'mixed',
			settleMs: 20,
		});
		({ url } = await sandbox.start(0, '127.0.0.1'));
		n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await n8n.prepareUserFolder();
		await n8n.importCredentials([
			{ id: CRED_ID, name: `OMNO ${CRED_ID}`, type: 'omnoOAuth2Api', data: omnoCredentialData(url) },
		]);
		await n8n.importWorkflows([
			omnoPayoutWorkflow({
				id: wf.run,
				name: 'e2e payout run 1000',
				count: COUNT,
				prefix: PREFIX,
				credId: CRED_ID,
				runOptions: { concurrency: CONCURRENCY },
				onError: 'continueRegularOutput',
			}),
			checksWorkflow(),
		]);
	});

	/**
	 * One execution (each `n8n execute` boots n8n) with two branches run top to bottom: a dry run of 20 good
	 * rows ("Dry run"), then validate-first over 20 rows where the 8th is bad ("Validate"), which fails the run.
	 */
	function checksWorkflow() {
		const branch = (name, y, w) => {
			const [, rows, node] = w.nodes;
			return [
				{ ...rows, name: `${name} rows`, position: [220, y] },
				{ ...node, name, position: [440, y] },
			];
		};
		const common = { count: 20, credId: CRED_ID };
		const dry = omnoPayoutWorkflow({
			...common,
			id: 'x',
			prefix: 'dry-',
			runOptions: { concurrency: CONCURRENCY, dryRun: true },
		});
		const val = omnoPayoutWorkflow({
			...common,
			id: 'y',
			prefix: 'val-',
			runOptions: { concurrency: CONCURRENCY, validateFirst: true },
			badRow: 7,
		});
		return {
			id: wf.checks,
			name: 'e2e payout dry run + validate first',
			nodes: [dry.nodes[0], ...branch('Dry run', 0, dry), ...branch('Validate', 300, val)],
			connections: {
				Start: {
					main: [
						[
							{ node: 'Dry run rows', type: 'main', index: 0 },
							{ node: 'Validate rows', type: 'main', index: 0 },
						],
					],
				},
				'Dry run rows': { main: [[{ node: 'Dry run', type: 'main', index: 0 }]] },
				'Validate rows': { main: [[{ node: 'Validate', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
	}

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (sandbox) await sandbox.stop();
	});

	/** The node's output items (json + pairedItem), checked for count, order and pairing. */
	function outputOf(run) {
		assert.ok(
			run.ok,
			`execution failed: ${JSON.stringify(run.error && { ...run.error, raw: undefined })}\n${run.errorText}`,
		);
		const main = run.runData.Payouts?.[0]?.data?.main;
		assert.ok(main, 'the Payouts node ran');
		const items = main[0];
		assert.equal(items.length, COUNT, 'one output item per input row');
		items.forEach((it, i) => {
			assert.deepEqual(it.pairedItem, { item: i }, `item ${i} pairedItem`);
			assert.equal(it.json.orderId, orderIdOf(PREFIX, i), `item ${i} in input order`);
		});
		return items.map((it) => it.json);
	}

	test(`run 1: ${COUNT} payouts with faults, every item accounted for, nothing sent twice`, async (t) => {
		const items = outputOf(await n8n.execute(wf.run));
		const stats = await control('/stats');
		const calls = (await publicCalls(0)).filter((e) => e.method === 'POST' && e.path === '/public/payout');

		// What the sandbox saw, per orderId: exactly one attempt each (the node never re-sends a create).
		const seen = new Map();
		for (const c of calls) {
			assert.ok(!seen.has(c.body.orderId), `${c.body.orderId} was sent twice`);
			seen.set(c.body.orderId, c);
		}
		assert.equal(seen.size, COUNT, 'every row reached the sandbox once');

		const counts = { created: 0, notCreated: 0, unknown: 0 };
		const notCreatedBy = { failed: 0, unknown: 0 };
		firstRun = new Map();
		items.forEach((json, i) => {
			const sb = seen.get(json.orderId);
			let kind;
			if (sb.status === 200 && !sb.fault) {
				kind = 'created';
				assert.ok(json.payoutId, `item ${i}: created payout has a payoutId`);
				assert.equal(json.error, undefined);
			} else if (sb.fault === 'before') {
				// Not created. A 503 cannot tell the client whether OMNO processed the create, so the node may
				// only say "unknown" (or "failed"), never "created"; the replay below settles it.
				kind = 'notCreated';
				assert.match(
					json.outcome,
					/^(failed|unknown)$/,
					`item ${i}: 503 before processing (${JSON.stringify(json)})`,
				);
				assert.equal(json.httpCode, 503);
				assert.equal(json.payoutId, undefined);
				notCreatedBy[json.outcome]++;
			} else {
				assert.match(sb.fault, /^after/, `item ${i}: unexpected sandbox entry ${JSON.stringify(sb)}`);
				kind = 'unknown';
				assert.equal(
					json.outcome,
					'unknown',
					`item ${i}: created-then-${sb.fault} → unknown (${JSON.stringify(json)})`,
				);
			}
			counts[kind]++;
			firstRun.set(json.orderId, kind);
		});
		t.diagnostic(
			`sandbox: ${counts.created} created, ${counts.notCreated} refused before processing (node said ${JSON.stringify(notCreatedBy)}), ${counts.unknown} created but answer lost (node said unknown)`,
		);
		t.diagnostic(
			`API window ${stats.lastResponseAt - stats.firstRequestAt} ms; sandbox faults ${JSON.stringify(stats.faults)}; max in-flight ${stats.maxInFlight}; tokens ${stats.tokenRequests.ok}`,
		);
		assert.ok(counts.notCreated > 0 && counts.unknown > 0, 'the run met both kinds of fault');
		assert.equal(counts.created + counts.notCreated + counts.unknown, COUNT);
		assert.equal(
			items.filter((j) => j.error === undefined).length,
			counts.created,
			'only created items are error-free',
		);
		// The sandbox created what the node reports created, plus the unknown ones (created, answer lost).
		assert.equal(stats.payoutsCreated, counts.created + counts.unknown);
		assert.equal(stats.distinctOrderIds.payout, stats.payoutsCreated, 'no duplicate payouts');
		assert.equal(stats.duplicateOrderIds.payout, 0, 'no duplicate orderId attempts on the first run');
		assert.equal(stats.faults.before, counts.notCreated);
		assert.equal(stats.faults.after, counts.unknown);
		assert.ok(stats.maxInFlight <= CONCURRENCY, `max in-flight ${stats.maxInFlight} ≤ ${CONCURRENCY}`);
		assert.ok(stats.maxInFlight >= 2, `requests ran in parallel (max in-flight ${stats.maxInFlight})`);
	});

	test('run 2: the same input again after the outage → created/unknown are alreadyExists, failed ones created now', async (t) => {
		assert.ok(firstRun, 'run 1 finished');
		await control('/config', { faultRate: 0, faultAfterRate: 0 });
		const before = await control('/stats');
		const since = (await control('/requests?limit=1')).lastSeq;
		const items = outputOf(await n8n.execute(wf.run));
		const stats = await control('/stats');

		let again = 0;
		let createdNow = 0;
		items.forEach((json, i) => {
			const kind = firstRun.get(json.orderId);
			if (kind === 'notCreated') {
				createdNow++;
				assert.ok(
					json.payoutId && !json.error,
					`item ${i}: not created in run 1 → created now (${JSON.stringify(json)})`,
				);
			} else {
				again++;
				assert.equal(
					json.alreadyExists,
					true,
					`item ${i}: ${kind} in run 1 → alreadyExists (${JSON.stringify(json)})`,
				);
				assert.equal(json.error, undefined);
			}
		});
		const calls = (await publicCalls(since)).filter((e) => e.method === 'POST');
		const firstNew = Math.min(...calls.map((c) => c.time));
		assert.equal(calls.length, COUNT, 'one create attempt per row');
		assert.equal(new Set(calls.map((c) => c.body.orderId)).size, COUNT);
		assert.equal(stats.payoutsCreated - before.payoutsCreated, createdNow);
		assert.equal(
			stats.duplicateOrderIds.payout - before.duplicateOrderIds.payout,
			again,
			'409 for each already-created orderId',
		);
		assert.equal(stats.payoutsCreated, COUNT, 'every row is paid out once now');
		assert.equal(stats.distinctOrderIds.payout, stats.payoutsCreated, 'no duplicate payouts');
		const tx = (await control('/transactions?type=payout')).transactions ?? [];
		assert.equal(new Set(tx.map((x) => x.orderId)).size, tx.length, 'one transaction per orderId');
		assert.ok(stats.maxInFlight <= CONCURRENCY, `max in-flight ${stats.maxInFlight} ≤ ${CONCURRENCY}`);
		t.diagnostic(
			`alreadyExists ${again}, created now ${createdNow}, max in-flight ${stats.maxInFlight}, API window ${stats.lastResponseAt - firstNew} ms`,
		);
	});

	test('dry run outputs the would-be request bodies; validate first fails listing the one bad row; nothing is sent', async (t) => {
		const since = (await control('/requests?limit=1')).lastSeq;
		const run = await n8n.execute(wf.checks);

		// Dry run branch (ran first): 20 items, each the exact body OMNO would get, card-free, in order.
		const rows = run.nodeItems('Dry run rows');
		const items = run.runData['Dry run']?.[0]?.data?.main?.[0];
		assert.ok(items, `the dry run ran: ${JSON.stringify(run.error && { ...run.error, raw: undefined })}`);
		assert.equal(items.length, 20);
		items.forEach((it, i) => {
			const row = rows[i];
			assert.deepEqual(it.pairedItem, { item: i });
			assert.equal(it.json.dryRun, true);
			assert.equal(it.json.orderId, row.orderId);
			assert.equal(it.json.request.method, 'POST');
			assert.equal(it.json.request.path, '/public/payout');
			assert.deepEqual(it.json.request.body, {
				orderId: row.orderId,
				value: Number(row.amount),
				currency: 'EUR',
				kycVerified: true,
				customer: row.customer,
			});
		});

		// Validate-first branch: the node fails before sending anything and names the 8th row only.
		assert.equal(run.ok, false);
		assert.ok(run.error, 'an error is reported');
		assert.equal(run.error.node, 'Validate');
		const text = [run.error.message, run.error.description].join('\n');
		t.diagnostic(text);
		assert.match(run.error.message, /1 of 20 rows are invalid; nothing was sent/);
		// Named as a sheet counts rows (header row 1, so the 8th item is row 9), with its orderId and the column the amount is mapped from.
		assert.ok(
			text.includes(
				'• Row 9 (orderId val-000007): Amount (value, column "amount") must be a plain decimal number',
			),
			'names the bad row (the 8th item, row 9) by number, orderId and column',
		);
		assert.match(text, /got "twelve"/);
		assert.doesNotMatch(text, /Row (?!9\b)\d+/, 'lists only the bad row');
		assert.doesNotMatch(text, /\[item \d+\]|Item \d+/, 'no 0-based or "Item" numbering');

		assert.deepEqual(await publicCalls(since), [], 'no /public request from either branch');
	});
});
