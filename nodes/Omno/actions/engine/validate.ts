import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../../validation';
import type { CreateOperation, PreparedRequest } from '../operation';

export interface Validated {
	prepared: Map<number, PreparedRequest>;
	problems: Map<number, Error>;
}

/** The validate phase: every item prepared without sending; bad fields and duplicate orderIds are problems. */
export function validateAll(context: IExecuteFunctions, operation: CreateOperation, count: number): Validated {
	const prepared = new Map<number, PreparedRequest>();
	const problems = new Map<number, Error>();
	const firstByOrderId = new Map<string, number>();
	for (let i = 0; i < count; i++) {
		try {
			const request = operation.prepare.call(context, i);
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
