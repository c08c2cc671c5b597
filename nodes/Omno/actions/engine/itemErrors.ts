import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { autoColumn, autoInput } from '../../descriptions/mapping';
import { InvalidInputError } from '../../validation';
import { redactText } from '../../validation/redact';
import {
	ROW_NUMBERING,
	countText,
	fieldName,
	mappedColumn,
	namesRow,
	rowMessage,
	rowName,
	rowRanges,
} from '../../validation/rows';
import { type ItemError, rowRef, type RunState } from './run';

export const MAX_LISTED_PROBLEMS = 50;

/**
 * Every per-row error, named the one way (validation/rows.ts): input errors get "Row 137 (orderId PO-0137):
 * Amount (value, column "amount") …", OMNO's and any other error get the same row name in front of their own text.
 */
export function toItemError(run: RunState, error: unknown, itemIndex: number): ItemError {
	const { node } = run;
	const ref = rowRef(run, itemIndex);
	if (error instanceof InvalidInputError) {
		const auto = autoInput(run.ctx);
		const column = auto ? autoColumn(auto, error.field) : mappedColumn(node.parameters, error.field);
		const field = fieldName(error.label, error.field, column);
		const how = auto ? 'read from' : 'mapped from';
		const where = column !== undefined ? `, ${how} the column ${JSON.stringify(column)}` : '';
		return new NodeOperationError(node, rowMessage(itemIndex, ref, redactText(`${field} ${error.problem}`)), {
			itemIndex,
			description: `Fix "${error.label}" (parameter "${error.field}"${where}) in ${rowName(itemIndex, ref)}. Nothing was sent to OMNO for this row.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		if (!namesRow(error.message)) error.message = rowMessage(itemIndex, ref, error.message);
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, rowMessage(itemIndex, ref, redactText(message)), { itemIndex });
}

/** `failed`, `unknown` (a change may have happened) or `invalid` (nothing was sent). */
export function outcomeOf(error: unknown): 'failed' | 'unknown' | 'invalid' {
	if (error instanceof InvalidInputError) return 'invalid';
	const omno = (error as ItemError | undefined)?.context?.omno as IDataObject | undefined;
	return omno?.outcome === 'unknown' ? 'unknown' : 'failed';
}

/** The `json` of an error item under "Continue (using error output)" / "On Error: Continue". */
export function errorItemJson(error: ItemError): IDataObject {
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
	// What the failing call was about, when the operation knows it (e.g. a payout decided the other way).
	for (const key of ['payoutId', 'paymentId', 'status'] as const) {
		if (error.context[key] !== undefined) json[key] = error.context[key] as string;
	}
	// A decision refused because OMNO holds other values than expected: which ones.
	if (Array.isArray(error.context.differs)) json.differs = error.context.differs as string[];
	return json;
}

/**
 * An error item, paired with its input item. (n8n's error output routes only items that carry n8n's own
 * `error` field or a json holding nothing but `error`; setting that field lost the json in real n8n runs, see
 * the closing note, so error items stay on the main output.)
 */
export function errorItem(
	_node: INode,
	error: ItemError,
	i: number,
	extra: IDataObject = {},
): INodeExecutionData {
	return { json: { ...errorItemJson(error), ...extra }, pairedItem: { item: i } };
}

/** A bad row: its name ("Row 5 (orderId P-5)") and the message, which starts with that name. */
export interface RowProblem {
	itemIndex: number;
	row: string;
	message: string;
}

/**
 * The lines that list bad rows: the same problem on several rows is one line with the count and the rows
 * ("Date of Birth (customer.dateOfBirth) is empty on 800 rows: 2–801"); a problem of one row names it fully.
 */
export function problemLines(problems: RowProblem[]): Array<{ line: string; rows: number }> {
	const groups = new Map<string, RowProblem[]>();
	for (const p of problems) {
		const text = p.message.startsWith(`${p.row}: `) ? p.message.slice(p.row.length + 2) : p.message;
		groups.set(text, [...(groups.get(text) ?? []), p]);
	}
	return [...groups].map(([text, rows]) =>
		rows.length === 1
			? { line: rows[0].message, rows: 1 }
			: {
					line: `${text} — on ${countText(rows.length)} rows: ${rowRanges(rows.map((r) => r.itemIndex))}`,
					rows: rows.length,
				},
	);
}

/**
 * One error for a run whose validation found bad rows: every problem named, nothing sent. It carries no
 * itemIndex: n8n would add "[item N]", counted from 0, to a message that names rows as the sheet does.
 */
export function describeProblems(node: INode, problems: RowProblem[], total: number): NodeOperationError {
	const lines = problemLines(problems);
	const listed = lines
		.slice(0, MAX_LISTED_PROBLEMS)
		.map((p) => `• ${p.line}`)
		.join('\n');
	const rest = lines.slice(MAX_LISTED_PROBLEMS);
	const more = rest.length
		? `\n… and ${countText(rest.length)} more problem(s) on ${countText(rest.reduce((n, p) => n + p.rows, 0))} row(s), not listed here: set "On Error" to continue to get every bad row as its own error item.`
		: '';
	return new NodeOperationError(
		node,
		`${countText(problems.length)} of ${countText(total)} rows are invalid; nothing was sent to OMNO`,
		{
			description: `${listed}${more}\n\n${ROW_NUMBERING} Fix these rows and run again, or set "On Error" to continue to send only the valid rows.`,
		},
	);
}

/** A 409 on a create: OMNO already has this orderId, so nothing new was created — a result, not a crash. */
export function isAlreadyExists(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '409';
}
