import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError, assertNonEmpty } from '../validation';
import { parseJsonObject } from '../validation/json';
import { assertHttpUrl, assertInteger } from '../validation/numbers';

/** Fields a create operation owns; "Additional Body Fields (JSON)" may not replace them. */
export const PROTECTED_BODY_KEYS = ['orderId', 'amount', 'value', 'currency'];

export const additionalBodyFieldsOption: INodeProperties = {
	displayName: 'Additional Body Fields (JSON)',
	name: 'additionalBodyFields',
	type: 'json',
	default: '{}',
	description:
		'Extra top-level fields for the request body, for options OMNO has not published. Merged in last; may not set a field the node sets itself (orderId, amount, value, currency, customer, kycVerified, …, in any letter case).',
};

export const previousTransactionCountOption: INodeProperties = {
	displayName: 'Previous Transaction Count',
	name: 'previousTransactionCount',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 0,
	description:
		"How many transactions this customer has made with you before (helps OMNO's routing and risk checks)",
};

export const returnUrlsOption: INodeProperties = {
	displayName: 'Return URLs',
	name: 'returnUrls',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Return URLs',
	description: "Where the payer's browser goes after the hosted flow",
	options: [
		{
			displayName: 'URLs',
			name: 'urls',
			values: [
				{
					displayName: 'Success URL',
					name: 'success',
					type: 'string',
					default: '',
					placeholder: 'https://shop.example.com/paid',
				},
				{
					displayName: 'Failure URL',
					name: 'failure',
					type: 'string',
					default: '',
					placeholder: 'https://shop.example.com/failed',
				},
			],
		},
	],
};

export const routerIdOption: INodeProperties = {
	displayName: 'Router ID',
	name: 'routerId',
	type: 'string',
	default: '',
	description: 'An OMNO router to use instead of the default routing',
};

export const webhookUrlOption: INodeProperties = {
	displayName: 'Webhook URL',
	name: 'webhookUrl',
	type: 'string',
	default: '',
	placeholder: 'https://…/webhook/…',
	description: 'Where OMNO should POST status updates for this transaction (sent to OMNO as the webhook URL)',
};

/** The "Additional Fields" collection, with the options an operation supports (sorted by display name). */
export function additionalFieldsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Pay-in create's collection. */
export const payInAdditionalFields = additionalFieldsCollection([
	additionalBodyFieldsOption,
	previousTransactionCountOption,
	returnUrlsOption,
	routerIdOption,
	webhookUrlOption,
]);

function field(key: string): string {
	return `additionalFields.${key}`;
}

/** OMNO's `returnUrls` from a Return URLs parameter value, both URLs checked; undefined when not set. */
export function readReturnUrls(value: unknown, fieldPath: string): IDataObject | undefined {
	const urls = (value as IDataObject | undefined)?.urls as IDataObject | undefined;
	if (!urls) return undefined;
	return {
		success: assertHttpUrl(urls.success, `${fieldPath}.success`, 'Success URL'),
		failure: assertHttpUrl(urls.failure, `${fieldPath}.failure`, 'Failure URL'),
	};
}

/**
 * Applies the "Additional Fields" of item i to `body`: the known options first, then the raw JSON extras,
 * which may not replace `protectedKeys`. Returns the same body.
 */
export function applyAdditionalFields(
	ctx: IExecuteFunctions,
	i: number,
	body: IDataObject,
	protectedKeys: string[] = PROTECTED_BODY_KEYS,
): IDataObject {
	const extra = (ctx.getNodeParameter('additionalFields', i, {}) ?? {}) as IDataObject;
	// What the operation validated itself (orderId, amount/value, currency, customer, kycVerified, …) is fixed
	// before any option is applied; the JSON extras may replace the known options, never these.
	const owned = new Set([...protectedKeys, ...Object.keys(body)].map((key) => key.toLowerCase()));

	if (extra.previousTransactionCount !== undefined && extra.previousTransactionCount !== '') {
		body.previousTransactionCount = assertInteger(
			extra.previousTransactionCount,
			field('previousTransactionCount'),
			'Previous Transaction Count',
			{ min: 0 },
		);
	}
	const returnUrls = readReturnUrls(extra.returnUrls, field('returnUrls'));
	if (returnUrls) body.returnUrls = returnUrls;
	if (extra.routerId !== undefined && extra.routerId !== '') {
		body.routerId = assertNonEmpty(extra.routerId, field('routerId'), 'Router ID');
	}
	if (extra.webhookUrl !== undefined && extra.webhookUrl !== '') {
		body.webhook = { url: assertHttpUrl(extra.webhookUrl, field('webhookUrl'), 'Webhook URL') };
	}

	const label = 'Additional Body Fields (JSON)';
	const raw = parseJsonObject(extra.additionalBodyFields, field('additionalBodyFields'), label);
	const prototypeKey = findPrototypeKey(raw);
	if (prototypeKey !== undefined) {
		throw new InvalidInputError(
			field('additionalBodyFields'),
			label,
			`must not contain the key "${prototypeKey}" (it would change the body's prototype, not add a field)`,
		);
	}
	for (const key of Object.keys(raw)) {
		if (owned.has(key.toLowerCase())) {
			throw new InvalidInputError(
				field('additionalBodyFields'),
				label,
				`must not set "${key}": use the node's own ${key} field`,
			);
		}
	}
	// Defined, not assigned: no key can reach a setter, whatever it is called.
	for (const [key, value] of Object.entries(raw)) {
		Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
	}
	return body;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first "__proto__", "constructor" or "prototype" key at any depth, or undefined. */
function findPrototypeKey(value: unknown, depth = 0): string | undefined {
	if (value === null || typeof value !== 'object' || depth > 50) return undefined;
	for (const [key, inner] of Object.entries(value)) {
		if (PROTOTYPE_KEYS.has(key)) return key;
		const nested = findPrototypeKey(inner, depth + 1);
		if (nested !== undefined) return nested;
	}
	return undefined;
}
