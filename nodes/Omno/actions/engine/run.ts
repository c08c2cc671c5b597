import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { orderIdValue } from '../../descriptions/orderId';
import { OMNO_PATHS } from '../../transport/transactions';
import { decimalText } from '../../validation/compare';
import { type RowRef, rowName } from '../../validation/rows';
import type { Operation, PreparedRequest } from '../operation';

/** A per-row error as every message of a run shows it (engine/itemErrors.ts builds them). */
export type ItemError = NodeApiError | NodeOperationError;

export type Outcome =
	| 'created'
	| 'alreadyExists'
	| 'needsAttention'
	| 'done'
	| 'alreadyDecided'
	| 'alreadyProcessed'
	| 'failed'
	| 'unknown'
	| 'invalid'
	| 'notSent'
	| 'dryRun';

/** What happened to one input item. */
export interface ItemRecord {
	outcome: Outcome;
	status?: unknown;
	request?: PreparedRequest;
	/** The item's output JSON (success) or the ids an error item names. */
	json?: IDataObject;
	/** A two-step create whose second step failed: the money object exists, unprocessed. */
	createdNotProcessed?: boolean;
}

/** The state every phase of a run reads and writes; one per node execution. */
export interface RunState {
	ctx: IExecuteFunctions;
	node: INode;
	/** "payout.create": named in the run report. */
	operationName: string;
	count: number;
	/** Per input item, in input order. */
	results: INodeExecutionData[][];
	records: ItemRecord[];
	/** Items whose call failed, in the order they failed. */
	failures: Array<{ itemIndex: number; error: ItemError; extra: IDataObject }>;
	/** Items that changed something in OMNO during this run (created, confirmed, rejected, processed). */
	changed: number[];
	/** Set once no new item may start (a failure without continue-on-fail, for operations that stop). */
	stopped: boolean;
	/** The text of a run that had failures and was not thrown (see report.ts). */
	report?: string;
	/** The parameter that names a row in messages: orderId, or the id a call was given (payoutId, …). */
	refField?: string;
	refs: Array<RowRef | null>;
}

/** orderId when the operation has one, else its required id parameter (payoutId, transactionId, …). */
function refFieldOf(operation: Operation): string | undefined {
	if (operation.properties.some((p) => p.name === 'orderId')) return 'orderId';
	return operation.properties.find(
		(p) => !p.displayOptions && p.type === 'string' && p.required && /Id$/.test(p.name),
	)?.name;
}

export function newRun(
	ctx: IExecuteFunctions,
	operationName: string,
	count: number,
	operation: Operation,
): RunState {
	return {
		ctx,
		node: ctx.getNode(),
		operationName,
		count,
		results: new Array(count),
		records: new Array(count),
		failures: [],
		changed: [],
		stopped: false,
		refField: refFieldOf(operation),
		refs: new Array(count),
	};
}

function readRef(run: RunState, i: number): RowRef | null {
	const key = run.refField;
	if (!key) return null;
	if (key === 'orderId') {
		const known = run.records[i]?.request?.orderId;
		if (known) return { key, value: known };
	}
	try {
		const value = key === 'orderId' ? orderIdValue(run.ctx, i) : run.ctx.getNodeParameter(key, i, '');
		// A number that is not an exact integer (NaN, 12.5, beyond 2^53) names no row: it is not what was typed.
		const text =
			typeof value === 'string'
				? value.trim()
				: typeof value === 'number' && Number.isSafeInteger(value)
					? String(value)
					: '';
		return text ? { key, value: text } : null;
	} catch {
		// An expression that cannot be read names no row; the row number still does.
		return null;
	}
}

/** The key row i is named by (read once per row). */
export function rowRef(run: RunState, i: number): RowRef | undefined {
	if (run.refs[i] === undefined) run.refs[i] = readRef(run, i);
	return run.refs[i] ?? undefined;
}

/** `Row 12 (orderId P-0012)`: how every message of a run names an item (validation/rows.ts). */
export function rowNameOf(run: RunState, i: number): string {
	return rowName(i, rowRef(run, i));
}

/** Records a success: its output item (paired with its input) and what it did. */
export function recordSuccess(run: RunState, i: number, json: IDataObject, record: ItemRecord): void {
	run.results[i] = [{ json, pairedItem: { item: i } }];
	run.records[i] = { ...record, json };
}

/**
 * What a payout create asked OMNO for (amount as decimal text, currency), on every item of the run whatever its
 * outcome: Payout Run → Check Against OMNO compares it with what OMNO holds before anything is approved.
 */
export function requestedOf(request: PreparedRequest | undefined): IDataObject {
	const body = request?.body;
	if (!body || request.path !== OMNO_PATHS.create('payout')) return {};
	const key = body.value !== undefined ? 'value' : 'amount';
	const amount = body[key];
	if (amount === undefined || body.currency === undefined) return {};
	return { requested: { [key]: decimalText(amount) ?? String(amount), currency: body.currency } };
}
