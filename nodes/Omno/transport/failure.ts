// What went wrong in an OMNO call (API answer, token endpoint, network), read from whatever n8n threw.
import type { IDataObject } from 'n8n-workflow';

import { redact, redactText } from '../validation/redact';

/** What we know about a failed OMNO call, read from the error n8n's request helper threw. */
export interface OmnoFailure {
	/** The API's HTTP status. Never set for a token failure: the token endpoint's status is not an API answer. */
	httpCode?: number;
	/** OMNO's own words: `message`, `error_description`, `error`, or an excerpt of the raw body (masked). */
	omnoMessage?: string;
	/** What OMNO's Retry-After asked for (capped), read on every n8n version. */
	retryAfterMs?: number;
	/** The token request failed (refused, unreachable, timed out, or no token in its answer): nothing was sent. */
	tokenRejected: boolean;
	/** The token endpoint's HTTP status, when it answered with one. */
	tokenHttpCode?: number;
	/** Transport-level code such as ECONNREFUSED or ETIMEDOUT when no HTTP answer arrived. */
	networkCode?: string;
	/** OMNO's answer body, read only to find the existing transaction's id in a 409. */
	body?: unknown;
	/** The token endpoint answered with an OAuth error (wrong client id or secret). */
	tokenRefused?: boolean;
	/** The token endpoint gave no answer within TOKEN_POLICY.timeoutMs. */
	tokenTimedOut?: boolean;
}

export const TOKEN_POLICY = {
	/** n8n's OAuth2 client sets no timeout on the token request; we bound it like an API call. */
	timeoutMs: 30_000,
};

const BODY_EXCERPT_LENGTH = 300;
const MAX_RETRY_AFTER_MS = 60_000;

/** An object to read fields from, or undefined: errors and bodies arrive in any shape. */
export function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' ? (value as IDataObject) : undefined;
}

function parseBody(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	try {
		return JSON.parse(data);
	} catch {
		return data;
	}
}

/** Card numbers and security codes echoed back by an API must not reach n8n's UI or logs. */
function maskCardNumbers(text: string): string {
	return redactText(text);
}

/**
 * OMNO's message from an error body; bodies are not published, so try the shapes seen in the wild. Masked
 * before it is cut, so an excerpt never ends in the middle of an unmasked card number.
 */
export function messageFromBody(data: unknown): string | undefined {
	const body = redact(parseBody(data));
	const cut = (text: string) => text.slice(0, BODY_EXCERPT_LENGTH);
	if (typeof body === 'string') {
		const text = body.trim();
		return text ? cut(text) : undefined;
	}
	const object = asObject(body);
	if (!object) return undefined;
	for (const key of ['message', 'error_description', 'error', 'detail', 'title']) {
		const value = object[key];
		if (typeof value === 'string' && value.trim()) return cut(value.trim());
		const nested = asObject(value);
		if (nested && typeof nested.message === 'string') return cut(nested.message);
	}
	return cut(JSON.stringify(object));
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110); capped so a run never stalls for long. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (Array.isArray(value)) return parseRetryAfter(value[0], now);
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	let ms: number;
	if (/^\d+$/.test(text)) ms = Number(text) * 1000;
	else {
		const date = Date.parse(text);
		if (Number.isNaN(date)) return undefined;
		ms = date - now;
	}
	return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function headerValue(headers: unknown, name: string): unknown {
	const object = asObject(headers);
	if (!object) return undefined;
	const getter = (object as { get?: (n: string) => unknown }).get;
	if (typeof getter === 'function') return getter.call(object, name);
	const key = Object.keys(object).find((k) => k.toLowerCase() === name);
	return key ? object[key] : undefined;
}

/** The token request failed before anything was sent to the API. Wraps what n8n threw. */
export class OmnoTokenFailure extends Error {
	constructor(
		readonly original: unknown,
		readonly timedOut = false,
	) {
		super(timedOut ? 'OMNO token request timed out' : 'OMNO token request failed');
		this.name = 'OmnoTokenFailure';
	}
}

const NETWORK_CODE = /^E[A-Z][A-Z_]{2,}$/;

function networkCodeOf(outer: IDataObject, cause: IDataObject): string | undefined {
	for (const candidate of [cause.code, outer.code, outer.httpCode]) {
		if (typeof candidate === 'string' && NETWORK_CODE.test(candidate) && candidate !== 'EAUTH')
			return candidate;
	}
	// Builds that drop the cause keep its message ("connect ECONNREFUSED 127.0.0.1:443") in `messages`.
	const texts = [outer.message, ...(Array.isArray(outer.messages) ? outer.messages : [])];
	for (const text of texts) {
		const match = typeof text === 'string' ? /\b(E[A-Z][A-Z_]{2,})\b/.exec(text) : null;
		if (match && match[1] !== 'EAUTH') return match[1];
	}
	return undefined;
}

/** Reads a token-endpoint failure: the OAuth2 client's AuthError / ResponseError, an axios error, or a bare one. */
function describeTokenFailure(original: unknown, timedOut: boolean): OmnoFailure {
	if (timedOut) return { tokenRejected: true, tokenTimedOut: true, networkCode: 'ETIMEDOUT' };
	const outer = asObject(original) ?? {};
	// n8n 2.41 wraps it once more ("Failed to acquire OAuth2 access token"), older builds once or not at all.
	let cause = asObject(outer.cause) ?? outer;
	if (asObject(cause.cause) && cause.code === undefined) cause = asObject(cause.cause) as IDataObject;
	const response = asObject(cause.response);
	if (cause.code === 'EAUTH' || outer.httpCode === 'EAUTH') {
		return {
			tokenRejected: true,
			tokenRefused: true,
			tokenHttpCode: typeof cause.status === 'number' ? cause.status : undefined,
			omnoMessage:
				messageFromBody(asObject(cause.body)) ??
				(typeof cause.message === 'string' ? maskCardNumbers(cause.message) : undefined),
		};
	}
	const status = Number(cause.status ?? response?.status ?? outer.httpCode);
	if (Number.isInteger(status) && status > 0) {
		return {
			tokenRejected: true,
			tokenHttpCode: status,
			omnoMessage: messageFromBody(cause.body ?? response?.data),
		};
	}
	const networkCode = networkCodeOf(outer, cause);
	if (networkCode) return { tokenRejected: true, networkCode };
	// Neither a status nor a network code (e.g. "Unable to sign without access token": an answer without a
	// token): n8n's own words, masked.
	const words = typeof cause.message === 'string' && cause.message.trim() ? cause.message.trim() : undefined;
	return {
		tokenRejected: true,
		omnoMessage: words === undefined ? undefined : maskCardNumbers(words).slice(0, 300),
	};
}

/**
 * Reads status, body and headers from whatever an attempt threw: the raw axios error of the API request (see
 * sendAttempt), an OmnoTokenFailure, or a NodeApiError around either (n8n 2.x keeps the cause), or a bare error.
 */
export function describeFailure(error: unknown): OmnoFailure {
	if (error instanceof OmnoTokenFailure) return describeTokenFailure(error.original, error.timedOut);
	const outer = asObject(error) ?? {};
	const cause = asObject(outer.cause) ?? outer;
	const response = asObject(cause.response) ?? asObject(outer.response);

	// The OAuth2 client's AuthError: n8n 2.x keeps it as `cause`; builds that drop it leave its code
	// ('EAUTH') in `httpCode` and OMNO's error_description as the message.
	if (cause.code === 'EAUTH' || outer.httpCode === 'EAUTH' || cause.code === 'ESTATUS') {
		return describeTokenFailure(error, false);
	}
	const context = asObject(outer.context);
	const httpCode = Number(response?.status ?? response?.statusCode ?? outer.httpCode);
	if (Number.isFinite(httpCode) && httpCode > 0) {
		// n8n ≥ 2.x keeps the axios error as `cause`; builds that drop it still keep OMNO's JSON body in
		// `context.data`.
		return {
			httpCode,
			omnoMessage: messageFromBody(response?.data ?? response?.body ?? context?.data),
			retryAfterMs: parseRetryAfter(headerValue(response?.headers, 'retry-after')),
			tokenRejected: false,
			body: response?.data ?? response?.body ?? context?.data,
		};
	}
	return { networkCode: networkCodeOf(outer, cause), tokenRejected: false };
}
