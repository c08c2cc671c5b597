'use strict';
/**
 * A readiness-gated reverse proxy in front of n8n, as production deployments have one (a load balancer or a
 * Kubernetes Service routing only to pods whose readiness probe, n8n's /healthz/readiness, answers 200).
 *
 * Why the chaos tests need it: while n8n starts, it answers EVERY request with 200 "n8n is starting up. Please
 * wait" until its database migrations have run (abstract-server.js in 2.41.1 and 1.123.81). A webhook delivered
 * in those seconds is taken as delivered by its sender (OMNO, and the sandbox like OMNO) and is lost. Seen in the
 * 1,000-row chaos run: 33 of 304 WAITING deliveries answered 200 by the restarting n8n, never reached the ledger.
 * Behind the gate they get 503 and are sent again, as they would in production. README → "Re-runs are safe".
 *
 *   const gate = await startReadinessGate({ target: () => n8n.baseUrl });   // gate.url, gate.stats, gate.close()
 */
const http = require('node:http');

async function startReadinessGate({ target, probeEveryMs = 250 }) {
	let ready = false;
	const stats = { forwarded: 0, refusedNotReady: 0, upstreamErrors: 0 };
	const probe = setInterval(async () => {
		try {
			const r = await fetch(`${target()}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			await r.arrayBuffer();
			ready = r.status === 200;
		} catch {
			ready = false;
		}
	}, probeEveryMs);
	const server = http.createServer((req, res) => {
		if (!ready) {
			stats.refusedNotReady++;
			res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"n8n is not ready"}');
			return;
		}
		const url = new URL(req.url, target());
		const upstream = http.request(
			url,
			{ method: req.method, headers: { ...req.headers, host: url.host } },
			(answer) => {
				stats.forwarded++;
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			stats.upstreamErrors++;
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end('{"error":"n8n did not answer"}');
		});
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		stats,
		close: () => {
			clearInterval(probe);
			server.closeAllConnections?.();
			return new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { startReadinessGate };
