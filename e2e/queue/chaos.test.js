'use strict';
/**
 * Chaos in n8n queue mode: the payout run of e2e/lib/chaos-scenario.js on main + 2 workers (Redis,
 * PostgreSQL), with the WORKER running the payout run SIGKILLed twice — at ~30 % of the creates and at ~50 % of
 * the confirms — and a new worker started in its place. Main (editor, forms, webhooks) stays up; the ledger's
 * executions keep running on the other worker. Run by e2e/queue/run.sh after queue.test.js.
 *
 *   bash e2e/queue/run.sh                                  E2E_CHAOS_ROWS (default 1000) for iterating
 *
 * n8n gives up a job whose worker died (Bull maxStalledCount 0: never run twice), so the killed run is not
 * resumed by the other worker; the person running payouts uploads the sheet again, as in regular mode.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sleep } = require('../../tools/n8n');
const { QueueCluster } = require('../../tools/queue-mode/cluster');
const { startPostgres, startRedis } = require('../../tools/queue-mode/services');
const { executionIds } = require('../lib/forms');
const { payoutRunChaos } = require('../lib/chaos-scenario');

const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../../scripts/n8n-versions.json').default;

payoutRunChaos({
	title: `chaos: payout run, n8n ${VERSION} queue mode, the run's worker killed twice`,
	what: "the run's worker SIGKILLed",
	rows: Number(process.env.E2E_CHAOS_ROWS || 1000),
	async deploy({ timed, credentials }) {
		const dir = fs.mkdtempSync(path.join(process.env.E2E_QUEUE_DIR || os.tmpdir(), 'chaos-'));
		const [pg, redis] = await Promise.all([startPostgres({ dir }), startRedis({ dir })]);
		const cluster = new QueueCluster({
			version: VERSION,
			packageDir: ROOT,
			redis,
			postgres: pg,
			workers: 2,
			concurrency: 5,
			logDir: path.join(dir, 'logs'),
			recordDir: dir,
			// See e2e/queue/queue.test.js and docs/queue-mode.md: n8n's default pool of 2 connections stalls bursts.
			env: {
				DB_POSTGRESDB_POOL_SIZE: '20',
				DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000',
				N8N_PAYLOAD_SIZE_MAX: '64',
			},
		});
		await timed('n8n first start', () => cluster.start());
		const n8n = cluster.main;
		await n8n.importCredentials(credentials);
		let killedIndex = null;
		return {
			n8n,
			async kill({ runWorkflowId }) {
				// The run's execution is the one of its workflow that a live worker has started and not finished.
				for (const t0 = Date.now(); Date.now() - t0 < 30_000; await sleep(100)) {
					for (const id of await executionIds(n8n, runWorkflowId)) {
						const worker = cluster.workerRunning(id);
						if (!worker) continue;
						cluster.killWorker(worker);
						killedIndex = worker.index;
						return `${worker.name} (execution ${id})`;
					}
				}
				throw new Error('no worker was running the payout run');
			},
			async recover() {
				await cluster.startWorker(killedIndex);
			},
			async cleanup() {
				await cluster.cleanup();
				await redis.stop().catch(() => {});
				await pg.stop().catch(() => {});
			},
		};
	},
});
