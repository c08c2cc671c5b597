'use strict';
/**
 * The wiring the OMNO node refuses, in a real n8n 2.x: a workflow that is not shipped (built here), an AI Agent with
 * OMNO "Process Card" as a tool straight off the agent (the card data would pass through the model). The scripted
 * model (e2e/lib/ai-agent.js) calls it with a card → the node refuses before reading any parameter: nothing
 * reaches OMNO, the model gets the refusal, which does not repeat the card number. The shipped payout assistant
 * behind human review: e2e/ai-agent-review.test.js. n8n 1.x has no AI tool review, so this file skips there too.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { VERSION } = require('./lib/omno');
const { EXAMPLE, SKIP, TRIGGER, AgentStack } = require('./lib/ai-agent');

// The wiring the node refuses: card charging as an agent's tool (the card data would pass through the model).
const CARD_WEBHOOK = 'omno-e2e-card-tool';
const CARD_PAN = '4111111111111111';
const FINAL_CARD = 'I cannot charge cards: OMNO refused to run Process Card as a tool.';
function cardToolWorkflow() {
	const model = EXAMPLE.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi');
	const omnoCred = EXAMPLE.nodes.find((n) => n.credentials?.omnoOAuth2Api).credentials;
	const fromAI = (key) => `={{ $fromAI('${key}', \`The ${key}\`, 'string') }}`;
	return {
		name: 'e2e: Process Card as an AI tool (refused)',
		id: 'omnoE2eCardTool1',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'ct-trigger',
				name: 'Chat',
				type: TRIGGER.type,
				typeVersion: TRIGGER.typeVersion,
				position: [0, 0],
				webhookId: CARD_WEBHOOK,
				parameters: {
					public: true,
					mode: 'webhook',
					authentication: 'n8nUserAuth',
					options: { responseMode: 'lastNode' },
				},
			},
			{
				id: 'ct-agent',
				name: 'Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [260, 0],
				parameters: { options: { maxIterations: 3 } },
			},
			{ ...model, id: 'ct-model', position: [120, 260] },
			{
				id: 'ct-card',
				name: 'Process card',
				type: 'n8n-nodes-omno.omnoTool',
				typeVersion: 1,
				position: [400, 260],
				parameters: {
					resource: 'payIn',
					operation: 'processCard',
					payInId: fromAI('payInId'),
					cardNumber: fromAI('cardNumber'),
					expirationMonth: '12',
					expirationYear: '2030',
					cvv: fromAI('cvv'),
					cardholderName: 'E2E Cardholder',
					customerIp: '203.0.113.7',
					descriptionType: 'manual',
					toolDescription: 'Charge a created pay-in with a card.',
				},
				credentials: omnoCred,
			},
		],
		connections: {
			Chat: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			[model.name]: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
			'Process card': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

describe(`AI Agent with Process Card as a tool in n8n ${VERSION}`, { timeout: 240_000 }, () => {
	const stack = new AgentStack();
	const rules = () => [
		{
			name: 'charge card',
			when: (v) => v.lastUser?.includes('Charge pay-in'),
			reply: {
				toolCalls: [
					{
						name: 'Process_card',
						args: { payInId: '0c9a2f4e-0000-4000-8000-000000000001', cardNumber: CARD_PAN, cvv: '123' },
					},
				],
			},
		},
		{
			name: 'after card refusal',
			when: (v) => v.lastTool?.name === 'Process_card',
			reply: { text: FINAL_CARD },
		},
	];

	before(async () => {
		if (SKIP) return; // see SKIP: nothing to start
		await stack.start({ seed: 'e2e-ai-agent-card', rules, workflows: [cardToolWorkflow()] });
	});

	after(() => stack.stop());

	test(
		'Process Card as an agent tool refuses: nothing reaches OMNO, the model is told, the card number is not echoed',
		{ skip: SKIP },
		async () => {
			const { n8n, model } = stack;
			await n8n.waitForWebhookLive(`${CARD_WEBHOOK}/chat`, {
				body: { action: 'loadPreviousSession', sessionId: 'probe' },
			});
			const since = stack.lastSeq();
			const res = await n8n.request('POST', `/webhook/${CARD_WEBHOOK}/chat`, {
				body: {
					action: 'sendMessage',
					sessionId: 'e2e-card-1',
					chatInput: 'Charge pay-in 0c9a… with my card.',
				},
			});
			assert.equal(res.status, 200, res.text);
			assert.equal(res.json?.output, FINAL_CARD, res.text);

			assert.deepEqual(
				stack.callsSince(since),
				{ api: [], tokens: 0 },
				'nothing reached OMNO, not even a token',
			);
			const told = model.requestsFor('after card refusal');
			assert.equal(told.length, 1);
			const result = told[0].messages.at(-1).content;
			assert.match(result, /Process Card cannot run as an AI Agent tool/);
			assert.ok(!result.includes(CARD_PAN), `the refusal does not repeat the card number: ${result}`);
			assert.deepEqual(model.errors, []);
		},
	);
});
