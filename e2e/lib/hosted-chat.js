'use strict';
/**
 * A client for n8n's hosted chat (Chat Trigger, "Response Mode: Using Response Nodes") that does what the chat
 * widget (@n8n/chat) does in a browser, so a test can chat and click review buttons:
 *
 *   POST /webhook/<webhookId>/chat { action: 'sendMessage', sessionId, chatInput }
 *        → { executionStarted, executionId, resumeToken }
 *   WebSocket /chat?sessionId=…&executionId=…&isPublic=true&token=<resumeToken>
 *        ← every message a Chat node (or a Chat review step) sends, as text; approval requests arrive as JSON
 *          { type: 'with-buttons', text, blockUserInput, buttons: [{ text, link, type }] }
 *        ← 'n8n|heartbeat' (answered 'n8n|heartbeat-ack'), 'n8n|continue' (execution resumed)
 *   GET <button link> (a signed /webhook-waiting/… URL) = clicking Approve / Decline.
 *
 * n8n's chat server looks for new messages every 3 s (CHECK_FOR_RESPONSE_INTERVAL in 2.41.1), so waits here are
 * bounded polls on the received messages, never fixed sleeps.
 *
 * WebSocket: Node ≥ 22 has one built in; on Node 20 (the system Node that runs the tests) this uses the `ws`
 * package from the n8n install under test (n8n's own chat server is built on it).
 */
const path = require('node:path');

// n8n answers approval links with an empty page when the caller looks like a bot (isbot: Node's fetch says "node").
// The widget's fetch runs in the reviewer's browser; send what a browser sends.
const BROWSER_UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function webSocketClass(n8n) {
	if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
	return require(path.join(n8n.install.dir, 'node_modules', 'ws'));
}

class ChatSession {
	constructor({ n8n, webhookId, sessionId, headers = {} }) {
		this.n8n = n8n;
		this.webhookId = webhookId;
		this.sessionId = sessionId;
		this.headers = headers;
		this.messages = []; // text frames of the connected execution except heartbeats, in order
		this.closed = false;
		this.ws = null;
		this._waiters = new Set();
	}

	/** Send a chat message; returns { executionId, resumeToken } of the execution it started. */
	async send(chatInput) {
		const res = await fetch(`${this.n8n.baseUrl}/webhook/${this.webhookId}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...this.headers },
			body: JSON.stringify({ action: 'sendMessage', sessionId: this.sessionId, chatInput }),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`chat POST -> ${res.status}: ${text}`);
		const body = JSON.parse(text);
		if (!body.executionId) throw new Error(`chat POST did not start an execution: ${text}`);
		return body;
	}

	/** Open the chat's WebSocket for an execution (what the widget does right after sending). */
	async connect({ executionId, resumeToken }) {
		this.close();
		const WS = webSocketClass(this.n8n);
		const q = new URLSearchParams({
			sessionId: this.sessionId,
			executionId: String(executionId),
			isPublic: 'true',
		});
		if (resumeToken) q.set('token', resumeToken);
		const ws = new WS(`${this.n8n.baseUrl.replace(/^http/, 'ws')}/chat?${q}`);
		this.ws = ws;
		this.closed = false;
		this.messages = []; // what this execution sends; an earlier execution's review buttons must not be clicked
		const onMessage = (data) => {
			const text = typeof data === 'string' ? data : Buffer.from(data.data ?? data).toString('utf8');
			if (text === 'n8n|heartbeat') {
				ws.send('n8n|heartbeat-ack');
				return;
			}
			this.messages.push(text);
			this._notify();
		};
		const onClose = () => {
			if (this.ws === ws) this.closed = true;
			this._notify();
		};
		if (typeof ws.on === 'function') {
			ws.on('message', onMessage);
			ws.on('close', onClose);
			ws.on('error', onClose);
		} else {
			ws.addEventListener('message', (e) => onMessage(e.data));
			ws.addEventListener('close', onClose);
			ws.addEventListener('error', onClose);
		}
		await new Promise((resolve, reject) => {
			const ok = () => resolve();
			const bad = (e) => reject(new Error(`chat WebSocket did not open: ${e?.message ?? e}`));
			if (typeof ws.once === 'function') {
				ws.once('open', ok);
				ws.once('error', bad);
			} else {
				ws.addEventListener('open', ok, { once: true });
				ws.addEventListener('error', bad, { once: true });
			}
		});
		return this;
	}

	/** Messages parsed: JSON approval requests become objects, everything else stays text. */
	get parsed() {
		return this.messages.map((m) => {
			try {
				const o = JSON.parse(m);
				return o && typeof o === 'object' ? o : m;
			} catch {
				return m;
			}
		});
	}

	_notify() {
		for (const w of this._waiters) w();
	}

	/** Resolve with the first message (parsed) matching `predicate`, received before or after the call. */
	waitForMessage(predicate, { timeoutMs = 30_000, what = 'chat message' } = {}) {
		return new Promise((resolve, reject) => {
			const check = () => {
				const hit = this.parsed.find((m) => predicate(m));
				if (hit !== undefined) {
					done();
					resolve(hit);
				} else if (this.closed) {
					done();
					reject(new Error(`chat closed before ${what}; received: ${JSON.stringify(this.messages)}`));
				}
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`no ${what} within ${timeoutMs} ms; received: ${JSON.stringify(this.messages)}`));
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				this._waiters.delete(check);
			};
			this._waiters.add(check);
			check();
		});
	}

	/** The next approval request (message with buttons). */
	waitForReview(opts) {
		return this.waitForMessage((m) => typeof m === 'object' && m.type === 'with-buttons', {
			what: 'review request',
			...opts,
		});
	}

	/** Click a button of a review request by its label, as the widget does (GET the signed link). */
	async click(review, label) {
		const button = review.buttons.find((b) => b.text === label);
		if (!button) throw new Error(`no "${label}" button in ${JSON.stringify(review.buttons)}`);
		const res = await fetch(button.link, { headers: { 'user-agent': BROWSER_UA } });
		const text = await res.text();
		if (!res.ok) throw new Error(`clicking "${label}" -> ${res.status}: ${text.slice(0, 300)}`);
		return { status: res.status, text };
	}

	close() {
		if (this.ws) {
			try {
				this.ws.close();
			} catch {}
		}
		this.ws = null;
	}
}

module.exports = { ChatSession, BROWSER_UA };
