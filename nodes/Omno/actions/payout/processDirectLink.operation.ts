import { processDirectLinkOperation } from '../../helpers/directLinkOperations';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Process Direct Link',
	description:
		'Moves money. Send a created payout through a direct link (APMs, crypto) with provider-specific data; may return a redirect URL.',
	action: 'Send a payout via direct link',
};

export const { kind, bulk, effect, properties, run } = processDirectLinkOperation('payout', option);
