'use strict';
/**
 * A scripted chat model: an OpenAI-compatible `POST /v1/chat/completions` endpoint on 127.0.0.1 that replays a
 * fixed conversation, so n8n's AI Agent (OpenAI Chat Model node, credential "Base URL" pointed here) runs real
 * tool calls without a real model.
 *
 *   const model = createChatModel([
 *     { name: 'look up', when: (m) => m.lastUser?.includes('payout'), reply: { toolCalls: [{ name: 'Get_payout', args: { … } }] } },
 *     { name: 'answer', when: (m) => m.lastTool?.name === 'Get_payout', reply: { text: 'It is waiting.' } },
 *   ]);
 *   const { url } = await model.start();      // url = http://127.0.0.1:<port>/v1 (the credential's Base URL)
 *   model.requests                            // every request: { turn, messages, tools, toolNames, stream }
 *   model.errors                              // requests no turn matched (answered 500, the test should fail)
 *
 * Each request is matched against the turns in order: the first turn whose `when(view)` is true answers. `view`
 * describes the request's LAST message — `lastUser` (text of a trailing user message), `lastTool` ({ name, content,
 * toolCallId } of a trailing tool message, name resolved from the assistant call it answers) — plus `messages`,
 * `tools` and `toolNames`. A turn answers at most `times` times (default 1), so a model asked twice in the same
 * situation is an error, not a silent replay. `reply` is `{ text }` or `{ toolCalls: [{ name, args, id? }] }`, or a
 * function of the view returning one of those.
 *
 * Answers JSON, or server-sent events when the request has `stream: true` (LangChain streams when the agent
 * streams). Nothing leaves 127.0.0.1.
 */
const http = require('node:http');

function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((p) => (typeof p === 'string' ? p : (p?.text ?? ''))).join('');
	return content == null ? '' : String(content);
}

/** What a turn's `when` sees: the trailing message, with tool results named after the call they answer. */
function viewOf(body) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const tools = Array.isArray(body.tools) ? body.tools.map((t) => t.function ?? t) : [];
	const callNames = new Map();
	for (const m of messages) for (const c of m.tool_calls ?? []) callNames.set(c.id, c.function?.name);
	const last = messages[messages.length - 1];
	const view = {
		messages,
		tools,
		toolNames: tools.map((t) => t.name),
		lastUser: undefined,
		lastTool: undefined,
	};
	if (last?.role === 'user') view.lastUser = textOf(last.content);
	if (last?.role === 'tool') {
		view.lastTool = {
			name: callNames.get(last.tool_call_id),
			content: textOf(last.content),
			toolCallId: last.tool_call_id,
		};
	}
	return view;
}

function createChatModel(turns, { model = 'scripted-model' } = {}) {
	const state = { requests: [], errors: [], used: new Map(), callSeq: 0 };
	let server;

	function pick(view) {
		for (const turn of turns) {
			if ((state.used.get(turn) ?? 0) >= (turn.times ?? 1)) continue;
			let match = false;
			try {
				match = Boolean(turn.when(view));
			} catch {
				match = false;
			}
			if (match) return turn;
		}
		return undefined;
	}

	function completion(reply) {
		const message = { role: 'assistant', content: reply.text ?? null };
		if (reply.toolCalls?.length) {
			message.tool_calls = reply.toolCalls.map((c) => ({
				id: c.id ?? `call_${++state.callSeq}`,
				type: 'function',
				function: { name: c.name, arguments: JSON.stringify(c.args ?? {}) },
			}));
		}
		return {
			id: `chatcmpl-${state.requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [
				{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' },
			],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		};
	}

	/** The same answer as chat.completion.chunk events: role, content, one chunk per tool call, finish, usage. */
	function chunks(full) {
		const base = { id: full.id, object: 'chat.completion.chunk', created: full.created, model };
		const { message, finish_reason } = full.choices[0];
		const out = [
			{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
		];
		if (message.content)
			out.push({
				...base,
				choices: [{ index: 0, delta: { content: message.content }, finish_reason: null }],
			});
		(message.tool_calls ?? []).forEach((c, index) => {
			out.push({
				...base,
				choices: [{ index: 0, delta: { tool_calls: [{ index, ...c }] }, finish_reason: null }],
			});
		});
		out.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason }] });
		out.push({ ...base, choices: [], usage: full.usage });
		return out;
	}

	function handle(req, res, raw) {
		const send = (status, obj) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(obj));
		};
		const url = new URL(req.url, 'http://127.0.0.1');
		if (req.method === 'GET' && url.pathname.endsWith('/models')) {
			return send(200, { object: 'list', data: [{ id: model, object: 'model', owned_by: 'e2e' }] });
		}
		if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
			return send(404, { error: { message: `scripted model: no ${req.method} ${url.pathname}` } });
		}
		let body;
		try {
			body = JSON.parse(raw || '{}');
		} catch {
			return send(400, { error: { message: 'scripted model: body is not JSON' } });
		}
		const view = viewOf(body);
		const turn = pick(view);
		const record = {
			turn: turn?.name ?? null,
			messages: view.messages,
			tools: view.tools,
			toolNames: view.toolNames,
			stream: !!body.stream,
		};
		state.requests.push(record);
		if (!turn) {
			const last = view.messages[view.messages.length - 1];
			const error = `scripted model: no turn for a request ending in ${JSON.stringify(last)?.slice(0, 400)}`;
			state.errors.push(error);
			// 400, not 5xx: the OpenAI client retries 5xx; an unscripted request should fail at once.
			return send(400, { error: { message: error, type: 'invalid_request_error' } });
		}
		state.used.set(turn, (state.used.get(turn) ?? 0) + 1);
		const reply = typeof turn.reply === 'function' ? turn.reply(view) : turn.reply;
		const full = completion(reply);
		record.reply = full.choices[0].message;
		if (!body.stream) return send(200, full);
		res.writeHead(200, {
			'content-type': 'text/event-stream',
			'cache-control': 'no-cache',
			connection: 'keep-alive',
		});
		for (const c of chunks(full)) res.write(`data: ${JSON.stringify(c)}\n\n`);
		res.end('data: [DONE]\n\n');
	}

	return {
		get requests() {
			return state.requests;
		},
		get errors() {
			return state.errors;
		},
		/** Requests answered by the named turn. */
		requestsFor(name) {
			return state.requests.filter((r) => r.turn === name);
		},
		async start(port = 0, host = '127.0.0.1') {
			server = http.createServer((req, res) => {
				let raw = '';
				req.setEncoding('utf8');
				req.on('data', (d) => (raw += d));
				req.on('end', () => handle(req, res, raw));
			});
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, resolve);
			});
			const { port: p } = server.address();
			return { url: `http://${host}:${p}/v1`, port: p };
		},
		async stop() {
			if (!server) return;
			server.closeAllConnections?.();
			await new Promise((r) => server.close(() => r()));
			server = undefined;
		},
	};
}

module.exports = { createChatModel, viewOf };
