import type { INodeProperties } from 'n8n-workflow';

export const payInIdField: INodeProperties = {
	displayName: 'Pay-In ID',
	name: 'payInId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7f9c2a1e-…',
	description: 'The paymentId OMNO returned when the pay-in was created',
};

export const payoutIdField: INodeProperties = {
	displayName: 'Payout ID',
	name: 'payoutId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3b1d9e70-…',
	description: 'The payoutId OMNO returned when the payout was created',
};

export const sessionIdField: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5c2e8f14-…',
	description: 'The sessionId OMNO returned when the cashier session was created',
};

/**
 * Confirm / Reject: what the payout must hold in OMNO before it is decided. Each value is compared with the
 * payout as read from OMNO just before the decision; a difference sends nothing.
 */
export function expectedField(action: 'confirm' | 'reject'): INodeProperties {
	const verb = action === 'confirm' ? 'Confirm' : 'Reject';
	return {
		displayName: `${verb} Only If OMNO Holds`,
		name: 'expected',
		type: 'collection',
		placeholder: 'Add value to check',
		default: {},
		description: `Reads the payout from OMNO first and ${action === 'confirm' ? 'confirms' : 'rejects'} it only if it holds exactly these values (e.g. the amount an approver approved); otherwise nothing is sent and the item is an error naming what differs`,
		options: [
			{
				displayName: 'Amount',
				name: 'amount',
				type: 'string',
				default: '',
				placeholder: 'e.g. 125.00',
				description: 'The amount OMNO must hold, as decimal text (125 equals 125.00)',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. EUR',
				description: 'The currency OMNO must hold (ISO 4217 code, any case)',
			},
			{
				displayName: 'Order ID',
				name: 'orderId',
				type: 'string',
				default: '',
				description: 'The orderId OMNO must hold for this payout',
			},
		],
	};
}
