'use strict';
/**
 * The set-up most e2e files share: the sandbox started in-process on a random port, an n8n of the file's own (fresh
 * user folder, the built package installed) with the OMNO sandbox credential, the file's other credentials and its
 * workflows imported in one batch each (every `n8n` CLI call boots n8n, ~3–5 s), and, when asked, `n8n start` with
 * an owner, a login and an API key.
 *
 *   const stack = new Stack();
 *   before(() => stack.start({ sandbox: { seed: 'sheets', settleMs: 300 }, workflows: [wf], server: true }));
 *   after(() => stack.stop());
 *   stack.sandbox, stack.url, stack.tokenUrl, stack.n8n, await stack.call('POST', '/public/payout', body)
 *
 * `stop()` cleans up whatever `start()` got to, so a set-up that fails half-way leaves nothing running.
 */
const { N8n } = require('../../tools/n8n');
const { createSandbox } = require('../../sandbox/server');
const { ROOT, VERSION, CRED_ID, CRED_NAME, credentialData, sandboxToken, omnoCall } = require('./omno');

class Stack {
	constructor() {
		this.ownTokenRequests = 0; // token requests made by the test itself (call()), not by n8n
	}

	/** The sandbox (`sandbox`: createSandbox options), then n8n (the other options: startN8n's). */
	async start({ sandbox = {}, ...n8n } = {}) {
		await this.startSandbox(sandbox);
		await this.startN8n(n8n);
		return this;
	}

	/** The sandbox alone, for a file that needs OMNO before n8n (start() does both). */
	async startSandbox(options = {}) {
		this.sandbox = createSandbox({ quiet: true, ...options });
		const started = await this.sandbox.start(0, '127.0.0.1');
		this.url = started.url;
		this.tokenUrl = started.tokenUrl;
	}

	/**
	 * @param {object} o
	 * @param {{id: string, name: string}} [o.omnoCredential]  the OMNO sandbox credential's id and name
	 * @param {object[]} [o.credentials]  more credentials, { id, name, type, data }
	 * @param {object[]} [o.workflows]    imported with `n8n import:workflow`
	 * @param {boolean} [o.server]        then `n8n start` and bootstrapOwner()
	 */
	async startN8n({
		omnoCredential = { id: CRED_ID, name: CRED_NAME },
		credentials = [],
		workflows = [],
		server = false,
	} = {}) {
		this.n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await this.n8n.prepareUserFolder();
		await this.n8n.importCredentials([
			{ ...omnoCredential, type: 'omnoOAuth2Api', data: credentialData(this.url) },
			...credentials,
		]);
		if (workflows.length) await this.n8n.importWorkflows(workflows);
		if (server) await this.startServer();
	}

	/** `n8n start` (after the CLI imports and executions: server and CLI share one SQLite file), owner, API key. */
	async startServer() {
		await this.n8n.startServer();
		await this.n8n.bootstrapOwner();
	}

	async stop() {
		if (this.n8n) await this.n8n.cleanup();
		if (this.sandbox) await this.sandbox.stop();
	}

	/** The sandbox's request log: what OMNO received. */
	get log() {
		return this.sandbox.state.requestLog;
	}

	/** A direct OMNO API call against the sandbox with a token of the test's own, as from elsewhere than n8n. */
	async call(method, urlPath, body) {
		if (!this.token) {
			this.token = await sandboxToken(this.tokenUrl);
			this.ownTokenRequests++;
		}
		return await omnoCall(this.url, this.token, method, urlPath, body);
	}
}

module.exports = { Stack };
