import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { payoutIdField } from '../descriptions/ids';
import type { CallOperation, OperationOption } from '../actions/operation';
import { omnoApiRequest } from '../transport';
import { assertId } from '../validation';

/**
 * Confirm and reject are one call on a payout waiting for confirmation (PUT …/{action}, no body, OMNO answers
 * `{}`); only the verb, its meaning for the user and the output flag differ.
 */
export function payoutDecision(
	action: 'confirm' | 'reject',
	flag: 'confirmed' | 'rejected',
	option: OperationOption,
	idHelp: string,
): CallOperation {
	return {
		kind: 'call',
		effect: 'decision',
		option,
		properties: [{ ...payoutIdField, description: idHelp }],
		async run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
			const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
			const response = await omnoApiRequest.call(
				this,
				'PUT',
				`/public/payout/${encodeURIComponent(payoutId)}/${action}`,
				{ itemIndex: i },
			);
			return { ...(response as IDataObject), payoutId, [flag]: true };
		},
	};
}
