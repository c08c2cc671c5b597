import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { payoutIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';

const properties: INodeProperties[] = [
	{
		...payoutIdField,
		description:
			'The payout to reject. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). A rejected payout is never sent to a payment provider: no money moves.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['reject'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
	const response = await omnoApiRequest.call(
		this,
		'PUT',
		`/public/payout/${encodeURIComponent(payoutId)}/reject`,
		{ itemIndex: i },
	);
	return [{ json: { ...(response as IDataObject), payoutId, rejected: true }, pairedItem: { item: i } }];
}
