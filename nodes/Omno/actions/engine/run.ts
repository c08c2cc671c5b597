import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import type { PreparedRequest } from '../operation';
import type { ItemError } from './itemErrors';

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
}

export function newRun(ctx: IExecuteFunctions, operationName: string, count: number): RunState {
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
	};
}

/** Records a success: its output item (paired with its input) and what it did. */
export function recordSuccess(run: RunState, i: number, json: IDataObject, record: ItemRecord): void {
	run.results[i] = [{ json, pairedItem: { item: i } }];
	run.records[i] = { ...record, json };
}
