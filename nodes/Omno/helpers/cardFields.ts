import type { INodeProperties } from 'n8n-workflow';

/** Process Card and Process Saved Card both ask for it. */
export const cvvField: INodeProperties = {
	displayName: 'CVV',
	name: 'cvv',
	type: 'string',
	typeOptions: { password: true },
	required: true,
	default: '',
	description: 'The 3- or 4-digit security code. Sent to OMNO only; never stored or output by this node.',
};
