import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import type { CreateOperation, PreparedRequest } from '../operation';
import { dryRunJson } from './dryRun';
import { describeProblems, errorItem, isAlreadyExists, type ItemError, outcomeOf, toItemError } from './itemErrors';
import { type RunOptions, readRunOptions } from './options';
import { type ItemRecord, summarise } from './summary';
import { validateAll } from './validate';
import { runWindow } from './window';

/** One run of a create operation over every input item: what each phase reads and writes. */
interface CreateRun {
	ctx: IExecuteFunctions;
	node: INode;
	operation: CreateOperation;
	count: number;
	options: RunOptions;
	/** Per input item, in input order: its output and what happened to it. */
	results: INodeExecutionData[][];
	records: ItemRecord[];
	prepared: Map<number, PreparedRequest>;
	toSend: number[];
	/** orderIds created by this run, in the order OMNO answered. */
	created: string[];
	/** The first hard failure without "continue on fail": no new item starts after it. */
	stop?: ItemError;
}

/** Validate phase: with Validate All Items First (or a dry run), every item is checked before anything is sent. */
function validate(run: CreateRun): void {
	const { ctx, node, operation, count, options } = run;
	if (!options.dryRun && !(options.validateFirst && count > 1)) return;
	const checked = validateAll(ctx, operation, count);
	run.prepared = checked.prepared;
	if (!checked.problems.size) return;
	const itemErrors = [...checked.problems].map(([i, e]) => [i, toItemError(node, e, i)] as const);
	if (!ctx.continueOnFail()) {
		throw describeProblems(
			node,
			itemErrors.map(([itemIndex, e]) => ({ itemIndex, message: e.message })),
			count,
		);
	}
	for (const [i, e] of itemErrors) {
		run.results[i] = [errorItem(e, i, { outcome: 'invalid' })];
		run.records[i] = { outcome: 'invalid' };
	}
	run.toSend = run.toSend.filter((i) => !checked.problems.has(i));
}

/** Dry-run phase: the request each valid item would send, nothing sent. */
function dryRun(run: CreateRun): void {
	for (const i of run.toSend) {
		const request = run.prepared.get(i) as PreparedRequest;
		run.results[i] = [{ json: dryRunJson(request), pairedItem: { item: i } }];
		run.records[i] = { outcome: 'dryRun', request };
	}
}

/** One item: send it once; a 409 is "already exists"; a failure is an error item or the run's stop. */
async function sendItem(run: CreateRun, i: number): Promise<void> {
	const { ctx, node, operation } = run;
	let request = run.prepared.get(i);
	try {
		request ??= operation.prepare.call(ctx, i);
		const json = await operation.send.call(ctx, i, request);
		run.results[i] = [{ json, pairedItem: { item: i } }];
		run.records[i] = { outcome: 'created', status: json.status, request };
		run.created.push(request.orderId);
	} catch (error) {
		const orderId = request?.orderId;
		if (isAlreadyExists(error)) {
			const omno = error.context.omno as IDataObject | undefined;
			run.results[i] = [
				{
					json: { orderId, alreadyExists: true, httpCode: 409, omnoMessage: omno?.omnoMessage ?? null },
					pairedItem: { item: i },
				},
			];
			run.records[i] = { outcome: 'alreadyExists', request };
			return;
		}
		const itemError = toItemError(node, error, i);
		const outcome = outcomeOf(error);
		run.records[i] = { outcome, request };
		if (ctx.continueOnFail()) {
			run.results[i] = [errorItem(itemError, i, { orderId: orderId ?? null, outcome })];
			return;
		}
		run.stop ??= itemError;
	}
}

/** Send phase: the first request alone (it fetches the token once), then a bounded sliding window. */
async function send(run: CreateRun): Promise<void> {
	const [first, ...rest] = run.toSend;
	if (first !== undefined) await sendItem(run, first);
	await runWindow(rest, run.options.concurrency, async (i) => await sendItem(run, i), () => run.stop !== undefined);
}

/** Stop-report phase: a stopped run fails with what was already created and why running again is safe. */
function reportStop(run: CreateRun): void {
	const { stop, created } = run;
	if (!stop) return;
	const listed = created.slice(0, 50).join(', ');
	stop.description = `${stop.description ?? ''}\n\nThe run stopped here. ${created.length} item(s) were created before the stop${created.length ? ` (orderIds: ${listed}${created.length > 50 ? ', …' : ''})` : ''}. Running the same input again is safe: orders OMNO already has are reported as "alreadyExists", never paid twice.`.trim();
	throw stop;
}

/** Output phase: every item in input order, then the summary when asked for. */
function output(run: CreateRun): INodeExecutionData[] {
	const returnData = run.results.flatMap((r) => r ?? []);
	if (run.options.summary) {
		returnData.push({
			json: { summary: summarise(run.records.filter(Boolean)) },
			pairedItem: Array.from({ length: run.count }, (_, item) => ({ item })),
		});
	}
	return returnData;
}

/** Creates (money moves here): validate → dry run → send → stop report → output. */
export async function runCreates(
	ctx: IExecuteFunctions,
	operation: CreateOperation,
	count: number,
): Promise<INodeExecutionData[]> {
	const run: CreateRun = {
		ctx,
		node: ctx.getNode(),
		operation,
		count,
		options: readRunOptions(ctx),
		results: new Array(count),
		records: new Array(count),
		prepared: new Map(),
		toSend: Array.from({ length: count }, (_, i) => i),
		created: [],
	};
	validate(run);
	if (run.options.dryRun) {
		dryRun(run);
	} else {
		await send(run);
		reportStop(run);
	}
	return output(run);
}
