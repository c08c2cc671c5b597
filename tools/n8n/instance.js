'use strict';
/**
 * One local n8n: its user folder, environment and CLI (import, execute), and its server process (start, stop).
 * The REST calls against the running server are added by N8n (rest.js), the class callers use.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { DEFAULT_VERSION, major, n8nInstall } = require('./paths');
const { freePort, runProcess, killGroup, sleep } = require('./processes');
const { prepareUserFolder, n8nEnv } = require('./user-folder');
const { interpretExecuteResult } = require('./execute-result');
const { normalizeWorkflow } = require('./workflow');

class N8nInstance {
	/**
	 * @param {object} o
	 * @param {string} [o.version]      n8n version in the cache (default E2E_N8N_VERSION or 2.41.1)
	 * @param {string|null} [o.packageDir] package to install (default repo root; null: none)
	 * @param {number} [o.port]         HTTP port (default: a free port)
	 * @param {string} [o.logLevel]     N8N_LOG_LEVEL (default warn)
	 * @param {object} [o.env]          extra env vars
	 * @param {boolean} [o.verbose]     echo server output
	 */
	constructor({
		version,
		packageDir,
		port,
		logLevel = 'warn',
		env = {},
		verbose = !!process.env.E2E_VERBOSE,
		userFolder,
	} = {}) {
		this.version = version || process.env.E2E_N8N_VERSION || DEFAULT_VERSION;
		this.major = major(this.version);
		this.packageDir = packageDir;
		this.port = port;
		this.logLevel = logLevel;
		this.extraEnv = env;
		this.verbose = verbose;
		this.userFolder = userFolder;
		this.install = n8nInstall(this.version);
		this.server = null;
		this.serverLog = '';
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	async prepareUserFolder() {
		if (!this.port) this.port = await freePort();
		if (!this.brokerPort) this.brokerPort = await freePort();
		this.userFolder = await prepareUserFolder({
			version: this.version,
			packageDir: this.packageDir,
			userFolder: this.userFolder,
		});
		return this.userFolder;
	}

	env() {
		if (!this.userFolder) throw new Error('call prepareUserFolder() first');
		const base = { ...process.env };
		// Do not leak the parent's n8n/npm settings into the child.
		for (const k of Object.keys(base)) if (k.startsWith('N8N_') || k.startsWith('npm_')) delete base[k];
		const env = {
			...base,
			...n8nEnv({
				userFolder: this.userFolder,
				port: this.port,
				brokerPort: this.brokerPort,
				version: this.version,
				logLevel: this.logLevel,
				extra: this.extraEnv,
			}),
		};
		env.PATH = `${path.dirname(this.install.nodeBin)}${path.delimiter}${process.env.PATH || ''}`;
		return env;
	}

	/** Run an n8n CLI command, e.g. cli(['import:workflow', '--input=w.json']). Returns {code, stdout, stderr}. */
	async cli(args, { timeoutMs = 180_000, env = {} } = {}) {
		const t0 = Date.now();
		const res = await runProcess(this.install.nodeBin, [this.install.n8nScript, ...args], {
			env: { ...this.env(), ...env },
			cwd: this.userFolder,
			timeoutMs,
		});
		res.ms = Date.now() - t0;
		if (this.verbose)
			process.stderr.write(`[n8n ${this.version}] n8n ${args.join(' ')} -> ${res.code} in ${res.ms} ms\n`);
		return res;
	}

	async _writeTmp(name, data) {
		const dir = path.join(this.userFolder, 'e2e-input');
		await fsp.mkdir(dir, { recursive: true });
		const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
		await fsp.writeFile(file, JSON.stringify(data, null, 2));
		return file;
	}

	async _cliOk(args, what) {
		const res = await this.cli(args);
		if (res.code !== 0) {
			throw new Error(`${what} failed (exit ${res.code})\nstdout: ${res.stdout}\nstderr: ${res.stderr}`);
		}
		return res;
	}

	/** Import credentials (array or single object with id, name, type, data in plain text). */
	async importCredentials(creds) {
		const list = Array.isArray(creds) ? creds : [creds];
		const file = await this._writeTmp('credentials.json', list);
		return this._cliOk(['import:credentials', `--input=${file}`], 'import:credentials');
	}

	/** Import workflows (array or single). Each needs an `id`. */
	async importWorkflows(workflows) {
		const list = (Array.isArray(workflows) ? workflows : [workflows]).map((w) => normalizeWorkflow(w));
		const file = await this._writeTmp('workflows.json', list);
		return this._cliOk(['import:workflow', `--input=${file}`], 'import:workflow');
	}

	/**
	 * `n8n execute --id <id> --rawOutput`. Returns { code, stdout, stderr, ms, output, error }:
	 *  - output: the parsed last-node output (array of output branches, each an array of items) or undefined
	 *  - items:  output[0] mapped to item.json (convenience)
	 *  - error:  the error text when the execution failed (n8n exits 1 and prints the error)
	 */
	async execute(id, { timeoutMs = 180_000 } = {}) {
		// The run is printed through n8n's logger at info level: ask for info + JSON lines and parse.
		const res = await this.cli(['execute', `--id=${id}`, '--rawOutput'], {
			timeoutMs,
			env: { N8N_LOG_LEVEL: 'info', N8N_LOG_FORMAT: 'json' },
		});
		return interpretExecuteResult(res);
	}

	/** Import a workflow and run it once. */
	async executeWorkflow(workflow, opts) {
		const wf = normalizeWorkflow(workflow);
		await this.importWorkflows(wf);
		return this.execute(wf.id, opts);
	}

	/** `n8n start`, resolves when GET /healthz/readiness answers 200. */
	async startServer({ timeoutMs = 120_000, logFile } = {}) {
		if (this.server) return this;
		if (!this.userFolder) await this.prepareUserFolder();
		const child = spawn(this.install.nodeBin, [this.install.n8nScript, 'start'], {
			env: this.env(),
			cwd: this.userFolder,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server = child;
		this.serverLog = '';
		const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		const onData = (d) => {
			if (logStream) logStream.write(d);
			this.serverLog += d;
			if (this.serverLog.length > 2_000_000) this.serverLog = this.serverLog.slice(-1_000_000);
			if (this.verbose) process.stderr.write(`[n8n ${this.version} server] ${d}`);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		let exited = null;
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			if (this.server === child) this.server = null;
		});
		_registerCleanup(this);
		const t0 = Date.now();
		while (Date.now() - t0 < timeoutMs) {
			if (exited) {
				throw new Error(
					`n8n start exited early (${JSON.stringify(exited)}):\n${this.serverLog.slice(-4000)}`,
				);
			}
			try {
				// Readiness (DB up) answers 200 before the REST routes are mounted (1.x: /rest/* 404s for a
				// moment), so also wait for /rest/settings.
				const r = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (r.status === 200) {
					const s = await fetch(`${this.baseUrl}/rest/settings`);
					await s.arrayBuffer();
					if (s.status === 200) {
						this.startMs = Date.now() - t0;
						return this;
					}
				}
			} catch {}
			await sleep(250);
		}
		await this.stop();
		throw new Error(`n8n did not become ready in ${timeoutMs} ms:\n${this.serverLog.slice(-4000)}`);
	}

	/** Stop the server (whole process group): SIGTERM, then SIGKILL after a grace period. */
	async stop({ graceMs = 10_000 } = {}) {
		const child = this.server;
		if (!child) return;
		this.server = null;
		const done = new Promise((r) =>
			child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r),
		);
		killGroup(child.pid, 'SIGTERM');
		const timer = sleep(graceMs).then(() => 'timeout');
		if ((await Promise.race([done, timer])) === 'timeout') killGroup(child.pid, 'SIGKILL');
		await done;
		// Remaining group members (task runner) go too.
		killGroup(child.pid, 'SIGKILL');
	}

	/** Remove the temporary user folder (after stop()). */
	async cleanup() {
		await this.stop();
		if (this.userFolder && !process.env.E2E_KEEP) {
			await fsp.rm(this.userFolder, { recursive: true, force: true });
		}
	}
}

const _live = new Set();
let _hooked = false;
function _registerCleanup(inst) {
	_live.add(inst);
	if (_hooked) return;
	_hooked = true;
	const killAll = () => {
		for (const i of _live) if (i.server) killGroup(i.server.pid, 'SIGKILL');
	};
	process.on('exit', killAll);
	// Only take over signals if the program has no handler of its own (scripts/start.js has).
	for (const sig of ['SIGINT', 'SIGTERM']) {
		if (process.listenerCount(sig) > 0) continue;
		process.once(sig, () => {
			killAll();
			process.exit(130);
		});
	}
}

module.exports = { N8nInstance };
