import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import { omnoApiRequest } from '../../transport';
import { type PreparedRequest, runOptionsField } from '../bulk';
import { buildDirectLinkBody } from '../payIn/processDirectLink.operation';
import { buildRequest as buildPayoutRequest, normalisePayoutResponse, payoutCreateFields } from '../payout/create.operation';
import { additionalDataField } from '../payout/processDirectLink.operation';
import { processFailedError } from './common';

export const description = updateDisplayOptions({ show: { resource: ['directLink'], operation: ['startPayout'] } }, [
	...payoutCreateFields,
	...browserFields,
	additionalDataField,
	runOptionsField,
]);

/** Validates both steps (create and process) and returns the create request, which is what moves money. */
export function buildRequest(this: IExecuteFunctions, i: number): PreparedRequest {
	return { ...buildPayoutRequest.call(this, i), followUp: buildDirectLinkBody(this, i) };
}

export async function send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<INodeExecutionData[]> {
	const processBody = request.followUp ?? buildDirectLinkBody(this, i);
	const response = (await omnoApiRequest.call(this, request.method, request.path, {
		body: request.body,
		itemIndex: i,
	})) as IDataObject;
	const created = normalisePayoutResponse(response, request.orderId);
	const payoutId = created.payoutId ? String(created.payoutId) : '';
	if (!payoutId) {
		throw processFailedError(this, new Error('OMNO returned no payoutId'), {
			noun: 'Payout',
			createdId: `for orderId ${request.orderId}`,
			orderId: request.orderId,
			resume: 'Transaction → Get to find it, then Payout → Process Direct Link',
		}, i);
	}
	let processed: IDataObject;
	try {
		processed = (await omnoApiRequest.call(
			this,
			'POST',
			`/public/payout/${encodeURIComponent(payoutId)}/process/direct-link`,
			{ body: processBody, itemIndex: i },
		)) as IDataObject;
	} catch (error) {
		throw processFailedError(this, error, {
			noun: 'Payout',
			createdId: payoutId,
			orderId: request.orderId,
			resume: 'Payout → Process Direct Link',
		}, i);
	}
	return [
		{
			json: { ...processed, payoutId: processed.payoutId ?? payoutId, orderId: request.orderId, created },
			pairedItem: { item: i },
		},
	];
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await send.call(this, i, buildRequest.call(this, i));
}
