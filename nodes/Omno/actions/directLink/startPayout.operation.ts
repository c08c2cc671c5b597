import { directLinkStartOperation } from '../kits/directLinkOperations';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Start Payout',
	description:
		'Moves money. Create a payout and send it through a direct link (APM or crypto) in one step. Idempotent by orderId. If the second step fails, the error names the created payout to resume with.',
	action: 'Create and send a payout via direct link',
};

export const { kind, creates, properties, prepare, send, resume } = directLinkStartOperation(
	'payout',
	option,
);
