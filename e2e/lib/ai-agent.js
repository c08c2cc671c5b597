'use strict';
/**
 * What the AI Agent e2e files share (e2e/ai-agent-review.test.js, e2e/ai-agent-card-tool.test.js): the shipped
 * payout assistant (examples/payout-assistant.json) and the credentials it names, the scripted model
 * (./chat-model.js, an OpenAI-compatible endpoint on 127.0.0.1 that the OpenAI credential's Base URL points at),
 * and an n8n 2.x in `n8n start` with the file's workflows active. n8n 1.x has no review step for tool calls (no
 * *HitlTool node types in 1.123.81), so these files skip there.
 */
const { Stack } = require('./stack');
const { createChatModel } = require('./chat-model');
const { VERSION } = require('./omno');
const { loadExample } = require('./examples');

const EXAMPLE = loadExample('payout-assistant.json');
const SKIP =
	Number(VERSION.split('.')[0]) < 2
		? `n8n ${VERSION} has no human review for AI tool calls (added in n8n 2.5: no *HitlTool node types before), so the payout assistant cannot gate money moves there`
		: false;
const TRIGGER = EXAMPLE.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
const credIdOf = (type) => EXAMPLE.nodes.map((n) => n.credentials?.[type]).find(Boolean);
const OMNO_CRED = credIdOf('omnoOAuth2Api');
const OPENAI_CRED = credIdOf('openAiApi');

/** A Get_payout result as the model reads it (n8n sends the node's output as JSON text): the payout object. */
function payoutIn(content) {
	const parsed = JSON.parse(content);
	const payout = Array.isArray(parsed) ? parsed[0] : parsed;
	return payout?.json ?? payout;
}

class AgentStack extends Stack {
	/**
	 * The sandbox, then the model with `rules(stack)` (which may set up OMNO first: the rules can name what it
	 * created), then n8n with `workflows` imported and active.
	 */
	async start({ seed, rules, workflows }) {
		await this.startSandbox({ seed, settleMs: 50 });
		this.model = createChatModel(await rules(this));
		const modelUrl = (await this.model.start()).url;
		await this.startN8n({
			omnoCredential: OMNO_CRED,
			credentials: [
				{ ...OPENAI_CRED, type: 'openAiApi', data: { apiKey: 'sk-e2e-scripted', url: modelUrl } },
			],
			workflows,
			server: true,
		});
		for (const wf of workflows) await this.n8n.activateWorkflow(wf.id);
		return this;
	}

	async stop() {
		this.chat?.close();
		await this.n8n?.cleanup();
		await this.model?.stop();
		await this.sandbox?.stop();
	}

	lastSeq() {
		return this.log.at(-1)?.seq ?? 0;
	}

	/** OMNO calls n8n made since `seq`: "METHOD path -> status", token calls apart. */
	callsSince(seq) {
		const entries = this.log.filter((e) => e.seq > seq);
		const isToken = (e) => e.path.includes('/protocol/openid-connect/token');
		return {
			api: entries.filter((e) => !isToken(e)).map((e) => `${e.method} ${e.path} -> ${e.status}`),
			tokens: entries.filter(isToken).length,
		};
	}

	/** Poll the public API until this execution is finished (bounded). */
	async executionDone(executionId, timeoutMs = 30_000) {
		const t0 = Date.now();
		for (;;) {
			const r = await this.n8n.request('GET', `/api/v1/executions/${executionId}?includeData=false`, {
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
}

module.exports = { EXAMPLE, SKIP, TRIGGER, payoutIn, AgentStack };
