'use strict';
/**
 * n8n in queue mode for the e2e and the queue benchmark: one main (`n8n start`: editor, REST/public API, webhooks, enqueues) and N
 * workers (`n8n worker --concurrency=C`), sharing Redis (Bull) and PostgreSQL. Built on tools/n8n/index.js
 * (unchanged): every process is an `N8n` instance with its OWN user folder and its own copy of the built
 * package in `.n8n/nodes/node_modules`, as on separate machines/containers.
 *
 *   const cluster = new QueueCluster({ version, packageDir, redis, postgres, workers: 2, concurrency: 5, logDir });
 *   await cluster.start();                 // main (runs the DB migrations), then the workers in parallel
 *   cluster.main                           // N8n instance: REST, public API, webhooks
 *   cluster.workerExecutions()             // Map executionId -> worker name, from the workers' logs
 *   cluster.logText('worker-1')
 *   await cluster.stop();
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { N8n, freePort, killGroup, sleep } = require('../n8n');
const { recordProcess } = require('./services');

/** The variables that make n8n a queue-mode process (same on main and every worker). */
function queueEnv({ redis, postgres }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		// Manual runs (editor "Execute workflow") go to the workers too (the default from n8n 3).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

class QueueCluster {
	/**
	 * @param {object} o
	 * @param {string} [o.version]      cached n8n version (2.x)
	 * @param {string|null} [o.packageDir] package to install on every process (default: repo root)
	 * @param {object} o.redis          { host, port } (services.js)
	 * @param {object} o.postgres       { host, port, database, user, password } (services.js)
	 * @param {number} [o.workers]      number of workers (default 2)
	 * @param {number} [o.concurrency]  jobs per worker (default 5)
	 * @param {string} o.logDir         where main.log / worker-<n>.log go
	 * @param {object} [o.env]          extra env for every process
	 * @param {object} [o.workerPackageDirs] per-worker override, e.g. { 2: null } = worker 2 without the package
	 * @param {string} [o.recordDir]    services.js folder: pids are recorded there for the shell trap's cleanup
	 */
	constructor({
		version,
		packageDir,
		redis,
		postgres,
		workers = 2,
		concurrency = 5,
		logDir,
		env = {},
		workerPackageDirs = {},
		recordDir,
	}) {
		this.recordDir = recordDir;
		this.version = version;
		this.packageDir = packageDir;
		this.redis = redis;
		this.postgres = postgres;
		this.workerCount = workers;
		this.concurrency = concurrency;
		this.logDir = logDir;
		this.extraEnv = env;
		this.workerPackageDirs = workerPackageDirs;
		this.main = null;
		this.workers = []; // { name, n8n, child, healthPort, logFile, exited }
		this.timings = {};
	}

	_env(extra = {}) {
		return { ...queueEnv({ redis: this.redis, postgres: this.postgres }), ...this.extraEnv, ...extra };
	}

	/** Main first (it migrates the fresh database), then the workers in parallel. */
	async start() {
		fs.mkdirSync(this.logDir, { recursive: true });
		let t = Date.now();
		this.main = new N8n({
			version: this.version,
			packageDir: this.packageDir,
			logLevel: 'info',
			env: this._env(),
		});
		await this.main.prepareUserFolder();
		await this.main.startServer({ timeoutMs: 180_000, logFile: this.logFile('main') });
		if (this.recordDir && this.main.server) recordProcess(this.recordDir, 'n8n-main', this.main.server.pid);
		this.timings.mainStartMs = Date.now() - t;
		t = Date.now();
		await Promise.all(Array.from({ length: this.workerCount }, (_, i) => this.startWorker(i + 1)));
		this.timings.workersStartMs = Date.now() - t;
		return this;
	}

	logFile(name) {
		return path.join(this.logDir, `${name}.log`);
	}

	logText(name) {
		try {
			return fs.readFileSync(this.logFile(name), 'utf8');
		} catch {
			return '';
		}
	}

	/** `n8n worker --concurrency=C` with its own user folder, task-broker port and health server; waits until ready. */
	async startWorker(index, { timeoutMs = 120_000 } = {}) {
		const name = `worker-${index}`;
		const packageDir = index in this.workerPackageDirs ? this.workerPackageDirs[index] : this.packageDir;
		const healthPort = await freePort();
		const n8n = new N8n({
			version: this.version,
			packageDir,
			logLevel: 'info',
			env: this._env({
				// Links a worker writes into a run (the approval form's $execution.resumeFormUrl) must point at main,
				// which serves forms and webhooks: every process gets main's public URL, as n8n's docs ask.
				WEBHOOK_URL: `${this.main.baseUrl}/`,
				N8N_WEBHOOK_URL: `${this.main.baseUrl}/`,
				N8N_EDITOR_BASE_URL: `${this.main.baseUrl}/`,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}),
		});
		await n8n.prepareUserFolder();
		const logFile = this.logFile(name);
		const out = fs.openSync(logFile, 'a');
		const child = spawn(
			n8n.install.nodeBin,
			[n8n.install.n8nScript, 'worker', `--concurrency=${this.concurrency}`],
			{
				env: n8n.env(),
				cwd: n8n.userFolder,
				detached: true,
				stdio: ['ignore', out, out],
			},
		);
		fs.closeSync(out);
		const worker = { name, index, n8n, child, healthPort, logFile, exited: null };
		child.on('exit', (code, signal) => (worker.exited = { code, signal }));
		this.workers.push(worker);
		_registerCleanup(this);
		if (this.recordDir) recordProcess(this.recordDir, `n8n-${name}`, child.pid);
		const t0 = Date.now();
		for (;;) {
			if (worker.exited) {
				throw new Error(
					`${name} exited early (${JSON.stringify(worker.exited)}):\n${this.logText(name).slice(-4000)}`,
				);
			}
			try {
				const r = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`);
				await r.arrayBuffer();
				if (r.status === 200) break;
			} catch {}
			if (Date.now() - t0 > timeoutMs)
				throw new Error(`${name} not ready after ${timeoutMs} ms:\n${this.logText(name).slice(-4000)}`);
			await sleep(250);
		}
		worker.startMs = Date.now() - t0;
		return worker;
	}

	/** executionId -> worker name, from each worker's "Worker started execution <id>" log lines. */
	workerExecutions() {
		const map = new Map();
		for (const w of this.workers) {
			for (const m of this.logText(w.name).matchAll(/Worker started execution (\d+)/g)) {
				if (map.has(m[1])) map.set(m[1], `${map.get(m[1])}+${w.name}`);
				else map.set(m[1], w.name);
			}
		}
		return map;
	}

	/**
	 * The live worker running an execution now: its log has "Worker started execution <id> (job J)" and no
	 * "Worker finished execution <id> (job J)" for the same job (a resumed execution is a new job).
	 */
	workerRunning(executionId) {
		for (const w of this.workers) {
			if (w.exited) continue;
			const log = this.logText(w.name);
			for (const m of log.matchAll(
				new RegExp(`Worker started execution ${executionId} \\(job (\\d+)\\)`, 'g'),
			)) {
				if (!log.includes(`Worker finished execution ${executionId} (job ${m[1]})`)) return w;
			}
		}
		return undefined;
	}

	/** SIGKILL a worker (its jobs in flight are lost, as when a container dies); `startWorker(w.index)` replaces it. */
	killWorker(worker) {
		killGroup(worker.child.pid, 'SIGKILL');
		this.workers = this.workers.filter((w) => w !== worker);
	}

	/** Log lines of every process matching a pattern: [{ process, line }]. */
	grepLogs(pattern) {
		const hits = [];
		for (const name of ['main', ...this.workers.map((w) => w.name)]) {
			for (const line of this.logText(name).split('\n'))
				if (pattern.test(line)) hits.push({ process: name, line });
		}
		return hits;
	}

	/** CPU time (ms, user + system) used so far by a process ('main' or 'worker-N'), from /proc; null if unknown. */
	cpuMs(name) {
		const pid =
			name === 'main' ? this.main?.server?.pid : this.workers.find((w) => w.name === name)?.child.pid;
		try {
			const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in clock ticks (100 Hz)
		} catch {
			return null;
		}
	}

	/** Peak RSS is not tracked; current RSS (kB) of each process from /proc, for the timing report. */
	rss() {
		const out = {};
		const read = (name, pid) => {
			try {
				const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
				out[name] = m ? Math.round(Number(m[1]) / 1024) : null;
			} catch {
				out[name] = null;
			}
		};
		if (this.main?.server) read('main', this.main.server.pid);
		for (const w of this.workers) read(w.name, w.child.pid);
		return out;
	}

	async stopWorker(worker, graceMs = 10_000) {
		if (worker.exited) return;
		const done = new Promise((r) => (worker.exited ? r() : worker.child.once('exit', r)));
		killGroup(worker.child.pid, 'SIGTERM');
		if ((await Promise.race([done, sleep(graceMs).then(() => 'timeout')])) === 'timeout')
			killGroup(worker.child.pid, 'SIGKILL');
		killGroup(worker.child.pid, 'SIGKILL');
	}

	async stop() {
		await Promise.all(this.workers.map((w) => this.stopWorker(w)));
		if (this.main) await this.main.stop();
		if (this.recordDir)
			for (const n of ['main', ...this.workers.map((w) => w.name)])
				recordProcess(this.recordDir, `n8n-${n}`, undefined);
	}

	async cleanup() {
		await this.stop();
		if (process.env.E2E_KEEP) return;
		const folders = [this.main?.userFolder, ...this.workers.map((w) => w.n8n.userFolder)].filter(Boolean);
		for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
	}
}

const _live = new Set();
let _hooked = false;
function _registerCleanup(cluster) {
	_live.add(cluster);
	if (_hooked) return;
	_hooked = true;
	process.on('exit', () => {
		for (const c of _live) for (const w of c.workers) if (!w.exited) killGroup(w.child.pid, 'SIGKILL');
	});
}

module.exports = { QueueCluster, queueEnv };
