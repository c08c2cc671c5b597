'use strict';
/** Workflow JSON as n8n's importer wants it. */

/** Give a workflow the fields n8n's importer needs. */
function normalizeWorkflow(w) {
	const wf = { ...w };
	if (!wf.id) wf.id = randomId();
	if (!wf.name) wf.name = `e2e ${wf.id}`;
	if (wf.active === undefined) wf.active = false;
	if (!wf.connections) wf.connections = {};
	if (!wf.settings) wf.settings = { executionOrder: 'v1' };
	wf.nodes = (wf.nodes || []).map((n, i) => ({
		id: n.id || `${wf.id}-node-${i}`,
		typeVersion: 1,
		position: [i * 220, 0],
		parameters: {},
		...n,
	}));
	return wf;
}

function randomId(len = 16) {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < len; i++) s += chars[Math.floor(Math.random() * chars.length)];
	return s;
}

module.exports = { normalizeWorkflow, randomId };
