'use strict';
/**
 * A payout run at queue-mode scale: N payouts (create → journal → confirm → final status) split into batches that
 * n8n's workers take off the queue, every worker's Auto controller against one OMNO rate limit.
 *
 *   node bench/queue-run.js                                        # 100,000 payouts, 2 workers, 200 req/s
 *   QUEUE_BENCH_ITEMS=20000 QUEUE_BENCH_WORKERS=3 node bench/queue-run.js
 *
 * How the run is split, and why so: each batch is its own execution, started by a POST to the batch workflow's
 * webhook (what a parent workflow's HTTP Request node does). n8n's Execute Workflow node runs a sub-workflow in the
 * process that calls it (n8n's `executeWorkflow` → `startExecution` builds a `WorkflowExecute` in place), so a
 * parent looping over Execute Workflow keeps every batch on one worker; only separate executions spread over the
 * workers. Each batch writes its journal (orderId → payoutId) to a Data Table right after its creates, before it
 * confirms anything, as the payout-run example does.
 *
 * Measured: wall (first → last /public request at the sandbox), × bound (3 requests per payout / rate), 429 share,
 * token requests, duplicates and lost payouts (the sandbox's store against the rows), every payout's final status,
 * the journal's row count, per worker: peak RSS (VmHWM over its process tree), CPU seconds, executions taken.
 * Needs redis-server and PostgreSQL (as the queue-mode e2e: `bash e2e/queue/run.sh` installs them) and n8n 2.x in
 * the cache. Writes $TMPDIR/omno-queue-bench-<workers>w-<items>-<time>.json and prints a RESULTS.md row.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { killGroup, sleep } = require('../tools/n8n');
const { QueueCluster } = require('../tools/queue-mode/cluster');
const { startPostgres, startRedis, stopRecorded } = require('../tools/queue-mode/services');
const { ensureDataTable, readDataTableRows } = require('../tools/n8n/data-tables');
const { n8nCredentialData } = require('../sandbox/config');
const { journalInsert } = require('../tools/payout-examples/nodes');
const { payoutRows } = require('../tools/payout-workflows');
const { sampler } = require('./lib/measure');
const { control, spawnSandbox } = require('./lib/sandbox');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const ITEMS = Number(env.QUEUE_BENCH_ITEMS || 100_000);
const BATCH = Number(env.QUEUE_BENCH_BATCH || 1000);
const WORKERS = Number(env.QUEUE_BENCH_WORKERS || 2);
const WORKER_CONCURRENCY = Number(env.QUEUE_BENCH_CONCURRENCY || 2);
const RATE = Number(env.QUEUE_BENCH_RATE || 200);
const LATENCY = env.QUEUE_BENCH_LATENCY || '25-75';
const VERSION = env.QUEUE_BENCH_N8N || require('../scripts/n8n-versions.json').default;
const PREFIX = `qb${Date.now().toString(36)}-`;
const HOOK = 'omno-bench-batch';
const JOURNAL = 'omno_bench_journal';

const T0 = Date.now();
const say = (msg) => console.error(`[queue-bench +${((Date.now() - T0) / 1000).toFixed(0)}s] ${msg}`);

/** This run's sandbox: OMNO's limit and latency, 300-second tokens, no business errors. */
function startSandbox() {
	return spawnSandbox([
		...['--rate-limit', String(RATE), '--latency', LATENCY, '--token-lifetime', '300'],
		...['--settle-ms', '100', '--seed', 'queue-bench', '--log-limit', '1000'],
	]);
}

/** Every named process tree sampled each second (bench/lib/measure.js): peak RSS and CPU so far, and the load. */
function sampleTrees(roots) {
	const samplers = Object.entries(roots).map(([name, pid]) => [name, sampler(pid, 1000)]);
	const each = (figures) => Object.fromEntries(samplers.map(([name, s]) => [name, figures(s)]));
	return {
		read: () => each((s) => s.read()),
		load: () => Math.max(0, ...samplers.map(([, s]) => s.read().load ?? 0)),
		stop: () => each((s) => s.stop()),
	};
}

/** The batch workflow: webhook → the batch's rows → create → journal → confirm → final status. */
function batchWorkflow(credential, journalId) {
	const cred = { omnoOAuth2Api: { id: credential.id, name: credential.name } };
	const omno = (name, x, parameters) => ({
		name,
		type: 'n8n-nodes-omno.omno',
		typeVersion: 1,
		position: [x, 0],
		credentials: cred,
		onError: 'continueRegularOutput',
		parameters,
	});
	// The rows of one batch, as a sheet gives them (flat columns, headers as people write them). In a real run they
	// come from the uploaded file; here they are made from the batch's first row number so the POST stays small.
	const rows = `const { prefix, from, count } = $input.first().json.body;\nreturn (${payoutRows.toString()})(count, prefix, from, true);`;
	return {
		name: 'Queue bench: one batch of a payout run',
		nodes: [
			{
				name: 'Batch',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: HOOK,
				position: [0, 0],
				parameters: { httpMethod: 'POST', path: HOOK, responseMode: 'onReceived', options: {} },
			},
			{
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { language: 'javaScript', jsCode: rows },
			},
			omno('Create', 400, {
				resource: 'payout',
				operation: 'create',
				mappingMode: 'autoMapInputData',
				kycVerified: true,
			}),
			journalInsert(
				'Journal',
				[600, 0],
				{ orderId: '={{ $json.orderId }}', payoutId: '={{ $json.payoutId ?? "" }}' },
				{ __rl: true, mode: 'list', value: journalId, cachedResultName: JOURNAL },
			),
			omno('Confirm', 800, {
				resource: 'payout',
				operation: 'confirm',
				payoutId: "={{ $('Create').item.json.payoutId }}",
			}),
			omno('Final status', 1000, {
				resource: 'transaction',
				operation: 'get',
				transactionType: 'payout',
				transactionId: "={{ $('Create').item.json.payoutId }}",
				waitForFinalStatus: true,
			}),
		],
		connections: {
			Batch: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
			Create: { main: [[{ node: 'Journal', type: 'main', index: 0 }]] },
			Journal: { main: [[{ node: 'Confirm', type: 'main', index: 0 }]] },
			Confirm: { main: [[{ node: 'Final status', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The journal against OMNO: rows, orderIds with the payoutId OMNO holds for them, orderIds missing. */
async function checkJournal(n8n, tableId, payoutIdByOrder) {
	const rows = await readDataTableRows(n8n, tableId);
	const journaled = new Map(rows.filter((r) => r.payoutId).map((r) => [r.orderId, r.payoutId]));
	let right = 0;
	for (const [orderId, payoutId] of payoutIdByOrder) if (journaled.get(orderId) === payoutId) right++;
	return { rows: rows.length, rightPayoutId: right, missing: payoutIdByOrder.size - right };
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-queue-bench-'));
	const batches = Math.ceil(ITEMS / BATCH);
	say(
		`${ITEMS} payouts in ${batches} batches of ${BATCH}, ${WORKERS} workers × ${WORKER_CONCURRENCY}, ${RATE} req/s`,
	);
	let sandbox;
	let cluster;
	let trees;
	try {
		const [pg, redis] = await Promise.all([startPostgres({ dir }), startRedis({ dir })]);
		sandbox = await startSandbox();
		cluster = new QueueCluster({
			version: VERSION,
			packageDir: ROOT,
			redis,
			postgres: pg,
			workers: WORKERS,
			concurrency: WORKER_CONCURRENCY,
			logDir: path.join(dir, 'logs'),
			recordDir: dir,
			env: { DB_POSTGRESDB_POOL_SIZE: '20', DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000' },
		});
		await cluster.start();
		const n8n = cluster.main;
		await n8n.bootstrapOwner();
		const credential = await n8n.createCredential({
			name: 'OMNO sandbox (queue bench)',
			type: 'omnoOAuth2Api',
			data: n8nCredentialData(sandbox.url),
		});
		const journalId = await ensureDataTable(n8n, JOURNAL, ['orderId', 'payoutId']);
		const wf = await n8n.createWorkflow(batchWorkflow(credential, journalId));
		await n8n.activateWorkflow(wf.id);
		say('cluster ready');

		const roots = { main: n8n.server.pid };
		for (const w of cluster.workers) roots[w.name] = w.child.pid;
		trees = sampleTrees(roots);
		const before = trees.read();
		const started = Date.now();
		for (let b = 0; b < batches; b++) {
			const from = b * BATCH;
			const body = JSON.stringify({ prefix: PREFIX, from, count: Math.min(BATCH, ITEMS - from) });
			for (;;) {
				const res = await fetch(`${n8n.baseUrl}/webhook/${HOOK}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body,
				});
				await res.arrayBuffer();
				if (res.status === 200) break;
				// Activation answers before the webhook is live (404 for a moment): POST again.
				await sleep(500);
			}
		}
		say(`${batches} batches queued in ${((Date.now() - started) / 1000).toFixed(1)} s`);

		// Done when every payout is final at the sandbox and every batch execution has finished.
		const deadline = started + Math.max(3_600_000, ((3 * ITEMS) / RATE) * 4000);
		let stats;
		let executions;
		for (;;) {
			stats = await control(sandbox.url, '/stats');
			executions = await n8n.listExecutions(wf.id, { includeData: false, limit: batches + 5 });
			const finished = executions.filter((e) => ['success', 'error', 'crashed'].includes(e.status));
			const confirms = stats.byEndpoint['PUT /public/payout/{id}/confirm'] ?? 0;
			if (finished.length >= batches) break;
			if (Date.now() > deadline) throw new Error(`not finished: ${finished.length}/${batches} batches`);
			say(
				`${finished.length}/${batches} batches done · ${stats.payoutsCreated} created · ${confirms} confirms`,
			);
			await sleep(10_000);
		}
		const after = trees.read();
		const { transactions } = await control(sandbox.url, '/transactions?type=payout');
		const mine = transactions.filter((t) => String(t.orderId).startsWith(PREFIX));
		const orderIds = new Set(mine.map((t) => t.orderId));
		const byStatus = {};
		for (const t of mine) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
		const ranOn = {};
		for (const [, w] of cluster.workerExecutions()) ranOn[w] = (ranOn[w] ?? 0) + 1;
		const publicRequests = stats.requests;
		const wallS = (stats.lastResponseAt - stats.firstRequestAt) / 1000;
		const boundS = (3 * ITEMS) / RATE;
		const result = {
			date: new Date().toISOString(),
			n8n: VERSION,
			items: ITEMS,
			batch: BATCH,
			workers: WORKERS,
			workerConcurrency: WORKER_CONCURRENCY,
			rate: RATE,
			latency: LATENCY,
			wallS,
			boundS,
			xBound: wallS / boundS,
			requests: publicRequests,
			byEndpoint: stats.byEndpoint,
			rateLimited: stats.rateLimited,
			share429: stats.rateLimited / publicRequests,
			tokenRequests: stats.tokenRequests,
			created: mine.length,
			distinctOrderIds: orderIds.size,
			duplicates: mine.length - orderIds.size,
			lost: ITEMS - orderIds.size,
			byStatus,
			executions: countStatuses(executions),
			journal: await checkJournal(n8n, journalId, new Map(mine.map((t) => [t.orderId, t.id]))),
			ranOn,
			perProcess: Object.fromEntries(
				Object.keys(after).map((k) => [
					k,
					{ peakMb: Math.round(after[k].treeMb), cpuS: +(after[k].cpuS - before[k].cpuS).toFixed(1) },
				]),
			),
			maxLoad: trees.load(),
		};
		const workerCpu = Object.entries(result.perProcess)
			.filter(([k]) => k.startsWith('worker'))
			.reduce((a, [, v]) => a + v.cpuS, 0);
		result.workerCpuMsPerPayout = (workerCpu * 1000) / ITEMS;
		const file = path.join(os.tmpdir(), `omno-queue-bench-${WORKERS}w-${ITEMS}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(result, null, 2));
		console.log(JSON.stringify(result, null, 2));
		say(`written ${file}`);
	} finally {
		trees?.stop();
		if (cluster) await cluster.stop().catch(() => {});
		if (sandbox) killGroup(sandbox.child.pid, 'SIGTERM');
		stopRecorded(dir);
		if (!env.QUEUE_BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
	}
}

function countStatuses(executions) {
	const out = {};
	for (const e of executions) out[e.status] = (out[e.status] ?? 0) + 1;
	return out;
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
