import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { isFinalStatus } from '../../domain/statuses';
import type { TransactionType } from '../../domain/transactionKinds';
import { fetchTransaction } from '../../transport/transactions';
import { assertId, InvalidInputError } from '../../validation';
import { readRunOptionsField } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'call';
export const bulk = true;
export const summary = true;

export const option: OperationOption = {
	name: 'Get',
	description:
		'Read-only. Fetch a pay-in or payout by ID (type detected automatically), optionally waiting until its status is final.',
	action: 'Get a pay in or payout by ID',
};

/** Polling pace. Tests swap `now` and `sleep` for a fake clock; nothing else should change it. */
export const POLL_POLICY = {
	backoffFactor: 1.5,
	maxIntervalMs: 60_000,
	now: (): number => Date.now(),
	sleep: async (ms: number): Promise<void> => await sleep(ms),
};

const MAX_TIMEOUT_SECONDS = 3600;
const MAX_POLL_INTERVAL_SECONDS = 60;

export const properties: INodeProperties[] = [
	{
		displayName: 'Transaction ID',
		name: 'transactionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7f9c2a1e-…',
		description: 'The ID of a pay-in (paymentId) or a payout (payoutId), as OMNO returned it',
	},
	{
		displayName: 'Transaction Type',
		name: 'transactionType',
		type: 'options',
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description:
					'Look for a pay-in with this ID first, then for a payout (one extra request for payouts)',
			},
			{ name: 'Pay-In', value: 'payIn' },
			{ name: 'Payout', value: 'payout' },
		],
		default: 'auto',
		description: 'Whether the ID belongs to a pay-in or a payout',
	},
	{
		displayName: 'Wait for Final Status',
		name: 'waitForFinalStatus',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep checking until the transaction reaches a final status (e.g. SUCCESS, DECLINED, FAILED). If the timeout passes first, the node does not fail: it outputs the last state with "final": false.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
		default: 300,
		displayOptions: { show: { waitForFinalStatus: [true] } },
		description:
			'How long to wait for a final status. When it passes, the last state is output with "final": false (no error).',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_POLL_INTERVAL_SECONDS },
		default: 5,
		displayOptions: { show: { waitForFinalStatus: [true] } },
		description: 'Pause before the first re-check; each later pause is 1.5 times longer, up to 60 seconds',
	},
	readRunOptionsField,
];

function numberInRange(value: unknown, field: string, label: string, min: number, max: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) {
		throw new InvalidInputError(
			field,
			label,
			`must be a number from ${min} to ${max} (got "${String(value)}")`,
		);
	}
	return number;
}

interface Found {
	type: TransactionType;
	transaction: IDataObject;
}

async function fetchAs(
	this: IExecuteFunctions,
	type: TransactionType | 'auto',
	id: string,
	i: number,
): Promise<Found> {
	const { transaction, transactionType } = await fetchTransaction(this, id, type, i);
	return { type: transactionType, transaction };
}

function toOutput(found: Found): IDataObject {
	const json: IDataObject = { ...found.transaction };
	// OMNO's pay-in has its own `transactionType` (e.g. CARD): keep it under another name, not lose it.
	if (json.transactionType !== undefined) json.omnoTransactionType = json.transactionType;
	json.transactionType = found.type;
	return json;
}

export async function run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = assertId(this.getNodeParameter('transactionId', i), 'transactionId', 'Transaction ID');
	const chosen = this.getNodeParameter('transactionType', i, 'auto') as TransactionType | 'auto';
	const wait = this.getNodeParameter('waitForFinalStatus', i, false) as boolean;
	let timeoutMs = 0;
	let intervalMs = 0;
	if (wait) {
		const timeout = numberInRange(
			this.getNodeParameter('timeoutSeconds', i, 300),
			'timeoutSeconds',
			'Timeout (Seconds)',
			1,
			MAX_TIMEOUT_SECONDS,
		);
		const interval = numberInRange(
			this.getNodeParameter('pollIntervalSeconds', i, 5),
			'pollIntervalSeconds',
			'Poll Interval (Seconds)',
			1,
			MAX_POLL_INTERVAL_SECONDS,
		);
		timeoutMs = timeout * 1000;
		intervalMs = interval * 1000;
	}

	const started = POLL_POLICY.now();
	let found = await fetchAs.call(this, chosen === 'payIn' || chosen === 'payout' ? chosen : 'auto', id, i);
	if (!wait) return toOutput(found);

	const deadline = started + timeoutMs;
	const cancelSignal = this.getExecutionCancelSignal?.();
	while (!isFinalStatus(found.type, found.transaction.status) && !cancelSignal?.aborted) {
		const remaining = deadline - POLL_POLICY.now();
		if (remaining <= 0) break;
		await POLL_POLICY.sleep(Math.min(intervalMs, remaining));
		intervalMs = Math.min(intervalMs * POLL_POLICY.backoffFactor, POLL_POLICY.maxIntervalMs);
		// Once the type is known, only that endpoint is polled.
		found = await fetchAs.call(this, found.type, id, i);
	}
	const json = toOutput(found);
	json.final = isFinalStatus(found.type, found.transaction.status);
	json.waitedSeconds = Math.round((POLL_POLICY.now() - started) / 1000);
	return json;
}
