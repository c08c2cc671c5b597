import type { IDataObject } from 'n8n-workflow';

import type { TransactionType } from '../Omno/domain/transactionKinds';

/** What the trigger needs from a delivery body. OMNO publishes no payload schema, so several names are read. */
export interface Delivery {
	id: string;
	/** From the body's hints; undefined when the body does not say. */
	type?: TransactionType;
	status?: string;
	body: IDataObject;
}

export type ParseResult = { ok: true; delivery: Delivery } | { ok: false; reason: string };

const ID_KEYS = ['id', 'paymentId', 'payoutId', 'transactionId'] as const;
const TYPE_KEYS = ['type', 'transactionType', 'hookType', 'eventType', 'event', 'resource'] as const;

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** "payin", "PAY_IN", "pay-in.updated", "PAYOUT" → the type; anything else (e.g. pay-in's "CARD") → undefined. */
export function typeFromHint(value: unknown): TransactionType | undefined {
	if (typeof value !== 'string') return undefined;
	const letters = value.toLowerCase().replace(/[^a-z]/g, '');
	if (letters.startsWith('payin') || letters.startsWith('deposit')) return 'payIn';
	if (letters.startsWith('payout') || letters.startsWith('withdraw')) return 'payout';
	return undefined;
}

function typeOf(body: IDataObject): TransactionType | undefined {
	for (const key of TYPE_KEYS) {
		const type = typeFromHint(body[key]);
		if (type) return type;
	}
	// Create pay-in answers with `paymentId`, payouts with `payoutId`.
	if (body.payoutId !== undefined && body.payoutId !== null) return 'payout';
	if (body.paymentId !== undefined && body.paymentId !== null) return 'payIn';
	return undefined;
}

/**
 * Reads a delivery: from the raw bytes when n8n kept them (what OMNO actually sent), else from the parsed
 * body. Reasons are short and safe to send back; they never quote the body.
 */
export function parseDelivery(rawBody: unknown, parsedBody: unknown): ParseResult {
	let body: unknown = parsedBody;
	if (rawBody instanceof Uint8Array && rawBody.length > 0) {
		try {
			body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
		} catch {
			return { ok: false, reason: 'body is not valid JSON' };
		}
	}
	if (!isPlainObject(body)) return { ok: false, reason: 'body is not a JSON object' };

	const key = ID_KEYS.find((k) => body[k] !== undefined && body[k] !== null && body[k] !== '');
	if (!key) return { ok: false, reason: `body has no transaction id (${ID_KEYS.join(', ')})` };
	const raw = body[key];
	let id: string;
	if (typeof raw === 'string') id = raw.trim();
	else if (typeof raw === 'number' && Number.isFinite(raw)) id = String(raw);
	else return { ok: false, reason: `${key} is not a string or number` };
	// The id becomes part of an OMNO URL path.
	if (!id || id.length > 200 || /[\s/?#\\]/.test(id) || id === '.' || id === '..') {
		return { ok: false, reason: `${key} is not a valid transaction id` };
	}

	const status = typeof body.status === 'string' && body.status.trim() ? body.status.trim() : undefined;
	return { ok: true, delivery: { id, type: typeOf(body), status, body } };
}
