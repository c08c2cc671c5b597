import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CallOperation } from '../operation';
import { errorItem, toItemError } from './itemErrors';

/** Every other operation: one item at a time; the router's pairing and errors, the operation's JSON. */
export async function runCalls(
	ctx: IExecuteFunctions,
	operation: CallOperation,
	count: number,
): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		try {
			const json = await operation.run.call(ctx, i);
			returnData.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const itemError = toItemError(node, error, i);
			if (ctx.continueOnFail()) {
				returnData.push(errorItem(itemError, i));
				continue;
			}
			throw itemError;
		}
	}
	return returnData;
}
