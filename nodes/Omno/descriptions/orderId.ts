import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError, assertNonEmpty } from '../validation';

export const ORDER_ID_MAX_LENGTH = 128;

export const orderIdField: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.rowId }}',
	description:
		'Your unique ID for this payment — OMNO\'s idempotency key. Use one value per payment that stays the same when the workflow is re-run (e.g. map your sheet\'s row ID or your invoice number); never a random or time-based value, or a re-run pays twice. Max 128 characters.',
};

export function assertOrderId(value: unknown, field = 'orderId', label = 'Order ID'): string {
	const orderId = assertNonEmpty(value, field, label);
	if (orderId.length > ORDER_ID_MAX_LENGTH) {
		throw new InvalidInputError(field, label, `is ${orderId.length} characters long; at most ${ORDER_ID_MAX_LENGTH} are allowed`);
	}
	return orderId;
}

export function readOrderId(ctx: IExecuteFunctions, i: number): string {
	return assertOrderId(ctx.getNodeParameter('orderId', i));
}
