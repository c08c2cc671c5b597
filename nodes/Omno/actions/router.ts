import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidInputError } from '../validation';
import * as payIn from './payIn';
import * as payout from './payout';
import * as transaction from './transaction';
import type { OmnoType } from './node.type';

type Operation = { execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation | unknown>> = { payIn, payout, transaction };

function findOperation(node: INode, resource: string, operation: string): Operation {
	const candidate = resources[resource]?.[operation] as Operation | undefined;
	if (typeof candidate?.execute !== 'function') {
		throw new NodeOperationError(node, `The operation "${operation}" is not supported for "${resource}"`);
	}
	return candidate;
}

/** Our errors keep their own message; input errors name the item and field; anything else is wrapped. */
export function toItemError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof InvalidInputError) {
		return new NodeOperationError(node, `Item ${itemIndex + 1}: ${error.message}`, {
			itemIndex,
			description: `Fix "${error.label}" (parameter "${error.field}") for this item. Nothing was sent to OMNO.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The `json` of an error item under "Continue (using error output)" / "On Error: Continue". */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError) {
		const omno = error.context.omno as IDataObject | undefined;
		json.httpCode = error.httpCode ? Number(error.httpCode) : null;
		if (omno?.omnoMessage) json.omnoMessage = omno.omnoMessage;
		if (omno?.outcome) json.outcome = omno.outcome;
	}
	return json;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const omnoNodeData = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as OmnoType;
	const operation = findOperation(node, omnoNodeData.resource, omnoNodeData.operation);

	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			returnData.push(...(await operation.execute.call(this, i)));
		} catch (error) {
			const itemError = toItemError(node, error, i);
			if (this.continueOnFail()) {
				returnData.push({ json: errorItemJson(itemError), pairedItem: { item: i } });
				continue;
			}
			throw itemError;
		}
	}
	return [returnData];
}
