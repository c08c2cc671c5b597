import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { TRANSACTION_KINDS, type TransactionType } from '../domain/transactionKinds';
import { InvalidInputError, pathIdProblem } from '../validation';
import type { OmnoContext } from './context';
import { omnoApiRequest } from './index';

/**
 * Every OMNO API path the nodes call, built only here. Ids enter a path only through `segment`, which refuses
 * what would change the URL ("." and "..", slashes, whitespace, control characters) and encodes the rest.
 */
export const OMNO_PATHS = {
	/** POST: create a pay-in or a payout. */
	create: (type: TransactionType): string => TRANSACTION_KINDS[type].basePath,
	/** GET: one pay-in or payout. */
	transaction: (type: TransactionType, id: string): string =>
		`${TRANSACTION_KINDS[type].basePath}/${segment(id)}`,
	/** PUT: confirm or reject a payout waiting for confirmation. */
	payoutDecision: (id: string, decision: 'confirm' | 'reject'): string =>
		`${OMNO_PATHS.transaction('payout', id)}/${decision}`,
	/** POST: charge a pay-in with card data or a saved card. */
	payInProcess: (id: string, method: 'card' | 'saved-card'): string =>
		`${OMNO_PATHS.transaction('payIn', id)}/process/${method}`,
	/** POST: process a pay-in or a payout through a direct link. */
	processDirectLink: (type: TransactionType, id: string): string =>
		`${OMNO_PATHS.transaction(type, id)}/process/direct-link`,
	/** POST: open a cashier session. */
	cashierSession: '/public/cashier/session',
	/** PUT: a cashier session's balance. */
	cashierBalance: (sessionId: string): string => `${OMNO_PATHS.cashierSession}/${segment(sessionId)}/balance`,
} as const;

/**
 * One id as one encoded path segment. Operations check ids with `assertId` (naming their field) first; this is
 * the last guard, so no caller can build a path that points elsewhere.
 */
export function segment(id: string): string {
	const text = typeof id === 'string' ? id : String(id);
	const problem = pathIdProblem(text);
	if (problem) throw new InvalidInputError('id', 'ID', problem);
	return encodeURIComponent(text);
}

export interface FetchedTransaction {
	transaction: IDataObject;
	transactionType: TransactionType;
}

type OmnoErrorContext = { httpCode?: unknown; tokenFailure?: unknown };

function omnoContextOf(error: unknown): OmnoErrorContext | undefined {
	return (error as { context?: { omno?: OmnoErrorContext } })?.context?.omno;
}

/** OMNO's API (not its token endpoint) answered 404: "no transaction of this type with this id". */
export function isApiNotFound(error: unknown): boolean {
	const omno = omnoContextOf(error);
	return error instanceof NodeApiError && omno?.httpCode === 404 && omno.tokenFailure !== true;
}

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lookupError(
	context: OmnoContext,
	message: string,
	description: string,
	httpCode: number | null,
	itemIndex: number | undefined,
): NodeApiError {
	const error = new NodeApiError(context.getNode(), { message, httpCode } as JsonObject, {
		message,
		description,
		httpCode: httpCode === null ? undefined : String(httpCode),
		itemIndex,
	});
	error.context.omno = { httpCode, omnoMessage: null, outcome: 'failed', tokenFailure: false };
	return error;
}

/**
 * The fetched JSON must be a transaction object whose `id` is the one asked for: an empty body, an HTML page from
 * a proxy, `null` or another transaction is not an answer about this id.
 */
function checkedTransaction(
	context: OmnoContext,
	response: unknown,
	id: string,
	path: string,
	itemIndex: number | undefined,
): IDataObject {
	if (isPlainObject(response) && (typeof response.id === 'string' || typeof response.id === 'number')) {
		if (String(response.id) === id) return response;
		throw lookupError(
			context,
			`OMNO answered GET ${path} with another transaction (id "${String(response.id).slice(0, 80)}"), not "${id}"`,
			'The answer does not describe the transaction that was asked for, so it is not used. Check the API Base URL of the OMNO credential (a proxy or a wrong environment can answer like this).',
			null,
			itemIndex,
		);
	}
	const shape = isPlainObject(response)
		? 'an object without an id'
		: response === null
			? 'null'
			: typeof response === 'string'
				? response.trim()
					? 'text that is not JSON'
					: 'an empty body'
				: Array.isArray(response)
					? 'a list'
					: `a ${typeof response}`;
	throw lookupError(
		context,
		`OMNO answered GET ${path} with ${shape}, not a transaction with id "${id}"`,
		'The answer is not a transaction object, so it is not used. Check the API Base URL of the OMNO credential (a proxy or a wrong environment can answer like this).',
		null,
		itemIndex,
	);
}

async function fetchAs(
	context: OmnoContext,
	id: string,
	type: TransactionType,
	itemIndex: number | undefined,
): Promise<FetchedTransaction> {
	const path = OMNO_PATHS.transaction(type, id);
	const response: unknown = await omnoApiRequest.call(context, 'GET', path, { itemIndex });
	return { transaction: checkedTransaction(context, response, id, path, itemIndex), transactionType: type };
}

/**
 * Fetches a pay-in or payout by id. "auto" asks for a pay-in first, then a payout (`first` reverses the order
 * when the caller knows better): OMNO has no endpoint that looks an id up across both, and a 404 from the API
 * only means "not this type". Any other failure (token endpoint, network, 5xx, an answer about another id)
 * is thrown as it is: it is not a "no".
 */
export async function fetchTransaction(
	context: OmnoContext,
	id: string,
	type: TransactionType | 'auto',
	itemIndex?: number,
	first: TransactionType = 'payIn',
): Promise<FetchedTransaction> {
	// Refuses dot segments and slashes before anything is sent.
	segment(id);
	if (type !== 'auto') return await fetchAs(context, id, type, itemIndex);
	const order: TransactionType[] = first === 'payout' ? ['payout', 'payIn'] : ['payIn', 'payout'];
	for (const candidate of order) {
		try {
			return await fetchAs(context, id, candidate, itemIndex);
		} catch (error) {
			if (isApiNotFound(error)) continue;
			// The transport throws only NodeApiErrors; anything else is wrapped so it still names the item.
			throw error instanceof NodeApiError
				? error
				: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		}
	}
	const [a, b] = order.map((candidate) => OMNO_PATHS.transaction(candidate, id));
	throw lookupError(
		context,
		`OMNO has neither a pay-in nor a payout with ID "${id}" (GET ${a} and GET ${b} both answered 404)`,
		'Check the ID, and that the credential points at the environment (Production or Sandbox) where the transaction was created.',
		404,
		itemIndex,
	);
}
