import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { payInCreateFields, preparePayIn, sendPayIn } from '../../helpers/payInCreate';
import { runOptionsField } from '../engine/options';
import type { OperationOption, PreparedRequest } from '../operation';

export const kind = 'create';
export const creates = 'payIn';

export const option: OperationOption = {
	name: 'Create',
	description:
		'Create a pay-in (a charge to a customer) for a fixed amount. Returns its paymentId and hosted payment page links; money moves only once the customer pays or it is processed. Idempotent by orderId: re-sending the same orderId never charges twice.',
	action: 'Create a pay in',
};

export const properties = [...payInCreateFields, runOptionsField];

export function prepare(this: IExecuteFunctions, i: number): PreparedRequest {
	return preparePayIn(this, i);
}

export async function send(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
): Promise<IDataObject> {
	return await sendPayIn(this, request, i);
}
