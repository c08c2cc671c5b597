'use strict';

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');

const { toJson, parseJsonBody } = require('./json');
const { DEFAULTS, ConfigError, applyConfig, publicConfig, RUNTIME_KEYS } = require('./config');
const { Store, ConflictError, NotFoundError, TEST_CARDS } = require('./store');
const { Webhooks, WebhookConfigError } = require('./webhooks');
const v = require('./validate');
const hosted = require('./hosted');

const TOKEN_PATH_RE = /^\/realms\/[^/]+\/protocol\/openid-connect\/token$/;
const MAX_BODY = 1024 * 1024;

class HttpError extends Error {
	constructor(status, body, headers) {
		super(body?.message ?? body?.error ?? String(status));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

// Uniform [0, 1) from a string key: decisions depend on (seed, orderId, attempt), not on request
// interleaving, so every benchmark contender meets the same faults for the same orderIds.
function unitHash(...parts) {
	return crypto.createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

function mulberry32(seedText) {
	let a = crypto.createHash('sha256').update(String(seedText)).digest().readUInt32BE(0);
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function safeEqual(a, b) {
	const ha = crypto.createHash('sha256').update(String(a)).digest();
	const hb = crypto.createHash('sha256').update(String(b)).digest();
	return crypto.timingSafeEqual(ha, hb);
}

const SECRET_KEY_RE = /cvv|cvc|secret|password|token|authorization/i;

// Copy of a request body safe to keep in the log: no PAN, CVV or secret.
function redact(value) {
	if (Array.isArray(value)) return value.map(redact);
	if (!value || typeof value !== 'object') return value;
	const out = {};
	for (const [k, val] of Object.entries(value)) {
		if (/^(cardNumber|pan)$/i.test(k)) {
			out[k] = typeof val === 'string' && /^\d{12,19}$/.test(val) ? `${val.slice(0, 6)}******${val.slice(-4)}` : '***';
		} else if (SECRET_KEY_RE.test(k)) {
			out[k] = '***';
		} else {
			out[k] = redact(val);
		}
	}
	return out;
}

function authKind(req) {
	const h = req.headers.authorization;
	if (!h) return null;
	const scheme = h.split(' ')[0].toLowerCase();
	if (scheme === 'bearer') return 'Bearer';
	if (scheme === 'basic') return 'Basic';
	return 'other';
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new HttpError(413, { message: 'Request body too large' }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function decodeFormPart(s) {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}

function createSandbox(options = {}) {
	const { tls, quiet, onRequest, webhooks: initialWebhooks, ...rest } = options;
	const initialConfig = applyConfig({ ...DEFAULTS }, rest);
	let config = initialConfig;

	const store = new Store();
	const webhooks = new Webhooks({
		retryDelaysMs: config.webhookRetryDelaysMs,
		timeoutMs: config.webhookTimeoutMs,
		logLimit: config.logLimit,
	});
	if (initialWebhooks) webhooks.setList(initialWebhooks);

	const tokens = new Map();
	let tokensIssuedSinceSweep = 0;
	let requestLog = [];
	let seq = 0;
	let stats;
	let bucket;
	let latencyRng;
	let faultAttempts;
	const settleTimers = new Set();
	let server;
	let baseUrl = null;
	let startedAt = Date.now();

	function newStats() {
		return {
			startedAt: Date.now(),
			firstRequestAt: null,
			lastRequestAt: null,
			lastResponseAt: null,
			requests: 0,
			byEndpoint: {},
			byStatus: {},
			tokenRequests: { ok: 0, failed: 0 },
			rateLimited: 0,
			faults: { before: 0, after: 0, afterDropped: 0, business: 0 },
			payinsCreated: 0,
			payoutsCreated: 0,
			cashierSessions: 0,
			duplicateOrderIds: { payin: 0, payout: 0 },
			statusChanges: 0,
			inFlight: 0,
			maxInFlight: 0,
		};
	}

	function resetRuntime() {
		stats = newStats();
		bucket = config.rateLimit > 0 ? { tokens: burst(), last: performance.now() } : null;
		latencyRng = mulberry32(`${config.seed}|latency`);
		faultAttempts = new Map();
	}

	const burst = () => config.rateBurst ?? Math.max(1, config.rateLimit);

	function applyRuntimeConfig(patch) {
		const before = config;
		config = applyConfig(config, patch, RUNTIME_KEYS);
		if (config.rateLimit !== before.rateLimit || config.rateBurst !== before.rateBurst) {
			bucket = config.rateLimit > 0 ? { tokens: burst(), last: performance.now() } : null;
		}
		if (config.seed !== before.seed) latencyRng = mulberry32(`${config.seed}|latency`);
	}

	resetRuntime();

	store.on('status', ({ tx, status }) => {
		stats.statusChanges++;
		const session = tx.sessionId ? store.sessions.get(tx.sessionId) : null;
		const extraUrls = [tx.webhookUrl, session?.webhookUrl].filter(Boolean);
		if (webhooks.list.length === 0 && extraUrls.length === 0) return;
		webhooks.dispatch({
			type: tx.type,
			status,
			payload: toJson({ ...store.view(tx), type: tx.type }),
			transactionId: tx.id,
			orderId: tx.orderId,
			extraUrls,
		});
	});

	// Token bucket over /public/*. Returns 0 when allowed, else seconds to wait.
	function takeToken() {
		if (!bucket) return 0;
		const now = performance.now();
		bucket.tokens = Math.min(burst(), bucket.tokens + ((now - bucket.last) / 1000) * config.rateLimit);
		bucket.last = now;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / config.rateLimit));
	}

	function issueToken() {
		const token = crypto.randomBytes(32).toString('base64url');
		tokens.set(token, Date.now() + config.tokenLifetime * 1000);
		if (++tokensIssuedSinceSweep > 1000) {
			tokensIssuedSinceSweep = 0;
			const now = Date.now();
			for (const [t, exp] of tokens) if (exp <= now) tokens.delete(t);
		}
		return token;
	}

	function checkBearer(req) {
		const h = req.headers.authorization ?? '';
		const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
		const exp = m ? tokens.get(m[1]) : undefined;
		if (exp === undefined || exp <= Date.now()) {
			throw new HttpError(401, { error: 'invalid_token', message: 'Unauthorized: token missing or expired' }, {
				'www-authenticate': 'Bearer error="invalid_token"',
			});
		}
	}

	function faultKey(body) {
		return body && typeof body.orderId === 'string' ? `o:${body.orderId}` : `s:${seq}`;
	}

	// nth attempt for this (mode, kind, orderId) -> deterministic draw.
	function draw(mode, kind, key) {
		const k = `${mode}|${kind}|${key}`;
		const n = (faultAttempts.get(k) ?? 0) + 1;
		faultAttempts.set(k, n);
		return unitHash(config.seed, k, n);
	}

	function sleep(ms) {
		return new Promise((r) => setTimeout(r, ms));
	}

	const base = () => config.publicUrl ?? baseUrl;

	// --- /public handlers: (ctx) -> { status, body } ---------------------------------------------

	function createHandler(kind) {
		const validate = kind === 'payin' ? v.validatePayin : v.validatePayout;
		return (ctx) => {
			const body = ctx.json;
			if (config.faultRate > 0 && draw('before', kind, faultKey(body)) < config.faultRate) {
				stats.faults.before++;
				ctx.entry.fault = 'before';
				throw new HttpError(503, { message: 'Service unavailable' }, { 'retry-after': '1' });
			}
			validate(body);
			if (store.hasOrderId(kind, body.orderId)) {
				stats.duplicateOrderIds[kind]++;
				throw new HttpError(409, { message: `Transaction with orderId ${body.orderId} already exists` });
			}
			if (config.businessErrorRate > 0 && unitHash(config.seed, 'business', kind, body.orderId) < config.businessErrorRate) {
				stats.faults.business++;
				ctx.entry.fault = 'business';
				throw new HttpError(422, { message: `${kind === 'payin' ? 'Payin' : 'Payout'} refused by provider rules (sandbox business error)` });
			}
			const amountText = ctx.numberText(kind === 'payin' ? 'amount' : 'value');
			let result;
			if (kind === 'payin') {
				const tx = store.create('payin', body, amountText);
				stats.payinsCreated++;
				result = {
					paymentId: tx.id,
					status: tx.status,
					iframeUrls: { card: `${base()}/hosted/card/${tx.id}`, apm: `${base()}/hosted/apm/${tx.id}` },
				};
			} else {
				const tx = store.createPayout(body, amountText);
				stats.payoutsCreated++;
				result = { payoutId: tx.id, status: tx.status };
			}
			if (config.faultAfterRate > 0 && draw('after', kind, faultKey(body)) < config.faultAfterRate) {
				stats.faults.after++;
				const drop =
					config.faultAfterMode === 'drop' ||
					(config.faultAfterMode === 'mixed' && unitHash(config.seed, 'drop', kind, body.orderId) < 0.5);
				ctx.entry.fault = drop ? 'after-drop' : 'after';
				if (drop) {
					stats.faults.afterDropped++;
					return { drop: true };
				}
				throw new HttpError(503, { message: 'Service unavailable' });
			}
			return { status: 200, body: result };
		};
	}

	const ip = (ctx) => ctx.json?.browser?.customerIp;

	const publicRoutes = [
		['POST', /^\/public\/payin$/, 'POST /public/payin', createHandler('payin')],
		['GET', /^\/public\/payin\/([^/]+)$/, 'GET /public/payin/{id}', (ctx) => ({ status: 200, body: store.view(store.get('payin', ctx.params[0])) })],
		[
			'POST',
			/^\/public\/payin\/([^/]+)\/process\/card$/,
			'POST /public/payin/{id}/process/card',
			(ctx) => {
				const tx = store.get('payin', ctx.params[0]);
				v.validateProcessCard(ctx.json);
				store.processCard(tx, ctx.json.cardData, { saveCard: ctx.json.saveCard === true, ipAddress: ip(ctx) });
				const body = { paymentId: tx.id, status: tx.status };
				if (tx.cardId && ctx.json.saveCard === true) body.cardId = tx.cardId;
				if (tx.status === 'PENDING_3DS') body.redirectUrl = `${base()}/hosted/3ds/${tx.id}`;
				return { status: 200, body };
			},
		],
		[
			'POST',
			/^\/public\/payin\/([^/]+)\/process\/saved-card$/,
			'POST /public/payin/{id}/process/saved-card',
			(ctx) => {
				const tx = store.get('payin', ctx.params[0]);
				v.validateProcessSavedCard(ctx.json);
				const cardId = ctx.json.savedCardData.cardId;
				if (!store.cards.has(cardId)) throw new v.ValidationError(`savedCardData.cardId ${cardId} is not a saved card`);
				store.processSavedCard(tx, cardId, { ipAddress: ip(ctx) });
				return { status: 200, body: { paymentId: tx.id, status: tx.status } };
			},
		],
		[
			'POST',
			/^\/public\/payin\/([^/]+)\/process\/direct-link$/,
			'POST /public/payin/{id}/process/direct-link',
			(ctx) => {
				const tx = store.get('payin', ctx.params[0]);
				v.validateDirectLink(ctx.json);
				const { walletAddress } = store.processPayinDirectLink(tx, ctx.json.additionalData, { ipAddress: ip(ctx) });
				const body = { paymentId: tx.id, status: tx.status };
				if (walletAddress) {
					body.walletAddress = walletAddress;
					body.currency = typeof ctx.json.additionalData.currency === 'string' ? ctx.json.additionalData.currency : tx.currency;
				} else {
					body.redirectUrl = `${base()}/hosted/redirect/${tx.id}`;
				}
				return { status: 200, body };
			},
		],
		['POST', /^\/public\/payout$/, 'POST /public/payout', createHandler('payout')],
		['GET', /^\/public\/payout\/([^/]+)$/, 'GET /public/payout/{id}', (ctx) => ({ status: 200, body: store.view(store.get('payout', ctx.params[0])) })],
		[
			'PUT',
			/^\/public\/payout\/([^/]+)\/confirm$/,
			'PUT /public/payout/{id}/confirm',
			(ctx) => {
				const tx = store.get('payout', ctx.params[0]);
				store.confirmPayout(tx);
				const timer = setTimeout(() => {
					settleTimers.delete(timer);
					store.settlePayout(tx);
				}, config.settleMs);
				settleTimers.add(timer);
				return { status: 200, body: {} };
			},
		],
		[
			'PUT',
			/^\/public\/payout\/([^/]+)\/reject$/,
			'PUT /public/payout/{id}/reject',
			(ctx) => {
				store.rejectPayout(store.get('payout', ctx.params[0]));
				return { status: 200, body: {} };
			},
		],
		[
			'POST',
			/^\/public\/payout\/([^/]+)\/process\/direct-link$/,
			'POST /public/payout/{id}/process/direct-link',
			(ctx) => {
				const tx = store.get('payout', ctx.params[0]);
				v.validateDirectLink(ctx.json);
				store.processPayoutDirectLink(tx, ctx.json.additionalData);
				return {
					status: 200,
					body: {
						payoutId: tx.id,
						status: tx.status,
						redirectUrl: `${base()}/hosted/redirect/${tx.id}`,
						message: 'Redirect the customer to complete the payout',
					},
				};
			},
		],
		[
			'POST',
			/^\/public\/cashier\/session$/,
			'POST /public/cashier/session',
			(ctx) => {
				v.validateCashierSession(ctx.json);
				const s = store.createSession(ctx.json);
				stats.cashierSessions++;
				return { status: 200, body: { sessionId: s.sessionId, checkoutUrl: `${base()}/payments-v2/cashier/${s.sessionId}` } };
			},
		],
		[
			'PUT',
			/^\/public\/cashier\/session\/([^/]+)\/balance$/,
			'PUT /public/cashier/session/{id}/balance',
			(ctx) => {
				const s = store.sessions.get(ctx.params[0]);
				if (!s) throw new HttpError(404, { message: `Cashier session ${ctx.params[0]} not found` });
				s.balanceUpdates.push({ at: new Date().toISOString(), body: ctx.json ?? null });
				if (s.balanceUpdates.length > 100) s.balanceUpdates.shift();
				return { status: 204 };
			},
		],
	];

	function matchRoute(routes, method, path) {
		let pathMatched = false;
		for (const [m, re, name, fn] of routes) {
			const match = re.exec(path);
			if (!match) continue;
			pathMatched = true;
			if (m !== method) continue;
			let params;
			try {
				params = match.slice(1).map(decodeURIComponent);
			} catch {
				return { notFound: true };
			}
			return { name, fn, params };
		}
		return { notFound: true, pathMatched };
	}

	// --- responses ---------------------------------------------------------------------------------

	function send(res, status, body, headers = {}) {
		if (res.headersSent || res.destroyed) return;
		if (status === 204 || body === undefined) {
			res.writeHead(status, headers);
			res.end();
			return;
		}
		const text = toJson(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	function sendError(res, e) {
		if (e instanceof HttpError) return send(res, e.status, e.body, e.headers);
		if (e instanceof v.ValidationError || e instanceof ConfigError || e instanceof WebhookConfigError) {
			return send(res, 400, { message: e.message });
		}
		if (e instanceof ConflictError) return send(res, 409, { message: e.message });
		if (e instanceof NotFoundError) return send(res, 404, { message: e.message });
		if (!quiet) console.error('sandbox: internal error', e);
		return send(res, 500, { message: 'Internal sandbox error' });
	}

	function parseJson(text, entry) {
		if (text.trim() === '') return { value: undefined, numberText: () => undefined };
		try {
			const parsed = parseJsonBody(text);
			if (entry) entry.body = redact(parsed.value);
			return parsed;
		} catch {
			throw new HttpError(400, { message: 'Malformed JSON' });
		}
	}

	// --- token endpoint ----------------------------------------------------------------------------

	function handleToken(req, text, entry) {
		const ctype = (req.headers['content-type'] ?? '').toLowerCase();
		const form = new URLSearchParams(text);
		entry.body = { grant_type: form.get('grant_type'), client_id: form.get('client_id') };
		const fail = (status, body) => {
			stats.tokenRequests.failed++;
			throw new HttpError(status, body);
		};
		if (ctype && !ctype.startsWith('application/x-www-form-urlencoded')) {
			fail(400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
		}
		let clientId = form.get('client_id');
		let clientSecret = form.get('client_secret');
		const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i >= 0) {
				clientId = decodeFormPart(decoded.slice(0, i));
				clientSecret = decodeFormPart(decoded.slice(i + 1));
				entry.body.client_id = clientId;
			}
		}
		if (!clientId || !clientSecret || !safeEqual(clientId, config.clientId) || !safeEqual(clientSecret, config.clientSecret)) {
			fail(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
		}
		const grant = form.get('grant_type');
		if (!grant) fail(400, { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' });
		if (grant !== 'client_credentials') fail(400, { error: 'unsupported_grant_type', error_description: `Unsupported grant_type ${grant}` });
		stats.tokenRequests.ok++;
		return {
			status: 200,
			body: {
				access_token: issueToken(),
				expires_in: Math.ceil(config.tokenLifetime),
				refresh_expires_in: 0,
				token_type: 'Bearer',
				'not-before-policy': 0,
				scope: '',
			},
			headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
		};
	}

	// --- control API -------------------------------------------------------------------------------

	function allTransactions(type) {
		const out = [];
		for (const t of ['payin', 'payout']) {
			if (type && type !== t) continue;
			for (const tx of store.map(t).values()) {
				out.push({ ...store.view(tx), type: t, history: tx.history, ...(tx.walletAddress ? { walletAddress: tx.walletAddress } : {}) });
			}
		}
		return out;
	}

	function statsView() {
		return {
			...stats,
			distinctOrderIds: { payin: store.orderIds.payin.size, payout: store.orderIds.payout.size },
			duplicateOrderIds: { ...stats.duplicateOrderIds, total: stats.duplicateOrderIds.payin + stats.duplicateOrderIds.payout },
			activeTokens: tokens.size,
			webhooks: { ...webhooks.counts, pending: webhooks.pending },
			requestLogSize: requestLog.length,
			seed: config.seed,
		};
	}

	function reset(opts = {}) {
		for (const t of settleTimers) clearTimeout(t);
		settleTimers.clear();
		store.reset();
		tokens.clear();
		requestLog = [];
		seq = 0;
		webhooks.clearLog();
		if (opts.keepConfig === false) config = initialConfig;
		if (opts.keepWebhooks === false) webhooks.setList(initialWebhooks ?? []);
		const inFlight = stats.inFlight;
		resetRuntime();
		stats.inFlight = inFlight;
	}

	async function handleControl(req, res, path, url) {
		const text = await readBody(req);
		const json = () => parseJson(text).value ?? {};
		const m = (re) => re.exec(path);
		const since = Number(url.searchParams.get('since') ?? 0) || 0;
		const method = req.method;
		let r;
		if (method === 'GET' && path === '/_sandbox/health') {
			return send(res, 200, { ok: true, url: baseUrl, tokenUrl: `${baseUrl}/realms/omno/protocol/openid-connect/token`, uptimeMs: Date.now() - startedAt });
		}
		if (method === 'GET' && path === '/_sandbox/requests') {
			const limit = Number(url.searchParams.get('limit') ?? 0) || Infinity;
			const list = [];
			for (const e of requestLog) if (e.seq > since && list.length < limit) list.push(e);
			return send(res, 200, { requests: list, lastSeq: seq });
		}
		if (method === 'GET' && path === '/_sandbox/stats') return send(res, 200, statsView());
		if (method === 'GET' && path === '/_sandbox/deliveries') return send(res, 200, { deliveries: webhooks.since(since), pending: webhooks.pending });
		if (method === 'POST' && path === '/_sandbox/reset') {
			reset(json());
			return send(res, 200, { ok: true, config: publicConfig(config) });
		}
		if (path === '/_sandbox/config') {
			if (method === 'POST') applyRuntimeConfig(json());
			if (method === 'GET' || method === 'POST') return send(res, 200, publicConfig(config));
		}
		if (path === '/_sandbox/webhooks') {
			if (method === 'POST') webhooks.setList(json());
			if (method === 'GET' || method === 'POST') return send(res, 200, { webhooks: webhooks.publicList() });
		}
		if (method === 'POST' && path === '/_sandbox/tokens/expire') {
			const n = tokens.size;
			tokens.clear();
			return send(res, 200, { expired: n });
		}
		if (method === 'GET' && path === '/_sandbox/transactions') {
			const type = url.searchParams.get('type') || undefined;
			return send(res, 200, { transactions: allTransactions(type) });
		}
		if (method === 'GET' && path === '/_sandbox/sessions') {
			return send(res, 200, { sessions: [...store.sessions.values()].map(({ customer, ...s }) => s) });
		}
		if (method === 'POST' && (r = m(/^\/_sandbox\/transactions\/(payin|payout)\/([^/]+)\/status$/))) {
			const tx = store.get(r[1], decodeURIComponent(r[2]));
			const b = json();
			if (typeof b.status !== 'string' || !b.status) throw new v.ValidationError('status must be a non-empty string');
			store.setStatus(tx, b.status, { detailedStatus: b.detailedStatus, reason: b.reason });
			return send(res, 200, { ...store.view(tx), type: tx.type });
		}
		if (method === 'POST' && (r = m(/^\/_sandbox\/transactions\/payin\/([^/]+)\/complete-3ds$/))) {
			const tx = store.get('payin', decodeURIComponent(r[1]));
			const outcome = json().outcome ?? 'SUCCESS';
			completeStep(tx, ['PENDING_3DS'], outcome);
			return send(res, 200, { ...store.view(tx), type: tx.type });
		}
		return send(res, 404, { message: `Unknown control route ${method} ${path}` });
	}

	function completeStep(tx, from, outcome) {
		if (!['SUCCESS', 'DECLINED', 'FAILED'].includes(outcome)) throw new v.ValidationError('outcome must be SUCCESS, DECLINED or FAILED');
		store.requireStatus(tx, from, 'completed');
		store.setStatus(tx, outcome);
	}

	const hostedPages = hosted.create({ store, base, completeStep, stats, TEST_CARDS });

	// --- main handler ------------------------------------------------------------------------------

	async function handle(req, res) {
		const url = new URL(req.url, 'http://sandbox.local');
		const path = url.pathname;
		if (path.startsWith('/_sandbox/')) {
			try {
				await handleControl(req, res, path, url);
			} catch (e) {
				sendError(res, e);
			}
			return;
		}

		const t0 = performance.now();
		const isPublic = path === '/public' || path.startsWith('/public/');
		const isToken = TOKEN_PATH_RE.test(path);
		const entry = {
			seq: ++seq,
			time: Date.now(),
			method: req.method,
			path,
			status: null,
			durationMs: null,
			body: null,
			authorization: authKind(req),
		};
		if (isPublic || isToken) {
			stats.firstRequestAt ??= entry.time;
			stats.lastRequestAt = entry.time;
		}
		if (isPublic) {
			stats.inFlight++;
			if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
		}
		const logRef = requestLog;
		res.on('close', () => {
			if (isPublic) stats.inFlight--;
			entry.status = res.headersSent ? res.statusCode : null;
			entry.durationMs = Math.round((performance.now() - t0) * 100) / 100;
			if (!res.writableFinished && !entry.fault) entry.aborted = true;
			stats.requests++;
			stats.byStatus[entry.status ?? 'dropped'] = (stats.byStatus[entry.status ?? 'dropped'] ?? 0) + 1;
			if (isPublic || isToken) stats.lastResponseAt = Date.now();
			if (logRef !== requestLog) return;
			requestLog.push(entry);
			if (requestLog.length > config.logLimit * 1.1) requestLog.splice(0, requestLog.length - config.logLimit);
			onRequest?.(entry);
		});

		try {
			const text = await readBody(req);
			if (isToken) {
				bump(`${req.method} /realms/{realm}/protocol/openid-connect/token`);
				if (req.method !== 'POST') throw new HttpError(405, { error: 'invalid_request', error_description: 'HTTP method not allowed' });
				const r = handleToken(req, text, entry);
				return send(res, r.status, r.body, r.headers);
			}
			if (isPublic) return await handlePublic(req, res, path, text, entry);
			const page = hostedPages.match(req.method, path);
			if (page) {
				bump(page.name);
				const ctype = (req.headers['content-type'] ?? '').toLowerCase();
				const form = ctype.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : {};
				if (req.method === 'POST') entry.body = redact(form);
				const out = page.fn(page.params, form);
				res.writeHead(out.status, out.headers);
				return res.end(out.body);
			}
			bump('unknown');
			throw new HttpError(404, { message: `Route not found: ${req.method} ${path}` });
		} catch (e) {
			sendError(res, e);
		}
	}

	function bump(name) {
		stats.byEndpoint[name] = (stats.byEndpoint[name] ?? 0) + 1;
	}

	async function handlePublic(req, res, path, text, entry) {
		// Log the body even when the call is refused: the benchmark wants to see which orderIds hit 429.
		let parsed;
		try {
			parsed = parseJson(text, entry);
		} catch (e) {
			parsed = e;
		}
		const wait = takeToken();
		if (wait > 0) {
			stats.rateLimited++;
			bump('429');
			throw new HttpError(429, { message: 'Too many requests' }, { 'retry-after': String(wait) });
		}
		const { min, max } = config.latency;
		if (max > 0) await sleep(min + latencyRng() * (max - min));
		checkBearer(req);
		const route = matchRoute(publicRoutes, req.method, path);
		if (route.notFound) {
			bump('unknown');
			throw new HttpError(404, { message: `Route not found: ${req.method} ${path}` });
		}
		bump(route.name);
		if (parsed instanceof Error) throw parsed;
		const ctx = { json: parsed.value, numberText: parsed.numberText, params: route.params, entry, req };
		const out = route.fn(ctx);
		if (out.drop) {
			// Outcome unknown to the client: the transaction exists, the answer never arrives.
			res.socket?.destroy();
			return;
		}
		send(res, out.status, out.body, out.headers);
	}

	// --- lifecycle ---------------------------------------------------------------------------------

	function start(port = 8787, host = '127.0.0.1') {
		server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handle) : http.createServer(handle);
		server.keepAliveTimeout = 5000;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				const addr = server.address();
				const shownHost = ['0.0.0.0', '::'].includes(addr.address) ? '127.0.0.1' : addr.address.includes(':') ? `[${addr.address}]` : addr.address;
				baseUrl = `${tls ? 'https' : 'http'}://${shownHost}:${addr.port}`;
				startedAt = Date.now();
				resolve({ url: baseUrl, port: addr.port, tokenUrl: `${baseUrl}/realms/omno/protocol/openid-connect/token` });
			});
		});
	}

	function stop() {
		for (const t of settleTimers) clearTimeout(t);
		settleTimers.clear();
		webhooks.stop();
		if (!server) return Promise.resolve();
		return new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections?.();
		});
	}

	const state = {
		store,
		webhooks,
		tokens,
		get config() {
			return config;
		},
		get stats() {
			return statsView();
		},
		get requestLog() {
			return requestLog;
		},
		get url() {
			return baseUrl;
		},
		reset,
		setConfig: applyRuntimeConfig,
	};

	return { start, stop, state, reset };
}

module.exports = { createSandbox, redact };
