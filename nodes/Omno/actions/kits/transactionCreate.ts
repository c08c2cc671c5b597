import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	additionalBodyFieldsOption,
	additionalFieldsCollection,
	applyAdditionalFields,
	payInAdditionalFields,
	routerIdOption,
} from '../../descriptions/additional';
import {
	buildCustomer,
	customerFields,
	kycVerifiedField,
	readKycVerified,
} from '../../descriptions/customer';
import { amountField, buildMoney, currencyField, payoutValueField } from '../../descriptions/money';
import { autoCustomer, autoInput, mappedByHand, mappingModeField } from '../../descriptions/mapping';
import { orderIdField, readOrderId } from '../../descriptions/orderId';
import type { TransactionType } from '../../domain/transactionKinds';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { validateCustomer } from '../../validation/customer';
import type { PreparedRequest } from '../operation';

/**
 * A pay-in and a payout are created by the same request shape; only these differ. Pay-In → Create, Payment
 * Page → Create and Direct Link → Start Pay-In create the same pay-in; Payout → Create and Direct Link → Start
 * Payout the same payout.
 */
interface CreateShape {
	/** OMNO's payout takes the amount as `value` (pay-ins use `amount`). */
	amountName: 'amount' | 'value';
	amountField: INodeProperties;
	additionalFields: INodeProperties;
	/** The item's JSON from OMNO's answer: OMNO's fields first, then our orderId. */
	answer(response: IDataObject, orderId: string): IDataObject;
}

const CREATE: Record<TransactionType, CreateShape> = {
	payIn: {
		amountName: 'amount',
		amountField,
		additionalFields: payInAdditionalFields,
		answer: (response, orderId) => ({ ...response, orderId }),
	},
	payout: {
		amountName: 'value',
		amountField: payoutValueField(),
		additionalFields: additionalFieldsCollection([additionalBodyFieldsOption, routerIdOption]),
		// OMNO does not publish the create response; the sandbox says `payoutId`, other builds may say `id`.
		answer: (response, orderId) => ({
			...response,
			payoutId: response.payoutId ?? response.id ?? null,
			orderId,
		}),
	},
};

/** The create's own fields, in the order the user sees them. */
export function createFields(type: TransactionType): INodeProperties[] {
	const { amountField: amount, additionalFields } = CREATE[type];
	return [
		mappingModeField,
		...mappedByHand([orderIdField, amount, currencyField]),
		kycVerifiedField,
		...mappedByHand(customerFields),
		additionalFields,
	];
}

/** Row i's validated customer: from its columns (automatic mapping) or from the customer parameters. */
function customerOf(ctx: IExecuteFunctions, i: number): IDataObject {
	const auto = autoInput(ctx);
	return auto ? validateCustomer(autoCustomer(auto, i)) : buildCustomer(ctx, i);
}

/** The validated create request for item i, built without sending (validate-all-first, dry run). */
export function prepareCreate(ctx: IExecuteFunctions, type: TransactionType, i: number): PreparedRequest {
	const { amountName } = CREATE[type];
	const orderId = readOrderId(ctx, i);
	const money = buildMoney(ctx, i, amountName);
	const body: IDataObject = {
		orderId,
		[amountName]: money[amountName],
		currency: money.currency,
		kycVerified: readKycVerified(ctx, i),
		customer: customerOf(ctx, i),
	};
	applyAdditionalFields(ctx, i, body);
	return { method: 'POST', path: OMNO_PATHS.create(type), body, orderId };
}

/** Sends a prepared create, exactly as prepared. */
export async function sendCreate(
	ctx: IExecuteFunctions,
	type: TransactionType,
	request: PreparedRequest,
	i: number,
): Promise<IDataObject> {
	const response = (await omnoApiRequest.call(ctx, request.method, request.path, {
		body: request.body,
		itemIndex: i,
	})) as IDataObject;
	return CREATE[type].answer(response, request.orderId);
}
