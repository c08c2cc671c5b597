'use strict';
/**
 * Pieces of the chaos e2e (e2e/chaos.test.js): the ledger example, exact decimal sums, and the figures read from the
 * sandbox's own state. (Creating, pointing and reading tables: tools/n8n/data-tables.js.)
 */
const fs = require('node:fs');
const path = require('node:path');

const CRED = { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' };
const HOOK_CRED = { id: 'omnoSandboxHook1', name: 'OMNO Sandbox webhook key' };

/** The webhook ledger example as shipped. */
function ledgerExample() {
	return JSON.parse(
		fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'omno-payout-ledger.json'), 'utf8'),
	);
}

/** Exact sum of decimal strings (no float). */
function addDecimals(values) {
	let scale = 0;
	for (const v of values) scale = Math.max(scale, (String(v).split('.')[1] ?? '').length);
	let total = 0n;
	for (const v of values) {
		const [i, f = ''] = String(v).split('.');
		total += BigInt(i + f.padEnd(scale, '0'));
	}
	const s = total.toString().padStart(scale + 1, '0');
	return scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
}

/** "7326.30" → "7326.3", "0.00" → "0": the same amount written once, so totals of different scales compare. */
function plainDecimal(text) {
	const s = String(text);
	return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function totalsByCurrency(list) {
	const by = {};
	for (const { currency, amount } of list) (by[currency] ??= []).push(String(amount));
	return Object.fromEntries(
		Object.entries(by)
			.sort()
			.map(([c, v]) => [c, addDecimals(v)]),
	);
}

/** What the sandbox holds for a sheet: the figures the chaos test asserts on and prints. */
function sandboxFigures(sandbox, prefix, count) {
	const payouts = [...sandbox.state.store.payouts.values()].filter((p) => p.orderId.startsWith(prefix));
	const perOrder = new Map();
	for (const p of payouts) perOrder.set(p.orderId, (perOrder.get(p.orderId) ?? 0) + 1);
	const confirms = payouts.map((p) => p.history.filter((h) => h.status === 'PENDING').length);
	const confirmHistogram = {};
	for (const c of confirms) confirmHistogram[c] = (confirmHistogram[c] ?? 0) + 1;
	const byStatus = {};
	const amountsByStatus = {};
	for (const p of payouts) {
		byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
		(amountsByStatus[p.status] ??= []).push({ currency: p.currency, amount: p.amount });
	}
	return {
		payouts: payouts.length,
		orderIds: perOrder.size,
		expected: count,
		duplicates: payouts.length - perOrder.size,
		stranded: payouts.filter((p) => p.status === 'WAITING_FOR_CONFIRMATION').length,
		confirmsPerPayout: confirmHistogram,
		byStatus,
		totals: totalsByCurrency(payouts.map((p) => ({ currency: p.currency, amount: p.amount }))),
		totalsByStatus: Object.fromEntries(
			Object.entries(amountsByStatus).map(([s, list]) => [s, totalsByCurrency(list)]),
		),
	};
}

/** How the webhook stream went: attempts, deliveries, and how long n8n took to answer a delivered one. */
function webhookFigures(sandbox) {
	const log = sandbox.state.webhooks.since(0);
	const ok = log
		.filter((e) => e.ok)
		.map((e) => e.durationMs)
		.sort((a, b) => a - b);
	const at = (q) => ok[Math.min(ok.length - 1, Math.floor(q * ok.length))] ?? null;
	return {
		...sandbox.state.webhooks.counts,
		refused: Object.fromEntries(
			Object.entries(
				log
					.filter((e) => !e.ok)
					.reduce(
						(by, e) => ((by[e.statusCode ?? e.error] = (by[e.statusCode ?? e.error] ?? 0) + 1), by),
						{},
					),
			),
		),
		okMs: { p50: at(0.5), p95: at(0.95), max: ok[ok.length - 1] ?? null },
	};
}

module.exports = {
	webhookFigures,
	CRED,
	HOOK_CRED,
	ledgerExample,
	addDecimals,
	plainDecimal,
	totalsByCurrency,
	sandboxFigures,
};
