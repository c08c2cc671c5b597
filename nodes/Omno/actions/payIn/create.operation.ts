import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applyAdditionalFields, payInAdditionalFields } from '../../descriptions/additional';
import { buildCustomer, customerFields, kycVerifiedField, readKycVerified } from '../../descriptions/customer';
import { amountField, buildMoney, currencyField } from '../../descriptions/money';
import { orderIdField, readOrderId } from '../../descriptions/orderId';
import { omnoApiRequest } from '../../transport';
import type { PreparedRequest } from '../bulk';
import { runOptionsField } from '../bulk';

/** Shared with Payment Page → Create and Direct Link → Start Pay-In, which create the same pay-in. */
export const payInCreateFields: INodeProperties[] = [
	orderIdField,
	amountField,
	currencyField,
	kycVerifiedField,
	...customerFields,
	payInAdditionalFields,
];

export const description = updateDisplayOptions({ show: { resource: ['payIn'], operation: ['create'] } }, [
	...payInCreateFields,
	runOptionsField,
]);

/** The validated POST /public/payin for item i, built without sending (validate-all-first, dry run). */
export function buildRequest(this: IExecuteFunctions, i: number): PreparedRequest {
	const orderId = readOrderId(this, i);
	const { amount, currency } = buildMoney(this, i, 'amount');
	const body: IDataObject = {
		orderId,
		amount,
		currency,
		kycVerified: readKycVerified(this, i),
		customer: buildCustomer(this, i),
	};
	applyAdditionalFields(this, i, body);
	return { method: 'POST', path: '/public/payin', body, orderId };
}

/** Sends a prepared pay-in create; OMNO's answer first, then our orderId. */
export async function sendPayIn(this: IExecuteFunctions, request: PreparedRequest, i: number): Promise<IDataObject> {
	const response = (await omnoApiRequest.call(this, request.method, request.path, {
		body: request.body,
		itemIndex: i,
	})) as IDataObject;
	return { ...response, orderId: request.orderId };
}

export async function send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<INodeExecutionData[]> {
	return [{ json: await sendPayIn.call(this, request, i), pairedItem: { item: i } }];
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await send.call(this, i, buildRequest.call(this, i));
}
