import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from './index';

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * An object, or a JSON string holding one (n8n's JSON parameters arrive as either). Empty text gives {}.
 * The error never echoes the value: it may hold customer or card data.
 */
export function parseJsonObject(value: unknown, field: string, label: string): IDataObject {
	if (value === undefined || value === null) return {};
	if (isPlainObject(value)) return value;
	if (typeof value !== 'string') {
		throw new InvalidInputError(
			field,
			label,
			`must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
		);
	}
	if (!value.trim()) return {};
	let parsed: unknown;
	let syntaxError = '';
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		syntaxError = (error as Error).message;
	}
	if (syntaxError) throw new InvalidInputError(field, label, `is not valid JSON (${syntaxError})`);
	if (!isPlainObject(parsed)) {
		throw new InvalidInputError(
			field,
			label,
			`must be a JSON object ({ … }), got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
		);
	}
	return parsed;
}
