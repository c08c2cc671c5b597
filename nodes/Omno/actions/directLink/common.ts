import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The create succeeded but the process call did not. The money object exists now, so the error carries its id
 * (message, description and `context.createdId`) and how to resume — re-running the create is not the fix.
 */
export function processFailedError(
	ctx: IExecuteFunctions,
	error: unknown,
	what: { noun: 'Pay-in' | 'Payout'; createdId: string; orderId: string; resume: string },
	i: number,
): NodeOperationError {
	const cause = error instanceof Error ? error.message : String(error);
	const failure = new NodeOperationError(
		ctx.getNode(),
		`${what.noun} ${what.createdId} was created but could not be processed: ${cause}`,
		{
			itemIndex: i,
			description: `${what.noun} ${what.createdId} (orderId ${what.orderId}) exists in OMNO. Resume with ${what.resume} using ID ${what.createdId}; running this step again for the same orderId will not process it.${
				error instanceof NodeApiError && error.description ? `\n\n${error.description}` : ''
			}`,
		},
	);
	failure.context.createdId = what.createdId;
	failure.context.orderId = what.orderId;
	if (error instanceof NodeApiError && error.context.omno) failure.context.omno = error.context.omno as IDataObject;
	return failure;
}
