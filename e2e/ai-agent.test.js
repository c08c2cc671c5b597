'use strict';
/**
 * The OMNO node as AI Agent tools behind n8n's human review, in a real n8n 2.x, with the shipped example
 * examples/payout-assistant.json: Chat Trigger (hosted chat, response nodes) → AI Agent (OpenAI Chat Model,
 * memory) → "Reply in chat"; Get payout / Get transaction hang straight off the agent, every money-moving OMNO
 * tool hangs off the "Review in chat" node (@n8n/n8n-nodes-langchain.chatHitlTool).
 *
 * The model is scripted (e2e/lib/chat-model.js: an OpenAI-compatible endpoint on 127.0.0.1, the OpenAI
 * credential's Base URL points at it) and the operator is this test, driving the hosted chat as the widget does
 * (e2e/lib/hosted-chat.js): send a message, read the review request on the chat WebSocket, click Decline/Approve.
 *
 *  1. "status of payout X, confirm it if it is waiting" → the agent looks it up (no review), asks to confirm with
 *     the orderId, amount and currency Get_payout returned (the review shows them; nothing sent yet) → Decline →
 *     OMNO never sees a confirm; the model is told.
 *  2. "confirm payout X for 12500.00 EUR" → the model passes the operator's amount, not OMNO's → the review shows
 *     12500.00 → Approve → the node reads the payout, OMNO holds 80.00: no PUT, still waiting; the model gets
 *     the node's error.
 *  3. "confirm payout X now" → review request with OMNO's values → Approve → the node reads the payout, then
 *     exactly one PUT …/confirm; the model sees the result.
 *  4. A workflow that is not shipped (built here): an agent with OMNO "Process Card" as a tool, straight off the
 *     agent. The model calls it with a card → the node refuses before reading any parameter: nothing reaches OMNO,
 *     the model gets the refusal, which does not repeat the card number.
 *
 * The sandbox's request log is the witness: after setup it must hold exactly the expected calls.
 * n8n 1.x has no review step for tool calls (no *HitlTool node types in 1.123.81), so this file skips there.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { N8n } = require('../tools/n8n');
const { createChatModel } = require('./lib/chat-model');
const { ChatSession } = require('./lib/hosted-chat');
const { VERSION, credentialData, customer, sandboxToken, omnoCall } = require('./lib/omno');
const { createSandbox } = require('../sandbox/server');

const ROOT = process.env.E2E_PACKAGE_DIR || path.resolve(__dirname, '..');
const EXAMPLE = JSON.parse(
	fs.readFileSync(path.resolve(__dirname, '..', 'examples', 'payout-assistant.json'), 'utf8'),
);
const MAJOR = Number(VERSION.split('.')[0]);
const SKIP =
	MAJOR < 2
		? `n8n ${VERSION} has no human review for AI tool calls (added in n8n 2.5: no *HitlTool node types before), so the payout assistant cannot gate money moves there`
		: false;

const TRIGGER = EXAMPLE.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
const credIdOf = (type) => EXAMPLE.nodes.map((n) => n.credentials?.[type]).find(Boolean);
const OMNO_CRED = credIdOf('omnoOAuth2Api');
const OPENAI_CRED = credIdOf('openAiApi');

// Tool names the model sees: n8n turns node names into tool names (non [A-Za-z0-9_-] → "_").
const FREE_TOOLS = ['Get_payout', 'Get_transaction'];
const GATED_TOOLS = ['Create_payout', 'Confirm_payout', 'Reject_payout', 'Process_pay-in_direct_link'];
const FINAL_DECLINED = 'You declined, so I did not confirm the payout. Nothing was sent to OMNO.';
const FINAL_CONFIRMED = 'Done: OMNO accepted the confirmation of the payout.';
const FINAL_MISMATCH = 'OMNO holds a different amount, so the payout was not confirmed. Nothing was sent.';
const WRONG_AMOUNT = '12500.00';
// What the model is asked to pass to Confirm/Reject besides the payoutId: the "expected" values the node checks.
const EXPECTED_ARGS = ['orderId', 'amount', 'currency'];

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

/** A Get_payout result as the model reads it (n8n sends the node's output as JSON text): the payout object. */
function payoutIn(content) {
	const parsed = JSON.parse(content);
	const payout = Array.isArray(parsed) ? parsed[0] : parsed;
	return payout?.json ?? payout;
}

describe(`AI Agent payout assistant with human review in n8n ${VERSION}`, { timeout: 240_000 }, () => {
	let sandbox;
	let model;
	let n8n;
	let payoutId;
	let mark = 0; // sandbox request-log seq after setup
	let chat;
	/** orderId, amount, currency as Get_payout returned them to the model (what a careful model copies). */
	let held;

	/** OMNO calls n8n made since `seq`: "METHOD path", token calls apart. */
	const callsSince = (seq) => {
		const entries = sandbox.state.requestLog.filter((e) => e.seq > seq);
		const isToken = (e) => e.path.includes('/protocol/openid-connect/token');
		return {
			api: entries.filter((e) => !isToken(e)).map((e) => `${e.method} ${e.path} -> ${e.status}`),
			tokens: entries.filter(isToken).length,
		};
	};
	const lastSeq = () => sandbox.state.requestLog.at(-1)?.seq ?? 0;
	const payoutStatus = () => sandbox.state.store.payouts.get(payoutId)?.status;

	/** Poll the public API until this execution is finished (bounded). */
	async function executionDone(executionId, timeoutMs = 30_000) {
		const t0 = Date.now();
		for (;;) {
			const r = await n8n.request('GET', `/api/v1/executions/${executionId}?includeData=false`, {
				apiKey: true,
				cookie: false,
			});
			if (r.status === 200 && ['success', 'error', 'crashed', 'canceled'].includes(r.json?.status))
				return r.json;
			if (Date.now() - t0 > timeoutMs)
				throw new Error(
					`execution ${executionId} not finished after ${timeoutMs} ms: ${r.text.slice(0, 500)}`,
				);
			await new Promise((res) => setTimeout(res, 200));
		}
	}

	before(async () => {
		if (SKIP) return; // see SKIP: nothing to start
		sandbox = createSandbox({ quiet: true, seed: 'e2e-ai-agent', settleMs: 50 });
		const started = await sandbox.start(0, '127.0.0.1');
		const token = await sandboxToken(started.tokenUrl);
		const created = await omnoCall(started.url, token, 'POST', '/public/payout', {
			orderId: 'assistant-0001',
			value: 80,
			currency: 'EUR',
			kycVerified: true,
			customer,
		});
		payoutId = created.payoutId ?? created.id;
		assert.ok(payoutId, `sandbox payout id in ${JSON.stringify(created)}`);

		const review = (v) => v.lastTool?.name === 'Confirm_payout';
		const confirm = (values) => ({
			toolCalls: [
				{ name: 'Confirm_payout', args: { toolParameters: { payoutId, ...values }, hitlParameters: {} } },
			],
		});
		model = createChatModel([
			{
				name: 'look up',
				when: (v) => v.lastUser?.includes('What is the status of payout'),
				reply: { toolCalls: [{ name: 'Get_payout', args: { payoutId } }] },
			},
			{
				name: 'propose confirm',
				when: (v) =>
					v.lastTool?.name === 'Get_payout' && v.lastTool.content.includes('WAITING_FOR_CONFIRMATION'),
				// A gated tool's arguments: the tool's own under toolParameters, the review step's under hitlParameters.
				// The expected values are copied from the Get_payout result, as the tool descriptions ask.
				reply: (v) => {
					const payout = payoutIn(v.lastTool.content);
					// Strings, as the tool's schema asks (OMNO's JSON has the amount as a number: 80 → "80").
					held = {
						orderId: String(payout.orderId),
						amount: String(payout.amount),
						currency: String(payout.currency),
					};
					return confirm(held);
				},
			},
			{
				name: 'after decline',
				when: (v) => review(v) && v.lastTool.content.includes('rejected the tool call'),
				reply: { text: FINAL_DECLINED },
			},
			{
				// The mistake the check is for: the amount taken from the operator's message instead of from OMNO.
				name: 'confirm wrong amount',
				when: (v) => v.lastUser?.includes(`for ${WRONG_AMOUNT} EUR`),
				reply: () => confirm({ ...held, amount: WRONG_AMOUNT }),
			},
			{
				name: 'after mismatch',
				when: (v) => review(v) && v.lastTool.content.includes('was not confirmed'),
				reply: { text: FINAL_MISMATCH },
			},
			{
				name: 'confirm now',
				when: (v) => v.lastUser?.includes('Confirm payout') && v.lastUser.includes('now'),
				reply: () => confirm(held),
			},
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
			{
				name: 'after approve',
				when: (v) => review(v) && v.lastTool.content.includes('"confirmed":true'),
				reply: { text: FINAL_CONFIRMED },
			},
		]);
		const modelUrl = (await model.start()).url;

		n8n = new N8n({ version: VERSION, packageDir: ROOT });
		await n8n.prepareUserFolder();
		await n8n.importCredentials([
			{ ...OMNO_CRED, type: 'omnoOAuth2Api', data: credentialData(started.url) },
			{ ...OPENAI_CRED, type: 'openAiApi', data: { apiKey: 'sk-e2e-scripted', url: modelUrl } },
		]);
		await n8n.importWorkflows([EXAMPLE, cardToolWorkflow()]);
		await n8n.startServer();
		await n8n.bootstrapOwner();
		await n8n.activateWorkflow(EXAMPLE.id);
		await n8n.activateWorkflow('omnoE2eCardTool1');
		// The hosted chat requires a logged-in n8n user (authentication n8nUserAuth): the session cookie.
		chat = new ChatSession({
			n8n,
			webhookId: TRIGGER.webhookId,
			sessionId: 'e2e-operator-1',
			headers: { cookie: n8n.cookie },
		});
		// Activation answers before the webhook is live; an unauthenticated probe gets 401, not 404, once it is.
		await n8n.waitForWebhookLive(`${TRIGGER.webhookId}/chat`, {
			body: { action: 'loadPreviousSession', sessionId: 'probe' },
		});
		mark = lastSeq();
	});

	after(async () => {
		chat?.close();
		await n8n?.cleanup();
		await model?.stop();
		await sandbox?.stop();
	});

	test(
		'look-up runs unattended; confirm waits for review; Decline → nothing sent, the model is told',
		{ skip: SKIP },
		async () => {
			const run = await chat.send(
				`What is the status of payout ${payoutId}? If it is waiting for confirmation, confirm it.`,
			);
			await chat.connect(run);
			const review = await chat.waitForReview();

			// The model was offered every tool, each described; the gated ones wrapped by the review step.
			const first = model.requestsFor('look up')[0];
			assert.ok(first, 'the model was asked');
			assert.deepEqual([...first.toolNames].sort(), [...FREE_TOOLS, ...GATED_TOOLS].sort());
			const tool = (name) => first.tools.find((t) => t.name === name);
			for (const name of GATED_TOOLS) {
				assert.match(
					tool(name).description,
					/MOVES MONEY|DECIDES ABOUT MONEY/,
					`${name} says it moves money`,
				);
				assert.deepEqual(
					Object.keys(tool(name).parameters.properties).sort(),
					['hitlParameters', 'toolParameters'],
					name,
				);
			}
			for (const name of FREE_TOOLS) assert.match(tool(name).description, /^Read-only\./, name);
			for (const name of ['Confirm_payout', 'Reject_payout']) {
				const args = tool(name).parameters.properties.toolParameters.properties;
				// n8n lists them in the node's parameter order, not the order they are written in the workflow.
				assert.deepEqual(Object.keys(args).sort(), ['payoutId', ...EXPECTED_ARGS].sort(), name);
				for (const key of EXPECTED_ARGS) {
					assert.equal(args[key].type, 'string', `${name}.${key}`);
					assert.match(args[key].description, /copied exactly from the Get_payout result/, `${name}.${key}`);
					assert.match(args[key].description, /never from the operator's message/, `${name}.${key}`);
				}
			}
			assert.deepEqual(Object.keys(tool('Get_payout').parameters.properties), ['payoutId']);

			// Waiting for the operator: the look-up went out, the confirm did not.
			assert.deepEqual(callsSince(mark).api, [`GET /public/payout/${payoutId} -> 200`]);
			assert.equal(payoutStatus(), 'WAITING_FOR_CONFIRMATION');
			assert.match(review.text, /Confirm_payout/);
			// The operator approves an amount, not only an id: OMNO's values, as Get_payout returned them.
			assert.deepEqual(held, { orderId: 'assistant-0001', amount: '80', currency: 'EUR' });
			assert.ok(
				review.text.includes(
					`Confirm payout ${payoutId}: **${held.amount} EUR**, orderId assistant-0001 — the node checks that OMNO holds exactly this`,
				),
				`review shows amount, currency and orderId: ${review.text}`,
			);
			assert.deepEqual(review.buttons.map((b) => b.text).sort(), ['Approve', 'Decline']);
			assert.equal(review.blockUserInput, true);

			await chat.click(review, 'Decline');
			const reply = await chat.waitForMessage((m) => m === FINAL_DECLINED, {
				what: 'the reply after Decline',
			});
			assert.equal(reply, FINAL_DECLINED);
			assert.equal((await executionDone(run.executionId)).status, 'success');

			// The model got n8n's denial as the Confirm_payout result, and nothing more reached OMNO.
			const told = model.requestsFor('after decline');
			assert.equal(told.length, 1);
			assert.match(told[0].messages.at(-1).content, /User rejected the tool call to Confirm payout/);
			assert.deepEqual(callsSince(mark).api, [`GET /public/payout/${payoutId} -> 200`]);
			assert.equal(payoutStatus(), 'WAITING_FOR_CONFIRMATION');
			assert.deepEqual(model.errors, []);
		},
	);

	test(
		'an amount OMNO does not hold: the review shows it, Approve → the node reads OMNO, sends no confirm, the model gets the error',
		{ skip: SKIP },
		async () => {
			const since = lastSeq();
			const run = await chat.send(`Confirm payout ${payoutId} for ${WRONG_AMOUNT} EUR.`);
			await chat.connect(run);
			const review = await chat.waitForReview();
			assert.ok(
				review.text.includes(`Confirm payout ${payoutId}: **${WRONG_AMOUNT} EUR**, orderId assistant-0001`),
				review.text,
			);
			assert.deepEqual(callsSince(since).api, [], 'nothing sent before the approval');

			await chat.click(review, 'Approve');
			await chat.waitForMessage((m) => m === FINAL_MISMATCH, { what: 'the reply after the refused confirm' });
			assert.equal((await executionDone(run.executionId)).status, 'success');

			// The node read the payout, found 80 EUR, and sent nothing else: the payout still waits.
			assert.deepEqual(callsSince(since).api, [`GET /public/payout/${payoutId} -> 200`]);
			assert.equal(payoutStatus(), 'WAITING_FOR_CONFIRMATION');
			const told = model.requestsFor('after mismatch');
			assert.equal(told.length, 1);
			const result = told[0].messages.at(-1).content;
			process.stdout.write(`# the model was told: ${result}\n`);
			assert.ok(
				result.includes(
					`Payout ${payoutId} was not confirmed: OMNO holds something other than expected (amount: OMNO ${held.amount}, expected ${WRONG_AMOUNT})`,
				),
				`the model got the node's error: ${result}`,
			);
			assert.deepEqual(model.errors, []);
		},
	);

	test(
		"Approve with OMNO's values → the node checks them, the payout is confirmed exactly once, the model sees the result",
		{ skip: SKIP },
		async () => {
			const since = lastSeq();
			const run = await chat.send(`Confirm payout ${payoutId} now, please.`);
			await chat.connect(run);
			const review = await chat.waitForReview();
			assert.ok(
				review.text.includes(`Confirm payout ${payoutId}: **${held.amount} EUR**, orderId assistant-0001`),
				review.text,
			);
			assert.deepEqual(callsSince(since).api, [], 'nothing sent before the approval');

			await chat.click(review, 'Approve');
			await chat.waitForMessage((m) => m === FINAL_CONFIRMED, { what: 'the reply after Approve' });
			assert.equal((await executionDone(run.executionId)).status, 'success');

			const calls = callsSince(since);
			assert.deepEqual(calls.api, [
				`GET /public/payout/${payoutId} -> 200`,
				`PUT /public/payout/${payoutId}/confirm -> 200`,
			]);
			assert.ok(calls.tokens <= 1, `token requests: ${calls.tokens}`);
			const told = model.requestsFor('after approve');
			assert.equal(told.length, 1);
			const result = payoutIn(told[0].messages.at(-1).content);
			assert.equal(result.payoutId, payoutId);
			assert.equal(result.confirmed, true);
			assert.deepEqual(
				{ orderId: result.orderId, amount: result.amount, currency: result.currency },
				{ orderId: 'assistant-0001', amount: 80, currency: 'EUR' },
				'the result says what OMNO held when it was confirmed',
			);
			assert.notEqual(payoutStatus(), 'WAITING_FOR_CONFIRMATION');
			assert.deepEqual(model.errors, []);

			// The whole conversation as OMNO saw it (printed for the closing note).
			const log = callsSince(mark);
			process.stdout.write(
				`# OMNO holds ${JSON.stringify(held)}; sandbox calls after setup: ${JSON.stringify(log.api)}, token requests: ${log.tokens}\n`,
			);
			assert.deepEqual(log.api, [
				`GET /public/payout/${payoutId} -> 200`, // the model's look-up
				`GET /public/payout/${payoutId} -> 200`, // the node's check before the wrong amount: no PUT
				`GET /public/payout/${payoutId} -> 200`, // the node's check before the confirm
				`PUT /public/payout/${payoutId}/confirm -> 200`,
			]);
		},
	);

	test(
		'Process Card as an agent tool refuses: nothing reaches OMNO, the model is told, the card number is not echoed',
		{ skip: SKIP },
		async () => {
			await n8n.waitForWebhookLive(`${CARD_WEBHOOK}/chat`, {
				body: { action: 'loadPreviousSession', sessionId: 'probe' },
			});
			const since = lastSeq();
			const res = await n8n.request('POST', `/webhook/${CARD_WEBHOOK}/chat`, {
				body: {
					action: 'sendMessage',
					sessionId: 'e2e-card-1',
					chatInput: 'Charge pay-in 0c9a… with my card.',
				},
			});
			assert.equal(res.status, 200, res.text);
			assert.equal(res.json?.output, FINAL_CARD, res.text);

			assert.deepEqual(callsSince(since), { api: [], tokens: 0 }, 'nothing reached OMNO, not even a token');
			const told = model.requestsFor('after card refusal');
			assert.equal(told.length, 1);
			const result = told[0].messages.at(-1).content;
			assert.match(result, /Process Card cannot run as an AI Agent tool/);
			assert.ok(!result.includes(CARD_PAN), `the refusal does not repeat the card number: ${result}`);
			assert.deepEqual(model.errors, []);
		},
	);
});
