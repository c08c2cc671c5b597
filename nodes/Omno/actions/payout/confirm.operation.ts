import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { payoutIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';

const properties: INodeProperties[] = [
	{
		...payoutIdField,
		description:
			'The payout to confirm. It must be waiting for confirmation (status WAITING_FOR_CONFIRMATION). Confirming releases the money: OMNO starts sending it to the customer and it cannot be taken back.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['confirm'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
	// No body: OMNO's confirm takes none, and answers `{}`.
	const response = await omnoApiRequest.call(
		this,
		'PUT',
		`/public/payout/${encodeURIComponent(payoutId)}/confirm`,
		{ itemIndex: i },
	);
	return [{ json: { ...(response as IDataObject), payoutId, confirmed: true }, pairedItem: { item: i } }];
}
