import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runOptionsField } from '../engine/options';
import { createFields, prepareCreate, sendCreate } from '../kits/transactionCreate';
import type { OperationOption, PreparedRequest } from '../operation';

export const kind = 'create';
export const creates = 'payout';

export const option: OperationOption = {
	name: 'Create',
	description:
		'Moves money. Create a payout of an amount (decimal string, e.g. "80.00") to a customer, keyed by your orderId (the same orderId never pays twice). If OMNO holds it for approval (status WAITING_FOR_CONFIRMATION), no money moves until it is confirmed.',
	action: 'Create a payout',
};

export const properties = [...createFields('payout'), runOptionsField];

export function prepare(this: IExecuteFunctions, i: number): PreparedRequest {
	return prepareCreate(this, 'payout', i);
}

export async function send(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
): Promise<IDataObject> {
	return await sendCreate(this, 'payout', request, i);
}
