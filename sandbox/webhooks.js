'use strict';

const crypto = require('node:crypto');

const AUTH_TYPES = new Set(['none', 'header', 'basic', 'query']);
const TYPES = ['payin', 'payout'];

class WebhookConfigError extends Error {}

function bad(msg) {
	throw new WebhookConfigError(msg);
}

function str(v, path) {
	if (typeof v !== 'string' || v === '') bad(`${path} must be a non-empty string`);
	return v;
}

// Normalises one dashboard-style webhook definition.
function normalizeWebhook(w, i) {
	const p = `webhooks[${i}]`;
	if (!w || typeof w !== 'object' || Array.isArray(w)) bad(`${p} must be an object`);
	let url;
	try {
		url = new URL(str(w.url, `${p}.url`));
	} catch (e) {
		if (e instanceof WebhookConfigError) throw e;
		bad(`${p}.url must be an absolute URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') bad(`${p}.url must be http(s)`);
	const events = w.events ?? ['*'];
	if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string')) {
		bad(`${p}.events must be a non-empty array of statuses or ["*"]`);
	}
	const types = w.types ?? TYPES;
	if (!Array.isArray(types) || types.length === 0 || !types.every((t) => TYPES.includes(t))) {
		bad(`${p}.types must be a non-empty array of "payin" / "payout"`);
	}
	const a = w.auth ?? { type: 'none' };
	if (!a || typeof a !== 'object' || !AUTH_TYPES.has(a.type))
		bad(`${p}.auth.type must be none, header, basic or query`);
	let auth = { type: 'none' };
	if (a.type === 'header')
		auth = { type: 'header', name: str(a.name, `${p}.auth.name`), value: str(a.value, `${p}.auth.value`) };
	if (a.type === 'basic') {
		auth = {
			type: 'basic',
			username: str(a.username, `${p}.auth.username`),
			password: str(a.password, `${p}.auth.password`),
		};
	}
	if (a.type === 'query')
		auth = { type: 'query', param: str(a.param, `${p}.auth.param`), value: str(a.value, `${p}.auth.value`) };
	if (auth.type === 'header' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(auth.name))
		bad(`${p}.auth.name is not a valid header name`);
	return {
		id: typeof w.id === 'string' && w.id ? w.id : crypto.randomUUID(),
		name: typeof w.name === 'string' ? w.name : `webhook ${i + 1}`,
		url: url.toString(),
		events: events.map((e) => (e === '*' ? e : e.toUpperCase())),
		types: [...types],
		auth,
	};
}

function normalizeWebhooks(list) {
	if (list && !Array.isArray(list) && Array.isArray(list.webhooks)) list = list.webhooks;
	if (!Array.isArray(list)) bad('webhooks must be an array');
	return list.map(normalizeWebhook);
}

// Config as shown by the control API: secrets replaced.
function redactWebhook(w) {
	const auth = { ...w.auth };
	if ('value' in auth) auth.value = '***';
	if ('password' in auth) auth.password = '***';
	return { ...w, auth };
}

class Webhooks {
	/**
	 * retryDelaysMs: the waits between attempts; its last entry repeats when maxAttempts allows more.
	 * maxAttempts: attempts per delivery; 0 = until a 2xx, as OMNO does ("retries until it gets a 200");
	 * undefined = retryDelaysMs.length + 1. onChange(): an undelivered job was added or settled (state file).
	 */
	constructor({
		retryDelaysMs = [50, 100, 200],
		maxAttempts,
		timeoutMs = 5000,
		logLimit = 100000,
		concurrency = 0,
		onAttempt,
		onChange,
	} = {}) {
		this.retryDelaysMs = retryDelaysMs;
		// Attempts in flight at once over all targets (0 = no limit): a receiver that comes back after an outage
		// gets the backlog at this pace instead of all at once.
		this.concurrency = concurrency;
		this.inFlight = 0;
		this.slotWaiters = [];
		this.maxAttempts = maxAttempts ?? retryDelaysMs.length + 1;
		this.timeoutMs = timeoutMs;
		this.logLimit = logLimit;
		this.onAttempt = onAttempt;
		this.onChange = onChange;
		this.list = [];
		this.log = [];
		this.seq = 0;
		this.jobSeq = 0;
		this.chains = new Map();
		// Jobs not yet delivered (nor given up), in dispatch order: what a state file keeps across restarts.
		this.outstanding = new Map();
		this.pending = 0;
		this.idleWaiters = [];
		this.timers = new Set();
		this.controllers = new Set();
		this.stopped = false;
		this.counts = { attempts: 0, delivered: 0, failed: 0 };
	}

	/** Live retry settings (POST /_sandbox/config); deliveries already waiting pick them up on their next attempt. */
	configure({ retryDelaysMs, maxAttempts, timeoutMs, concurrency } = {}) {
		if (retryDelaysMs !== undefined) this.retryDelaysMs = retryDelaysMs;
		if (concurrency !== undefined) this.concurrency = concurrency;
		if (maxAttempts !== undefined) this.maxAttempts = maxAttempts ?? this.retryDelaysMs.length + 1;
		if (timeoutMs !== undefined) this.timeoutMs = timeoutMs;
	}

	async takeSlot() {
		while (this.concurrency > 0 && this.inFlight >= this.concurrency && !this.stopped) {
			await new Promise((resolve) => this.slotWaiters.push(resolve));
		}
		this.inFlight++;
	}

	releaseSlot() {
		this.inFlight--;
		this.slotWaiters.shift()?.();
	}

	delayBefore(nextAttempt) {
		const d = this.retryDelaysMs;
		if (d.length === 0) return 0;
		return d[Math.min(nextAttempt - 2, d.length - 1)];
	}

	isLastAttempt(attempt) {
		return this.maxAttempts > 0 && attempt >= this.maxAttempts;
	}

	setList(list) {
		this.list = normalizeWebhooks(list);
		return this.list;
	}

	publicList() {
		return this.list.map(redactWebhook);
	}

	clearLog() {
		this.log = [];
		this.counts = { attempts: 0, delivered: 0, failed: 0 };
	}

	// One status change -> one delivery per matching target (dashboard hooks + per-request URL).
	dispatch({ type, status, payload, transactionId, orderId, extraUrls = [] }) {
		if (this.stopped) return;
		const targets = this.list.filter(
			(w) => w.types.includes(type) && (w.events.includes('*') || w.events.includes(status)),
		);
		for (const url of new Set(extraUrls.filter(Boolean))) {
			targets.push({ id: 'per-request', name: 'per-request webhook.url', url, auth: { type: 'none' } });
		}
		if (targets.length === 0) return;
		const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
		for (const target of targets)
			this.enqueue({ target, body, type, status, transactionId, orderId, attempts: 0 });
	}

	/** Jobs a state file kept (undelivered when the sandbox stopped): sent again, in their order. */
	restore(jobs) {
		for (const job of jobs) this.enqueue({ ...job });
	}

	/** Undelivered jobs, oldest first, as plain JSON. */
	snapshot() {
		return [...this.outstanding.values()].map(
			({ target, body, type, status, transactionId, orderId, attempts }) => ({
				target,
				body,
				type,
				status,
				transactionId,
				orderId,
				attempts,
			}),
		);
	}

	enqueue(job) {
		if (this.stopped) return;
		job.jobId = ++this.jobSeq;
		this.outstanding.set(job.jobId, job);
		this.onChange?.();
		// Serialise per target and transaction so a receiver sees status changes in order.
		const key = `${job.target.id}|${job.target.url}|${job.transactionId}`;
		this.pending++;
		const prev = this.chains.get(key) ?? Promise.resolve();
		const next = prev
			.then(() => this.deliver(job))
			.finally(() => {
				this.pending--;
				// A stopped sandbox keeps the job for its state file; otherwise it is done (delivered or given up).
				if (!this.stopped) {
					this.outstanding.delete(job.jobId);
					this.onChange?.();
				}
				if (this.chains.get(key) === next) this.chains.delete(key);
				if (this.pending === 0) this.idleWaiters.splice(0).forEach((r) => r());
			});
		this.chains.set(key, next);
	}

	async deliver(job) {
		const { target } = job;
		const url = new URL(target.url);
		const headers = { 'content-type': 'application/json', 'user-agent': 'omno-sandbox-webhooks/1' };
		if (target.auth.type === 'header') headers[target.auth.name.toLowerCase()] = target.auth.value;
		if (target.auth.type === 'basic') {
			headers.authorization = `Basic ${Buffer.from(`${target.auth.username}:${target.auth.password}`).toString('base64')}`;
		}
		if (target.auth.type === 'query') url.searchParams.set(target.auth.param, target.auth.value);
		// The logged URL never carries the query secret.
		const shownUrl = new URL(target.url);
		if (target.auth.type === 'query') shownUrl.searchParams.set(target.auth.param, '***');

		for (let attempt = job.attempts + 1; ; attempt++) {
			if (this.stopped) return;
			await this.takeSlot();
			if (this.stopped) return this.releaseSlot();
			const started = Date.now();
			let statusCode = null;
			let error = null;
			const ac = new AbortController();
			this.controllers.add(ac);
			const t = setTimeout(() => ac.abort(), this.timeoutMs);
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers,
					body: job.body,
					signal: ac.signal,
					redirect: 'manual',
				});
				statusCode = res.status;
				await res.arrayBuffer().catch(() => {});
			} catch (e) {
				error = e.name === 'AbortError' ? 'timeout' : (e.cause?.code ?? e.message);
			} finally {
				clearTimeout(t);
				this.controllers.delete(ac);
				this.releaseSlot();
			}
			if (this.stopped) return;
			job.attempts = attempt;
			const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
			this.record({
				time: started,
				webhookId: target.id,
				name: target.name,
				url: shownUrl.toString(),
				type: job.type,
				event: job.status,
				transactionId: job.transactionId,
				orderId: job.orderId,
				attempt,
				statusCode,
				error,
				ok,
				durationMs: Date.now() - started,
			});
			if (ok || this.isLastAttempt(attempt)) return;
			await new Promise((resolve) => {
				const timer = setTimeout(
					() => {
						this.timers.delete(timer);
						resolve();
					},
					this.delayBefore(attempt + 1),
				);
				this.timers.add(timer);
			});
		}
	}

	record(entry) {
		entry.seq = ++this.seq;
		this.counts.attempts++;
		if (entry.ok) this.counts.delivered++;
		else if (this.isLastAttempt(entry.attempt)) this.counts.failed++;
		this.log.push(entry);
		if (this.log.length > this.logLimit * 1.1) this.log.splice(0, this.log.length - this.logLimit);
		this.onAttempt?.(entry);
	}

	since(seq = 0) {
		return this.log.filter((e) => e.seq > seq);
	}

	// Resolves when no delivery is queued or in flight.
	idle() {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	stop() {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const ac of this.controllers) ac.abort();
		this.slotWaiters.splice(0).forEach((r) => r());
		this.idleWaiters.splice(0).forEach((r) => r());
	}
}

module.exports = { Webhooks, WebhookConfigError, normalizeWebhooks, redactWebhook };
