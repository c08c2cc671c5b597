import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { payoutIdField } from '../../descriptions/ids';
import { omnoApiRequest } from '../../transport';
import { assertId } from '../../validation';

/**
 * Confirm and reject are one call on a payout waiting for confirmation (PUT …/{action}, no body, OMNO answers
 * `{}`); only the verb, its meaning for the user and the output flag differ.
 */
export function payoutDecision(action: 'confirm' | 'reject', flag: 'confirmed' | 'rejected', idHelp: string) {
	const description = updateDisplayOptions({ show: { resource: ['payout'], operation: [action] } }, [
		{ ...payoutIdField, description: idHelp },
	]);

	async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
		const response = await omnoApiRequest.call(
			this,
			'PUT',
			`/public/payout/${encodeURIComponent(payoutId)}/${action}`,
			{ itemIndex: i },
		);
		return [{ json: { ...(response as IDataObject), payoutId, [flag]: true }, pairedItem: { item: i } }];
	}

	return { description, execute };
}
