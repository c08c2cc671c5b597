import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	additionalBodyFieldsOption,
	additionalFieldsCollection,
	applyAdditionalFields,
	routerIdOption,
} from '../descriptions/additional';
import { buildCustomer, customerFields, kycVerifiedField, readKycVerified } from '../descriptions/customer';
import { buildMoney, currencyField, payoutValueField } from '../descriptions/money';
import { orderIdField, readOrderId } from '../descriptions/orderId';
import type { PreparedRequest } from '../actions/operation';
import { omnoApiRequest } from '../transport';

/** The payout's own fields: Payout → Create and Direct Link → Start Payout create the same payout. */
export const payoutCreateFields: INodeProperties[] = [
	orderIdField,
	payoutValueField(),
	currencyField,
	kycVerifiedField,
	...customerFields,
	additionalFieldsCollection([additionalBodyFieldsOption, routerIdOption]),
];

/** The validated POST /public/payout for item i, built without sending. */
export function preparePayout(ctx: IExecuteFunctions, i: number): PreparedRequest {
	const orderId = readOrderId(ctx, i);
	const { value, currency } = buildMoney(ctx, i, 'value');
	// OMNO's payout takes the amount as `value` (pay-ins use `amount`).
	const body: IDataObject = {
		orderId,
		value,
		currency,
		kycVerified: readKycVerified(ctx, i),
		customer: buildCustomer(ctx, i),
	};
	applyAdditionalFields(ctx, i, body);
	return { method: 'POST', path: '/public/payout', body, orderId };
}

/** OMNO does not publish the create response; the sandbox says `payoutId`, other builds may say `id`. */
export function normalisePayoutResponse(response: IDataObject, orderId: string): IDataObject {
	return { ...response, payoutId: response.payoutId ?? response.id ?? null, orderId };
}

export async function sendPayout(
	ctx: IExecuteFunctions,
	request: PreparedRequest,
	i: number,
): Promise<IDataObject> {
	const response = (await omnoApiRequest.call(ctx, request.method, request.path, {
		body: request.body,
		itemIndex: i,
	})) as IDataObject;
	return normalisePayoutResponse(response, request.orderId);
}
