import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { payInIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { assertId } from '../../validation';
import { readRunOptionsField } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'call';
export const bulk = true;
export const summary = true;

export const option: OperationOption = {
	name: 'Get',
	description: 'Read-only. Fetch a pay-in and its current status by its paymentId.',
	action: 'Get a pay in by ID',
};

export const properties = [payInIdField, readRunOptionsField];

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const payInId = assertId(this.getNodeParameter('payInId', i), 'payInId', 'Pay-In ID');
	return (await omnoApiRequest.call(this, 'GET', OMNO_PATHS.transaction('payIn', payInId), {
		itemIndex: i,
	})) as IDataObject;
}
