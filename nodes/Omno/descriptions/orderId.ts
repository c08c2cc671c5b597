import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError, assertNonEmpty, hasControlCharacter } from '../validation';
import { maskCardNumbersInText } from '../validation/redact';
import { autoInput, autoValue } from './mapping';

export const ORDER_ID_MAX_LENGTH = 128;

export const orderIdField: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.rowId }}',
	description:
		"Your unique ID for this payment — OMNO's idempotency key. Use one value per payment that stays the same when the workflow is re-run (e.g. map your sheet's row ID or your invoice number); never a random or time-based value, or a re-run pays twice. Max 128 characters.",
};

/**
 * The orderId as OMNO will store it. A number is taken only when it is an exact integer: NaN, Infinity, fractions
 * and integers beyond 2^53 (64-bit ids exported from a sheet or database) have already lost digits, so two payees
 * could share one orderId and the second would be reported as "alreadyExists" without being paid.
 */
export function assertOrderId(value: unknown, field = 'orderId', label = 'Order ID'): string {
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw new InvalidInputError(
			field,
			label,
			Number.isInteger(value)
				? `is the number ${String(value)}, beyond 2^53: it has lost digits on the way. Pass the orderId as text (e.g. {{ String($json.id) }} in the sheet or database export)`
				: `is the number ${String(value)}, not a whole number: an orderId must be text or an exact whole number`,
		);
	}
	// Spreadsheets keep 15 significant digits: a longer whole number from a numeric cell has lost its last ones.
	if (typeof value === 'number' && Math.abs(value) >= 1e15) {
		throw new InvalidInputError(
			field,
			label,
			`is the number ${String(value)}, 16 digits or more: a spreadsheet keeps only 15, so it may have lost digits on the way. Format the orderId column as text in the sheet (or pass it as text)`,
		);
	}
	if (typeof value === 'bigint') value = value.toString();
	if (typeof value === 'string' && /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i.test(value.trim())) {
		throw new InvalidInputError(
			field,
			label,
			`is "${value.trim()}", a number a spreadsheet wrote in exponent form: its digits are lost. Format the orderId column as text in the sheet and export it again`,
		);
	}
	if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number') {
		const kind = Array.isArray(value)
			? 'a list'
			: typeof value === 'object'
				? 'an object'
				: `a ${typeof value}`;
		throw new InvalidInputError(field, label, `must be text or a whole number, got ${kind}`);
	}
	const orderId = assertNonEmpty(value, field, label);
	if (orderId.length > ORDER_ID_MAX_LENGTH) {
		throw new InvalidInputError(
			field,
			label,
			`is ${orderId.length} characters long; at most ${ORDER_ID_MAX_LENGTH} are allowed`,
		);
	}
	if (hasControlCharacter(orderId)) {
		throw new InvalidInputError(
			field,
			label,
			`contains a control character (newline, tab, NUL, …): ${JSON.stringify(orderId.slice(0, 60))}. Remove it: OMNO would store a different orderId than the one you see`,
		);
	}
	// Card numbers are masked in everything the node outputs, and a run of 12–19 digits that passes the card
	// checksum cannot be told from one. Such an orderId would reach the next step masked: a journal row or a
	// confirm could no longer name the payout it belongs to, so the payment is refused before it is created.
	const shown = maskCardNumbersInText(orderId);
	if (shown !== orderId) {
		throw new InvalidInputError(
			field,
			label,
			`reads as a card number (12–19 digits in a row that pass the card checksum; shown masked: "${shown}"). Everything the node outputs masks card numbers, so the next steps would see a different orderId and could not match this payment again. Nothing was sent: give this payment an orderId without such a number`,
		);
	}
	return orderId;
}

/** Row i's orderId as given: its column's value (automatic mapping) or the parameter's. */
export function orderIdValue(ctx: IExecuteFunctions, i: number): unknown {
	const auto = autoInput(ctx);
	return auto ? autoValue(auto, 'orderId', i) : ctx.getNodeParameter('orderId', i, '');
}

export function readOrderId(ctx: IExecuteFunctions, i: number): string {
	return assertOrderId(orderIdValue(ctx, i));
}
