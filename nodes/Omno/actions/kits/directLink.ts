import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { buildBrowser } from '../../descriptions/browser';
import { PROCESSABLE_STATUSES } from '../../domain/statuses';
import { TRANSACTION_KINDS, type TransactionType } from '../../domain/transactionKinds';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { parseJsonObject } from '../../validation/json';
import type { PreparedRequest } from '../operation';

export const additionalDataField: INodeProperties = {
	displayName: 'Additional Data (JSON)',
	name: 'additionalData',
	type: 'json',
	default: '{}',
	description:
		'Provider-specific data for the direct link, sent as OMNO\'s "additionalData" object (e.g. a wallet address or bank details the provider asks for). Ask OMNO which keys your provider needs.',
};

/** The body of POST …/process/direct-link (pay-in or payout): browser + provider-specific additionalData. */
export function buildDirectLinkBody(ctx: IExecuteFunctions, i: number): IDataObject {
	return {
		browser: buildBrowser(ctx, i),
		additionalData: parseJsonObject(
			ctx.getNodeParameter('additionalData', i, {}),
			'additionalData',
			'Additional Data (JSON)',
		),
	};
}

/** POST …/{id}/process/direct-link; OMNO's answer (status, redirectUrl, provider data) passes through. */
export async function processDirectLink(
	ctx: IExecuteFunctions,
	type: TransactionType,
	id: string,
	body: IDataObject,
	i: number,
): Promise<IDataObject> {
	const response = (await omnoApiRequest.call(ctx, 'POST', OMNO_PATHS.processDirectLink(type, id), {
		body,
		itemIndex: i,
	})) as IDataObject;
	const key = TRANSACTION_KINDS[type].idKey;
	return { ...response, [key]: response[key] ?? id };
}

const RESUME: Record<TransactionType, string> = {
	payIn: 'Pay-In → Process Direct Link',
	payout: 'Payout → Process Direct Link',
};

/**
 * The create succeeded but the process call did not. The money object exists now, so the error carries its id
 * (message, description and `context.createdId`) and how to resume: running the same input again resumes it.
 */
export function processFailedError(
	ctx: IExecuteFunctions,
	error: unknown,
	what: { type: TransactionType; createdId?: string; orderId: string },
	i: number,
): NodeOperationError {
	const noun = TRANSACTION_KINDS[what.type].title;
	const cause = error instanceof Error ? error.message : String(error);
	const named = what.createdId ?? `for orderId ${what.orderId}`;
	const resume = what.createdId
		? `Run the same input again (the node finds it by its orderId and processes it then, once), or use ${RESUME[what.type]} with ID ${what.createdId}.`
		: `Find it with Transaction → Get, then use ${RESUME[what.type]}.`;
	const failure = new NodeOperationError(
		ctx.getNode(),
		`${noun} ${named} was created but could not be processed: ${cause}`,
		{
			itemIndex: i,
			description: `${noun} ${named} (orderId ${what.orderId}) exists in OMNO. ${resume}${
				error instanceof NodeApiError && error.description ? `\n\n${error.description}` : ''
			}`,
		},
	);
	if (what.createdId) failure.context.createdId = what.createdId;
	failure.context.orderId = what.orderId;
	if (error instanceof NodeApiError && error.context.omno)
		failure.context.omno = error.context.omno as IDataObject;
	return failure;
}

/**
 * Direct Link's two steps: create (money object exists from here on), then process. `created` is the create
 * answer, already normalised; a processing failure names what was created.
 */
export async function startDirectLink(
	ctx: IExecuteFunctions,
	type: TransactionType,
	i: number,
	request: PreparedRequest,
	create: () => Promise<IDataObject>,
): Promise<IDataObject> {
	const processBody = request.followUp ?? buildDirectLinkBody(ctx, i);
	const created = await create();
	const { idKey } = TRANSACTION_KINDS[type];
	const id = created[idKey] ?? created.id;
	if (id === undefined || id === null || id === '') {
		throw processFailedError(
			ctx,
			new Error(`OMNO returned no ${idKey}`),
			{ type, orderId: request.orderId },
			i,
		);
	}
	return await finishDirectLink(ctx, type, i, request, String(id), processBody, created);
}

/** The processing step for a known id: what Start does after creating, and what a re-run resumes. */
export async function finishDirectLink(
	ctx: IExecuteFunctions,
	type: TransactionType,
	i: number,
	request: PreparedRequest,
	id: string,
	processBody: IDataObject,
	created: IDataObject,
): Promise<IDataObject> {
	let processed: IDataObject;
	try {
		processed = await processDirectLink(ctx, type, id, processBody, i);
	} catch (error) {
		throw processFailedError(ctx, error, { type, createdId: id, orderId: request.orderId }, i);
	}
	const { idKey } = TRANSACTION_KINDS[type];
	return { ...processed, [idKey]: processed[idKey] ?? id, orderId: request.orderId, created };
}

/**
 * A re-run found the transaction already in OMNO (409 resolved to `existing`). If it was never processed
 * (a crash or a failed second step last time), process it now; otherwise there is nothing left to do.
 */
export async function resumeDirectLink(
	ctx: IExecuteFunctions,
	type: TransactionType,
	i: number,
	request: PreparedRequest,
	existing: IDataObject,
): Promise<IDataObject | undefined> {
	const id = existing[TRANSACTION_KINDS[type].idKey];
	if (typeof existing.status !== 'string' || !PROCESSABLE_STATUSES[type].includes(existing.status))
		return undefined;
	const processBody = request.followUp ?? buildDirectLinkBody(ctx, i);
	const done = await finishDirectLink(ctx, type, i, request, String(id), processBody, existing);
	return { ...done, alreadyExists: true, resumed: true };
}
