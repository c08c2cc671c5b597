import { BROWSER_DEFAULTS } from '../../nodes/Omno/descriptions/browser';
import { customerParams } from './customer';

/** The payer's IP the direct-link tests send unless a test says otherwise. */
export const CUSTOMER_IP = '203.0.113.7';

/** The exact body of POST …/process/direct-link (pay-in or payout): the default browser at `customerIp`. */
export function directLinkBody(additionalData: Record<string, string>, customerIp = CUSTOMER_IP) {
	return { browser: { ...BROWSER_DEFAULTS, customerIp }, additionalData };
}

/** Direct Link → Start Pay-In / Start Payout parameters besides the create's orderId, amount and currency. */
export const startParams = {
	kycVerified: true,
	...customerParams,
	additionalFields: {},
	runOptions: {},
	customerIp: CUSTOMER_IP,
	additionalData: { method: 'crypto', currency: 'USDT' },
};
