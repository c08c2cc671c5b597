import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type PreparedRequest, runOptionsField } from '../bulk';
import { buildRequest, payInCreateFields, sendPayIn } from '../payIn/create.operation';

// OMNO 2.0.0 has no payment-page endpoint: the hosted page is the pay-in's iframe URLs.
export { buildRequest };

export const description = updateDisplayOptions({ show: { resource: ['paymentPage'], operation: ['create'] } }, [
	...payInCreateFields,
	runOptionsField,
]);

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

export async function send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<INodeExecutionData[]> {
	return [{ json: toPaymentPage(await sendPayIn.call(this, request, i)), pairedItem: { item: i } }];
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await send.call(this, i, buildRequest.call(this, i));
}
