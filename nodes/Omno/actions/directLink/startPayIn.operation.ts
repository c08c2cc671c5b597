import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { browserFields } from '../../descriptions/browser';
import {
	additionalDataField,
	buildDirectLinkBody,
	resumeDirectLink,
	startDirectLink,
} from '../../helpers/directLink';
import { payInCreateFields, preparePayIn, sendPayIn } from '../../helpers/payInCreate';
import { runOptionsField } from '../engine/options';
import type { OperationOption, PreparedRequest } from '../operation';

export const kind = 'create';
export const creates = 'payIn';

export const option: OperationOption = {
	name: 'Start Pay-In',
	description:
		'Moves money. Create a pay-in and start charging the payer through a direct link (APM or crypto) in one step; returns the redirect URL or provider data (e.g. wallet address) for the payer. Idempotent by orderId. If the second step fails, the error names the created pay-in to resume with.',
	action: 'Create and start a pay in via direct link',
};

export const properties = [...payInCreateFields, ...browserFields, additionalDataField, runOptionsField];

/** Validates both steps (create and process) and returns the create request, which is what moves money. */
export function prepare(this: IExecuteFunctions, i: number): PreparedRequest {
	return { ...preparePayIn(this, i), followUp: buildDirectLinkBody(this, i) };
}

export async function send(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
): Promise<IDataObject> {
	return await startDirectLink(this, 'payIn', i, request, async () => await sendPayIn(this, request, i));
}

/** A re-run of a row OMNO already has: process it now if the last run never did. */
export async function resume(
	this: IExecuteFunctions,
	i: number,
	request: PreparedRequest,
	existing: IDataObject,
): Promise<IDataObject | undefined> {
	return await resumeDirectLink(this, 'payIn', i, request, existing);
}
