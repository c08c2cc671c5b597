import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/**
 * Card numbers and CVVs never pass through an AI model: as an AI Agent's tool (n8n's generated "…Tool" node
 * type) the card operations refuse before reading any parameter, whatever the workflow author allowed.
 */
export function refuseAsAiTool(ctx: IExecuteFunctions, operation: string): void {
	if (!ctx.getNode().type.endsWith('Tool')) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`${operation} cannot run as an AI Agent tool: card numbers and CVVs must never pass through an AI model`,
		{
			description:
				'Nothing was sent. Use this operation as a regular step of a workflow (e.g. after a form or a webhook that receives the card data), not as a tool of an AI Agent.',
		},
	);
}
