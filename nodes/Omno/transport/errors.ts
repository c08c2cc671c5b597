import type { IDataObject, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { existingIdFrom409 } from '../helpers/existing';
import { redact, redactText } from '../validation/redact';
import type { OmnoContext } from './index';

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

/** Card numbers and security codes echoed back by an API must not reach n8n's UI or logs. */
export function maskCardNumbers(text: string): string {
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

/**
 * What happened inside one call of n8n's auth helper. n8n sends the API request through `this.helpers.httpRequest`
 * of the context it is called on (1.x and 2.x alike), so a watched context sees every API request and the raw
 * error of each (status, headers, body), which some n8n builds drop from the error they throw. The token request
 * does not go through it, so "no API request was made" means the token request is what failed.
 */
class AttemptWatch {
	calls = 0;
	inFlight = 0;
	/** Once set, no API request may start: we have reported that nothing was sent. */
	abandoned = false;
	lastError: unknown;
	/** When the last API request ended (or the attempt began): the start of the current wait for n8n. */
	idleSince = Date.now();
	private signalChange: () => void = () => {};
	/** Resolves at the next start or end of an API request. */
	changed: Promise<void> = this.nextChange();

	private nextChange(): Promise<void> {
		return new Promise<void>((resolve) => {
			this.signalChange = resolve;
		});
	}

	private notify(): void {
		const signal = this.signalChange;
		this.changed = this.nextChange();
		signal();
	}

	/** The context n8n is given: the same in every way except that its httpRequest is watched. */
	watch(context: OmnoContext): OmnoContext {
		const realHelpers = context.helpers as unknown as Record<string, unknown>;
		const httpRequest = async (options: IHttpRequestOptions): Promise<unknown> => {
			if (this.abandoned) throw new OmnoTokenFailure(undefined, true);
			this.calls++;
			this.inFlight++;
			this.notify();
			const pending = (realHelpers.httpRequest as (o: IHttpRequestOptions) => Promise<unknown>).call(
				realHelpers,
				options,
			);
			// Noted before n8n sees it; n8n gets the very same error (its token renewal reads it).
			pending.catch((error: unknown) => {
				this.lastError = error;
			});
			try {
				return await pending;
			} finally {
				this.inFlight--;
				this.idleSince = Date.now();
				this.notify();
			}
		};
		const helpers = new Proxy(realHelpers, {
			get: (target, key) => (key === 'httpRequest' ? httpRequest : Reflect.get(target, key)),
		});
		return new Proxy(context, {
			get: (target, key) => {
				if (key === 'helpers') return helpers;
				const value = Reflect.get(target, key) as unknown;
				return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
			},
		});
	}

	/** What the attempt's failure really was, in a form `describeFailure` reads on every n8n version. */
	explain(error: unknown): unknown {
		if (error instanceof OmnoTokenFailure) return error;
		// No API request at all: the token request failed (or n8n stopped before sending). Nothing was sent.
		if (this.calls === 0) return new OmnoTokenFailure(error);
		const last = asObject(asObject(this.lastError)?.response);
		// One request, answered 401, and n8n threw without a second one: renewing the token failed.
		if (this.calls === 1 && Number(last?.status) === 401 && this.lastError !== undefined) {
			const failure = describeFailure(error);
			if (failure.httpCode !== 401) return new OmnoTokenFailure(error);
		}
		return this.lastError ?? error;
	}
}

/** How often a wait without an API request under way is checked against TOKEN_POLICY.timeoutMs. */
const TOKEN_WAIT_CHECK_MS = 250;

/**
 * Waits for the attempt, giving up when n8n has spent TOKEN_POLICY.timeoutMs without an API request under way
 * (its OAuth2 client sets no timeout on the token request, first fetch or renewal after a 401). Once given up,
 * the watch refuses to start the API request, so a token that arrives late can never send what we reported as
 * not sent. An API request under way is bounded by its own timeout and is waited for.
 */
async function bounded<T>(pending: Promise<T>, watch: AttemptWatch): Promise<T> {
	let outcome: { value: T } | { error: unknown } | undefined;
	const settled = pending.then(
		(value) => (outcome = { value }),
		(error: unknown) => (outcome = { error }),
	);
	while (outcome === undefined) {
		if (watch.inFlight > 0) {
			await Promise.race([settled, watch.changed]);
			continue;
		}
		const remaining = watch.idleSince + TOKEN_POLICY.timeoutMs - Date.now();
		if (remaining <= 0) {
			watch.abandoned = true;
			throw new OmnoTokenFailure(undefined, true);
		}
		// n8n-workflow's sleep (no cancellable timer on every n8n version): a short one, left to run out.
		await Promise.race([settled, watch.changed, sleep(Math.min(remaining, TOKEN_WAIT_CHECK_MS))]);
	}
	if ('error' in outcome) throw outcome.error;
	return outcome.value;
}

/**
 * One attempt at an OMNO API call through n8n's `httpRequestWithAuthentication` (token fetch, cache and renewal
 * after a 401 stay n8n's). Throws the API's own error (status, headers with Retry-After, body) or an
 * OmnoTokenFailure when no API request was made; `describeFailure` reads both on every n8n version.
 */
export async function sendAttempt(
	context: OmnoContext,
	credentialType: string,
	request: IHttpRequestOptions,
): Promise<unknown> {
	const watch = new AttemptWatch();
	const watched = watch.watch(context);
	// A fresh copy per attempt: n8n signs (adds the Authorization header to) the object it is given.
	const options: IHttpRequestOptions = { ...request, headers: { ...request.headers } };
	try {
		return await bounded(
			watched.helpers.httpRequestWithAuthentication.call(
				watched,
				credentialType,
				options,
			) as Promise<unknown>,
			watch,
		);
	} catch (error) {
		throw watch.explain(error);
	}
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
		const refused =
			failure.tokenRefused === true ||
			(failure.tokenHttpCode !== undefined &&
				failure.tokenHttpCode >= 400 &&
				failure.tokenHttpCode < 500 &&
				failure.tokenHttpCode !== 404);
		const words = refused
			? "OMNO's token endpoint refused the Client ID or Client Secret. Open the credential: copy both again from the OMNO Dashboard (Developers → API Credentials) and check the Environment (Sandbox credentials do not work in Production)."
			: "OMNO's token endpoint could not be reached or gave no access token. Check the credential's Environment (and its Token URL if it uses Custom), or try again later.";
		return `${words} Nothing was sent to OMNO's API, so running again is safe.`;
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

function tokenFailureDetail(failure: OmnoFailure): string {
	if (failure.tokenTimedOut) {
		return `: no answer from the token endpoint within ${TOKEN_POLICY.timeoutMs / 1000} s`;
	}
	if (failure.tokenHttpCode !== undefined) {
		return ` (${failure.tokenHttpCode}): ${failure.omnoMessage ?? 'the token endpoint gave no access token'}`;
	}
	if (failure.omnoMessage) return `: ${failure.omnoMessage}`;
	return `: no answer from the token endpoint${failure.networkCode ? ` (${failure.networkCode})` : ''}`;
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
		message = `OMNO token request failed${tokenFailureDetail(failure)}`;
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
	// n8n swaps a message naming a network code (ECONNREFUSED, …) for generic words; ours says what was asked.
	apiError.message = message;
	apiError.description = hintFor(failure, request.method);
	apiError.context.omno = {
		httpCode: failure.httpCode ?? null,
		omnoMessage: failure.omnoMessage ?? null,
		outcome: outcomeUnknown ? 'unknown' : 'failed',
		// The token endpoint, not the API, failed: nothing reached OMNO's API, and its status is not an API answer.
		tokenFailure: failure.tokenRejected,
	};
	// A reused orderId: the engine looks the existing transaction up by this id (contract 4).
	if (failure.httpCode === 409)
		(apiError.context.omno as IDataObject).existingId = existingIdFrom409(failure.body) ?? null;
	return apiError;
}

/**
 * The error as n8n will show and store it, with card numbers and security codes starred in its message and
 * description. Errors that are not n8n's own are wrapped (their text masked) so nothing else leaves unchecked.
 */
export function redactError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.message = redactText(error.message);
		if (typeof error.description === 'string') error.description = redactText(error.description);
		return error;
	}
	const text = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, redactText(text));
}
