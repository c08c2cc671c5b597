'use strict';
/**
 * Contender (d), the lower bound: a bare `fetch` loop, no n8n. Same rows as the Code node, POST /public/payout
 * with a window of CONCURRENCY, one token fetched up front and again only after a 401, every worker pausing
 * together on 429 + Retry-After. Prints one JSON line { ok, business, failed, items, ms }.
 *
 *   node bench/fetch-loop.js <sandboxUrl> <items> <prefix> [concurrency]
 */
const vm = require('node:vm');
const { rowsCode, CLIENT_ID, CLIENT_SECRET } = require('../tools/payout-workflows');

const [url, itemsArg, prefix, concArg] = process.argv.slice(2);
const count = Number(itemsArg);
const concurrency = Number(concArg || 10);

// The very rows the Code node produces.
const rows = vm.runInNewContext(`(() => { ${rowsCode(count, prefix)} })()`).map((r) => r.json);

let token;
let tokenPromise;
async function getToken(stale) {
	if (token && token !== stale) return token;
	tokenPromise ??= (async () => {
		const res = await fetch(`${url}/realms/omno/protocol/openid-connect/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
			}),
		});
		if (res.status !== 200) throw new Error(`token ${res.status}`);
		token = (await res.json()).access_token;
		tokenPromise = undefined;
		return token;
	})();
	return tokenPromise;
}

let notBefore = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function send(row) {
	const body = JSON.stringify({
		orderId: row.orderId,
		value: Number(row.amount),
		currency: row.currency,
		kycVerified: true,
		customer: row.customer,
	});
	for (let attempt = 0; attempt < 20; attempt++) {
		const wait = notBefore - Date.now();
		if (wait > 0) await sleep(wait);
		const bearer = await getToken();
		const res = await fetch(`${url}/public/payout`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${bearer}`,
				'content-type': 'application/json',
				accept: 'application/json',
			},
			body,
		});
		await res.arrayBuffer();
		if (res.status === 200) return 'ok';
		if (res.status === 401) {
			await getToken(bearer);
			continue;
		}
		if (res.status === 429) {
			const s = Number(res.headers.get('retry-after')) || 1;
			notBefore = Math.max(notBefore, Date.now() + s * 1000);
			continue;
		}
		return res.status === 422 ? 'business' : 'failed';
	}
	return 'failed';
}

(async () => {
	const t0 = Date.now();
	const counts = { ok: 0, business: 0, failed: 0 };
	let next = 0;
	await getToken();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < rows.length) counts[await send(rows[next++])]++;
		}),
	);
	process.stdout.write(`${JSON.stringify({ ...counts, items: rows.length, ms: Date.now() - t0 })}\n`);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
