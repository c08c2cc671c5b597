import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties } from './actions/registry';
import { router } from './actions/router';
import { redactError } from './transport/errors';
import { redact } from './validation/redact';

export class Omno implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OMNO',
		name: 'omno',
		icon: { light: 'file:../../icons/omno.svg', dark: 'file:../../icons/omno.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create and track OMNO pay-ins and payouts, cashier sessions and payment links',
		defaults: { name: 'OMNO' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'omnoOAuth2Api', required: true }],
		properties: nodeProperties(),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// The one exit of the node: card numbers and security codes never leave it, in items or in errors.
		try {
			const output = await router.call(this);
			return output.map((items) => items.map((item) => ({ ...item, json: redact(item.json) })));
		} catch (error) {
			throw redactError(this.getNode(), error);
		}
	}
}
