import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import { payoutIdField } from '../../descriptions/ids';
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
		'Moves money. Send a created payout through a direct link (APMs, crypto) with provider-specific data; may return a redirect URL.',
	action: 'Send a payout via direct link',
};

export const properties: INodeProperties[] = [
	{ ...payoutIdField, description: 'The payoutId OMNO returned when the payout was created' },
	...browserFields,
	additionalDataField,
	bulkRunOptionsField,
];

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
	const body = buildDirectLinkBody(this, i);
	return (
		(await alreadyProcessed(this, 'payout', payoutId, i)) ??
		(await processDirectLink(this, 'payout', payoutId, body, i))
	);
}
