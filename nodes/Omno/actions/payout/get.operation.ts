import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { payoutIdField } from '../../descriptions/ids';
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
	description: 'Read-only. Fetch a payout and its current status by its payoutId.',
	action: 'Get a payout by ID',
};

export const properties = [payoutIdField, readRunOptionsField];

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
	return (await omnoApiRequest.call(this, 'GET', OMNO_PATHS.transaction('payout', payoutId), {
		itemIndex: i,
	})) as IDataObject;
}
