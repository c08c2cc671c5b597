import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { payoutIdField } from '../descriptions/ids';
import { bulkRunOptionsField } from '../actions/engine/options';
import type { CallOperation, OperationOption } from '../actions/operation';
import { omnoApiRequest } from '../transport';
import { assertId } from '../validation';
import { fetchExisting } from './existing';
import { PAYOUT_CONFIRMED_STATUSES, PAYOUT_UNDECIDED_STATUSES } from './statuses';

type Action = 'confirm' | 'reject';

/** OMNO's answers for "this payout is not waiting for a decision" (the body is not published). */
const NOT_WAITING_CODES = ['400', '409', '422'];

function decidedAs(status: string): Action | undefined {
	if (status === 'REJECTED') return 'reject';
	return (PAYOUT_CONFIRMED_STATUSES as readonly string[]).includes(status) ? 'confirm' : undefined;
}

function otherWayError(
	ctx: IExecuteFunctions,
	action: Action,
	payoutId: string,
	status: string,
	refusal: NodeApiError,
	i: number,
): NodeApiError {
	const decided = decidedAs(status);
	const message = decided
		? `Payout ${payoutId} is already ${status}: it was ${decided === 'reject' ? 'rejected' : 'confirmed'}, so it cannot be ${action === 'confirm' ? 'confirmed' : 'rejected'}`
		: `Payout ${payoutId} is ${status}, not waiting for confirmation, so it cannot be ${action === 'confirm' ? 'confirmed' : 'rejected'}`;
	const error = new NodeApiError(ctx.getNode(), { message, httpCode: refusal.httpCode } as JsonObject, {
		message,
		description:
			'Nothing was changed. Check the payout (Payout → Get) and your approval list: this row should not be decided again.',
		httpCode: refusal.httpCode ?? undefined,
		itemIndex: i,
	});
	error.context.omno = { ...(refusal.context.omno as IDataObject), outcome: 'failed' };
	error.context.payoutId = payoutId;
	error.context.status = status;
	return error;
}

/** OMNO refused the decision: read the payout back and tell "already done" from "done the other way". */
async function decideAgain(
	ctx: IExecuteFunctions,
	action: Action,
	flag: 'confirmed' | 'rejected',
	payoutId: string,
	refusal: NodeApiError,
	i: number,
): Promise<IDataObject> {
	if (!NOT_WAITING_CODES.includes(String(refusal.httpCode))) throw refusal;
	let status: unknown;
	try {
		status = (await fetchExisting(ctx, 'payout', payoutId, i)).status;
	} catch {
		// The read-back failed: OMNO's refusal is still the truest answer.
		throw refusal;
	}
	if (typeof status !== 'string' || (PAYOUT_UNDECIDED_STATUSES as readonly string[]).includes(status))
		throw refusal;
	if (decidedAs(status) !== action) throw otherWayError(ctx, action, payoutId, status, refusal, i);
	const omno = (refusal.context.omno ?? {}) as IDataObject;
	return {
		payoutId,
		[flag]: true,
		alreadyDecided: true,
		status,
		httpCode: Number(refusal.httpCode),
		omnoMessage: omno.omnoMessage ?? null,
	};
}

/**
 * Confirm and reject are one call on a payout waiting for confirmation (PUT …/{action}, no body, OMNO answers
 * `{}`). Deciding again is safe: when OMNO refuses because the payout is no longer waiting, it is read back; if
 * it already went the way asked, that is the result (`alreadyDecided`), otherwise an error that says which way.
 */
export function payoutDecision(
	action: Action,
	flag: 'confirmed' | 'rejected',
	option: OperationOption,
	idHelp: string,
): CallOperation {
	return {
		kind: 'call',
		effect: 'decision',
		bulk: true,
		option,
		properties: [{ ...payoutIdField, description: idHelp }, bulkRunOptionsField],
		async run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
			const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
			try {
				const response = await omnoApiRequest.call(
					this,
					'PUT',
					`/public/payout/${encodeURIComponent(payoutId)}/${action}`,
					{ itemIndex: i },
				);
				return { ...(response as IDataObject), payoutId, [flag]: true };
			} catch (error) {
				if (!(error instanceof NodeApiError)) {
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
				}
				return await decideAgain(this, action, flag, payoutId, error, i);
			}
		},
	};
}
