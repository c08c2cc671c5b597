import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runOptionsField } from '../engine/options';
import { createFields, prepareCreate, sendCreate } from '../kits/transactionCreate';
import type { OperationOption, PreparedRequest } from '../operation';

// OMNO 2.0.0 has no payment-page endpoint: the hosted page is the pay-in's iframe URLs.
export const kind = 'create';
export const creates = 'payIn';

export const option: OperationOption = {
	name: 'Create',
	description:
		'Create a hosted payment page for a fixed amount and get its link to send to the customer. Money moves only when the customer pays on the page. Idempotent by orderId: the same orderId never creates a second charge.',
	action: 'Create a payment page',
};

export const properties = [...createFields('payIn'), runOptionsField];

export function prepare(this: IExecuteFunctions, i: number): PreparedRequest {
	return prepareCreate(this, 'payIn', i);
}

/** The hosted page links first, so a following step (email, chat) finds them at once. */
export function toPaymentPage(response: IDataObject): IDataObject {
	const { iframeUrls, paymentId, status, orderId, ...rest } = response;
	const urls = (iframeUrls ?? {}) as IDataObject;
	return {
		paymentPageUrl: urls.card ?? null,
		apmPageUrl: urls.apm ?? null,
		paymentId: paymentId ?? null,
		status: status ?? null,
		orderId,
		...rest,
		...(iframeUrls === undefined ? {} : { iframeUrls }),
	};
}

export async function send(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
): Promise<IDataObject> {
	return toPaymentPage(await sendCreate(this, 'payIn', request, i));
}
