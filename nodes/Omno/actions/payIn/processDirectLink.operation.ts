import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import { payInIdField } from '../../descriptions/ids';
import { additionalDataField, buildDirectLinkBody, processDirectLink } from '../../helpers/directLink';
import { alreadyProcessed } from '../../helpers/processOnce';
import { assertId } from '../../validation';
import { bulkRunOptionsField } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'call';
export const bulk = true;
export const effect = 'processing';

export const option: OperationOption = {
	name: 'Process Direct Link',
	description:
		'Moves money. Start charging a created pay-in through a direct link (APM or crypto) with provider-specific data; may return a redirect URL or wallet address for the payer.',
	action: 'Charge a pay in via direct link',
};

export const properties: INodeProperties[] = [
	payInIdField,
	...browserFields,
	additionalDataField,
	bulkRunOptionsField,
];

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	const body = buildDirectLinkBody(this, i);
	return (
		(await alreadyProcessed(this, 'payIn', payInId, i)) ??
		(await processDirectLink(this, 'payIn', payInId, body, i))
	);
}
