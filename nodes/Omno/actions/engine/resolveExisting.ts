import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { TRANSACTION_KINDS } from '../../domain/transactionKinds';
import { fetchExisting } from '../../helpers/existing';
import { maskRequestBody } from '../../helpers/mask';
import type { CreateOperation, PreparedRequest } from '../operation';
import type { RunState } from './run';

export interface Resolution {
	json: IDataObject;
	outcome: 'alreadyExists' | 'needsAttention';
	/** A second step (Direct Link processing) was done now for the existing transaction. */
	resumed?: boolean;
}

function attention(
	request: PreparedRequest,
	omnoMessage: unknown,
	message: string,
	ids: IDataObject = {},
): Resolution {
	return {
		outcome: 'needsAttention',
		json: {
			orderId: request.orderId,
			...ids,
			alreadyExists: true,
			needsAttention: true,
			httpCode: 409,
			omnoMessage: omnoMessage ?? null,
			message,
		},
	};
}

/** The row's amount and currency against what OMNO holds for its orderId; undefined when they agree. */
function difference(request: PreparedRequest, transaction: IDataObject): string | undefined {
	const rowAmount = request.body.value ?? request.body.amount;
	const rowCurrency = request.body.currency;
	const amount = transaction.amount ?? transaction.value;
	const problems: string[] = [];
	if (amount !== undefined && rowAmount !== undefined && Number(amount) !== Number(rowAmount)) {
		problems.push(`amount ${String(amount)} (this row: ${String(rowAmount)})`);
	}
	if (
		typeof transaction.currency === 'string' &&
		typeof rowCurrency === 'string' &&
		transaction.currency.toUpperCase() !== rowCurrency
	) {
		problems.push(`currency ${transaction.currency} (this row: ${rowCurrency})`);
	}
	return problems.length ? problems.join(' and ') : undefined;
}

/**
 * A 409 for a reused orderId: OMNO already has a transaction with this orderId, and the orderId is what keeps a
 * re-run from paying twice, so nothing is created again. Find the existing one's id in OMNO's answer, fetch it,
 * and output it as it is now, so the next step can act on it; when that is not possible, say what to do instead.
 * The lookup never throws (the row exists, whatever it says); a resumed second step may, naming its id.
 */
export async function resolveExisting(
	run: RunState,
	operation: CreateOperation,
	i: number,
	request: PreparedRequest,
	conflict: NodeApiError,
): Promise<Resolution> {
	const omno = (conflict.context.omno ?? {}) as IDataObject;
	const type = operation.creates;
	const { noun, idKey } = TRANSACTION_KINDS[type];
	const id = typeof omno.existingId === 'string' ? omno.existingId : undefined;
	if (!id) {
		return attention(
			request,
			omno.omnoMessage,
			`OMNO already has a ${noun} with orderId "${request.orderId}" but did not say which one, so it was not created again and cannot be acted on here. Find it in the OMNO Dashboard or in the payout ledger (OMNO Trigger → Data Table) by its orderId, and confirm or reject it there before running the next step.`,
		);
	}
	const ids = { [idKey]: id };
	let transaction: IDataObject;
	try {
		transaction = maskRequestBody(await fetchExisting(run.ctx, type, id, i)) as IDataObject;
	} catch (error) {
		const why = error instanceof NodeApiError || error instanceof Error ? error.message : String(error);
		return attention(
			request,
			omno.omnoMessage,
			`OMNO already has this orderId as ${noun} ${id}, but looking it up failed (${why}). It was not created again. Check it with Transaction → Get before acting on it.`,
			ids,
		);
	}
	if (transaction.orderId !== undefined && String(transaction.orderId) !== request.orderId) {
		return attention(
			request,
			omno.omnoMessage,
			`OMNO's 409 named ${noun} ${id}, but that ${noun} has orderId "${String(transaction.orderId)}", not "${request.orderId}". Nothing was created; check this orderId in the OMNO Dashboard.`,
			ids,
		);
	}
	const differs = difference(request, transaction);
	if (differs) {
		return attention(
			request,
			omno.omnoMessage,
			`OMNO already has this orderId as ${noun} ${id} with ${differs}. It was not created again; check which is right before confirming it.`,
			{ ...ids, status: transaction.status ?? null },
		);
	}
	const existing: IDataObject = {
		...transaction,
		...ids,
		orderId: request.orderId,
		status: transaction.status ?? null,
		alreadyExists: true,
		httpCode: 409,
		omnoMessage: omno.omnoMessage ?? null,
	};
	if (operation.resume) {
		const resumed = await operation.resume.call(run.ctx, i, request, existing);
		if (resumed) return { outcome: 'alreadyExists', json: resumed, resumed: true };
	}
	return { outcome: 'alreadyExists', json: existing };
}
