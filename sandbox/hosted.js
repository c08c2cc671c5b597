'use strict';

// Minimal hosted pages (card iframe, APM, redirect, 3-DS, cashier) so the URLs the API hands out lead
// somewhere a person can click through when trying the node. Not part of OMNO's API surface.

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, inner, status = 200) {
	const body = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{margin:.25rem .5rem .25rem 0;padding:.5rem 1rem}
.note{color:#666;font-size:.9rem}</style></head><body><h1>${esc(title)}</h1>${inner}
<p class="note">OMNO local sandbox — test page, no real payment.</p></body></html>`;
	return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

function redirect(location) {
	return { status: 303, headers: { location }, body: '' };
}

function buttons(action, options) {
	return options
		.map(
			([value, label]) =>
				`<form method="post" action="${esc(action)}" style="display:inline"><input type="hidden" name="outcome" value="${esc(value)}"><button>${esc(label)}</button></form>`,
		)
		.join('');
}

function summary(tx) {
	return `<p>${tx.type === 'payin' ? 'Payment' : 'Payout'} <code>${esc(tx.id)}</code><br>Order <code>${esc(tx.orderId)}</code>: <b>${esc(tx.amount)} ${esc(tx.currency)}</b><br>Status: <b>${esc(tx.status)}</b></p>`;
}

function create({ store, base, completeStep, TEST_CARDS }) {
	const cardFor = Object.fromEntries(Object.entries(TEST_CARDS).map(([pan, outcome]) => [outcome, pan]));

	function find(id) {
		return store.payins.get(id) ?? store.payouts.get(id) ?? null;
	}

	// After a hosted step: back to the merchant's return URL when there is one.
	function finish(tx) {
		const ok = tx.status === 'SUCCESS';
		const target = tx.returnUrls?.[ok ? 'success' : 'failure'];
		if (target && !['PENDING', 'PENDING_3DS'].includes(tx.status)) {
			const u = new URL(target);
			u.searchParams.set(tx.type === 'payin' ? 'paymentId' : 'payoutId', tx.id);
			u.searchParams.set('status', tx.status);
			return redirect(u.toString());
		}
		return page('Result', summary(tx));
	}

	const notFound = (id) => page('Not found', `<p>No transaction or session ${esc(id)}.</p>`, 404);

	const routes = [
		[
			'GET',
			/^\/hosted\/card\/([^/]+)$/,
			'GET /hosted/card/{id}',
			([id]) => {
				const tx = store.payins.get(id);
				if (!tx) return notFound(id);
				if (tx.status !== 'CREATED') return page('Card payment', summary(tx));
				return page(
					'Card payment',
					summary(tx) +
						buttons(`/hosted/card/${id}`, [
							['SUCCESS', 'Pay with 4242… (success)'],
							['DECLINED', 'Declined card'],
							['PENDING_3DS', '3-D Secure card'],
							['FAILED', 'Failing card'],
						]),
				);
			},
		],
		[
			'POST',
			/^\/hosted\/card\/([^/]+)$/,
			'POST /hosted/card/{id}',
			([id], form) => {
				const tx = store.payins.get(id);
				if (!tx) return notFound(id);
				const pan = cardFor[form.outcome] ?? cardFor.SUCCESS;
				store.processCard(tx, { cardNumber: pan });
				return tx.status === 'PENDING_3DS' ? redirect(`${base()}/hosted/3ds/${id}`) : finish(tx);
			},
		],
		[
			'GET',
			/^\/hosted\/apm\/([^/]+)$/,
			'GET /hosted/apm/{id}',
			([id]) => {
				const tx = store.payins.get(id);
				if (!tx) return notFound(id);
				if (tx.status !== 'CREATED') return page('Alternative payment', summary(tx));
				return page(
					'Alternative payment',
					summary(tx) +
						buttons(`/hosted/apm/${id}`, [
							['SUCCESS', 'Pay'],
							['FAILED', 'Fail'],
						]),
				);
			},
		],
		[
			'POST',
			/^\/hosted\/apm\/([^/]+)$/,
			'POST /hosted/apm/{id}',
			([id], form) => {
				const tx = store.payins.get(id);
				if (!tx) return notFound(id);
				store.requireStatus(tx, ['CREATED'], 'processed');
				tx.transactionType = 'APM';
				store.setStatus(tx, 'PENDING');
				store.setStatus(tx, form.outcome === 'FAILED' ? 'FAILED' : 'SUCCESS');
				return finish(tx);
			},
		],
		[
			'GET',
			/^\/hosted\/(redirect|3ds)\/([^/]+)$/,
			'GET /hosted/{redirect|3ds}/{id}',
			([kind, id]) => {
				const tx = find(id);
				if (!tx) return notFound(id);
				const title = kind === '3ds' ? '3-D Secure check' : 'Complete at provider';
				const waiting = kind === '3ds' ? tx.status === 'PENDING_3DS' : tx.status === 'PENDING';
				if (!waiting) return page(title, summary(tx));
				return page(
					title,
					summary(tx) +
						buttons(
							`/hosted/${kind}/${id}`,
							kind === '3ds'
								? [
										['SUCCESS', 'Authenticate'],
										['DECLINED', 'Fail authentication'],
									]
								: [
										['SUCCESS', 'Complete'],
										['FAILED', 'Fail'],
									],
						),
				);
			},
		],
		[
			'POST',
			/^\/hosted\/(redirect|3ds)\/([^/]+)$/,
			'POST /hosted/{redirect|3ds}/{id}',
			([kind, id], form) => {
				const tx = find(id);
				if (!tx) return notFound(id);
				completeStep(tx, [kind === '3ds' ? 'PENDING_3DS' : 'PENDING'], form.outcome ?? 'SUCCESS');
				return finish(tx);
			},
		],
		[
			'GET',
			/^\/payments-v2\/cashier\/([^/]+)$/,
			'GET /payments-v2/cashier/{id}',
			([id]) => {
				const s = store.sessions.get(id);
				if (!s) return notFound(id);
				return page(
					'Cashier',
					`<p>Customer <code>${esc(s.externalUserId)}</code>, currency ${esc(s.currency)}</p>
<form method="post" action="/payments-v2/cashier/${esc(id)}"><label>Amount <input name="amount" value="10.00" pattern="\\d+(\\.\\d{1,2})?"></label>
<input type="hidden" name="outcome" value="SUCCESS"><button>Pay with test card</button></form>`,
				);
			},
		],
		[
			'POST',
			/^\/payments-v2\/cashier\/([^/]+)$/,
			'POST /payments-v2/cashier/{id}',
			([id], form) => {
				const s = store.sessions.get(id);
				if (!s) return notFound(id);
				const amount =
					/^\d+(\.\d{1,2})?$/.test(form.amount ?? '') && Number(form.amount) > 0 ? form.amount : '10.00';
				const orderId = `cashier-${id}-${s.payinIds.length + 1}`;
				const tx = store.create(
					'payin',
					{
						orderId,
						currency: s.currency,
						customer: s.customer,
						previousTransactionCount: s.previousTransactionCount,
						returnUrls: s.returnUrls,
					},
					amount,
					{ sessionId: id },
				);
				s.payinIds.push(tx.id);
				store.processCard(tx, { cardNumber: cardFor.SUCCESS });
				return finish(tx);
			},
		],
	];

	return {
		match(method, path) {
			for (const [m, re, name, fn] of routes) {
				if (m !== method) continue;
				const r = re.exec(path);
				if (!r) continue;
				let params;
				try {
					params = r.slice(1).map(decodeURIComponent);
				} catch {
					return null;
				}
				return { name, params, fn };
			}
			return null;
		},
	};
}

module.exports = { create };
