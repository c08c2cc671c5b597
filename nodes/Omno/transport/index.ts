import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { limiterFor, settingsForRequest, type ConcurrencyLimiter, type Slot } from './concurrency';
import type { OmnoContext } from './context';
import { toOmnoError } from './errors';
import { describeFailure, type OmnoFailure } from './failure';
import { CREDENTIAL_TYPE, credentialSession, type CredentialSession } from './session';

export { API_BASE_URLS, CREDENTIAL_TYPE } from './session';

export const RETRY_POLICY = {
	/**
	 * Rate-limit retries per request; each waits what OMNO's Retry-After says (capped in failure.ts). A 429
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

/** One attempt's result: OMNO's answer, or what was thrown and what it means (failure.ts). */
type Attempt = { response: unknown } | { error: unknown; failure: OmnoFailure };

/**
 * Sends once. A failed request comes back as a value, read (status, Retry-After, token failure), not as a throw:
 * the caller gives the attempt's slot back once, with what the failure means.
 */
async function attemptOnce(
	context: OmnoContext,
	session: CredentialSession,
	options: IHttpRequestOptions,
): Promise<Attempt> {
	try {
		// One attempt with the execution's token (a 401 renews it once and sends again: session.ts); failures are
		// read on every n8n version (failure.ts), token failures told apart from API answers, the token wait bounded.
		return { response: await session.send(context, options) };
	} catch (error) {
		return { error, failure: describeFailure(error) };
	}
}

/** A request's 429s so far, against RETRY_POLICY's count and time budget. */
interface RateLimitBudget {
	startedAt: number;
	count: number;
}

/**
 * OMNO answered 429: it did not process the request, so sending it again is safe for every method (a POST
 * included). The slot goes back as rate-limited, which cuts the credential's window and holds every request of
 * the credential back for the pause (limiter.ts); then this request waits that pause out, here, before it takes
 * a slot again. The pause is OMNO's Retry-After (read and capped in failure.ts), or a default that grows with
 * each 429 when the header is missing. Throws `giveUp()` once the retries or the time budget are spent.
 */
async function waitOutRateLimit(
	limiter: ConcurrencyLimiter,
	slot: Slot,
	failure: OmnoFailure,
	budget: RateLimitBudget,
	giveUp: () => Error,
): Promise<void> {
	budget.count++;
	const pauseMs = failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs * budget.count;
	limiter.release(slot, 'rateLimited', pauseMs);
	const withinBudget = Date.now() - budget.startedAt + pauseMs <= RETRY_POLICY.rateLimitBudgetMs;
	if (budget.count > RETRY_POLICY.rateLimitRetries || !withinBudget) throw giveUp();
	await limiter.waitOutPause();
}

/**
 * The only place that talks to OMNO: the base URL, the execution's access token (session.ts: read once, renewed
 * through n8n's `httpRequestWithAuthentication` when missing, expiring or refused), JSON, rate-limit waits, GET
 * retries and errors that say what OMNO said. A POST/PUT that may have been processed is never sent twice.
 * Every attempt takes a slot from the credential's controller (limiter.ts; one per credential: concurrency.ts)
 * and gives it back exactly once, telling it what OMNO answered.
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

	const { limiter, slotOptions } = runTransport(this);
	const rateLimits: RateLimitBudget = { startedAt: Date.now(), count: 0 };
	const fail = (error: unknown) => toOmnoError(this.getNode(), error, { method, path, itemIndex });
	let getRetries = 0;
	for (;;) {
		const slot = await limiter.acquire(slotOptions);
		let attempt: Attempt | undefined;
		try {
			attempt = await attemptOnce(this, session, options);
		} finally {
			// A failure that could not even be read is thrown as it is; its slot still goes back, teaching nothing.
			if (attempt === undefined) limiter.release(slot, 'other');
		}
		if ('response' in attempt) {
			limiter.release(slot, 'ok');
			const { response } = attempt;
			return (response === '' || response === undefined || response === null ? {} : response) as T;
		}
		const { error, failure } = attempt;
		if (failure.httpCode === 429) {
			await waitOutRateLimit(limiter, slot, failure, rateLimits, () => fail(error));
			continue;
		}
		// OMNO answered (a 4xx is about the request, not the rate): the window held. 5xx and no answer teach the
		// controller nothing either way.
		const answered = failure.httpCode !== undefined && failure.httpCode < 500;
		limiter.release(slot, answered ? 'ok' : 'other');
		// A GET changes nothing, so a 5xx or no answer is worth another try; anything else is final.
		const transient = !failure.tokenRejected && (failure.httpCode === undefined || failure.httpCode >= 500);
		if (method === 'GET' && transient && getRetries < RETRY_POLICY.getRetryDelaysMs.length) {
			await sleep(RETRY_POLICY.getRetryDelaysMs[getRetries++]);
			continue;
		}
		throw fail(error);
	}
}

export type { OmnoContext } from './context';
