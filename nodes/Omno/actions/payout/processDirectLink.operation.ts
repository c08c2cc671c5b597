import { processDirectLinkOperation } from '../kits/directLinkOperations';

export const { kind, bulk, effect, option, properties, run } = processDirectLinkOperation('payout', {
	description:
		'Moves money. Send a created payout through a direct link (APMs, crypto) with provider-specific data; may return a redirect URL.',
	action: 'Send a payout via direct link',
});
