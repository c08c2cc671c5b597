import { processDirectLinkOperation } from '../kits/directLinkOperations';

export const { kind, bulk, effect, option, properties, run } = processDirectLinkOperation('payIn', {
	description:
		'Moves money. Start charging a created pay-in through a direct link (APM or crypto) with provider-specific data; may return a redirect URL or wallet address for the payer.',
	action: 'Charge a pay in via direct link',
});
