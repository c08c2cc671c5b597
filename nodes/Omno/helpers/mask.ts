import type { IDataObject } from 'n8n-workflow';

import { maskCardNumber } from '../validation/card';

/** A request or answer as it may be shown: card numbers masked, CVVs never shown. */
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
