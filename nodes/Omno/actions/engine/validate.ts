import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../../validation';
import type { CreateOperation, PreparedRequest } from '../operation';

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
				`"${orderId}" is used by item ${first + 1} too: each payment needs its own orderId`,
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
