import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import type { PreparedRequest } from '../bulk';
import { runOptionsField } from '../bulk';
import { buildRequest as buildPayInRequest, payInCreateFields, sendPayIn } from '../payIn/create.operation';
import { buildDirectLinkBody, processPayInDirectLink } from '../payIn/processDirectLink.operation';
import { additionalDataField } from '../payout/processDirectLink.operation';
import { processFailedError } from './common';

export const description = updateDisplayOptions({ show: { resource: ['directLink'], operation: ['startPayIn'] } }, [
	...payInCreateFields,
	...browserFields,
	additionalDataField,
	runOptionsField,
]);

/** Validates both steps (create and process) and returns the create request, which is what moves money. */
export function buildRequest(this: IExecuteFunctions, i: number): PreparedRequest {
	return { ...buildPayInRequest.call(this, i), followUp: buildDirectLinkBody(this, i) };
}

export async function send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<INodeExecutionData[]> {
	const processBody = request.followUp ?? buildDirectLinkBody(this, i);
	const created = await sendPayIn.call(this, request, i);
	const paymentId = String(created.paymentId ?? created.id ?? '');
	if (!paymentId) {
		throw processFailedError(this, new Error('OMNO returned no paymentId'), {
			noun: 'Pay-in',
			createdId: `for orderId ${request.orderId}`,
			orderId: request.orderId,
			resume: 'Transaction → Get to find it, then Pay-In → Process Direct Link',
		}, i);
	}
	let processed: IDataObject;
	try {
		processed = await processPayInDirectLink.call(this, paymentId, processBody, i);
	} catch (error) {
		throw processFailedError(this, error, {
			noun: 'Pay-in',
			createdId: paymentId,
			orderId: request.orderId,
			resume: 'Pay-In → Process Direct Link',
		}, i);
	}
	return [
		{
			json: { ...processed, paymentId, orderId: request.orderId, created },
			pairedItem: { item: i },
		},
	];
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await send.call(this, i, buildRequest.call(this, i));
}
