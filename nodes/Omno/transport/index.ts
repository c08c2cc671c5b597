import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { limiterFor, settingsForRequest, type ConcurrencyLimiter } from './concurrency';
import type { OmnoContext } from './context';
import { toOmnoError } from './errors';
import { describeFailure } from './failure';
import { CREDENTIAL_TYPE, credentialSession } from './session';

export { API_BASE_URLS, CREDENTIAL_TYPE } from './session';

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

/** The API base URL of the execution's credential (read once per execution). */
export async function omnoBaseUrl(this: OmnoContext, itemIndex = 0): Promise<string> {
	return (await credentialSession(this, itemIndex)).baseUrl;
}

/** What every request of an execution shares: its concurrency controller and how it takes slots. */
interface RunTransport {
	limiter: ConcurrencyLimiter;
	slotOptions: { adaptive: boolean; ceiling: number };
}

const runTransports = new WeakMap<object, RunTransport>();

function runTransport(context: OmnoContext): RunTransport {
	let run = runTransports.get(context);
	if (!run) {
		const settings = settingsForRequest(context);
		run = {
			limiter: limiterFor(context, CREDENTIAL_TYPE),
			slotOptions: { adaptive: settings.mode === 'auto', ceiling: settings.maxConcurrency },
		};
		runTransports.set(context, run);
	}
	return run;
}

/**
 * The only place that talks to OMNO: the base URL, the execution's access token (session.ts: read once, renewed
 * through n8n's `httpRequestWithAuthentication` when missing, expiring or refused), JSON, rate-limit waits, GET
 * retries and errors that say what OMNO said. A POST/PUT that may have been processed is never sent twice.
 */
export async function omnoApiRequest<T = IDataObject>(
	this: OmnoContext,
	method: IHttpRequestMethods,
	path: string,
	request: OmnoRequest = {},
): Promise<T> {
	const { body, qs, itemIndex } = request;
	const session = await credentialSession(this, itemIndex);
	const options: IHttpRequestOptions = {
		method,
		url: `${session.baseUrl}${path}`,
		headers: { Accept: 'application/json' },
		json: true,
		timeout: RETRY_POLICY.requestTimeoutMs,
	};
	if (body !== undefined) options.body = body;
	if (qs !== undefined) options.qs = qs;

	// Every attempt takes a slot from the credential's controller and tells it what OMNO answered.
	const { limiter, slotOptions } = runTransport(this);
	const startedAt = Date.now();
	let rateLimited = 0;
	let getRetries = 0;
	for (;;) {
		const slot = await limiter.acquire(slotOptions);
		try {
			// One attempt with the execution's token (a 401 renews it once and sends again); failures are read on
			// every n8n version (failure.ts), token failures told apart from API answers, the token wait bounded.
			const response = (await session.send(this, options)) as T | '' | null | undefined;
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

export type { OmnoContext } from './context';
