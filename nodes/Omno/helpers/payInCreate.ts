import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { applyAdditionalFields, payInAdditionalFields } from '../descriptions/additional';
import { buildCustomer, customerFields, kycVerifiedField, readKycVerified } from '../descriptions/customer';
import { amountField, buildMoney, currencyField } from '../descriptions/money';
import { orderIdField, readOrderId } from '../descriptions/orderId';
import type { PreparedRequest } from '../actions/operation';
import { omnoApiRequest } from '../transport';

/** The pay-in's own fields: Pay-In → Create, Payment Page → Create and Direct Link → Start Pay-In create the same pay-in. */
export const payInCreateFields: INodeProperties[] = [
	orderIdField,
	amountField,
	currencyField,
	kycVerifiedField,
	...customerFields,
	payInAdditionalFields,
];

/** The validated POST /public/payin for item i, built without sending (validate-all-first, dry run). */
export function preparePayIn(ctx: IExecuteFunctions, i: number): PreparedRequest {
	const orderId = readOrderId(ctx, i);
	const { amount, currency } = buildMoney(ctx, i, 'amount');
	const body: IDataObject = {
		orderId,
		amount,
		currency,
		kycVerified: readKycVerified(ctx, i),
		customer: buildCustomer(ctx, i),
	};
	applyAdditionalFields(ctx, i, body);
	return { method: 'POST', path: '/public/payin', body, orderId };
}

/** Sends a prepared pay-in create; OMNO's answer first, then our orderId. */
export async function sendPayIn(
	ctx: IExecuteFunctions,
	request: PreparedRequest,
	i: number,
): Promise<IDataObject> {
	const response = (await omnoApiRequest.call(ctx, request.method, request.path, {
		body: request.body,
		itemIndex: i,
	})) as IDataObject;
	return { ...response, orderId: request.orderId };
}
