'use strict';

// The control API (/_sandbox/*): no auth, not in the request log. Documented in sandbox/README.md.

const { readBody, send, parseJson } = require('./http');
const { publicConfig } = require('./config');
const { statsView } = require('./stats');
const v = require('./validate');

function allTransactions(store, type) {
	const out = [];
	for (const t of ['payin', 'payout']) {
		if (type && type !== t) continue;
		for (const tx of store.map(t).values()) {
			out.push({
				...store.view(tx),
				type: t,
				history: tx.history,
				...(tx.walletAddress ? { walletAddress: tx.walletAddress } : {}),
			});
		}
	}
	return out;
}

/** `rt`: the sandbox runtime (config, store, webhooks, tokens, requestLog, seq, reset(), setConfig(), completeStep()). */
async function handleControl(rt, req, res, path, url) {
	const { store, webhooks } = rt;
	const text = await readBody(req);
	const json = () => parseJson(text).value ?? {};
	const m = (re) => re.exec(path);
	const since = Number(url.searchParams.get('since') ?? 0) || 0;
	const method = req.method;
	let r;
	if (method === 'GET' && path === '/_sandbox/health') {
		return send(res, 200, {
			ok: true,
			url: rt.baseUrl,
			tokenUrl: `${rt.baseUrl}/realms/omno/protocol/openid-connect/token`,
			uptimeMs: Date.now() - rt.startedAt,
		});
	}
	if (method === 'GET' && path === '/_sandbox/requests') {
		const limit = Number(url.searchParams.get('limit') ?? 0) || Infinity;
		const list = [];
		for (const e of rt.requestLog) if (e.seq > since && list.length < limit) list.push(e);
		return send(res, 200, { requests: list, lastSeq: rt.seq });
	}
	if (method === 'GET' && path === '/_sandbox/stats') return send(res, 200, statsView(rt));
	if (method === 'GET' && path === '/_sandbox/deliveries')
		return send(res, 200, { deliveries: webhooks.since(since), pending: webhooks.pending });
	if (method === 'POST' && path === '/_sandbox/reset') {
		rt.reset(json());
		return send(res, 200, { ok: true, config: publicConfig(rt.config) });
	}
	if (path === '/_sandbox/config') {
		if (method === 'POST') rt.setConfig(json());
		if (method === 'GET' || method === 'POST') return send(res, 200, publicConfig(rt.config));
	}
	if (path === '/_sandbox/webhooks') {
		if (method === 'POST') {
			webhooks.setList(json());
			rt.changed();
		}
		if (method === 'GET' || method === 'POST') return send(res, 200, { webhooks: webhooks.publicList() });
	}
	if (method === 'POST' && path === '/_sandbox/tokens/expire') {
		const n = rt.tokens.size;
		rt.tokens.clear();
		return send(res, 200, { expired: n });
	}
	if (method === 'GET' && path === '/_sandbox/transactions') {
		const type = url.searchParams.get('type') || undefined;
		return send(res, 200, { transactions: allTransactions(store, type) });
	}
	if (method === 'GET' && path === '/_sandbox/sessions') {
		return send(res, 200, { sessions: [...store.sessions.values()].map(({ customer, ...s }) => s) });
	}
	if (method === 'POST' && (r = m(/^\/_sandbox\/transactions\/(payin|payout)\/([^/]+)\/status$/))) {
		const tx = store.get(r[1], decodeURIComponent(r[2]));
		const b = json();
		if (typeof b.status !== 'string' || !b.status)
			throw new v.ValidationError('status must be a non-empty string');
		store.setStatus(tx, b.status, { detailedStatus: b.detailedStatus, reason: b.reason });
		return send(res, 200, { ...store.view(tx), type: tx.type });
	}
	if (method === 'POST' && (r = m(/^\/_sandbox\/transactions\/payin\/([^/]+)\/complete-3ds$/))) {
		const tx = store.get('payin', decodeURIComponent(r[1]));
		const outcome = json().outcome ?? 'SUCCESS';
		rt.completeStep(tx, ['PENDING_3DS'], outcome);
		return send(res, 200, { ...store.view(tx), type: tx.type });
	}
	return send(res, 404, { message: `Unknown control route ${method} ${path}` });
}

module.exports = { handleControl, allTransactions };
