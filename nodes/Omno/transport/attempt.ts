// One OMNO API call through n8n's auth helper with a new token, watched so the real failure is known.
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { OmnoTokenFailure, TOKEN_POLICY, asObject } from './failure';
import type { OmnoContext } from './context';

/** The token n8n fetched, stored and signed the request with, and what n8n stored with it (its lifetime). */
export interface IssuedToken {
	token: string;
	tokenData: IDataObject | undefined;
}

/**
 * OMNO refused the token n8n had just fetched. Thrown to n8n instead of the 401 itself, which would make n8n fetch
 * yet another token and send the request a third time (1.x even a fourth); the 401 is what the attempt reports.
 */
class FinalUnauthorized extends Error {
	constructor() {
		super('OMNO refused the new access token');
		this.name = 'FinalUnauthorized';
	}
}

/**
 * What happened inside one call of n8n's auth helper. n8n sends the API request through `this.helpers.httpRequest`
 * of the context it is called on (1.x and 2.x alike), so a watched context sees every API request and the raw
 * error of each (status, headers, body), which some n8n builds drop from the error they throw. The token request
 * does not go through it, so "no API request was made" means the token request is what failed.
 */
class AttemptWatch {
	/** The credential as handed to n8n, without its token: n8n fetches a new one and puts it here. */
	private handed: IDataObject | undefined;
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

	/**
	 * The context n8n is given: the same in every way except that its httpRequest is watched and its credential
	 * comes without the stored token, so n8n fetches (and stores) a new one before it sends anything.
	 */
	watch(context: OmnoContext, credentialType: string, onToken?: (issued: IssuedToken) => void): OmnoContext {
		const realHelpers = context.helpers as unknown as Record<string, unknown>;
		const httpRequest = async (options: IHttpRequestOptions): Promise<unknown> => {
			if (this.abandoned) throw new OmnoTokenFailure(undefined, true);
			if (this.calls++ === 0 && onToken) {
				const signed = String(asObject(options.headers)?.Authorization ?? '');
				const token = signed.replace(/^Bearer\s+/i, '');
				if (token) onToken({ token, tokenData: asObject(this.handed?.oauthTokenData) });
			}
			this.inFlight++;
			this.notify();
			try {
				return await (realHelpers.httpRequest as (o: IHttpRequestOptions) => Promise<unknown>).call(
					realHelpers,
					options,
				);
			} catch (error) {
				throw this.passOn(error);
			} finally {
				this.inFlight--;
				this.idleSince = Date.now();
				this.notify();
			}
		};
		const getCredentials = async (type: string, ...rest: unknown[]): Promise<unknown> => {
			const read = context.getCredentials as (t: string, ...r: unknown[]) => Promise<IDataObject>;
			const credentials = await read.call(context, type, ...rest);
			if (type !== credentialType) return credentials;
			// n8n fetches a token when the credential has none, and keeps the one it fetched in this same object.
			this.handed = { ...credentials, oauthTokenData: undefined };
			return this.handed;
		};
		const helpers = new Proxy(realHelpers, {
			get: (target, key) => (key === 'httpRequest' ? httpRequest : Reflect.get(target, key)),
		});
		return new Proxy(context, {
			get: (target, key) => {
				if (key === 'helpers') return helpers;
				if (key === 'getCredentials') return getCredentials;
				const value = Reflect.get(target, key) as unknown;
				return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
			},
		});
	}

	/**
	 * Notes an API request's failure and gives n8n what it should see of it: the very error, except that a 401 to
	 * a brand-new token is OMNO's final word, not a reason for n8n to fetch another.
	 */
	private passOn(error: unknown): unknown {
		this.lastError = error;
		return Number(asObject(asObject(error)?.response)?.status) === 401 ? new FinalUnauthorized() : error;
	}

	/** What the attempt's failure really was, in a form `describeFailure` reads on every n8n version. */
	explain(error: unknown): unknown {
		if (error instanceof OmnoTokenFailure) return error;
		// No API request at all: the token request failed (or n8n stopped before sending). Nothing was sent.
		if (this.calls === 0) return new OmnoTokenFailure(error);
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
 * One OMNO API call through n8n's `httpRequestWithAuthentication` with a new token: n8n fetches it, stores it in
 * the credential (where every execution and worker finds it) and sends with it; `onToken` hears of it as the
 * request leaves. Throws the API's own error (status, headers with Retry-After, body) or an OmnoTokenFailure when
 * no API request was made; `describeFailure` reads both on every n8n version.
 */
export async function sendAttempt(
	context: OmnoContext,
	credentialType: string,
	request: IHttpRequestOptions,
	onToken?: (issued: IssuedToken) => void,
): Promise<unknown> {
	const watch = new AttemptWatch();
	const watched = watch.watch(context, credentialType, onToken);
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
