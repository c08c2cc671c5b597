import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { autoInput, autoMappingProblem } from '../../descriptions/mapping';
import { InvalidInputError, isBlank } from '../../validation';
import { redactText } from '../../validation/redact';
import { columnsOf, emptyColumnMessage, mappedColumn, rowMessage, sheetRow } from '../../validation/rows';
import type { CreateOperation, Operation, PreparedRequest } from '../operation';
import { rowRef, type RunState } from './run';

export interface Validated {
	prepared: Map<number, PreparedRequest>;
	problems: Map<number, Error>;
}

/**
 * The validate phase: every item prepared without sending; bad fields and duplicate orderIds are problems.
 * A row that is invalid for another reason still claims its orderId (read with `orderIdOf`), so fixing it
 * later cannot collide with a row that was sent under the same orderId.
 */
export function validateAll(
	context: IExecuteFunctions,
	operation: CreateOperation,
	count: number,
	orderIdOf: (i: number) => string,
): Validated {
	const prepared = new Map<number, PreparedRequest>();
	const problems = new Map<number, Error>();
	const firstByOrderId = new Map<string, number>();
	const claim = (orderId: string, i: number) => {
		const first = firstByOrderId.get(orderId);
		if (first !== undefined) {
			throw new InvalidInputError(
				'orderId',
				'Order ID',
				`is also used by row ${sheetRow(first)}: each payment needs its own orderId`,
			);
		}
		firstByOrderId.set(orderId, i);
	};
	for (let i = 0; i < count; i++) {
		try {
			const request = operation.prepare.call(context, i);
			claim(request.orderId, i);
			prepared.set(i, request);
		} catch (error) {
			problems.set(i, error as Error);
			try {
				if (!(error instanceof InvalidInputError && error.field === 'orderId')) claim(orderIdOf(i), i);
			} catch {
				// Its orderId is unreadable or a duplicate too; the first problem is the one reported.
			}
		}
	}
	return { prepared, problems };
}

/** A required field that is empty on every item, with what the message needs to name it. */
export interface EmptyOnAllRows {
	field: string;
	error: NodeOperationError;
}

/**
 * A required field (Order ID, Amount, Currency, an id) empty on every one of several items is a mapping that
 * reads a column the rows do not have: one error naming it and the rows' columns, before anything is sent,
 * whatever Validate All Items First says. Each field is read only until one item has a value (one read per
 * field for a normal sheet).
 */
export function findEmptyOnAllRows(
	context: IExecuteFunctions,
	operation: Operation,
	count: number,
): EmptyOnAllRows | undefined {
	const auto = operation.kind === 'create' ? autoInput(context) : undefined;
	if (auto) {
		const { creates } = operation as CreateOperation;
		const problem = autoMappingProblem(auto, creates);
		if (!problem) return undefined;
		const [first] = [...auto.match.missing, ...auto.match.conflicts.map((c) => c.field)];
		return {
			// OMNO's name for it, as the parameter that would be mapped by hand is named.
			field: first.name === 'amount' && creates === 'payout' ? 'value' : first.name,
			error: new NodeOperationError(context.getNode(), redactText(problem), {
				description:
					'Nothing was sent to OMNO. Rename the column in the sheet and upload it again, or switch "Mapping Column Mode" to "Map Each Field Manually" and map the fields yourself.',
			}),
		};
	}
	if (count < 2) return undefined;
	// The top-level fields (shown whatever else is chosen, or whenever fields are mapped by hand).
	const required = operation.properties.filter(
		(p) =>
			p.required &&
			(p.type === 'string' || p.type === 'number') &&
			Object.keys(p.displayOptions?.show ?? {}).every((key) => key === 'mappingMode') &&
			!p.displayOptions?.hide,
	);
	for (const property of required) {
		let everyEmpty = true;
		for (let i = 0; i < count && everyEmpty; i++) {
			try {
				everyEmpty = isBlank(context.getNodeParameter(property.name, i, ''));
			} catch {
				// An expression that fails to read is not an empty column; validation names it per row.
				everyEmpty = false;
			}
		}
		if (!everyEmpty) continue;
		const node = context.getNode();
		const message = emptyColumnMessage({
			label: property.displayName,
			field: property.name,
			rows: count,
			column: mappedColumn(node.parameters, property.name),
			columns: columnsOf(context.getInputData()),
		});
		return {
			field: property.name,
			error: new NodeOperationError(node, message, {
				description: `Nothing was sent to OMNO. Open the OMNO node and set "${property.displayName}" to the column that holds it (drag it from the input panel), then run again.`,
			}),
		};
	}
	return undefined;
}

/**
 * The run with a field empty on every row: without continue-on-fail the one error is thrown; with it, every row
 * is an error item (named, with `emptyOnAllRows` so a workflow can show the message once) and nothing is sent.
 * Returns the message when the run must send nothing.
 */
export function refuseEmptyOnAllRows(run: RunState, operation: Operation): string | undefined {
	const empty = findEmptyOnAllRows(run.ctx, operation, run.count);
	if (!empty) return undefined;
	if (!run.ctx.continueOnFail()) throw empty.error;
	for (let i = 0; i < run.count; i++) {
		const ref = rowRef(run, i);
		run.results[i] = [
			{
				json: {
					error: rowMessage(i, ref, empty.error.message),
					description: empty.error.description ?? null,
					...(ref?.key === 'orderId' ? { orderId: ref.value } : {}),
					outcome: 'invalid',
					emptyOnAllRows: empty.field,
				},
				pairedItem: { item: i },
			},
		];
		run.records[i] = { outcome: 'invalid' };
	}
	run.failures = [];
	run.stopped = false;
	return empty.error.message;
}
