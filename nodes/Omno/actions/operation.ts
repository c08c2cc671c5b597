import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { TransactionType } from '../domain/transactionKinds';

/** What a create operation would send for one item, built without sending anything. */
export interface PreparedRequest {
	method: 'POST' | 'PUT';
	path: string;
	body: IDataObject;
	orderId: string;
	/** The body of the processing call that follows the create (Direct Link), validated with it. */
	followUp?: IDataObject;
}

/** The operation's entry in its resource's operation picker; the registry key is its value. */
export interface OperationOption {
	name: string;
	description: string;
	action: string;
}

interface OperationBase {
	option: OperationOption;
	/** Its parameters, without resource/operation display conditions: the registry adds those. */
	properties: INodeProperties[];
}

/**
 * Creates a money object keyed by `orderId` (money may move here). The engine prepares every item first
 * (validation, duplicate orderIds, dry run), then `send`s exactly the prepared request, once.
 */
export interface CreateOperation extends OperationBase {
	kind: 'create';
	/** What a 409 for a reused orderId points at, so the engine can look the existing one up. */
	creates: TransactionType;
	prepare(this: IExecuteFunctions, i: number): PreparedRequest;
	/** Sends the prepared request (and any second step); returns the item's JSON. */
	send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<IDataObject>;
	/**
	 * A second step to finish for a transaction that already existed (409 resolved to `existing`), e.g. a
	 * Direct Link whose processing call never happened. Returns the item's JSON, or undefined when nothing is left.
	 */
	resume?(
		this: IExecuteFunctions,
		i: number,
		request: PreparedRequest,
		existing: IDataObject,
	): Promise<IDataObject | undefined>;
}

/**
 * Any other call: one item in, its JSON out. `effect` says what it changes in OMNO, which decides how a run
 * of many items treats a failure: a decision attempts every item; processing stops starting new items.
 * Without an effect, a failure simply fails the run (nothing done is lost).
 */
export interface CallOperation extends OperationBase {
	kind: 'call';
	effect?: 'decision' | 'processing';
	/** Items run side by side (its properties include the bulk Run Options); otherwise one at a time. */
	bulk?: boolean;
	/** A read whose Run Options offer the summary item (readRunOptionsField): counts and totals of what was fetched. */
	summary?: boolean;
	run(this: IExecuteFunctions, i: number): Promise<IDataObject>;
}

/**
 * Reads every input item together and answers for the whole run (e.g. the approval of a payout run): it pairs
 * its own output items with the inputs they stand for.
 */
export interface WholeRunOperation extends OperationBase {
	kind: 'wholeRun';
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export type Operation = CreateOperation | CallOperation | WholeRunOperation;
