import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runOptionsField } from '../engine/options';
import { createFields, prepareCreate, sendCreate } from '../kits/transactionCreate';
import type { OperationOption, PreparedRequest } from '../operation';

export const kind = 'create';
export const creates = 'payIn';

export const option: OperationOption = {
	name: 'Create',
	description:
		'Create a pay-in (a charge to a customer) for a fixed amount. Returns its paymentId and hosted payment page links; money moves only once the customer pays or it is processed. Idempotent by orderId: re-sending the same orderId never charges twice.',
	action: 'Create a pay in',
};

export const properties = [...createFields('payIn'), runOptionsField];

export function prepare(this: IExecuteFunctions, i: number): PreparedRequest {
	return prepareCreate(this, 'payIn', i);
}

export async function send(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
): Promise<IDataObject> {
	return await sendCreate(this, 'payIn', request, i);
}
