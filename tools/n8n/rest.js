'use strict';
/** N8n: a local n8n (instance.js) plus the REST calls tests and tools make against its running server. */
const { N8nInstance } = require('./instance');
const { sleep } = require('./processes');
const { normalizeWorkflow } = require('./workflow');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Omno',
	lastName: 'Owner',
	password: 'OmnoSandbox-2024!',
};

class N8n extends N8nInstance {
	constructor(options) {
		super(options);
		this.cookie = '';
		this.apiKey = '';
		this.owner = { ...OWNER };
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

module.exports = { OWNER, N8n };
