// The errors a user sees, built only from what is safe to show: status, OMNO's message and a hint.
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactText } from '../validation/redact';
import { existingIdFrom409 } from './conflict';
import { TOKEN_POLICY, describeFailure, type OmnoFailure } from './failure';

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
	// A reused orderId: the engine looks the existing transaction up by this id (engine/resolveExisting.ts) and
	// outputs it instead of creating a second one.
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
