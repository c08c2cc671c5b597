import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { concurrencyRunOptions, lanesFor, readConcurrency } from '../../transport/concurrency';

export interface RunOptions {
	/** Lanes the run opens (transport/concurrency.ts holds requests back below that in Auto). */
	concurrency: number;
	validateFirst: boolean;
	dryRun: boolean;
	summary: boolean;
}

const summaryOption: INodeProperties = {
	displayName: 'Output Summary Item',
	name: 'summary',
	type: 'boolean',
	default: false,
};

export const runOptionsField: INodeProperties = {
	displayName: 'Run Options',
	name: 'runOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'How a run of many items (e.g. rows of a payout sheet) is sent',
	options: [
		...concurrencyRunOptions,
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only validate and output the request each item would send (card data masked), sending nothing to OMNO',
		},
		{
			...summaryOption,
			description:
				'Whether to add one last item with counts per outcome and status and exact totals per currency, e.g. for a Slack or email step',
		},
		{
			displayName: 'Validate All Items First',
			name: 'validateFirst',
			type: 'boolean',
			default: true,
			description:
				'Whether to check every item before sending the first request. If any item is invalid nothing is sent and one error lists every bad row — or, with "On Error: Continue", the invalid rows are output as errors and only the valid rows are sent. Duplicate orderIds in the input count as invalid.',
		},
	],
};

export function readRunOptions(context: IExecuteFunctions): RunOptions {
	const raw = (context.getNodeParameter('runOptions', 0, {}) ?? {}) as IDataObject;
	return {
		concurrency: lanesFor(readConcurrency(context)),
		validateFirst: raw.validateFirst !== false,
		dryRun: raw.dryRun === true,
		summary: raw.summary === true,
	};
}

/** Run Options of an operation that takes many items but has no create phases: concurrency only. */
export const bulkRunOptionsField: INodeProperties = {
	displayName: 'Run Options',
	name: 'runOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'How a run of many items is sent. Outputs stay in input order.',
	options: [...concurrencyRunOptions],
};

/** Run Options of a bulk read (Get): how many at once, and a summary item for a report. */
export const readRunOptionsField: INodeProperties = {
	...bulkRunOptionsField,
	options: [
		...concurrencyRunOptions,
		{
			...summaryOption,
			description:
				'Whether to add one last item with counts per outcome and status and exact totals per currency (overall and per status) of what was fetched, e.g. for a reconciliation report',
		},
	],
};

/** Whether a bulk read adds its summary item. */
export function readSummaryOption(context: IExecuteFunctions): boolean {
	const raw = (context.getNodeParameter('runOptions', 0, {}) ?? {}) as IDataObject;
	return raw.summary === true;
}

/** Lanes for a bulk call operation. */
export function readLanes(context: IExecuteFunctions): number {
	return lanesFor(readConcurrency(context));
}
