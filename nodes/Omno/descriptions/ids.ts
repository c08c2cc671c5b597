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
