'use strict';
/**
 * Shared pieces of the OMNO e2e tests: sandbox credential, workflow builders, sandbox control calls and a
 * look at which operations the built node offers (e2e/lib/actions.js fails a file's tests when one is missing).
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const { DEFAULTS: SANDBOX_DEFAULTS, n8nCredentialData } = require('../../sandbox/config');

// The package under test: package.json + dist/. run.sh points E2E_PACKAGE_DIR at a snapshot taken right after its
// build, so a rebuild in the working tree during the run cannot change (or half-break) what is tested.
const ROOT = process.env.E2E_PACKAGE_DIR || path.resolve(__dirname, '..', '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../../scripts/n8n-versions.json').default;
const CLIENT_ID = SANDBOX_DEFAULTS.clientId;
const CLIENT_SECRET = SANDBOX_DEFAULTS.clientSecret;
const CRED_ID = 'omnoE2eCred00001';
const CRED_NAME = 'OMNO e2e';

const customer = {
	externalUserId: 'e2e-user-1',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	phoneNumber: '1 1234567890',
	dateOfBirth: '1990-12-10',
	billing: { address: '1 Main St', city: 'Berlin', state: 'BE', countryCode: 'DE', postalCode: '10115' },
};

const credentialData = n8nCredentialData;

const START = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };

/** An OMNO action node. `settings` e.g. { onError: 'continueRegularOutput' }. */
function omnoNode(name, parameters, settings = {}) {
	return {
		name,
		type: 'n8n-nodes-omno.omno',
		typeVersion: 1,
		parameters,
		credentials: { omnoOAuth2Api: { id: CRED_ID, name: CRED_NAME } },
		...settings,
	};
}

/** Set (raw JSON) → Split Out: turns the single manual-trigger item into one item per value. */
function itemNodes(prefix, field, values) {
	return [
		{
			name: `${prefix} values`,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ [field]: values }), options: {} },
		},
		{
			name: `${prefix} items`,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: field, options: {} },
		},
	];
}

/**
 * Workflow from chains of node names hanging off Start: chains = [[node, node, …], …]; each chain starts
 * at Start. Positions put each chain on its own row (v1 execution order runs rows top to bottom).
 */
function workflow(id, name, chains) {
	const nodes = [{ ...START, position: [0, 0] }];
	const connections = {};
	const link = (from, to) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	chains.forEach((chain, row) => {
		let prev = 'Start';
		chain.forEach((node, col) => {
			nodes.push({ position: [(col + 1) * 220, row * 200], ...node });
			link(prev, node.name);
			prev = node.name;
		});
	});
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

async function sandboxToken(tokenUrl) {
	const res = await fetch(tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: CLIENT_ID,
			client_secret: CLIENT_SECRET,
		}),
	});
	assert.equal(res.status, 200, 'sandbox token');
	return (await res.json()).access_token;
}

/** Direct OMNO API call against the sandbox (setup outside n8n). */
async function omnoCall(sandboxUrl, token, method, urlPath, body) {
	const res = await fetch(`${sandboxUrl}${urlPath}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	assert.ok(res.ok, `${method} ${urlPath} -> ${res.status}: ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** Sandbox control API (`/_sandbox/...`, no auth). */
async function control(sandboxUrl, method, urlPath, body) {
	const res = await fetch(`${sandboxUrl}/_sandbox/${urlPath.replace(/^\/+/, '')}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	assert.ok(res.ok, `${method} /_sandbox/${urlPath} -> ${res.status}: ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** { resource: [operation, …] } offered by the built node (dist/). */
function builtOperations() {
	const { Omno } = require(path.join(ROOT, 'dist', 'nodes', 'Omno', 'Omno.node.js'));
	const out = {};
	for (const p of new Omno().description.properties) {
		if (p.name !== 'operation' || !p.displayOptions?.show?.resource) continue;
		for (const r of p.displayOptions.show.resource) out[r] = (p.options || []).map((o) => o.value);
	}
	return out;
}

/** Node types the package registers (package.json n8n.nodes). */
function builtNodeFiles() {
	return require(path.join(ROOT, 'package.json')).n8n.nodes;
}

/** Compact error for diagnostics. */
function errorText(run) {
	return JSON.stringify({ ...(run.error || {}), raw: undefined });
}

module.exports = {
	ROOT,
	VERSION,
	CLIENT_ID,
	CLIENT_SECRET,
	CRED_ID,
	CRED_NAME,
	customer,
	credentialData,
	omnoNode,
	itemNodes,
	workflow,
	sandboxToken,
	omnoCall,
	control,
	builtOperations,
	builtNodeFiles,
	errorText,
};
