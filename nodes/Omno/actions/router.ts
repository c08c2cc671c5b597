import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runCalls } from './engine/calls';
import { runCreates } from './engine/creates';
import type { OmnoType } from './node.type';
import { findOperation } from './registry';

/** Picks the operation from the registry and hands the items to its engine, which owns pairing and errors. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const { resource, operation } = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as OmnoType;
	const found = findOperation(resource, operation);
	if (!found) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
		);
	}
	const name = `${resource}.${operation}`;
	if (found.kind === 'wholeRun') return [await found.execute.call(this)];
	return [
		found.kind === 'create'
			? await runCreates(this, found, name, count)
			: await runCalls(this, found, name, count),
	];
}
