import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorItem } from './itemErrors';
import { ROW_NUMBERING, sheetRow } from '../../validation/rows';
import { requestedOf, rowNameOf, type RunState } from './run';

const ID_KEYS = ['orderId', 'payoutId', 'paymentId', 'sessionId', 'status'] as const;

function idsOf(json: IDataObject | undefined): IDataObject {
	const ids: IDataObject = {};
	for (const key of ID_KEYS) if (json?.[key] !== undefined && json[key] !== null) ids[key] = json[key];
	return ids;
}

/** Every item that changed OMNO in this run, in input order, with the ids the next step needs. */
export function changedList(run: RunState): IDataObject[] {
	return [...run.changed]
		.sort((a, b) => a - b)
		.map((i) => ({ row: sheetRow(i), ...idsOf(run.records[i]?.json) }));
}

function notSentIndices(run: RunState): number[] {
	const failed = new Set(run.failures.map((f) => f.itemIndex));
	return Array.from({ length: run.count }, (_, i) => i).filter(
		(i) => run.results[i] === undefined && !failed.has(i),
	);
}

/** What a run that failed somewhere did: the words for the error description, the hint and the run report. */
export function stopText(run: RunState, verb: string): string {
	const first = run.failures[0];
	const notSent = notSentIndices(run).length;
	const changed = changedList(run);
	const parts = [
		// Item errors already start with their row's name ("Row 4 (orderId P-4): …").
		run.stopped
			? `The run stopped at ${first.error.message}.`
			: `${run.failures.length} of ${run.count} row(s) failed (first: ${first.error.message}).`,
		`${changed.length} row(s) were ${verb} before the stop${changed.length ? ' and are listed in the run report\'s "done" (all of them)' : ''}.`,
	];
	if (notSent) parts.push(`${notSent} row(s) were not sent.`);
	parts.push(
		verb === 'created'
			? 'Running the same input again is safe: orders OMNO already has come back as "alreadyExists" with their id, never paid twice.'
			: 'Running the same input again is safe: what was already done is recognised, not done twice.',
		ROW_NUMBERING,
	);
	return parts.join(' ');
}

/**
 * The end of a run with failures. With continue-on-fail they are already error items. Without it, a run that
 * changed nothing fails as n8n expects; a run that changed something does not throw (n8n would drop every
 * output, and with it the ids of what was created): failed items become error items, unsent ones say so, and
 * a last "runReport" item lists everything that was done.
 */
export function settleFailures(run: RunState, verb: string): void {
	if (!run.failures.length || run.ctx.continueOnFail()) return;
	// Items run side by side, so failures arrive in any order; the report names them in input order.
	run.failures.sort((a, b) => a.itemIndex - b.itemIndex);
	const text = stopText(run, verb);
	if (!run.changed.length) {
		const first = run.failures[0].error;
		if (run.count > 1) {
			first.description = `${first.description ?? ''}\n\n${text}`.trim();
			// The message names the row counted from 1; n8n would add "[item N]" counted from 0.
			delete first.context.itemIndex;
		}
		throw first;
	}
	for (const { itemIndex, error, extra } of run.failures) {
		run.results[itemIndex] ??= [errorItem(run.node, error, itemIndex, extra)];
	}
	for (const i of notSentIndices(run)) {
		const orderId = run.records[i]?.request?.orderId;
		run.results[i] = [
			{
				json: {
					...(orderId !== undefined ? { orderId } : {}),
					notSent: true,
					outcome: 'notSent',
					message: `${rowNameOf(run, i)}: not sent, because the run stopped at ${rowNameOf(run, run.failures[0].itemIndex)}. Run the same input again to send it.`,
					...requestedOf(run.records[i]?.request),
				},
				pairedItem: { item: i },
			},
		];
		run.records[i] = { ...run.records[i], outcome: 'notSent' };
	}
	run.report = text;
	run.ctx.addExecutionHints?.({ message: text, type: 'warning', location: 'outputPane' });
}

/** The run report item, when the run had failures it did not throw for. */
export function runReportItem(run: RunState): INodeExecutionData | undefined {
	if (run.report === undefined) return undefined;
	const first = run.failures[0];
	const outcomes: Record<string, number> = {};
	for (const record of run.records)
		if (record) outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
	return {
		json: {
			runReport: {
				operation: run.operationName,
				stopped: run.stopped,
				message: run.report,
				firstFailure: {
					row: sheetRow(first.itemIndex),
					...(first.extra.orderId ? { orderId: first.extra.orderId } : {}),
					error: first.error.message,
				},
				outcomes,
				done: changedList(run),
			},
		},
		pairedItem: Array.from({ length: run.count }, (_, item) => ({ item })),
	};
}
