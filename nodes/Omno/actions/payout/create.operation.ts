import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	additionalBodyFieldsOption,
	additionalFieldsCollection,
	applyAdditionalFields,
	routerIdOption,
} from '../../descriptions/additional';
import { buildCustomer, customerFields, kycVerifiedField, readKycVerified } from '../../descriptions/customer';
import { buildMoney, currencyField, payoutValueField } from '../../descriptions/money';
import { orderIdField, readOrderId } from '../../descriptions/orderId';
import { omnoApiRequest } from '../../transport';
import type { PreparedRequest } from '../bulk';
import { runOptionsField } from '../bulk';

/** The payout's own fields, also shown by Direct Link → Start Payout. */
export const payoutCreateFields: INodeProperties[] = [
	orderIdField,
	payoutValueField(),
	currencyField,
	kycVerifiedField,
	...customerFields,
	additionalFieldsCollection([additionalBodyFieldsOption, routerIdOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['create'] } },
	[...payoutCreateFields, runOptionsField],
);

/** The validated request for item i, without sending it (validate-all-first, dry run, direct-link payouts). */
export function buildRequest(this: IExecuteFunctions, i: number): PreparedRequest {
	const orderId = readOrderId(this, i);
	const { value, currency } = buildMoney(this, i, 'value');
	// OMNO's payout takes the amount as `value` (pay-ins use `amount`).
	const body: IDataObject = {
		orderId,
		value,
		currency,
		kycVerified: readKycVerified(this, i),
		customer: buildCustomer(this, i),
	};
	applyAdditionalFields(this, i, body);
	return { method: 'POST', path: '/public/payout', body, orderId };
}

/** OMNO does not publish the create response; the sandbox says `payoutId`, other builds may say `id`. */
export function normalisePayoutResponse(response: IDataObject, orderId: string): IDataObject {
	return { ...response, payoutId: response.payoutId ?? response.id ?? null, orderId };
}

export async function send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<INodeExecutionData[]> {
	const response = await omnoApiRequest.call(this, request.method, request.path, {
		body: request.body,
		itemIndex: i,
	});
	return [{ json: normalisePayoutResponse(response as IDataObject, request.orderId), pairedItem: { item: i } }];
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await send.call(this, i, buildRequest.call(this, i));
}
