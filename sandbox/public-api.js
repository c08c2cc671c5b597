'use strict';

// OMNO's public API (/public/*): one route table, each handler (ctx) -> { status, body } | { drop: true }.
// Creates go through the fault draws and answer a reused orderId in the configured 409 style.

const { HttpError } = require('./http');
const { unitHash } = require('./draws');
const v = require('./validate');

/**
 * The 409 body for a reused orderId. OMNO publishes none, so the sandbox can answer in each shape a client
 * must handle: `bare` { message } (no way back to the transaction), `with-id` { message, payoutId | paymentId }
 * (the field name the create answer uses), `nested` { message, data: { id, orderId, status } }, and `other-id`: like
 * `with-id` but naming another transaction (`otherId`: the one created just before, of another orderId) — a wrong
 * answer a client must never act on.
 */
function conflictBody(kind, tx, style, otherId) {
	const message = `Transaction with orderId ${tx.orderId} already exists`;
	const idKey = kind === 'payin' ? 'paymentId' : 'payoutId';
	if (style === 'with-id') return { message, [idKey]: tx.id };
	if (style === 'other-id') return { message, [idKey]: otherId ?? tx.id };
	if (style === 'nested') return { message, data: { id: tx.id, orderId: tx.orderId, status: tx.status } };
	return { message };
}

/** `rt`: the sandbox runtime (config, stats, store, traffic, seq, base(), scheduleSettle()). */
function createPublicRoutes(rt) {
	const { store, traffic } = rt;
	const base = () => rt.base();

	function faultKey(body) {
		return body && typeof body.orderId === 'string' ? `o:${body.orderId}` : `s:${rt.seq}`;
	}

	function createHandler(kind) {
		const validate = kind === 'payin' ? v.validatePayin : v.validatePayout;
		return (ctx) => {
			const { config, stats } = rt;
			const body = ctx.json;
			if (config.faultRate > 0 && traffic.draw('before', kind, faultKey(body)) < config.faultRate) {
				stats.faults.before++;
				ctx.entry.fault = 'before';
				throw new HttpError(503, { message: 'Service unavailable' }, { 'retry-after': '1' });
			}
			validate(body);
			if (store.hasOrderId(kind, body.orderId)) {
				stats.duplicateOrderIds[kind]++;
				const existing = store.get(kind, store.orderIds[kind].get(body.orderId));
				const all = [...(kind === 'payin' ? store.payins : store.payouts).values()];
				// For `other-id`: the transaction created just before the existing one (deterministic for tests).
				const other = all
					.slice(0, all.indexOf(existing))
					.reverse()
					.find((t) => t.orderId !== existing.orderId);
				throw new HttpError(409, conflictBody(kind, existing, config.conflictStyle, other?.id));
			}
			if (
				config.businessErrorRate > 0 &&
				unitHash(config.seed, 'business', kind, body.orderId) < config.businessErrorRate
			) {
				stats.faults.business++;
				ctx.entry.fault = 'business';
				throw new HttpError(422, {
					message: `${kind === 'payin' ? 'Payin' : 'Payout'} refused by provider rules (sandbox business error)`,
				});
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
			if (config.faultAfterRate > 0 && traffic.draw('after', kind, faultKey(body)) < config.faultAfterRate) {
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

	const routes = [
		['POST', /^\/public\/payin$/, 'POST /public/payin', createHandler('payin')],
		[
			'GET',
			/^\/public\/payin\/([^/]+)$/,
			'GET /public/payin/{id}',
			(ctx) => ({ status: 200, body: store.view(store.get('payin', ctx.params[0])) }),
		],
		[
			'POST',
			/^\/public\/payin\/([^/]+)\/process\/card$/,
			'POST /public/payin/{id}/process/card',
			(ctx) => {
				const tx = store.get('payin', ctx.params[0]);
				v.validateProcessCard(ctx.json);
				store.processCard(tx, ctx.json.cardData, {
					saveCard: ctx.json.saveCard === true,
					ipAddress: ip(ctx),
				});
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
				if (!store.cards.has(cardId))
					throw new v.ValidationError(`savedCardData.cardId ${cardId} is not a saved card`);
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
				const { walletAddress } = store.processPayinDirectLink(tx, ctx.json.additionalData, {
					ipAddress: ip(ctx),
				});
				const body = { paymentId: tx.id, status: tx.status };
				if (walletAddress) {
					body.walletAddress = walletAddress;
					body.currency =
						typeof ctx.json.additionalData.currency === 'string'
							? ctx.json.additionalData.currency
							: tx.currency;
				} else {
					body.redirectUrl = `${base()}/hosted/redirect/${tx.id}`;
				}
				return { status: 200, body };
			},
		],
		['POST', /^\/public\/payout$/, 'POST /public/payout', createHandler('payout')],
		[
			'GET',
			/^\/public\/payout\/([^/]+)$/,
			'GET /public/payout/{id}',
			(ctx) => ({ status: 200, body: store.view(store.get('payout', ctx.params[0])) }),
		],
		[
			'PUT',
			/^\/public\/payout\/([^/]+)\/confirm$/,
			'PUT /public/payout/{id}/confirm',
			(ctx) => {
				const tx = store.get('payout', ctx.params[0]);
				store.confirmPayout(tx);
				rt.scheduleSettle(tx);
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
				rt.stats.cashierSessions++;
				return {
					status: 200,
					body: { sessionId: s.sessionId, checkoutUrl: `${base()}/payments-v2/cashier/${s.sessionId}` },
				};
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

	return routes;
}

/** First route whose pattern and method match → { name, fn, params } (params URI-decoded), else { notFound }. */
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

module.exports = { createPublicRoutes, matchRoute, conflictBody };
