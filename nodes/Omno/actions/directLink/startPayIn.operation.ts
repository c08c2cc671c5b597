import { directLinkStartOperation } from '../kits/directLinkOperations';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Start Pay-In',
	description:
		'Moves money. Create a pay-in and start charging the payer through a direct link (APM or crypto) in one step; returns the redirect URL or provider data (e.g. wallet address) for the payer. Idempotent by orderId. If the second step fails, the error names the created pay-in to resume with.',
	action: 'Create and start a pay in via direct link',
};

export const { kind, creates, properties, prepare, send, resume } = directLinkStartOperation('payIn', option);
