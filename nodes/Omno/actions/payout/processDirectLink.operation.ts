import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { browserFields, buildBrowser } from '../../descriptions/browser';
import { payoutIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';
import { parseJsonObject } from '../../validation/json';

export const additionalDataField: INodeProperties = {
	displayName: 'Additional Data (JSON)',
	name: 'additionalData',
	type: 'json',
	default: '{}',
	description:
		'Provider-specific data for the direct link, sent as OMNO\'s "additionalData" object (e.g. a wallet address or bank details the provider asks for). Ask OMNO which keys your provider needs.',
};

const properties: INodeProperties[] = [
	{
		...payoutIdField,
		description: 'The payoutId OMNO returned when the payout was created',
	},
	...browserFields,
	additionalDataField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['processDirectLink'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
	const body: IDataObject = {
		browser: buildBrowser(this, i),
		additionalData: parseJsonObject(
			this.getNodeParameter('additionalData', i, {}),
			'additionalData',
			'Additional Data (JSON)',
		),
	};
	const response = (await omnoApiRequest.call(
		this,
		'POST',
		`/public/payout/${encodeURIComponent(payoutId)}/process/direct-link`,
		{ body, itemIndex: i },
	)) as IDataObject;
	// OMNO's own answer (status, redirectUrl, message, provider data) passes through as it is.
	return [{ json: { ...response, payoutId: response.payoutId ?? payoutId }, pairedItem: { item: i } }];
}
