'use strict';
/**
 * The OMNO node as AI Agent tools behind n8n's human review, in a real n8n 2.x, with the shipped example
 * examples/payout-assistant.json: Chat Trigger (hosted chat, response nodes) → AI Agent (OpenAI Chat Model,
 * memory) → "Reply in chat"; Get payout / Get transaction hang straight off the agent, every money-moving OMNO
 * tool hangs off the "Review in chat" node (@n8n/n8n-nodes-langchain.chatHitlTool).
 *
 * The model is scripted (e2e/lib/chat-model.js, set up by e2e/lib/ai-agent.js) and the operator is this test,
 * driving the hosted chat as the widget does (e2e/lib/hosted-chat.js): send a message, read the review request on
 * the chat WebSocket, click Decline/Approve.
 *
 *  1. "status of payout X, confirm it if it is waiting" → the agent looks it up (no review), asks to confirm with
 *     the orderId, amount and currency Get_payout returned (the review shows them; nothing sent yet) → Decline →
 *     OMNO never sees a confirm; the model is told.
 *  2. "confirm payout X for 12500.00 EUR" → the model passes the operator's amount, not OMNO's → the review shows
 *     12500.00 → Approve → the node reads the payout, OMNO holds 80.00: no PUT, still waiting; the model gets
 *     the node's error.
 *  3. "confirm payout X now" → review request with OMNO's values → Approve → the node reads the payout, then
 *     exactly one PUT …/confirm; the model sees the result.
 * (Process Card as an agent's tool, refused: e2e/ai-agent-card-tool.test.js.)
 *
 * The sandbox's request log is the witness: after setup it must hold exactly the expected calls.
 * n8n 1.x has no review step for tool calls, so this file skips there.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { ChatSession } = require('./lib/hosted-chat');
const { VERSION, customer } = require('./lib/omno');
const { EXAMPLE, SKIP, TRIGGER, payoutIn, AgentStack } = require('./lib/ai-agent');

// Tool names the model sees: n8n turns node names into tool names (non [A-Za-z0-9_-] → "_").
const FREE_TOOLS = ['Get_payout', 'Get_transaction'];
const GATED_TOOLS = ['Create_payout', 'Confirm_payout', 'Reject_payout', 'Process_pay-in_direct_link'];
const FINAL_DECLINED = 'You declined, so I did not confirm the payout. Nothing was sent to OMNO.';
const FINAL_CONFIRMED = 'Done: OMNO accepted the confirmation of the payout.';
const FINAL_MISMATCH = 'OMNO holds a different amount, so the payout was not confirmed. Nothing was sent.';
const WRONG_AMOUNT = '12500.00';
// What the model is asked to pass to Confirm/Reject besides the payoutId: the "expected" values the node checks.
const EXPECTED_ARGS = ['orderId', 'amount', 'currency'];

describe(`AI Agent payout assistant with human review in n8n ${VERSION}`, { timeout: 240_000 }, () => {
	const stack = new AgentStack();
	let model;
	let payoutId;
	let mark = 0; // sandbox request-log seq after setup
	let chat;
	/** orderId, amount, currency as Get_payout returned them to the model (what a careful model copies). */
	let held;

	const callsSince = (seq) => stack.callsSince(seq);
	const lastSeq = () => stack.lastSeq();
	const executionDone = (executionId) => stack.executionDone(executionId);
	const payoutStatus = () => stack.sandbox.state.store.payouts.get(payoutId)?.status;

	/** The model's script; the payout it is about is created first. */
	async function rules() {
		const created = await stack.call('POST', '/public/payout', {
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
		return [
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
				name: 'after approve',
				when: (v) => review(v) && v.lastTool.content.includes('"confirmed":true'),
				reply: { text: FINAL_CONFIRMED },
			},
		];
	}

	before(async () => {
		if (SKIP) return; // see SKIP: nothing to start
		await stack.start({ seed: 'e2e-ai-agent', rules, workflows: [EXAMPLE] });
		model = stack.model;
		const { n8n } = stack;
		// The hosted chat requires a logged-in n8n user (authentication n8nUserAuth): the session cookie.
		chat = stack.chat = new ChatSession({
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

	after(() => stack.stop());

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
});
