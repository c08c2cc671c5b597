import type { IExecuteFunctions, INode } from 'n8n-workflow';
import nock from 'nock';

import { Omno } from '../../../../nodes/Omno/Omno.node';
import { refuseAsAiTool } from '../../../../nodes/Omno/helpers/cardFields';
import { makeContext } from '../../../helpers/omno';

const asType = (type: string) => ({ getNode: () => ({ type, name: 'OMNO' }) as INode }) as IExecuteFunctions;

describe('card operations as an AI Agent tool', () => {
	it("refuses under n8n's generated tool type (…Tool), naming the operation", () => {
		expect(() => refuseAsAiTool(asType('n8n-nodes-omno.omnoTool'), 'Process Card')).toThrow(
			'Process Card cannot run as an AI Agent tool: card numbers and CVVs must never pass through an AI model',
		);
	});

	it('runs as a regular workflow step', () => {
		expect(() => refuseAsAiTool(asType('n8n-nodes-omno.omno'), 'Process Card')).not.toThrow();
	});

	it.each(['processCard', 'processSavedCard'])(
		'payIn.%s as a tool sends nothing, not even a token request',
		async (operation) => {
			const ctx = makeContext({
				resource: 'payIn',
				operation,
				payInId: 'pi-1',
				cardNumber: '4242424242424242',
				cvv: '123',
			});
			const node = ctx.getNode();
			ctx.getNode = () => ({ ...node, type: 'n8n-nodes-omno.omnoTool' });
			await expect(new Omno().execute.call(ctx)).rejects.toThrow(/cannot run as an AI Agent tool/);
			expect(nock.pendingMocks()).toEqual([]);
		},
	);
});
