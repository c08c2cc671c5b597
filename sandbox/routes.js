'use strict';
/**
 * The sandbox's request handler: /_sandbox/* control (control.js), the token endpoint (tokens.js), OMNO's /public/*
 * API (public-api.js) behind the rate limit, latency and bearer check, and the hosted pages (hosted.js). Every
 * request except control ones is logged (rt.requestLog) and counted (rt.stats).
 */
const { performance } = require('node:perf_hooks');
const { ConfigError } = require('./config');
const { ConflictError, NotFoundError, TEST_CARDS } = require('./store');
const { WebhookConfigError } = require('./webhooks');
const v = require('./validate');
const hosted = require('./hosted');
const { HttpError, redact, authKind, readBody, send, sendError, parseJson } = require('./http');
const { TOKEN_PATH_RE } = require('./tokens');
const { createPublicRoutes, matchRoute } = require('./public-api');
const { handleControl } = require('./control');
const { bump } = require('./stats');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Domain errors of the other modules → HTTP status (anything else is a 500). */
function errorStatus(e) {
	if (e instanceof v.ValidationError || e instanceof ConfigError || e instanceof WebhookConfigError)
		return 400;
	if (e instanceof ConflictError) return 409;
	if (e instanceof NotFoundError) return 404;
	return 0;
}

/** The log entry of one request, filled in (status, duration, counters) when its response closes. */
function logRequest(rt, req, res, path, { isPublic, isToken, onRequest }) {
	const { stats } = rt;
	const t0 = performance.now();
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
	return entry;
}

/** handle(req, res) for the sandbox's HTTP server. Options: `quiet`, `onRequest(entry)`. */
function createHandler(rt, { quiet, onRequest } = {}) {
	const publicRoutes = createPublicRoutes(rt);
	const hostedPages = hosted.create({
		store: rt.store,
		base: rt.base,
		completeStep: rt.completeStep,
		stats: rt.stats,
		TEST_CARDS,
	});
	const fail = (res, e) => sendError(res, e, { errorStatus, quiet });

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

		// Counted in the stats of the moment the request arrived (a reset while its body is read starts new ones).
		const { stats } = rt;
		const isPublic = path === '/public' || path.startsWith('/public/');
		const isToken = TOKEN_PATH_RE.test(path);
		const entry = logRequest(rt, req, res, path, { isPublic, isToken, onRequest });
		try {
			const text = await readBody(req);
			if (isToken) return tokenRequest(stats, req, res, text, entry);
			if (isPublic) return await publicRequest(req, res, path, text, entry);
			const page = hostedPages.match(req.method, path);
			if (page) return hostedPage(stats, page, req, res, text, entry);
			bump(stats, 'unknown');
			throw new HttpError(404, { message: `Route not found: ${req.method} ${path}` });
		} catch (e) {
			fail(res, e);
		}
	}

	function tokenRequest(stats, req, res, text, entry) {
		bump(stats, `${req.method} /realms/{realm}/protocol/openid-connect/token`);
		if (req.method !== 'POST')
			throw new HttpError(405, {
				error: 'invalid_request',
				error_description: 'HTTP method not allowed',
			});
		const r = rt.tokens.handleTokenRequest(req, text, entry);
		return send(res, r.status, r.body, r.headers);
	}

	function hostedPage(stats, page, req, res, text, entry) {
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

	async function publicRequest(req, res, path, text, entry) {
		const { stats, traffic } = rt;
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

	return handle;
}

module.exports = { createHandler };
