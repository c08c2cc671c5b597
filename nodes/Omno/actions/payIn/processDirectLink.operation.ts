import { processDirectLinkOperation } from '../../helpers/directLinkOperations';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Process Direct Link',
	description:
		'Moves money. Start charging a created pay-in through a direct link (APM or crypto) with provider-specific data; may return a redirect URL or wallet address for the payer.',
	action: 'Charge a pay in via direct link',
};

export const { kind, bulk, effect, properties, run } = processDirectLinkOperation('payIn', option);
