import type { IDataObject } from 'n8n-workflow';

const ID_KEYS = ['id', 'paymentId', 'payoutId', 'transactionId'] as const;
const NESTED = ['data', 'transaction'] as const;

function idIn(object: IDataObject): string | undefined {
	for (const key of ID_KEYS) {
		const value = object[key];
		if (
			(typeof value === 'string' && value.trim() !== '') ||
			(typeof value === 'number' && Number.isSafeInteger(value))
		) {
			return String(value);
		}
	}
	return undefined;
}

function asObject(value: unknown): IDataObject | undefined {
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/**
 * The existing transaction's id in OMNO's 409 answer for a reused orderId. The body is not published, so any of
 * `id`, `paymentId`, `payoutId`, `transactionId`, at the top level or under `data` / `transaction`.
 */
export function existingIdFrom409(body: unknown): string | undefined {
	const object = asObject(body);
	if (!object) return undefined;
	const top = idIn(object);
	if (top) return top;
	for (const key of NESTED) {
		const inner = asObject(object[key]);
		const found = inner && idIn(inner);
		if (found) return found;
	}
	return undefined;
}
