import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CallOperation } from '../operation';
import { errorItem, outcomeOf, toItemError } from './itemErrors';
import { readLanes, readSummaryOption } from './options';
import { runReportItem, settleFailures } from './report';
import { newRun, recordSuccess, rowNameOf, type RunState } from './run';
import { safeSummary, summariseFetched } from './summary';
import { refuseEmptyOnAllRows } from './validate';
import { runWindow } from './window';

interface CallRun extends RunState {
	operation: CallOperation;
}

/** The words a run report uses for what an operation with an effect did. */
const VERBS: Record<string, string> = { 'payout.confirm': 'confirmed', 'payout.reject': 'rejected' };

/** Results that changed nothing now (the decision or processing had already happened). */
const UNCHANGED = ['alreadyDecided', 'alreadyProcessed'] as const;

async function callItem(run: CallRun, i: number): Promise<void> {
	const { ctx, node, operation } = run;
	try {
		const json = await operation.run.call(ctx, i);
		const unchanged = UNCHANGED.find((flag) => json[flag] === true);
		recordSuccess(run, i, json, { outcome: unchanged ?? 'done', status: json.status });
		if (operation.effect && !unchanged) run.changed.push(i);
	} catch (error) {
		const itemError = toItemError(run, error, i);
		const outcome = outcomeOf(error);
		run.records[i] = { outcome };
		if (ctx.continueOnFail()) {
			run.results[i] = [errorItem(node, itemError, i)];
			return;
		}
		run.failures.push({ itemIndex: i, error: itemError, extra: {} });
		// A decision is independent per payout: one refused does not hold back the others.
		if (operation.effect !== 'decision') run.stopped = true;
	}
}

/** Every other operation: send → stop report → output, items in input order, paired. */
export async function runCalls(
	ctx: IExecuteFunctions,
	operation: CallOperation,
	operationName: string,
	count: number,
): Promise<INodeExecutionData[]> {
	const run: CallRun = { ...newRun(ctx, operationName, count, operation), operation };
	const [first, ...rest] = Array.from({ length: count }, (_, i) => i);
	// The first call goes alone: it fetches the token once, before the window opens.
	if (first !== undefined) await callItem(run, first);
	// Refused before sending: perhaps because its field is empty on every row (a mapping to a missing column).
	if (run.records[0]?.outcome === 'invalid' && refuseEmptyOnAllRows(run, operation)) {
		return run.results.flat();
	}
	const lanes = operation.bulk ? readLanes(ctx) : 1;
	await runWindow(
		rest,
		lanes,
		async (i) => await callItem(run, i),
		() => run.stopped,
	);
	settleFailures(run, VERBS[operationName] ?? 'processed');
	const returnData = run.results.flatMap((r) => r ?? []);
	if (operation.summary && readSummaryOption(ctx)) {
		returnData.push({
			json: { summary: safeSummary(run.records, (i) => rowNameOf(run, i), summariseFetched) },
			pairedItem: Array.from({ length: count }, (_, item) => ({ item })),
		});
	}
	const report = runReportItem(run);
	if (report) returnData.push(report);
	return returnData;
}
