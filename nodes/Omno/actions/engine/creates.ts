import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { autoInput, columnHint, columnReport } from '../../descriptions/mapping';
import { readOrderId } from '../../descriptions/orderId';
import { TRANSACTION_KINDS } from '../../domain/transactionKinds';
import type { CreateOperation, PreparedRequest } from '../operation';
import { dryRunJson } from './dryRun';
import {
	MAX_LISTED_PROBLEMS,
	describeProblems,
	errorItem,
	isAlreadyExists,
	outcomeOf,
	problemLines,
	toItemError,
} from './itemErrors';
import { type RunOptions, readRunOptions } from './options';
import { runReportItem, settleFailures } from './report';
import { resolveExisting } from './resolveExisting';
import { newRun, recordSuccess, requestedOf, rowNameOf, rowRef, type RunState } from './run';
import { safeSummary } from './summary';
import { refuseEmptyOnAllRows, validateAll } from './validate';
import { runWindow } from './window';

/** One run of a create operation over every input item. */
interface CreateRun extends RunState {
	operation: CreateOperation;
	options: RunOptions;
	prepared: Map<number, PreparedRequest>;
	/** Items whose preparation failed (bad field, duplicate orderId): they fail at their turn. */
	problems: Map<number, Error>;
	toSend: number[];
	/** Why no row could be read (a column the sheet lacks): one message for the whole run. */
	refusal?: string;
}

/**
 * Validate phase: every item is prepared before anything is sent, so duplicate orderIds are refused in every
 * mode. With Validate All Items First (or a dry run) any bad row stops the run before the first request.
 */
function validate(run: CreateRun): void {
	const { ctx, node, operation, count, options } = run;
	const checked = validateAll(ctx, operation, count, (i) => readOrderId(ctx, i));
	// A field empty on every row makes every row invalid; only then is it worth looking for one. Automatically
	// matched columns are checked in any case: two columns for an optional field fail no row.
	const auto = autoInput(ctx);
	const refused = (checked.problems.size === count || auto) && refuseEmptyOnAllRows(run, operation);
	if (refused) {
		run.toSend = [];
		run.refusal = refused;
		return;
	}
	if (auto)
		ctx.addExecutionHints?.({
			message: columnHint(auto, operation.creates),
			type: 'info',
			location: 'outputPane',
		});
	run.prepared = checked.prepared;
	run.problems = checked.problems;
	for (const [i, request] of checked.prepared) run.records[i] = { outcome: 'notSent', request };
	if (!checked.problems.size || !(options.dryRun || (options.validateFirst && count > 1))) return;
	const itemErrors = [...checked.problems].map(([i, e]) => [i, toItemError(run, e, i)] as const);
	if (!ctx.continueOnFail()) {
		throw describeProblems(
			node,
			itemErrors.map(([itemIndex, e]) => ({ itemIndex, row: rowNameOf(run, itemIndex), message: e.message })),
			count,
		);
	}
	for (const [i, e] of itemErrors) {
		run.results[i] = [errorItem(node, e, i, { orderId: orderIdOf(run, i), outcome: 'invalid' })];
		run.records[i] = { outcome: 'invalid' };
	}
	run.toSend = run.toSend.filter((i) => !checked.problems.has(i));
}

/** The row's orderId as typed, for error items of rows whose own orderId may be the problem. */
function orderIdOf(run: CreateRun, i: number): string | null {
	const ref = rowRef(run, i);
	return ref?.key === 'orderId' ? ref.value : null;
}

/** Dry-run phase: the request each valid item would send, nothing sent. */
function dryRun(run: CreateRun): void {
	for (const i of run.toSend) {
		const request = run.prepared.get(i) as PreparedRequest;
		recordSuccess(run, i, dryRunJson(request), { outcome: 'dryRun', request });
	}
}

/** A failed item: an error item now (continue-on-fail), or a failure that stops new items from starting. */
function fail(run: CreateRun, i: number, error: unknown, request: PreparedRequest | undefined): void {
	const itemError = toItemError(run, error, i);
	const outcome = outcomeOf(error);
	const extra = { orderId: request?.orderId ?? orderIdOf(run, i), outcome, ...requestedOf(request) };
	// A two-step create whose second step failed: the money object exists, so it counts as created.
	const createdId = itemError.context.createdId;
	run.records[i] = createdId
		? {
				outcome: 'created',
				request,
				createdNotProcessed: true,
				json: {
					orderId: request?.orderId,
					[TRANSACTION_KINDS[run.operation.creates].idKey]: createdId,
				},
			}
		: { outcome, request };
	if (createdId) run.changed.push(i);
	if (run.ctx.continueOnFail()) {
		run.results[i] = [errorItem(run.node, itemError, i, extra)];
		return;
	}
	run.failures.push({ itemIndex: i, error: itemError, extra });
	run.stopped = true;
}

/** One item, sent once: created, or already in OMNO (409, resolved), or failed. */
async function sendItem(run: CreateRun, i: number): Promise<void> {
	const { ctx, operation } = run;
	const request = run.prepared.get(i);
	const problem = run.problems.get(i);
	if (problem || !request) return fail(run, i, problem, request);
	try {
		const json = { ...(await operation.send.call(ctx, i, request)), ...requestedOf(request) };
		recordSuccess(run, i, json, { outcome: 'created', status: json.status, request });
		run.changed.push(i);
	} catch (error) {
		if (!isAlreadyExists(error)) return fail(run, i, error, request);
		try {
			const resolved = await resolveExisting(run, operation, i, request, error);
			recordSuccess(
				run,
				i,
				{ ...resolved.json, ...requestedOf(request) },
				{
					outcome: resolved.outcome,
					status: resolved.json.status,
					request,
				},
			);
			if (resolved.resumed) run.changed.push(i);
		} catch (resumeError) {
			fail(run, i, resumeError, request);
		}
	}
}

/** Send phase: the first request alone (it fetches the token once), then a bounded sliding window. */
async function send(run: CreateRun): Promise<void> {
	const [first, ...rest] = run.toSend;
	if (first !== undefined) await sendItem(run, first);
	await runWindow(
		rest,
		run.options.concurrency,
		async (i) => await sendItem(run, i),
		() => run.stopped,
	);
}

/** The bad rows, grouped (one line per problem, with its rows), short enough to show on a page. */
function problemList(run: CreateRun): string[] {
	const lines = problemLines(
		[...run.problems].map(([i, e]) => ({
			itemIndex: i,
			row: rowNameOf(run, i),
			message: toItemError(run, e, i).message,
		})),
	);
	const shown = lines.slice(0, MAX_LISTED_PROBLEMS).map((p) => p.line);
	const rest = lines.length - shown.length;
	return rest ? [...shown, `… and ${rest} more problem(s): every bad row is its own error item`] : shown;
}

/** Output phase: every item in input order, then the summary and the run report when there is one. */
function output(run: CreateRun): INodeExecutionData[] {
	const returnData = run.results.flatMap((r) => r ?? []);
	const allItems = Array.from({ length: run.count }, (_, item) => ({ item }));
	if (run.options.summary) {
		const summary = safeSummary(run.records, (i) => rowNameOf(run, i));
		const auto = autoInput(run.ctx);
		if (auto) summary.columns = columnReport(auto, run.operation.creates);
		if (run.refusal) summary.problems = [run.refusal];
		else if (run.problems.size) summary.problems = problemList(run);
		returnData.push({
			json: { summary },
			pairedItem: allItems,
		});
	}
	const report = runReportItem(run);
	if (report) returnData.push(report);
	return returnData;
}

/** Creates (money moves here): validate → dry run → send → stop report → output. */
export async function runCreates(
	ctx: IExecuteFunctions,
	operation: CreateOperation,
	operationName: string,
	count: number,
): Promise<INodeExecutionData[]> {
	const run: CreateRun = {
		...newRun(ctx, operationName, count, operation),
		operation,
		options: readRunOptions(ctx),
		prepared: new Map(),
		problems: new Map(),
		toSend: Array.from({ length: count }, (_, i) => i),
	};
	validate(run);
	if (run.options.dryRun) {
		dryRun(run);
	} else {
		await send(run);
		settleFailures(run, 'created');
	}
	return output(run);
}
