import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { existingIdFrom409 } from '../helpers/existing';

/** What we know about a failed OMNO call, read from the error n8n's request helper threw. */
export interface OmnoFailure {
	httpCode?: number;
	/** OMNO's own words: `message`, `error_description`, `error`, or an excerpt of the raw body. */
	omnoMessage?: string;
	retryAfterMs?: number;
	/** Set when the token endpoint, not the API, refused (wrong secret or environment). */
	tokenRejected: boolean;
	/** Transport-level code such as ECONNREFUSED or ETIMEDOUT when no HTTP answer arrived. */
	networkCode?: string;
	/** OMNO's answer body, read only to find the existing transaction's id in a 409. */
	body?: unknown;
}

const BODY_EXCERPT_LENGTH = 300;
const MAX_RETRY_AFTER_MS = 60_000;

function asObject(value: unknown): IDataObject | undefined {
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

/** Card numbers echoed back by an API must not reach n8n's UI or logs: keep only the last four digits. */
export function maskCardNumbers(text: string): string {
	return text.replace(/\b(?:\d[ -]?){12,18}(\d{4})\b/g, '************$1');
}

/** OMNO's message from an error body; bodies are not published, so try the shapes seen in the wild. */
export function messageFromBody(data: unknown): string | undefined {
	const text = extractMessage(data);
	return text === undefined ? undefined : maskCardNumbers(text);
}

function extractMessage(data: unknown): string | undefined {
	const body = parseBody(data);
	if (typeof body === 'string') {
		const text = body.trim();
		return text ? text.slice(0, BODY_EXCERPT_LENGTH) : undefined;
	}
	const object = asObject(body);
	if (!object) return undefined;
	for (const key of ['message', 'error_description', 'error', 'detail', 'title']) {
		const value = object[key];
		if (typeof value === 'string' && value.trim()) return value.trim().slice(0, BODY_EXCERPT_LENGTH);
		const nested = asObject(value);
		if (nested && typeof nested.message === 'string') return nested.message.slice(0, BODY_EXCERPT_LENGTH);
	}
	return JSON.stringify(object).slice(0, BODY_EXCERPT_LENGTH);
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110); capped so a run never stalls for long. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
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

/**
 * Reads status, body and headers from whatever n8n threw: a NodeApiError around an axios error (API calls),
 * around the OAuth2 client's AuthError (token endpoint said no), or a bare error.
 */
export function describeFailure(error: unknown): OmnoFailure {
	const outer = asObject(error) ?? {};
	const cause = asObject(outer.cause) ?? outer;
	const response = asObject(cause.response) ?? asObject(outer.response);

	// The OAuth2 client's AuthError: n8n 2.x keeps it as `cause`; builds that drop it leave its code
	// ('EAUTH') in `httpCode` and OMNO's error_description as the message.
	if (cause.code === 'EAUTH' || outer.httpCode === 'EAUTH') {
		const body = asObject(cause.body);
		return {
			httpCode: 401,
			omnoMessage:
				messageFromBody(body) ?? (typeof cause.message === 'string' ? cause.message : undefined),
			tokenRejected: true,
		};
	}
	if (cause.code === 'ESTATUS' && typeof cause.status === 'number') {
		// Token endpoint answered 3xx/4xx without an OAuth error body.
		return { httpCode: cause.status, omnoMessage: messageFromBody(cause.body), tokenRejected: true };
	}
	const context = asObject(outer.context);
	const httpCode = Number(response?.status ?? response?.statusCode ?? outer.httpCode);
	if (Number.isFinite(httpCode) && httpCode > 0) {
		// n8n ≥ 2.x keeps the axios error as `cause`; builds that drop it still keep OMNO's JSON body in
		// `context.data`. Retry-After is only readable where the cause survives.
		return {
			httpCode,
			omnoMessage: messageFromBody(response?.data ?? response?.body ?? context?.data),
			retryAfterMs: parseRetryAfter(headerValue(response?.headers, 'retry-after')),
			tokenRejected: false,
			body: response?.data ?? response?.body ?? context?.data,
		};
	}
	return {
		networkCode: typeof cause.code === 'string' ? cause.code : undefined,
		tokenRejected: false,
	};
}

const HINTS: Record<number, string> = {
	400: 'OMNO refused the request as invalid. Its message above names the field; fix it in the input and run again.',
	401: 'OMNO refused the access token even after a fresh one was fetched. Check the credential: Client ID, Client Secret and that the Environment matches where they were created.',
	403: 'The API credential is not allowed to do this. Check its permissions in the OMNO Dashboard (Developers → API Credentials).',
	404: 'OMNO has no transaction with this ID in this environment. Check the ID, and that the credential points at the environment where it was created.',
	409: 'OMNO already has a transaction with this orderId (or it is not in a state that allows this). Nothing new was created. Look it up before retrying.',
	422: 'OMNO could not process the request as sent. Its message above says why.',
	429: 'OMNO is rate limiting this account. The node waited as OMNO asked and gave up after several tries; lower the concurrency or run again later.',
};

function hintFor(failure: OmnoFailure, method: string): string {
	if (failure.tokenRejected) {
		return 'OMNO\'s token endpoint refused the Client ID or Client Secret. Open the credential: copy both again from the OMNO Dashboard (Developers → API Credentials) and check the Environment (Sandbox credentials do not work in Production).';
	}
	if (failure.httpCode === undefined) {
		return method === 'GET'
			? 'No answer from OMNO. Check the network, and the API Base URL if the credential uses Custom.'
			: 'No answer from OMNO, so the request may or may not have been processed. It was not sent again: look the transaction up (by its ID or orderId) before running it again.';
	}
	if (failure.httpCode >= 500) {
		return method === 'GET'
			? 'OMNO had an internal error and kept failing after retries. Try again later.'
			: 'OMNO had an internal error; the request may or may not have been processed. It was not sent again: look the transaction up before running it again.';
	}
	return HINTS[failure.httpCode] ?? 'OMNO refused the request; its message above says why.';
}

/**
 * True when a request that changes something got no clear answer: it may have been processed,
 * so it must never be re-sent blindly (a payout could go out twice).
 */
export function isOutcomeUnknown(failure: OmnoFailure, method: string): boolean {
	if (method === 'GET' || failure.tokenRejected) return false;
	return failure.httpCode === undefined || failure.httpCode >= 500;
}

/**
 * A fresh NodeApiError built only from what is safe to show: status, OMNO's message and a hint.
 * n8n's own error keeps the request config (with the bearer token) as its cause, so it is never passed on.
 */
export function toOmnoError(
	node: INode,
	error: unknown,
	request: { method: string; path: string; itemIndex?: number },
): NodeApiError {
	const failure = describeFailure(error);
	const what = `${request.method} ${request.path}`;
	let message: string;
	if (failure.tokenRejected) {
		message = `OMNO token request failed${failure.httpCode ? ` (${failure.httpCode})` : ''}: ${failure.omnoMessage ?? 'invalid client credentials'}`;
	} else if (failure.httpCode !== undefined) {
		message = `OMNO answered ${failure.httpCode} to ${what}${failure.omnoMessage ? `: ${failure.omnoMessage}` : ''}`;
	} else {
		message = `No answer from OMNO to ${what}${failure.networkCode ? ` (${failure.networkCode})` : ''}`;
	}
	const outcomeUnknown = isOutcomeUnknown(failure, request.method);
	const safe: JsonObject = { message, httpCode: failure.httpCode ?? null };
	const apiError = new NodeApiError(node, safe, {
		message,
		description: hintFor(failure, request.method),
		httpCode: failure.httpCode !== undefined ? String(failure.httpCode) : undefined,
		itemIndex: request.itemIndex,
	});
	apiError.context.omno = {
		httpCode: failure.httpCode ?? null,
		omnoMessage: failure.omnoMessage ?? null,
		outcome: outcomeUnknown ? 'unknown' : 'failed',
		// The token endpoint, not the API, failed: nothing reached OMNO's API, and its status is not an API answer.
		tokenFailure: failure.tokenRejected,
	};
	// A reused orderId: the engine looks the existing transaction up by this id (contract 4).
	if (failure.httpCode === 409) (apiError.context.omno as IDataObject).existingId = existingIdFrom409(failure.body) ?? null;
	return apiError;
}
