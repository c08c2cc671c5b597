'use strict';

const crypto = require('node:crypto');
const { EventEmitter } = require('node:events');
const { RawNumber, fractionDigits } = require('./json');

const PAYIN_FINAL = new Set([
	'SUCCESS',
	'DECLINED',
	'FAILED',
	'TIMEOUT',
	'REFUNDED',
	'PARTIALLY_REFUNDED',
	'REFUND_FAILED',
]);
const PAYOUT_FINAL = new Set(['SUCCESS', 'DECLINED', 'FAILED', 'REJECTED']);

const MERCHANT_ID = '5a9d1f0e-0000-4000-8000-5a9db0c5a9db';

// Test cards; any other Luhn-valid number succeeds.
const TEST_CARDS = {
	4242424242424242: 'SUCCESS',
	4000000000000002: 'DECLINED',
	4000000000003220: 'PENDING_3DS',
	4000000000009995: 'FAILED',
};

const REASONS = {
	DECLINED: { reason: 'Card declined by issuer', detailedStatus: 'GENERAL_DECLINE' },
	FAILED: { reason: 'No provider could process the transaction', detailedStatus: 'NO_PROVIDER_AVAILABLE' },
	PENDING_3DS: { reason: '3-D Secure authentication required', detailedStatus: 'AUTHENTICATION_REQUIRED' },
	REJECTED: { reason: 'Rejected by merchant', detailedStatus: 'REJECTED_BY_MERCHANT' },
};

// A payout whose amount has the fractional part .13 is declined by the (fake) provider.
const PAYOUT_DECLINE_FRACTION = '13';

const CRYPTO_CURRENCIES = new Set(['BTC', 'ETH', 'USDT', 'USDC', 'LTC', 'TRX', 'BNB', 'SOL', 'XRP', 'DOGE']);

class ConflictError extends Error {}
class NotFoundError extends Error {}

function cardBrand(pan) {
	if (/^4/.test(pan)) return 'VISA';
	if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(pan)) return 'MASTERCARD';
	if (/^3[47]/.test(pan)) return 'AMEX';
	if (/^(6011|65|64[4-9])/.test(pan)) return 'DISCOVER';
	if (/^35(2[89]|[3-8]\d)/.test(pan)) return 'JCB';
	return 'UNKNOWN';
}

function maskPan(pan) {
	return pan.slice(0, 6) + '*'.repeat(Math.max(0, pan.length - 10)) + pan.slice(-4);
}

function isCryptoRequest(additionalData, currency) {
	const method = typeof additionalData.method === 'string' ? additionalData.method : '';
	const cur = typeof additionalData.currency === 'string' ? additionalData.currency.toUpperCase() : '';
	return /crypto/i.test(method) || CRYPTO_CURRENCIES.has(cur) || CRYPTO_CURRENCIES.has(currency);
}

function fakeWalletAddress(currency) {
	const hex = crypto.randomBytes(20).toString('hex');
	if (currency === 'BTC' || currency === 'LTC') return `tb1q${hex.slice(0, 38)}`;
	if (currency === 'TRX' || currency === 'USDT')
		return `T${crypto.randomBytes(24).toString('base64url').slice(0, 33)}`;
	return `0x${hex}`;
}

class Store extends EventEmitter {
	constructor() {
		super();
		// Card hashes must not be reversible to a PAN, so they are keyed per process.
		this.hashKey = crypto.randomBytes(32);
		this.reset();
	}

	reset() {
		this.payins = new Map();
		this.payouts = new Map();
		this.orderIds = { payin: new Map(), payout: new Map() };
		this.cards = new Map();
		this.sessions = new Map();
		this.customers = new Map();
	}

	/** Everything a restarted sandbox needs, as plain JSON (the state file). */
	toJSON() {
		return {
			hashKey: this.hashKey.toString('base64'),
			payins: [...this.payins.values()],
			payouts: [...this.payouts.values()],
			cards: [...this.cards.values()],
			sessions: [...this.sessions.values()],
			customers: [...this.customers.entries()],
		};
	}

	/** Replaces the contents with a toJSON() snapshot. Emits nothing: a reload is not a status change. */
	load(data) {
		this.reset();
		if (data.hashKey) this.hashKey = Buffer.from(data.hashKey, 'base64');
		for (const type of ['payin', 'payout']) {
			for (const tx of data[`${type}s`] ?? []) {
				this.map(type).set(tx.id, tx);
				this.orderIds[type].set(tx.orderId, tx.id);
			}
		}
		for (const card of data.cards ?? []) this.cards.set(card.cardId, card);
		for (const session of data.sessions ?? []) this.sessions.set(session.sessionId, session);
		for (const [externalUserId, id] of data.customers ?? []) this.customers.set(externalUserId, id);
	}

	customerId(externalUserId) {
		let id = this.customers.get(externalUserId);
		if (!id) {
			id = crypto.randomUUID();
			this.customers.set(externalUserId, id);
		}
		return id;
	}

	map(type) {
		if (type === 'payin') return this.payins;
		if (type === 'payout') return this.payouts;
		throw new NotFoundError(`Unknown transaction type ${type}`);
	}

	get(type, id) {
		const tx = this.map(type).get(id);
		if (!tx) throw new NotFoundError(`${type === 'payin' ? 'Payin' : 'Payout'} ${id} not found`);
		return tx;
	}

	hasOrderId(type, orderId) {
		return this.orderIds[type].has(orderId);
	}

	// amountText: the exact JSON number text of amount/value.
	create(type, body, amountText, { ipAddress, sessionId } = {}) {
		if (this.orderIds[type].has(body.orderId)) {
			throw new ConflictError(`Transaction with orderId ${body.orderId} already exists`);
		}
		const now = new Date().toISOString();
		const tx = {
			type,
			id: crypto.randomUUID(),
			amount: amountText,
			merchantId: MERCHANT_ID,
			customerId: this.customerId(body.customer.externalUserId),
			externalUserId: body.customer.externalUserId,
			orderId: body.orderId,
			currency: body.currency,
			status: 'CREATED',
			initialAmount: amountText,
			initialCurrency: body.currency,
			routerId: typeof body.routerId === 'string' ? body.routerId : null,
			cardId: null,
			cardMask: null,
			cardBrand: null,
			cardHash: null,
			pspTransactionId: null,
			previousTransactionCount: body.previousTransactionCount ?? 0,
			statusReason: { reason: null, detailedStatus: null, status: 'CREATED' },
			metadata: { ipAddress: ipAddress ?? null },
			createdAt: now,
			updatedAt: now,
			transactionType: null,
			predictedPspId: type === 'payout' ? 'sandbox-psp-1' : undefined,
			processorPspId: null,
			// internal, never in the public view
			returnUrls: body.returnUrls ?? null,
			webhookUrl: body.webhook?.url ?? null,
			sessionId: sessionId ?? null,
			history: [{ status: 'CREATED', at: now }],
		};
		this.map(type).set(tx.id, tx);
		this.orderIds[type].set(body.orderId, tx.id);
		this.emit('status', { tx, status: 'CREATED', previous: null });
		return tx;
	}

	setStatus(tx, status, reason = {}) {
		const previous = tx.status;
		const now = new Date().toISOString();
		tx.status = status;
		tx.updatedAt = now;
		const r = { ...(REASONS[status] ?? {}), ...reason };
		tx.statusReason = { reason: r.reason ?? null, detailedStatus: r.detailedStatus ?? null, status };
		tx.history.push({ status, at: now });
		this.emit('status', { tx, status, previous });
		return tx;
	}

	isFinal(tx) {
		return (tx.type === 'payin' ? PAYIN_FINAL : PAYOUT_FINAL).has(tx.status);
	}

	requireStatus(tx, allowed, action) {
		if (!allowed.includes(tx.status)) {
			const name = tx.type === 'payin' ? 'Payin' : 'Payout';
			throw new ConflictError(`${name} ${tx.id} cannot be ${action} in status ${tx.status}`);
		}
	}

	// Card processing: CREATED -> PENDING -> outcome. The PAN is used here only and never stored.
	processCard(tx, cardData, { saveCard = false, ipAddress } = {}) {
		this.requireStatus(tx, ['CREATED'], 'processed');
		const pan = cardData.cardNumber;
		const outcome = TEST_CARDS[pan] ?? 'SUCCESS';
		tx.cardMask = maskPan(pan);
		tx.cardBrand = cardBrand(pan);
		tx.cardHash = crypto.createHmac('sha256', this.hashKey).update(pan).digest('hex');
		tx.transactionType = 'CARD';
		if (ipAddress) tx.metadata.ipAddress = ipAddress;
		if (saveCard && (outcome === 'SUCCESS' || outcome === 'PENDING_3DS')) {
			const cardId = crypto.randomUUID();
			this.cards.set(cardId, {
				cardId,
				cardMask: tx.cardMask,
				cardBrand: tx.cardBrand,
				cardHash: tx.cardHash,
				externalUserId: tx.externalUserId,
			});
			tx.cardId = cardId;
		}
		return this.runPayin(tx, outcome);
	}

	processSavedCard(tx, cardId, { ipAddress } = {}) {
		this.requireStatus(tx, ['CREATED'], 'processed');
		const card = this.cards.get(cardId);
		if (!card) return null;
		Object.assign(tx, {
			cardId,
			cardMask: card.cardMask,
			cardBrand: card.cardBrand,
			cardHash: card.cardHash,
		});
		tx.transactionType = 'CARD';
		if (ipAddress) tx.metadata.ipAddress = ipAddress;
		return this.runPayin(tx, 'SUCCESS');
	}

	runPayin(tx, outcome) {
		tx.pspTransactionId = `psp_${crypto.randomBytes(8).toString('hex')}`;
		this.setStatus(tx, 'PENDING');
		this.setStatus(tx, outcome);
		return tx;
	}

	processPayinDirectLink(tx, additionalData, { ipAddress } = {}) {
		this.requireStatus(tx, ['CREATED'], 'processed');
		const crypto_ = isCryptoRequest(additionalData, tx.currency);
		tx.transactionType = crypto_ ? 'CRYPTO' : 'DIRECT_LINK';
		tx.pspTransactionId = `psp_${crypto.randomBytes(8).toString('hex')}`;
		if (ipAddress) tx.metadata.ipAddress = ipAddress;
		let walletAddress = null;
		if (crypto_) {
			const cur =
				typeof additionalData.currency === 'string' ? additionalData.currency.toUpperCase() : tx.currency;
			walletAddress = fakeWalletAddress(cur);
			tx.walletAddress = walletAddress;
		}
		this.setStatus(tx, 'PENDING');
		return { tx, walletAddress };
	}

	createPayout(body, amountText, opts) {
		const tx = this.create('payout', body, amountText, opts);
		this.setStatus(tx, 'WAITING_FOR_CONFIRMATION');
		return tx;
	}

	confirmPayout(tx) {
		this.requireStatus(tx, ['WAITING_FOR_CONFIRMATION'], 'confirmed');
		tx.processorPspId = tx.predictedPspId;
		tx.pspTransactionId = `psp_${crypto.randomBytes(8).toString('hex')}`;
		this.setStatus(tx, 'PENDING');
	}

	// Called settleMs after confirm; a forced status in between wins.
	settlePayout(tx) {
		if (tx.status !== 'PENDING') return;
		if (fractionDigits(tx.amount) === PAYOUT_DECLINE_FRACTION) {
			this.setStatus(tx, 'DECLINED', {
				reason: 'Payout declined by provider',
				detailedStatus: 'GENERAL_DECLINE',
			});
		} else {
			this.setStatus(tx, 'SUCCESS');
		}
	}

	rejectPayout(tx) {
		this.requireStatus(tx, ['WAITING_FOR_CONFIRMATION'], 'rejected');
		this.setStatus(tx, 'REJECTED');
	}

	processPayoutDirectLink(tx, additionalData) {
		this.requireStatus(tx, ['CREATED', 'WAITING_FOR_CONFIRMATION'], 'processed');
		tx.transactionType = 'DIRECT_LINK';
		tx.processorPspId = tx.predictedPspId;
		tx.pspTransactionId = `psp_${crypto.randomBytes(8).toString('hex')}`;
		tx.additionalDataKeys = Object.keys(additionalData);
		this.setStatus(tx, 'PENDING');
		return tx;
	}

	createSession(body) {
		const sessionId = crypto.randomUUID();
		const session = {
			sessionId,
			customerId: this.customerId(body.customer.externalUserId),
			externalUserId: body.customer.externalUserId,
			customer: body.customer,
			currency: body.currency,
			returnUrls: body.returnUrls,
			kycVerified: body.kycVerified ?? false,
			previousTransactionCount: body.previousTransactionCount ?? 0,
			webhookUrl: body.webhook?.url ?? null,
			balanceUpdates: [],
			createdAt: new Date().toISOString(),
			payinIds: [],
		};
		this.sessions.set(sessionId, session);
		return session;
	}

	// Public transaction object, same for GET and webhooks.
	view(tx) {
		const v = {
			id: tx.id,
			amount: new RawNumber(tx.amount),
			merchantId: tx.merchantId,
			customerId: tx.customerId,
			orderId: tx.orderId,
			currency: tx.currency,
			status: tx.status,
			initialAmount: new RawNumber(tx.initialAmount),
			initialCurrency: tx.initialCurrency,
			routerId: tx.routerId,
			cardId: tx.cardId,
			cardMask: tx.cardMask,
			cardBrand: tx.cardBrand,
			cardHash: tx.cardHash,
			pspTransactionId: tx.pspTransactionId,
			previousTransactionCount: tx.previousTransactionCount,
			statusReason: { ...tx.statusReason },
			metadata: { ...tx.metadata },
			createdAt: tx.createdAt,
			updatedAt: tx.updatedAt,
		};
		if (tx.type === 'payin') {
			v.transactionType = tx.transactionType;
		} else {
			v.predictedPspId = tx.predictedPspId;
			v.processorPspId = tx.processorPspId;
		}
		return v;
	}
}

module.exports = {
	Store,
	ConflictError,
	NotFoundError,
	TEST_CARDS,
	PAYIN_FINAL,
	PAYOUT_FINAL,
	PAYOUT_DECLINE_FRACTION,
	maskPan,
	cardBrand,
	isCryptoRequest,
};
