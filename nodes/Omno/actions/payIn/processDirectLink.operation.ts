import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { browserFields, buildBrowser } from '../../descriptions/browser';
import { payInIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';
import { parseJsonObject } from '../../validation/json';
import { additionalDataField } from '../payout/processDirectLink.operation';

const properties: INodeProperties[] = [payInIdField, ...browserFields, additionalDataField];

export const description = updateDisplayOptions(
	{ show: { resource: ['payIn'], operation: ['processDirectLink'] } },
	properties,
);

/** The body of POST …/process/direct-link (pay-in or payout): browser + provider-specific additionalData. */
export function buildDirectLinkBody(ctx: IExecuteFunctions, i: number): IDataObject {
	return {
		browser: buildBrowser(ctx, i),
		additionalData: parseJsonObject(ctx.getNodeParameter('additionalData', i, {}), 'additionalData', 'Additional Data (JSON)'),
	};
}

export async function processPayInDirectLink(
	this: IExecuteFunctions,
	payInId: string,
	body: IDataObject,
	i: number,
): Promise<IDataObject> {
	const response = (await omnoApiRequest.call(
		this,
		'POST',
		`/public/payin/${encodeURIComponent(payInId)}/process/direct-link`,
		{ body, itemIndex: i },
	)) as IDataObject;
	return { ...response, paymentId: response.paymentId ?? payInId };
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	const body = buildDirectLinkBody(this, i);
	return [{ json: await processPayInDirectLink.call(this, payInId, body, i), pairedItem: { item: i } }];
}
