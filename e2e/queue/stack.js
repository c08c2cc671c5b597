'use strict';
/**
 * The set-up of e2e/queue/queue.test.js (not a test file itself): PostgreSQL and Redis on free ports, the sandbox,
 * n8n main + 2 workers (tools/queue-mode/cluster.js) each with its own copy of the package, the owner and the two credentials
 * made through the editor's REST API; the rows of the payout run; the timing report (report.json in the work dir);
 * readers of executions (public API) and of the sandbox's deliveries. The scenarios: payout-run.js, trigger-burst.js.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sleep } = require('../../tools/n8n');
const { control, credentialData } = require('../lib/omno');
const { QueueCluster } = require('../../tools/queue-mode/cluster');
const { startPostgres, startRedis } = require('../../tools/queue-mode/services');
const { createSandbox } = require('../../sandbox/server');

const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../../scripts/n8n-versions.json').default;
const ROWS = Number(process.env.E2E_QUEUE_ROWS || 1000);
const DELIVERIES = Number(process.env.E2E_QUEUE_DELIVERIES || 200);
const WORKERS = 2;
const WORKER_CONCURRENCY = 5;
// n8n's default Postgres pool is 2 connections per process: a webhook burst on main then waits for
// connections ("timeout exceeded when trying to connect") and deliveries time out. See docs/queue-mode.md.
const DB_POOL_SIZE = process.env.E2E_QUEUE_DB_POOL || '20';
const WEBHOOK_SECRET = 'queue-e2e-webhook-secret-7f3c9a';

// Deterministic rows: amounts with cents (no float arithmetic anywhere: totals are summed in cents).
const RUN_TAG = `q${Date.now().toString(36)}`;
const rows = Array.from({ length: ROWS }, (_, i) => {
	const cents = 1000 + ((i * 7919) % 90000); // 10.00 … 909.99
	return {
		orderId: `${RUN_TAG}-payout-${String(i + 1).padStart(5, '0')}`,
		value: `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
		currency: 'EUR',
	};
});

function countBy(list, key) {
	const out = {};
	for (const x of list) out[key(x)] = (out[key(x)] ?? 0) + 1;
	return out;
}

const finished = (e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status);
/** item.json of a node's first output in an execution read through the public API. */
const nodeOutput = (exec, node) =>
	exec.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.map((i) => i.json);

class QueueStack {
	constructor() {
		this.report = {
			version: VERSION,
			rows: ROWS,
			deliveries: DELIVERIES,
			timings: {},
			counts: {},
			ranOn: {},
		};
		this.t0 = Date.now();
		this.execWorker = new Map(); // executionId -> worker name (from worker logs)
		this.payoutIds = []; // in row order, from the first run's output
		this.say = this.say.bind(this);
		this.timed = this.timed.bind(this);
	}

	say(msg) {
		process.stdout.write(`[queue +${((Date.now() - this.t0) / 1000).toFixed(1)}s] ${msg}\n`);
	}

	async timed(name, fn) {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			this.report.timings[name] = Date.now() - t;
			this.say(`${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
		}
	}

	async start() {
		const { say, timed, report } = this;
		const dir = (this.dir =
			process.env.E2E_QUEUE_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'omno-queue-')));
		say(`work dir ${dir}`);
		await timed('services (PostgreSQL + Redis)', async () => {
			[this.pg, this.redis] = await Promise.all([startPostgres({ dir }), startRedis({ dir })]);
		});
		say(`PostgreSQL 127.0.0.1:${this.pg.port}, Redis 127.0.0.1:${this.redis.port}`);
		// Webhook timeout 60 s: the main process verifies deliveries one CPU slice at a time (~0.1 s each on this
		// 2-core machine), so the last of 200 simultaneous deliveries is answered after tens of seconds. A timed-out
		// delivery may still start a run and is then re-sent (at-least-once), which is not what this test measures.
		// Re-sends spaced out like a real provider's, so deliveries the busy main process sheds (503/500) come back.
		this.sandbox = createSandbox({
			quiet: true,
			seed: 'queue-e2e',
			latency: '5-25',
			webhookTimeoutMs: 120_000,
			webhookRetryDelaysMs: [1000, 5000, 15000, 30000],
		});
		this.sandboxUrl = (await this.sandbox.start(0, '127.0.0.1')).url;

		this.cluster = new QueueCluster({
			version: VERSION,
			packageDir: ROOT,
			redis: this.redis,
			postgres: this.pg,
			workers: WORKERS,
			concurrency: WORKER_CONCURRENCY,
			logDir: path.join(dir, 'logs'),
			recordDir: dir,
			// Connection wait 60 s instead of 20 s: under a burst the CPU-bound main holds its connections longer.
			env: { DB_POSTGRESDB_POOL_SIZE: DB_POOL_SIZE, DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000' },
		});
		await timed('n8n main + workers start', () => this.cluster.start());
		Object.assign(report.timings, this.cluster.timings);
		const n8n = (this.n8n = this.cluster.main);
		await n8n.bootstrapOwner();

		// Credentials through the editor's REST API (plain data, encrypted by n8n with the shared key).
		const oauthCred = await n8n.createCredential({
			name: 'OMNO sandbox (queue e2e)',
			type: 'omnoOAuth2Api',
			data: credentialData(this.sandboxUrl),
		});
		const hookCred = await n8n.createCredential({
			name: 'OMNO webhook secret (queue e2e)',
			type: 'omnoWebhookAuthApi',
			data: { authType: 'header', headerName: 'X-Omno-Key', headerSecret: WEBHOOK_SECRET },
		});
		this.oauthRef = { omnoOAuth2Api: { id: oauthCred.id, name: oauthCred.name } };
		this.hookRef = { omnoWebhookAuthApi: { id: hookCred.id, name: hookCred.name } };
	}

	async stop() {
		const { cluster, sandbox, redis, pg, dir, report } = this;
		try {
			if (cluster) {
				for (const [id, w] of cluster.workerExecutions()) this.execWorker.set(id, w);
				report.rssMb = cluster.rss();
				await cluster.cleanup();
			}
		} finally {
			if (sandbox) await sandbox.stop().catch(() => {});
			if (redis) await redis.stop().catch(() => {});
			if (pg) await pg.stop().catch(() => {});
			report.timings.total = Date.now() - this.t0;
			if (dir) fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2));
			this.say(`report: ${JSON.stringify(report, null, 2)}`);
			if (dir && !process.env.E2E_KEEP && !process.env.E2E_QUEUE_DIR)
				fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** All executions of a workflow (public API, cursor pages). */
	async executions(workflowId, includeData = false) {
		const all = [];
		let cursor;
		for (;;) {
			const q = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '250' });
			if (cursor) q.set('cursor', cursor);
			const res = await this.n8n.request('GET', `/api/v1/executions?${q}`, {
				apiKey: true,
				cookie: false,
				expect: 200,
			});
			all.push(...res.json.data);
			cursor = res.json.nextCursor;
			if (!cursor) return all;
		}
	}

	async waitForFinished(workflowId, count, timeoutMs) {
		const t0 = Date.now();
		for (;;) {
			const list = await this.executions(workflowId);
			const done = list.filter(finished);
			if (done.length >= count) return done;
			if (Date.now() - t0 > timeoutMs) {
				const statuses = countBy(list, (e) => e.status);
				const unfinished = list
					.filter((e) => !finished(e))
					.slice(0, 5)
					.map((e) => `${e.id}:${e.status} on ${this.workerOf(e.id)}`);
				throw new Error(
					`only ${done.length}/${count} executions of ${workflowId} finished after ${timeoutMs} ms: ${JSON.stringify(statuses)} e.g. ${unfinished.join(', ')}`,
				);
			}
			await sleep(500);
		}
	}

	async execution(id) {
		const res = await this.n8n.request('GET', `/api/v1/executions/${id}?includeData=true`, {
			apiKey: true,
			cookie: false,
			expect: 200,
		});
		return res.json;
	}

	workerOf(executionId) {
		for (const [id, w] of this.cluster.workerExecutions()) this.execWorker.set(id, w);
		return this.execWorker.get(String(executionId));
	}

	/** Sandbox control API (`/_sandbox/...`). */
	control(method, urlPath, body) {
		return control(this.sandboxUrl, method, urlPath, body);
	}

	lastDeliverySeq() {
		const all = this.sandbox.state.webhooks.since(0);
		return all.length ? all[all.length - 1].seq : 0;
	}

	deliveriesSince(seq) {
		return this.sandbox.state.webhooks.since(seq);
	}
}

module.exports = {
	VERSION,
	ROWS,
	DELIVERIES,
	WORKERS,
	WEBHOOK_SECRET,
	rows,
	countBy,
	nodeOutput,
	QueueStack,
};
