import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import { payInIdField, payoutIdField } from '../../descriptions/ids';
import type { TransactionType } from '../../domain/transactionKinds';
import { alreadyProcessed } from '../../helpers/processOnce';
import { assertId } from '../../validation';
import { bulkRunOptionsField, runOptionsField } from '../engine/options';
import type { CallOperation, CreateOperation, OperationOption } from '../operation';
import {
	additionalDataField,
	buildDirectLinkBody,
	processDirectLink,
	resumeDirectLink,
	startDirectLink,
} from './directLink';
import { createFields, prepareCreate, sendCreate } from './transactionCreate';

/**
 * Direct Link → Start Pay-In / Start Payout: create the transaction, then process it through a direct link, in
 * one operation. The pay-in and payout versions differ only in what they create, so each operation file is this
 * with its type and picker entry.
 */
export function directLinkStartOperation(
	type: TransactionType,
	option: OperationOption,
): CreateOperation & Required<Pick<CreateOperation, 'resume'>> {
	return {
		kind: 'create',
		creates: type,
		option,
		properties: [...createFields(type), ...browserFields, additionalDataField, runOptionsField],
		/** Validates both steps (create and process) and returns the create request, which is what moves money. */
		prepare(this: IExecuteFunctions, i: number) {
			return { ...prepareCreate(this, type, i), followUp: buildDirectLinkBody(this, i) };
		},
		async send(this: IExecuteFunctions, i, request) {
			return await startDirectLink(
				this,
				type,
				i,
				request,
				async () => await sendCreate(this, type, request, i),
			);
		},
		/** A re-run of a row OMNO already has: process it now if the last run never did. */
		async resume(this: IExecuteFunctions, i, request, existing) {
			return await resumeDirectLink(this, type, i, request, existing);
		},
	};
}

const ID_FIELD: Record<TransactionType, INodeProperties> = { payIn: payInIdField, payout: payoutIdField };

/**
 * Pay-In / Payout → Process Direct Link for a transaction created earlier. Never sent twice blindly: the
 * transaction is read first, and one already past processing is reported, not processed again. Both are named
 * "Process Direct Link" in their resource's picker; `picker` is the rest of the entry.
 */
export function processDirectLinkOperation(
	type: TransactionType,
	picker: Omit<OperationOption, 'name'>,
): CallOperation & { kind: 'call'; bulk: true; effect: 'processing' } {
	const idField = ID_FIELD[type];
	return {
		kind: 'call',
		bulk: true,
		effect: 'processing',
		option: { name: 'Process Direct Link', ...picker },
		properties: [idField, ...browserFields, additionalDataField, bulkRunOptionsField],
		async run(this: IExecuteFunctions, i: number) {
			const id = assertId(this.getNodeParameter(idField.name, i), idField.name, idField.displayName);
			const body = buildDirectLinkBody(this, i);
			return (
				(await alreadyProcessed(this, type, id, i)) ?? (await processDirectLink(this, type, id, body, i))
			);
		},
	};
}
