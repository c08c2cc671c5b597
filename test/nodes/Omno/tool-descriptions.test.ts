import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Omno } from '../../../nodes/Omno/Omno.node';

/**
 * What an AI Agent sees of the OMNO tool (n8n's "…Tool" variant, usableAsTool). With "Tool Description: Set
 * Automatically" n8n builds the description from the chosen operation's `action` ("<action> in OMNO"); the
 * operation's `description` is what the workflow author reads when choosing which tools to gate with human review.
 * Every operation declares what it does to money, so a new operation has to be classified here.
 */
const description: INodeTypeDescription = new Omno().description;

const READ_ONLY = ['payIn.get', 'payout.get', 'transaction.get', 'payoutRun.check', 'payoutRun.reconcile'];
const MOVES_MONEY = [
	'payout.create',
	'payout.confirm',
	'payout.processDirectLink',
	'payIn.processCard',
	'payIn.processSavedCard',
	'payIn.processDirectLink',
	'directLink.startPayIn',
	'directLink.startPayout',
];
const DECIDES_ABOUT_MONEY = ['payout.reject'];
// Create a request for money; nothing moves until the customer pays on OMNO's page.
const REQUESTS_MONEY = [
	'payIn.create',
	'paymentPage.create',
	'cashier.createSession',
	'cashier.updateBalance',
];

function operations(): Array<{ key: string; resource: string; option: INodePropertyOptions }> {
	return description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.displayOptions?.show?.resource as string[]).flatMap((resource) =>
				(p.options as INodePropertyOptions[]).map((option) => ({
					key: `${resource}.${option.value}`,
					resource,
					option,
				})),
			),
		);
}

describe('OMNO as an AI Agent tool', () => {
	it('classifies every operation by what it does to money', () => {
		expect(
			operations()
				.map((o) => o.key)
				.sort(),
		).toEqual([...READ_ONLY, ...MOVES_MONEY, ...DECIDES_ABOUT_MONEY, ...REQUESTS_MONEY].sort());
	});

	it.each(operations().map((o) => [o.key, o] as const))(
		'%s says plainly what it does to money',
		(key, { option }) => {
			const text = option.description ?? '';
			if (READ_ONLY.includes(key)) expect(text).toMatch(/^Read-only\. /);
			else if (MOVES_MONEY.includes(key)) expect(text).toMatch(/^Moves money\. /);
			else if (DECIDES_ABOUT_MONEY.includes(key)) expect(text).toMatch(/^Decides about money\. /);
			else expect(text).not.toMatch(/^(Read-only|Moves money|Decides about money)\b/);
		},
	);

	it.each(operations().map((o) => [o.key, o] as const))(
		'%s: the automatic tool description names the operation and its object',
		(_key, { resource, option }) => {
			const toolDescription = NodeHelpers.getToolDescriptionForNode(
				{
					id: 'x',
					name: 'OMNO',
					type: 'n8n-nodes-omno.omnoTool',
					typeVersion: 1,
					position: [0, 0],
					parameters: { resource, operation: option.value, descriptionType: 'auto' },
				},
				{ description } as never,
			);
			expect(toolDescription).toBe(`${option.action} in OMNO`);
			const object = {
				payIn: /pay in/,
				payout: /payout/,
				transaction: /pay in or payout/,
				directLink: /pay in|payout/,
				payoutRun: /payout run/,
			}[resource];
			if (object) expect(toolDescription).toMatch(object);
		},
	);

	it('asks a model for ids, orderIds and amounts as strings (no float can reach OMNO from a tool call)', () => {
		// The editor's "let the model define this parameter" writes $fromAI(key, …, <parameter type>): a string
		// parameter makes the model send a string, which the node then validates as a decimal.
		const names = ['payoutId', 'payInId', 'transactionId', 'orderId', 'amount', 'value', 'currency'];
		const found = description.properties.filter((p) => names.includes(p.name));
		expect(new Set(found.map((p) => p.name))).toEqual(new Set(names));
		for (const p of found) expect([p.name, p.type]).toEqual([p.name, 'string']);
	});
});
