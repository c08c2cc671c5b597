import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import {
	additionalDataField,
	buildDirectLinkBody,
	resumeDirectLink,
	startDirectLink,
} from '../../helpers/directLink';
import { payoutCreateFields, preparePayout, sendPayout } from '../../helpers/payoutCreate';
import { runOptionsField } from '../engine/options';
import type { OperationOption, PreparedRequest } from '../operation';

export const kind = 'create';
export const creates = 'payout';

export const option: OperationOption = {
	name: 'Start Payout',
	description:
		'Moves money. Create a payout and send it through a direct link (APM or crypto) in one step. Idempotent by orderId. If the second step fails, the error names the created payout to resume with.',
	action: 'Create and send a payout via direct link',
};

export const properties = [...payoutCreateFields, ...browserFields, additionalDataField, runOptionsField];

/** Validates both steps (create and process) and returns the create request, which is what moves money. */
export function prepare(this: IExecuteFunctions, i: number): PreparedRequest {
	return { ...preparePayout(this, i), followUp: buildDirectLinkBody(this, i) };
}

export async function send(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
): Promise<IDataObject> {
	return await startDirectLink(this, 'payout', i, request, async () => await sendPayout(this, request, i));
}

/** A re-run of a row OMNO already has: process it now if the last run never did. */
export async function resume(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
	existing: IDataObject,
): Promise<IDataObject | undefined> {
	return await resumeDirectLink(this, 'payout', i, request, existing);
}
