import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maskCardNumber } from '../validation/card';
import { InvalidInputError } from '../validation';
import { addDecimal } from '../validation/money';

/** What a create operation would send for one item, built without sending anything. */
export interface PreparedRequest {
	method: 'POST' | 'PUT';
	path: string;
	body: IDataObject;
	orderId: string;
	/** The body of the processing call that follows the create (Direct Link), validated with it. */
	followUp?: IDataObject;
}

/**
 * A create operation: builds its request purely (validate-first, dry run), then `send`s exactly that, so a
 * run reads each item's parameters once.
 */
export interface CreateOperation {
	buildRequest(this: IExecuteFunctions, i: number): PreparedRequest;
	send(this: IExecuteFunctions, i: number, request: PreparedRequest): Promise<INodeExecutionData[]>;
}

export const MAX_CONCURRENCY = 20;
const MAX_LISTED_PROBLEMS = 50;

export interface RunOptions {
	concurrency: number;
	validateFirst: boolean;
	dryRun: boolean;
	summary: boolean;
}

export const runOptionsField: INodeProperties = {
	displayName: 'Run Options',
	name: 'runOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'How a run of many items (e.g. rows of a payout sheet) is sent',
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: 1,
			description:
				'How many requests may be under way at once (1–20). Outputs stay in input order; when OMNO rate-limits, every request of the run waits.',
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only validate and output the request each item would send (card data masked), sending nothing to OMNO',
		},
		{
			displayName: 'Output Summary Item',
			name: 'summary',
			type: 'boolean',
			default: false,
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
	const raw = context.getNodeParameter('runOptions', 0, {}) as IDataObject;
	const concurrency = Math.trunc(Number(raw.concurrency ?? 1));
	if (!Number.isFinite(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			context.getNode(),
			`Run Options → Concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`,
		);
	}
	return {
		concurrency,
		validateFirst: raw.validateFirst !== false,
		dryRun: raw.dryRun === true,
		summary: raw.summary === true,
	};
}

/**
 * Runs `worker` over `indices` with at most `limit` under way: a sliding window, so one slow request never
 * holds back the others. Stops starting new work once `shouldStop()` is true; what is under way finishes.
 */
export async function runWindow(
	indices: number[],
	limit: number,
	worker: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, indices.length) }, async () => {
		while (next < indices.length && !shouldStop()) {
			await worker(indices[next++]);
		}
	});
	await Promise.all(lanes);
}

/** The request as it would be sent, for dry runs: card data masked, CVVs never shown. */
export function maskRequestBody(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(maskRequestBody);
	if (value === null || typeof value !== 'object') return value;
	const out: IDataObject = {};
	for (const [key, inner] of Object.entries(value as IDataObject)) {
		if (/^cvv$/i.test(key)) out[key] = '***';
		else if (/^cardNumber$/i.test(key) && typeof inner === 'string') out[key] = maskCardNumber(inner);
		else out[key] = maskRequestBody(inner) as IDataObject;
	}
	return out;
}

interface ItemProblem {
	itemIndex: number;
	message: string;
}

/** Checks every item first. Returns the prepared requests and the problems (bad fields, duplicate orderIds). */
export async function validateAll(
	context: IExecuteFunctions,
	operation: CreateOperation,
	count: number,
): Promise<{ prepared: Map<number, PreparedRequest>; problems: Map<number, Error> }> {
	const prepared = new Map<number, PreparedRequest>();
	const problems = new Map<number, Error>();
	const firstByOrderId = new Map<string, number>();
	for (let i = 0; i < count; i++) {
		try {
			const request = operation.buildRequest.call(context, i);
			const first = firstByOrderId.get(request.orderId);
			if (first !== undefined) {
				throw new InvalidInputError(
					'orderId',
					'Order ID',
					`"${request.orderId}" is used by item ${first + 1} too: each payment needs its own orderId`,
				);
			}
			firstByOrderId.set(request.orderId, i);
			prepared.set(i, request);
		} catch (error) {
			problems.set(i, error as Error);
		}
	}
	return { prepared, problems };
}

export function describeProblems(node: INode, problems: ItemProblem[], total: number): NodeOperationError {
	const listed = problems
		.slice(0, MAX_LISTED_PROBLEMS)
		.map((p) => `• ${p.message}`)
		.join('\n');
	const more =
		problems.length > MAX_LISTED_PROBLEMS ? `\n… and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
	return new NodeOperationError(
		node,
		`${problems.length} of ${total} items are invalid; nothing was sent to OMNO`,
		{
			description: `${listed}${more}\n\nFix these rows and run again, or set "On Error" to continue to send only the valid rows.`,
			itemIndex: problems[0]?.itemIndex,
		},
	);
}

export type Outcome = 'created' | 'alreadyExists' | 'failed' | 'unknown' | 'invalid' | 'dryRun';

/** Counts per outcome and per status, and decimal-exact totals per currency of what was created. */
export function summarise(
	results: Array<{ outcome: Outcome; status?: unknown; request?: PreparedRequest }>,
): IDataObject {
	const outcomes: Record<string, number> = {};
	const statuses: Record<string, number> = {};
	const totals: Record<string, string> = {};
	for (const { outcome, status, request } of results) {
		outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
		if (typeof status === 'string') statuses[status] = (statuses[status] ?? 0) + 1;
		const amount = request?.body.amount ?? request?.body.value;
		const currency = request?.body.currency;
		if (outcome === 'created' && amount !== undefined && typeof currency === 'string') {
			totals[currency] = addDecimal(totals[currency] ?? '0', String(amount));
		}
	}
	return { items: results.length, outcomes, statuses, totalsCreated: totals };
}

/** A 409 on a create: OMNO already has this orderId, so nothing new was created — a result, not a crash. */
export function isAlreadyExists(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '409';
}
