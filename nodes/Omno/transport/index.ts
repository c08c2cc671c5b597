import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { limiterFor, settingsForRequest } from './concurrency';
import { sendAttempt } from './attempt';
import { toOmnoError } from './errors';
import { describeFailure } from './failure';

export const CREDENTIAL_TYPE = 'omnoOAuth2Api';

export const API_BASE_URLS: Record<string, string> = {
	production: 'https://api.omno.com',
	sandbox: 'https://api.omno.dev',
};

export type OmnoContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

export const RETRY_POLICY = {
	/**
	 * Rate-limit retries per request; each waits what OMNO's Retry-After says (capped in errors.ts). A 429
	 * was not processed, so re-sending is safe; with the shared controller most requests see none, a few
	 * see one or two while it learns the limit.
	 */
	rateLimitRetries: 12,
	/** …and a request gives up on 429s once it has been trying for this long. */
	rateLimitBudgetMs: 5 * 60_000,
	/** Wait per 429 when Retry-After is absent or unreadable (some n8n builds drop response headers). */
	defaultRetryAfterMs: 1000,
	/** A GET changes nothing, so 5xx and network failures are retried after these pauses. */
	getRetryDelaysMs: [500, 1500],
	requestTimeoutMs: 30_000,
};

export { RateGate } from './concurrency';

export interface OmnoRequest {
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
}

// The base URL depends only on the credential, which is the same for the whole execution: read it once.
const baseUrls = new WeakMap<object, Promise<string>>();

export async function omnoBaseUrl(this: OmnoContext, itemIndex = 0): Promise<string> {
	let cached = baseUrls.get(this);
	if (!cached) {
		cached = (async () => {
			// Only execute contexts take an item index; the others ignore the extra argument.
			const credentials = await (this as IExecuteFunctions).getCredentials(CREDENTIAL_TYPE, itemIndex);
			const environment = String(credentials.environment ?? 'production');
			const url =
				environment === 'custom' ? String(credentials.apiBaseUrl ?? '') : API_BASE_URLS[environment];
			if (!url) throw new Error('The OMNO credential uses Custom but has no API Base URL');
			return url.replace(/\/+$/, '');
		})();
		baseUrls.set(this, cached);
		// A failed read is not cached, so fixing the credential and retrying works.
		cached.catch(() => baseUrls.delete(this));
	}
	return await cached;
}

/**
 * The only place that talks to OMNO. Authentication (token fetch, cache, renewal after a 401) is n8n's
 * `httpRequestWithAuthentication`; this adds the base URL, JSON, rate-limit waits, GET retries and errors
 * that say what OMNO said. A POST/PUT that may have been processed is never sent twice.
 */
export async function omnoApiRequest<T = IDataObject>(
	this: OmnoContext,
	method: IHttpRequestMethods,
	path: string,
	request: OmnoRequest = {},
): Promise<T> {
	const { body, qs, itemIndex } = request;
	const options: IHttpRequestOptions = {
		method,
		url: `${await omnoBaseUrl.call(this, itemIndex)}${path}`,
		headers: { Accept: 'application/json' },
		json: true,
		timeout: RETRY_POLICY.requestTimeoutMs,
	};
	if (body !== undefined) options.body = body;
	if (qs !== undefined) options.qs = qs;

	// Every attempt takes a slot from the credential's controller and tells it what OMNO answered.
	const settings = settingsForRequest(this);
	const limiter = limiterFor(this, CREDENTIAL_TYPE);
	const slotOptions = { adaptive: settings.mode === 'auto', ceiling: settings.maxConcurrency };
	const startedAt = Date.now();
	let rateLimited = 0;
	let getRetries = 0;
	for (;;) {
		const slot = await limiter.acquire(slotOptions);
		try {
			// One attempt through n8n's auth helper (errors.ts): status and Retry-After read on every n8n
			// version, token failures told apart from API answers, the token wait bounded.
			const response = (await sendAttempt(this, CREDENTIAL_TYPE, options)) as T | '' | null | undefined;
			limiter.release(slot, 'ok');
			return (response === '' || response === undefined || response === null ? {} : response) as T;
		} catch (error) {
			const failure = describeFailure(error);
			// 429 means OMNO did not process the request, so re-sending is safe for every method.
			if (failure.httpCode === 429) {
				rateLimited++;
				const retryAfterMs = failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs * rateLimited;
				limiter.release(slot, 'rateLimited', retryAfterMs);
				const withinBudget = Date.now() - startedAt + retryAfterMs <= RETRY_POLICY.rateLimitBudgetMs;
				if (rateLimited <= RETRY_POLICY.rateLimitRetries && withinBudget) continue;
				throw toOmnoError(this.getNode(), error, { method, path, itemIndex });
			}
			// OMNO answered (a 4xx is about the request, not the rate): the window held. 5xx and no answer
			// teach the controller nothing either way.
			const answered = failure.httpCode !== undefined && failure.httpCode < 500;
			limiter.release(slot, answered ? 'ok' : 'other');
			const transient = !failure.tokenRejected && (failure.httpCode === undefined || failure.httpCode >= 500);
			if (method === 'GET' && transient && getRetries < RETRY_POLICY.getRetryDelaysMs.length) {
				await sleep(RETRY_POLICY.getRetryDelaysMs[getRetries++]);
				continue;
			}
			throw toOmnoError(this.getNode(), error, { method, path, itemIndex });
		} finally {
			// Whatever happened (even a throw above), the slot goes back.
			limiter.release(slot, 'other');
		}
	}
}
