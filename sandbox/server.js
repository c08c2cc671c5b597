'use strict';

// The sandbox: one HTTP server composed of named parts —
//   runtime.js     the shared runtime object `rt`: config, stats, store, tokens, webhooks, state file
//   routes.js      the request handler: request log, token endpoint, /public/* behind the draws, hosted pages
//   public-api.js  OMNO's /public/* routes (creates, faults, 409 style)   tokens.js   token endpoint + bearer check
//   control.js     /_sandbox/* control API                               hosted.js   hosted pages
//   store.js       transactions and their status machine                 webhooks.js deliveries with retries
//   draws.js       rate limit, latency, fault draws                      stats.js    counters
//   persistence.js the state file                                        http.js     errors, bodies, answers
// This file starts and stops the server and gives callers (tests, the CLI) a view of the state.

const http = require('node:http');
const https = require('node:https');
const { redact } = require('./http');
const { statsView } = require('./stats');
const { createRuntime } = require('./runtime');
const { createHandler } = require('./routes');

/**
 * Options: the /_sandbox/config keys (see config.js), plus `tls` { cert, key }, `quiet`, `onRequest(entry)`,
 * `webhooks` (initial list) and `stateFile` (path; see persistence.js). `conflictStyle` defaults to the
 * OMNO_SANDBOX_409 environment variable, then `bare`.
 */
function createSandbox(options = {}) {
	const { tls, quiet, onRequest, ...runtimeOptions } = options;
	const rt = createRuntime(runtimeOptions);
	const handle = createHandler(rt, { quiet, onRequest });
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
		rt.clearSettleTimers();
		rt.webhooks.stop();
		// After webhooks.stop(): undelivered jobs stay in the snapshot and go out again after a restart.
		if (rt.persisted) await rt.persisted.close();
		if (!server) return;
		await new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections?.();
		});
	}

	const state = {
		store: rt.store,
		webhooks: rt.webhooks,
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
			return rt.persisted;
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
