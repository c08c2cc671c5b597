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

import { describeFailure, toOmnoError } from './errors';

export const CREDENTIAL_TYPE = 'omnoOAuth2Api';

export const API_BASE_URLS: Record<string, string> = {
	production: 'https://api.omno.com',
	sandbox: 'https://api.omno.dev',
};

export type OmnoContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

export const RETRY_POLICY = {
	/** Rate-limit retries per request; each waits what OMNO's Retry-After says (capped in errors.ts). */
	rateLimitRetries: 4,
	/** Wait per 429 when Retry-After is absent or unreadable (some n8n builds drop response headers). */
	defaultRetryAfterMs: 1000,
	/** A GET changes nothing, so 5xx and network failures are retried after these pauses. */
	getRetryDelaysMs: [500, 1500],
	requestTimeoutMs: 30_000,
};

/**
 * One "not before" time shared by every request of a run: when OMNO answers 429, all workers wait,
 * not just the one that was told.
 */
export class RateGate {
	private notBefore = 0;

	constructor(private readonly now: () => number = Date.now) {}

	delay(ms: number): void {
		this.notBefore = Math.max(this.notBefore, this.now() + ms);
	}

	async pass(): Promise<void> {
		for (let wait = this.notBefore - this.now(); wait > 0; wait = this.notBefore - this.now()) {
			await sleep(wait);
		}
	}
}

// One gate per execution: every request of a node run, however many run at once, backs off together.
const gates = new WeakMap<object, RateGate>();

export function rateGateFor(context: object): RateGate {
	let gate = gates.get(context);
	if (!gate) {
		gate = new RateGate();
		gates.set(context, gate);
	}
	return gate;
}

export interface OmnoRequest {
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	gate?: RateGate;
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
	const { body, qs, itemIndex, gate = rateGateFor(this) } = request;
	const options: IHttpRequestOptions = {
		method,
		url: `${await omnoBaseUrl.call(this, itemIndex)}${path}`,
		headers: { Accept: 'application/json' },
		json: true,
		timeout: RETRY_POLICY.requestTimeoutMs,
	};
	if (body !== undefined) options.body = body;
	if (qs !== undefined) options.qs = qs;

	let rateLimited = 0;
	let getRetries = 0;
	for (;;) {
		await gate.pass();
		try {
			// A fresh copy per attempt: n8n signs (adds the Authorization header to) the object it is given.
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
				...options,
				headers: { ...options.headers },
			})) as T | '' | undefined;
			return (response === '' || response === undefined ? {} : response) as T;
		} catch (error) {
			const failure = describeFailure(error);
			// 429 means OMNO did not process the request, so re-sending is safe for every method.
			if (failure.httpCode === 429 && rateLimited < RETRY_POLICY.rateLimitRetries) {
				rateLimited++;
				gate.delay(failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs * rateLimited);
				continue;
			}
			const transient =
				!failure.tokenRejected && (failure.httpCode === undefined || failure.httpCode >= 500);
			if (method === 'GET' && transient && getRetries < RETRY_POLICY.getRetryDelaysMs.length) {
				await sleep(RETRY_POLICY.getRetryDelaysMs[getRetries++]);
				continue;
			}
			throw toOmnoError(this.getNode(), error, { method, path, itemIndex });
		}
	}
}
