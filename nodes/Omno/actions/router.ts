import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidInputError } from '../validation';
import type { CreateOperation, Outcome, PreparedRequest } from './bulk';
import {
	describeProblems,
	isAlreadyExists,
	maskRequestBody,
	readRunOptions,
	runWindow,
	summarise,
	validateAll,
} from './bulk';
import * as cashier from './cashier';
import * as directLink from './directLink';
import * as payIn from './payIn';
import * as paymentPage from './paymentPage';
import * as payout from './payout';
import * as transaction from './transaction';
import type { OmnoType } from './node.type';

type Operation = { execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation | unknown>> = {
	cashier,
	directLink,
	payIn,
	paymentPage,
	payout,
	transaction,
};

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
	// A two-step operation whose second step failed: what now exists in OMNO.
	if (error.context.createdId) json.createdId = error.context.createdId as string;
	if (error instanceof NodeApiError) {
		const omno = error.context.omno as IDataObject | undefined;
		json.httpCode = error.httpCode ? Number(error.httpCode) : null;
		if (omno?.omnoMessage) json.omnoMessage = omno.omnoMessage;
		if (omno?.outcome) json.outcome = omno.outcome;
	}
	return json;
}

/** Items one at a time (lookups, confirm/reject, processing): the plain n8n loop. */
async function runEach(
	this: IExecuteFunctions,
	operation: Operation,
	count: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
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
	return returnData;
}

interface ItemRecord {
	outcome: Outcome;
	status?: unknown;
	request?: PreparedRequest;
}

/**
 * Creates (money moves here): validate every item first, dry run, a bounded sliding window, 409 reported
 * as `alreadyExists`, and on a hard failure a stop that says what was already created.
 */
async function runCreates(
	this: IExecuteFunctions,
	operation: CreateOperation,
	count: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const options = readRunOptions(this);
	const results: INodeExecutionData[][] = new Array(count);
	const records: ItemRecord[] = new Array(count);
	let toSend = Array.from({ length: count }, (_, i) => i);
	let prepared = new Map<number, PreparedRequest>();

	if (options.dryRun || (options.validateFirst && count > 1)) {
		const checked = await validateAll(this, operation, count);
		prepared = checked.prepared;
		if (checked.problems.size) {
			const itemErrors = [...checked.problems].map(([i, e]) => [i, toItemError(node, e, i)] as const);
			if (!this.continueOnFail()) {
				throw describeProblems(
					node,
					itemErrors.map(([itemIndex, e]) => ({ itemIndex, message: e.message })),
					count,
				);
			}
			for (const [i, e] of itemErrors) {
				results[i] = [{ json: { ...errorItemJson(e), outcome: 'invalid' }, pairedItem: { item: i } }];
				records[i] = { outcome: 'invalid' };
			}
			toSend = toSend.filter((i) => !checked.problems.has(i));
		}
	}

	if (options.dryRun) {
		for (const i of toSend) {
			const request = prepared.get(i) as PreparedRequest;
			const json: IDataObject = {
				dryRun: true,
				orderId: request.orderId,
				request: { method: request.method, path: request.path, body: maskRequestBody(request.body) as IDataObject },
			};
			if (request.followUp) json.followUp = maskRequestBody(request.followUp) as IDataObject;
			results[i] = [{ json, pairedItem: { item: i } }];
			records[i] = { outcome: 'dryRun', request };
		}
	} else {
		const created: string[] = [];
		let stop: NodeApiError | NodeOperationError | undefined;
		const send = async (i: number) => {
			let request = prepared.get(i);
			try {
				request ??= operation.buildRequest.call(this, i);
				const output = await operation.send.call(this, i, request);
				results[i] = output;
				records[i] = { outcome: 'created', status: output[0]?.json.status, request };
				created.push(request.orderId);
			} catch (error) {
				const orderId = request?.orderId;
				if (isAlreadyExists(error)) {
					const omno = error.context.omno as IDataObject | undefined;
					results[i] = [
						{
							json: { orderId, alreadyExists: true, httpCode: 409, omnoMessage: omno?.omnoMessage ?? null },
							pairedItem: { item: i },
						},
					];
					records[i] = { outcome: 'alreadyExists', request };
					return;
				}
				const itemError = toItemError(node, error, i);
				const omno = itemError.context.omno as IDataObject | undefined;
				const outcome: Outcome =
					error instanceof InvalidInputError ? 'invalid' : omno?.outcome === 'unknown' ? 'unknown' : 'failed';
				records[i] = { outcome, request };
				if (this.continueOnFail()) {
					results[i] = [{ json: { ...errorItemJson(itemError), orderId: orderId ?? null, outcome }, pairedItem: { item: i } }];
					return;
				}
				stop ??= itemError;
			}
		};
		// The first request goes alone: it fetches the token once, before the window opens.
		const [first, ...rest] = toSend;
		if (first !== undefined) await send(first);
		await runWindow(rest, options.concurrency, send, () => stop !== undefined);
		if (stop) {
			const listed = created.slice(0, 50).join(', ');
			stop.description = `${stop.description ?? ''}\n\nThe run stopped here. ${created.length} item(s) were created before the stop${created.length ? ` (orderIds: ${listed}${created.length > 50 ? ', …' : ''})` : ''}. Running the same input again is safe: orders OMNO already has are reported as "alreadyExists", never paid twice.`.trim();
			throw stop;
		}
	}

	const returnData = results.flatMap((r) => r ?? []);
	if (options.summary) {
		returnData.push({
			json: { summary: summarise(records.filter(Boolean)) },
			pairedItem: Array.from({ length: count }, (_, item) => ({ item })),
		});
	}
	return returnData;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const omnoNodeData = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as OmnoType;
	const operation = findOperation(this.getNode(), omnoNodeData.resource, omnoNodeData.operation);
	const create = operation as Partial<CreateOperation>;
	const isCreate = typeof create.buildRequest === 'function' && typeof create.send === 'function';
	return [
		isCreate
			? await runCreates.call(this, create as CreateOperation, items.length)
			: await runEach.call(this, operation, items.length),
	];
}
