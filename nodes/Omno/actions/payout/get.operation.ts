import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { payoutIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';

export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['get'] } },
	[payoutIdField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
	const transaction = await omnoApiRequest.call(
		this,
		'GET',
		`/public/payout/${encodeURIComponent(payoutId)}`,
		{ itemIndex: i },
	);
	return [{ json: transaction as IDataObject, pairedItem: { item: i } }];
}
