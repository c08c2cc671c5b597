import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { payInIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';

export const description = updateDisplayOptions(
	{ show: { resource: ['payIn'], operation: ['get'] } },
	[payInIdField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	const transaction = await omnoApiRequest.call(
		this,
		'GET',
		`/public/payin/${encodeURIComponent(payInId)}`,
		{ itemIndex: i },
	);
	return [{ json: transaction as IDataObject, pairedItem: { item: i } }];
}
