#!/usr/bin/env node
'use strict';
/**
 * Where the node's memory goes, without n8n around it: the built node (dist/) runs payout → create over N
 * rows (the benchmark's rows) in this process, and the heap is sampled while it runs.
 *
 *   npm run build && node --expose-gc bench/node-memory.js                  # fake OMNO (50 ms), 5,000 rows
 *   MEM_ITEMS=5000 MEM_HELPER=real node --expose-gc bench/node-memory.js     # n8n-core's request helper + sandbox
 *   MEM_RUN_OPTIONS='{"concurrencyMode":"fixed","concurrency":10}' …         # Run Options as JSON
 *   MEM_LIVE=1 …                                                              # peak of live objects (GC per sample)
 *
 * MEM_HELPER=fake answers every request after MEM_LATENCY ms with what the sandbox answers ({ payoutId,
 * status }): only our node's own objects. MEM_HELPER=real sends them through n8n-core's request helpers (the
 * OAuth2 token through httpRequestWithAuthentication, then httpRequest with it; axios) to a sandbox in a child
 * process: what n8n's request path adds. "rows" = the input items alone (what n8n holds for the no-op workflow too); "peak" = the highest
 * heap sampled every 10 ms during the run; "kept" = after the run with its output still referenced, after GC.
 */
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { rowsCode } = require('../tools/payout-workflows');

const ROOT = path.join(__dirname, '..');
const ITEMS = Number(process.env.MEM_ITEMS || 5000);
const HELPER = process.env.MEM_HELPER || 'fake';
const LATENCY_MS = Number(process.env.MEM_LATENCY ?? 50);
const RUN_OPTIONS = process.env.MEM_RUN_OPTIONS ? JSON.parse(process.env.MEM_RUN_OPTIONS) : undefined;

if (typeof global.gc !== 'function') {
	console.error('run with node --expose-gc');
	process.exit(2);
}
const { Omno } = require(path.join(ROOT, 'dist', 'nodes', 'Omno', 'Omno.node.js'));
const { OmnoOAuth2Api } = require(path.join(ROOT, 'dist', 'credentials', 'OmnoOAuth2Api.credentials.js'));

const mb = (bytes) => (bytes / 1048576).toFixed(1);
const heap = () => process.memoryUsage().heapUsed;

function rows() {
	// The Code node's own source, run as n8n's Code node would.
	const items = new Function(rowsCode(ITEMS, 'mem-'))();
	return items.map((item) => ({ json: item.json, pairedItem: { item: 0 } }));
}

/** The decrypted credential n8n hands the node: typed fields + hidden defaults, expressions resolved. */
function credential(apiBaseUrl) {
	const data = {};
	for (const p of new OmnoOAuth2Api().properties) data[p.name] = p.default;
	Object.assign(data, {
		environment: 'custom',
		apiBaseUrl,
		tokenUrl: `${apiBaseUrl}/realms/omno/protocol/openid-connect/token`,
		clientId: 'n8n-sandbox',
		clientSecret: 'sandbox-secret',
	});
	for (const [key, value] of Object.entries(data)) {
		if (typeof value !== 'string' || !value.startsWith('=')) continue;
		data[key] = value
			.slice(1)
			.replace(/\{\{([\s\S]*?)\}\}/g, (_, code) => new Function('$self', `return (${code});`)(data));
	}
	return data;
}

async function startSandbox() {
	const child = spawn(process.execPath, [path.join(ROOT, 'sandbox', 'cli.js'), '--port', '0', '--quiet'], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const m = /https?:\/\/127\.0\.0\.1:\d+/.exec(text);
			if (m) resolve(m[0]);
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
	});
	return { url, stop: () => child.kill() };
}

function requestHelper(apiBaseUrl, store) {
	if (HELPER === 'fake') {
		const answer = async () => {
			await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
			return { payoutId: randomUUID(), status: 'WAITING_FOR_CONFIRMATION' };
		};
		// The node sends with the stored token through the plain helper; the authenticated one only renews it.
		store.oauthTokenData = { access_token: 'fake-token', token_type: 'Bearer' };
		requestHelper.httpRequest = answer;
		return answer;
	}
	const {
		httpRequest,
		httpRequestWithAuthentication,
	} = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions');
	requestHelper.httpRequest = httpRequest;
	const additionalData = {
		credentialsHelper: {
			getParentTypes: (type) => (type === 'omnoOAuth2Api' ? ['oAuth2Api'] : []),
			updateCredentialsOauthTokenData: async (_c, _t, data) => {
				store.oauthTokenData = data.oauthTokenData;
			},
		},
	};
	const node = nodeOf();
	return async function (type, options) {
		return await httpRequestWithAuthentication.call(this, type, options, {}, node, additionalData);
	};
}

function nodeOf() {
	return {
		id: 'mem-node',
		name: 'Payouts',
		type: 'n8n-nodes-omno.omno',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { omnoOAuth2Api: { id: `mem-${HELPER}-${Date.now()}`, name: 'OMNO' } },
	};
}

function context(items, apiBaseUrl) {
	const store = credential(apiBaseUrl);
	const node = nodeOf();
	const params = (i) => ({
		resource: 'payout',
		operation: 'create',
		orderId: items[i].json.orderId,
		value: items[i].json.amount,
		currency: items[i].json.currency,
		kycVerified: true,
		customerInput: 'json',
		customer: JSON.stringify(items[i].json.customer),
		...(RUN_OPTIONS ? { runOptions: RUN_OPTIONS } : {}),
	});
	const ctx = {
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => true,
		getNodeParameter(name, i, fallback) {
			const value = params(i)[name];
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			return value;
		},
		getCredentials: async () => ({ ...store }),
		getWorkflowStaticData: () => ({}),
		logger: { debug() {}, info() {}, warn() {}, error() {}, verbose() {} },
		helpers: {
			returnJsonArray: (data) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	ctx.helpers.httpRequestWithAuthentication = requestHelper(apiBaseUrl, store).bind(ctx);
	// The node sends with its token through n8n's plain helper (and the OAuth2 client fetches tokens through it).
	if (requestHelper.httpRequest) ctx.helpers.httpRequest = requestHelper.httpRequest;
	return ctx;
}

(async () => {
	const sandbox = HELPER === 'real' ? await startSandbox() : { url: 'http://127.0.0.1:9', stop() {} };
	global.gc();
	const start = heap();
	const items = rows();
	global.gc();
	const withRows = heap();
	let peak = withRows;
	// MEM_LIVE=1: a full GC before each sample (every 100 ms), so "peak" is what the run keeps alive at once.
	const live = process.env.MEM_LIVE === '1';
	const sampler = setInterval(
		() => {
			if (live) global.gc();
			peak = Math.max(peak, heap());
		},
		live ? 100 : 10,
	);
	const t0 = Date.now();
	const [output] = await new Omno().execute.call(context(items, sandbox.url));
	const ms = Date.now() - t0;
	clearInterval(sampler);
	peak = Math.max(peak, heap());
	global.gc();
	const kept = heap();
	const outputCount = output.length;
	const failed = output.filter((o) => o.json.error !== undefined).length;
	if (failed && process.env.MEM_SHOW_ERROR)
		console.log(JSON.stringify(output.find((o) => o.json.error).json));
	const outputBytes = Buffer.byteLength(JSON.stringify(output.map((o) => o.json)));
	sandbox.stop();
	output.length = 0;
	global.gc();
	const afterDrop = heap();
	const per = (bytes) => ((bytes / ITEMS / 1024).toFixed(2) + ' KB/item').padStart(14);
	console.log(
		`helper ${HELPER}${HELPER === 'fake' ? ` ${LATENCY_MS} ms` : ''}, ${ITEMS} rows, run options ${JSON.stringify(RUN_OPTIONS ?? 'untouched')}: ${outputCount} items out (${failed} with an error) in ${ms} ms`,
	);
	console.log(`rows alone          ${mb(withRows - start).padStart(7)} MB ${per(withRows - start)}`);
	console.log(
		`peak during the run ${mb(peak - withRows).padStart(7)} MB ${per(peak - withRows)}  above the rows`,
	);
	console.log(
		`kept after the run  ${mb(kept - withRows).padStart(7)} MB ${per(kept - withRows)}  above the rows (output JSON ${mb(outputBytes)} MB)`,
	);
	console.log(
		`kept without output ${mb(afterDrop - withRows).padStart(7)} MB ${per(afterDrop - withRows)}  above the rows (held outside the output)`,
	);
	console.log(`process peak RSS    ${mb(process.resourceUsage().maxRSS * 1024).padStart(7)} MB`);
})();
