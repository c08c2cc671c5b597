// The OMNO credential of one execution: read once, its access token sent by the node itself until OMNO refuses it
// or it expires. A new token comes only through n8n's authenticated helper, so n8n stores it (for every worker).
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { sendAttempt, type IssuedToken } from './attempt';
import { OmnoTokenFailure, asObject } from './failure';
import type { OmnoContext } from './context';

export const CREDENTIAL_TYPE = 'omnoOAuth2Api';

export const API_BASE_URLS: Record<string, string> = {
	production: 'https://api.omno.com',
	sandbox: 'https://api.omno.dev',
};

export const TOKEN_EXPIRY = {
	/** A token is renewed this long before it expires, or a tenth of its lifetime when that is shorter. */
	marginMs: 30_000,
};

/** What a renewal gives the requests that waited for it: the new token, or nothing (each then renews itself). */
type Renewal = Promise<string | undefined>;

/** When to renew a token (a margin before it expires), from what n8n stored with it; undefined: age unknown. */
function expiryOf(tokenData: IDataObject | undefined, issuedAt: number | undefined): number | undefined {
	const lifetimeMs = Number(tokenData?.expires_in) * 1000;
	// n8n 2.x stamps each token it fetches; 1.x does not, so only a token renewed here has a known age.
	const stamped = Number(tokenData?.n8n_expires_at);
	const expiresAt = Number.isFinite(stamped)
		? stamped
		: issuedAt !== undefined && lifetimeMs > 0
			? issuedAt + lifetimeMs
			: undefined;
	if (expiresAt === undefined) return undefined;
	const margin = lifetimeMs > 0 ? Math.min(TOKEN_EXPIRY.marginMs, lifetimeMs / 10) : 0;
	return expiresAt - margin;
}

function isUnauthorized(error: unknown): boolean {
	return Number(asObject(asObject(error)?.response)?.status) === 401;
}

export class CredentialSession {
	private token: string | undefined;
	private renewAt: number | undefined;
	private renewal: Renewal | undefined;
	/** The request fields every call of this execution shares (no token: it changes). */
	private readonly shared: Partial<IHttpRequestOptions>;

	constructor(
		readonly baseUrl: string,
		credentials: IDataObject,
		context: OmnoContext,
	) {
		const tokenData = asObject(credentials.oauthTokenData);
		const stored = tokenData?.access_token;
		this.token = typeof stored === 'string' && stored !== '' ? stored : undefined;
		this.renewAt = expiryOf(tokenData, undefined);
		this.shared = {};
		// Stopping the execution stops its requests, as n8n's own helper arranges.
		const cancel = (context as { getExecutionCancelSignal?: () => AbortSignal | undefined })
			.getExecutionCancelSignal;
		const signal = typeof cancel === 'function' ? cancel.call(context) : undefined;
		if (signal) this.shared.abortSignal = signal;
		if (credentials.ignoreSSLIssues === true) this.shared.skipSslCertificateValidation = true;
	}

	/**
	 * Sends one request with the execution's token. No token yet, or one about to expire: this request goes through
	 * n8n's helper, which fetches and stores a new one. OMNO refused the token (401, so it did not process the
	 * request): one renewal, then this request once more with the new token; a 401 after that is final.
	 */
	async send(context: OmnoContext, request: IHttpRequestOptions): Promise<unknown> {
		const token = await this.tokenToSend();
		if (token === undefined) return await this.renewAndSend(context, request, undefined);
		return await this.sendWith(context, request, token).catch(async (error: unknown) => {
			// OMNO refused the token, so it did not process the request: a new token, then the request once more.
			if (!isUnauthorized(error)) throw error;
			return await this.renewAndSend(context, request, token);
		});
	}

	/** The token to send with now, after any renewal under way; undefined: none, or it is about to expire. */
	private async tokenToSend(): Promise<string | undefined> {
		while (this.renewal) {
			const renewed = await this.renewal;
			if (renewed !== undefined) return renewed;
		}
		return this.usableToken();
	}

	/** The token in hand, unless it is about to expire. */
	private usableToken(): string | undefined {
		return this.renewAt !== undefined && Date.now() >= this.renewAt ? undefined : this.token;
	}

	private async sendWith(
		context: OmnoContext,
		request: IHttpRequestOptions,
		token: string,
	): Promise<unknown> {
		const options: IHttpRequestOptions = {
			...this.shared,
			...request,
			headers: { ...request.headers, Authorization: `Bearer ${token}` },
		};
		return await context.helpers.httpRequest(options);
	}

	/**
	 * One renewal for everyone: the first request that needs a new token sends through n8n's helper, the others wait
	 * for the token it brings (or its token failure: they sent nothing either). `rejected`: the token OMNO refused.
	 */
	private async renewAndSend(
		context: OmnoContext,
		request: IHttpRequestOptions,
		rejected: string | undefined,
	): Promise<unknown> {
		while (this.renewal) {
			const renewed = await this.renewal;
			if (renewed !== undefined) return await this.sendWith(context, request, renewed);
		}
		// Renewed by another request since this one looked: its token, once.
		const current = this.usableToken();
		if (current !== undefined && current !== rejected) return await this.sendWith(context, request, current);
		let settle: (token: string | undefined) => void = () => {};
		let fail: (error: unknown) => void = () => {};
		const renewal: Renewal = new Promise<string | undefined>((resolve, reject) => {
			settle = resolve;
			fail = reject;
		});
		// Nobody may be waiting when it fails.
		renewal.catch(() => {});
		this.renewal = renewal;
		const startedAt = Date.now();
		let done = false;
		const finish = (token: string | undefined, error?: unknown) => {
			if (done) return;
			done = true;
			if (this.renewal === renewal) this.renewal = undefined;
			if (error !== undefined) fail(error);
			else settle(token);
		};
		try {
			return await sendAttempt(context, CREDENTIAL_TYPE, request, (issued: IssuedToken) => {
				// n8n has fetched and stored the token and is sending with it: the others may go.
				this.token = issued.token;
				this.renewAt = expiryOf(issued.tokenData, startedAt);
				finish(issued.token);
			}).catch((error: unknown) => {
				// No token came (nothing was sent): the waiting requests fail the same way. Any other failure is this
				// request's own, and they renew for themselves.
				finish(undefined, error instanceof OmnoTokenFailure ? error : undefined);
				throw error;
			});
		} finally {
			finish(undefined);
		}
	}
}

// One session per execution context: the credential is the same for the whole execution.
const sessions = new WeakMap<object, Promise<CredentialSession>>();

/** The execution's credential session; the credential is read on the first call only. */
export async function credentialSession(context: OmnoContext, itemIndex = 0): Promise<CredentialSession> {
	let cached = sessions.get(context);
	if (!cached) {
		cached = (async () => {
			// Only execute contexts take an item index; the others ignore the extra argument.
			const credentials = (await (
				context as { getCredentials: (t: string, i?: number) => unknown }
			).getCredentials(CREDENTIAL_TYPE, itemIndex)) as IDataObject;
			const environment = String(credentials.environment ?? 'production');
			const url =
				environment === 'custom' ? String(credentials.apiBaseUrl ?? '') : API_BASE_URLS[environment];
			if (!url) throw new Error('The OMNO credential uses Custom but has no API Base URL');
			return new CredentialSession(url.replace(/\/+$/, ''), credentials, context);
		})();
		sessions.set(context, cached);
		// A failed read is not cached, so fixing the credential and retrying works.
		cached.catch(() => sessions.delete(context));
	}
	return await cached;
}
