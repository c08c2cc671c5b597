// One attempt at an OMNO API call through n8n's auth helper, watched so the real failure is known.
import type { IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { OmnoTokenFailure, TOKEN_POLICY, asObject, describeFailure } from './failure';
import type { OmnoContext } from './index';

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
