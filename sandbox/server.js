'use strict';

// The sandbox: one HTTP server composed of named parts —
//   public-api.js  OMNO's /public/* routes (creates, faults, 409 style)   tokens.js   token endpoint + bearer check
//   control.js     /_sandbox/* control API                               hosted.js   hosted pages
//   store.js       transactions and their status machine                 webhooks.js deliveries with retries
//   draws.js       rate limit, latency, fault draws                      stats.js    counters
//   persistence.js the state file                                        http.js     errors, bodies, answers
// `rt` below is the one runtime object they share (config and stats are replaced on reset/config change, so
// modules read them through `rt` each time rather than keeping a copy).

const http = require('node:http');
const https = require('node:https');
const { performance } = require('node:perf_hooks');

const { toJson } = require('./json');
const { DEFAULTS, ConfigError, applyConfig, RUNTIME_KEYS } = require('./config');
const { Store, ConflictError, NotFoundError, TEST_CARDS } = require('./store');
const { Webhooks, WebhookConfigError } = require('./webhooks');
const v = require('./validate');
const hosted = require('./hosted');
const { HttpError, redact, authKind, readBody, send, sendError, parseJson } = require('./http');
const { Traffic } = require('./draws');
const { Tokens, TOKEN_PATH_RE } = require('./tokens');
const { createPublicRoutes, matchRoute } = require('./public-api');
const { handleControl } = require('./control');
const { newStats, statsView, bump } = require('./stats');
const { StateFile } = require('./persistence');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Domain errors of the other modules → HTTP status (anything else is a 500). */
function errorStatus(e) {
	if (e instanceof v.ValidationError || e instanceof ConfigError || e instanceof WebhookConfigError)
		return 400;
	if (e instanceof ConflictError) return 409;
	if (e instanceof NotFoundError) return 404;
	return 0;
}

/**
 * Options: the /_sandbox/config keys (see config.js), plus `tls` { cert, key }, `quiet`, `onRequest(entry)`,
 * `webhooks` (initial list) and `stateFile` (path; see persistence.js). `conflictStyle` defaults to the
 * OMNO_SANDBOX_409 environment variable, then `bare`.
 */
function createSandbox(options = {}) {
	const { tls, quiet, onRequest, webhooks: initialWebhooks, stateFile, ...rest } = options;
	if (rest.conflictStyle === undefined && process.env.OMNO_SANDBOX_409)
		rest.conflictStyle = process.env.OMNO_SANDBOX_409;
	const initialConfig = applyConfig({ ...DEFAULTS }, rest);
	let persisted = null;

	const rt = {
		config: initialConfig,
		stats: newStats(),
		store: new Store(),
		requestLog: [],
		seq: 0,
		baseUrl: null,
		startedAt: Date.now(),
		settleTimers: new Set(),
		base: () => rt.config.publicUrl ?? rt.baseUrl,
		changed: () => persisted?.changed(),
	};
	rt.traffic = new Traffic(() => rt.config);
	rt.tokens = new Tokens(rt);
	rt.webhooks = new Webhooks({
		retryDelaysMs: rt.config.webhookRetryDelaysMs,
		maxAttempts: rt.config.webhookMaxAttempts ?? undefined,
		timeoutMs: rt.config.webhookTimeoutMs,
		concurrency: rt.config.webhookConcurrency,
		logLimit: rt.config.logLimit,
		onChange: () => rt.changed(),
	});
	const { store, webhooks, traffic } = rt;
	if (initialWebhooks) webhooks.setList(initialWebhooks);

	function configureWebhooks() {
		webhooks.configure({
			retryDelaysMs: rt.config.webhookRetryDelaysMs,
			maxAttempts: rt.config.webhookMaxAttempts,
			timeoutMs: rt.config.webhookTimeoutMs,
			concurrency: rt.config.webhookConcurrency,
		});
	}

	rt.setConfig = (patch) => {
		const before = rt.config;
		rt.config = applyConfig(rt.config, patch, RUNTIME_KEYS);
		traffic.configChanged(before, rt.config);
		configureWebhooks();
	};

	// A confirmed payout settles settleMs later; `settleAt` (internal) lets a reloaded sandbox finish the job.
	rt.scheduleSettle = (tx, delayMs = rt.config.settleMs) => {
		tx.settleAt = Date.now() + delayMs;
		const timer = setTimeout(() => {
			rt.settleTimers.delete(timer);
			delete tx.settleAt;
			store.settlePayout(tx);
		}, delayMs);
		rt.settleTimers.add(timer);
	};

	rt.completeStep = (tx, from, outcome) => {
		if (!['SUCCESS', 'DECLINED', 'FAILED'].includes(outcome))
			throw new v.ValidationError('outcome must be SUCCESS, DECLINED or FAILED');
		store.requireStatus(tx, from, 'completed');
		store.setStatus(tx, outcome);
	};

	function clearSettleTimers() {
		for (const t of rt.settleTimers) clearTimeout(t);
		rt.settleTimers.clear();
	}

	rt.reset = (opts = {}) => {
		clearSettleTimers();
		store.reset();
		rt.tokens.clear();
		rt.requestLog = [];
		rt.seq = 0;
		webhooks.clearLog();
		if (opts.keepConfig === false) {
			rt.config = initialConfig;
			configureWebhooks();
		}
		if (opts.keepWebhooks === false) webhooks.setList(initialWebhooks ?? []);
		const inFlight = rt.stats.inFlight;
		rt.stats = newStats();
		rt.stats.inFlight = inFlight;
		traffic.reset();
		rt.changed();
	};

	// Every status change (CREATED and WAITING_FOR_CONFIRMATION included) → one delivery per matching webhook.
	store.on('status', ({ tx, status }) => {
		rt.stats.statusChanges++;
		rt.changed();
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

	// --- state file --------------------------------------------------------------------------------

	if (stateFile) {
		persisted = new StateFile(stateFile, () => ({
			store: store.toJSON(),
			webhooks: webhooks.list,
			deliveries: webhooks.snapshot(),
		}));
		const saved = persisted.load();
		if (saved) {
			store.load(saved.store ?? {});
			if (saved.webhooks && !initialWebhooks) webhooks.setList(saved.webhooks);
			webhooks.restore(saved.deliveries ?? []);
			for (const tx of store.payouts.values()) {
				if (tx.settleAt !== undefined) rt.scheduleSettle(tx, Math.max(0, tx.settleAt - Date.now()));
			}
		}
		rt.restored = saved
			? { payins: store.payins.size, payouts: store.payouts.size, deliveries: webhooks.outstanding.size }
			: null;
	}

	const publicRoutes = createPublicRoutes(rt);
	const hostedPages = hosted.create({
		store,
		base: rt.base,
		completeStep: rt.completeStep,
		stats: rt.stats,
		TEST_CARDS,
	});
	const fail = (res, e) => sendError(res, e, { errorStatus, quiet });

	// --- main handler ------------------------------------------------------------------------------

	async function handle(req, res) {
		const url = new URL(req.url, 'http://sandbox.local');
		const path = url.pathname;
		if (path.startsWith('/_sandbox/')) {
			try {
				await handleControl(rt, req, res, path, url);
			} catch (e) {
				fail(res, e);
			}
			return;
		}

		const { stats } = rt;
		const t0 = performance.now();
		const isPublic = path === '/public' || path.startsWith('/public/');
		const isToken = TOKEN_PATH_RE.test(path);
		const entry = {
			seq: ++rt.seq,
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
		const logRef = rt.requestLog;
		res.on('close', () => {
			if (isPublic) stats.inFlight--;
			entry.status = res.headersSent ? res.statusCode : null;
			entry.durationMs = Math.round((performance.now() - t0) * 100) / 100;
			if (!res.writableFinished && !entry.fault) entry.aborted = true;
			stats.requests++;
			stats.byStatus[entry.status ?? 'dropped'] = (stats.byStatus[entry.status ?? 'dropped'] ?? 0) + 1;
			if (isPublic || isToken) stats.lastResponseAt = Date.now();
			if (logRef !== rt.requestLog) return;
			rt.requestLog.push(entry);
			if (rt.requestLog.length > rt.config.logLimit * 1.1)
				rt.requestLog.splice(0, rt.requestLog.length - rt.config.logLimit);
			onRequest?.(entry);
		});

		try {
			const text = await readBody(req);
			if (isToken) {
				bump(stats, `${req.method} /realms/{realm}/protocol/openid-connect/token`);
				if (req.method !== 'POST')
					throw new HttpError(405, {
						error: 'invalid_request',
						error_description: 'HTTP method not allowed',
					});
				const r = rt.tokens.handleTokenRequest(req, text, entry);
				return send(res, r.status, r.body, r.headers);
			}
			if (isPublic) return await handlePublic(req, res, path, text, entry);
			const page = hostedPages.match(req.method, path);
			if (page) {
				bump(stats, page.name);
				const ctype = (req.headers['content-type'] ?? '').toLowerCase();
				const form = ctype.startsWith('application/x-www-form-urlencoded')
					? Object.fromEntries(new URLSearchParams(text))
					: {};
				if (req.method === 'POST') entry.body = redact(form);
				const out = page.fn(page.params, form);
				if (req.method === 'POST') rt.changed();
				res.writeHead(out.status, out.headers);
				return res.end(out.body);
			}
			bump(stats, 'unknown');
			throw new HttpError(404, { message: `Route not found: ${req.method} ${path}` });
		} catch (e) {
			fail(res, e);
		}
	}

	async function handlePublic(req, res, path, text, entry) {
		const { stats } = rt;
		// Log the body even when the call is refused: the benchmark wants to see which orderIds hit 429.
		let parsed;
		try {
			parsed = parseJson(text, entry);
		} catch (e) {
			parsed = e;
		}
		const wait = traffic.takeToken();
		if (wait > 0) {
			stats.rateLimited++;
			bump(stats, '429');
			throw new HttpError(429, { message: 'Too many requests' }, { 'retry-after': String(wait) });
		}
		const delay = traffic.latencyMs();
		if (delay > 0) await sleep(delay);
		rt.tokens.checkBearer(req);
		const route = matchRoute(publicRoutes, req.method, path);
		if (route.notFound) {
			bump(stats, 'unknown');
			throw new HttpError(404, { message: `Route not found: ${req.method} ${path}` });
		}
		bump(stats, route.name);
		if (parsed instanceof Error) throw parsed;
		const ctx = { json: parsed.value, numberText: parsed.numberText, params: route.params, entry, req };
		const out = route.fn(ctx);
		// Sessions and balance updates change no status; creates and decisions do (and notify through the store).
		if (req.method !== 'GET') rt.changed();
		if (out.drop) {
			// Outcome unknown to the client: the transaction exists, the answer never arrives.
			res.socket?.destroy();
			return;
		}
		send(res, out.status, out.body, out.headers);
	}

	// --- lifecycle ---------------------------------------------------------------------------------

	let server;

	function start(port = 8787, host = '127.0.0.1') {
		server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handle) : http.createServer(handle);
		server.keepAliveTimeout = 5000;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				const addr = server.address();
				const shownHost = ['0.0.0.0', '::'].includes(addr.address)
					? '127.0.0.1'
					: addr.address.includes(':')
						? `[${addr.address}]`
						: addr.address;
				rt.baseUrl = `${tls ? 'https' : 'http'}://${shownHost}:${addr.port}`;
				rt.startedAt = Date.now();
				resolve({
					url: rt.baseUrl,
					port: addr.port,
					tokenUrl: `${rt.baseUrl}/realms/omno/protocol/openid-connect/token`,
				});
			});
		});
	}

	async function stop() {
		clearSettleTimers();
		webhooks.stop();
		// After webhooks.stop(): undelivered jobs stay in the snapshot and go out again after a restart.
		if (persisted) await persisted.close();
		if (!server) return;
		await new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections?.();
		});
	}

	const state = {
		store,
		webhooks,
		get tokens() {
			return rt.tokens.issued;
		},
		get config() {
			return rt.config;
		},
		get stats() {
			return statsView(rt);
		},
		get requestLog() {
			return rt.requestLog;
		},
		get url() {
			return rt.baseUrl;
		},
		get stateFile() {
			return persisted;
		},
		get restored() {
			return rt.restored ?? null;
		},
		reset: rt.reset,
		setConfig: rt.setConfig,
	};

	return { start, stop, state, reset: rt.reset };
}

module.exports = { createSandbox, redact };
