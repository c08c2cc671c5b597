'use strict';
/**
 * The example workflows `npm start` imports: every examples/*.json with its OMNO nodes pointed at the sandbox
 * credential, imported once (a changed file is reported, not re-imported), pointed at the ledger Data Tables, and
 * activated when its trigger is a production webhook or form URL.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const {
	LEDGER_TABLE,
	JOURNAL_TABLE,
	LEDGER_COLUMNS,
	ensureDataTable,
	pointDataTables,
	tablesReferenced,
} = require('../../tools/n8n/data-tables');
const { log } = require('./log');

const ROOT = path.resolve(__dirname, '..', '..');
const CREDENTIAL = { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' };
const WEBHOOK_CREDENTIAL = { id: 'omnoSandboxHook1', name: 'OMNO Sandbox webhook key' };
const WEBHOOK_HEADER = 'X-Omno-Key';
const LEDGER_EXAMPLE = 'omno-payout-ledger.json';
const PAYOUT_RUN_EXAMPLE = 'payout-run-with-approval.json';
// Examples that only work while active (their trigger is a production webhook or form URL).
const ACTIVATE = [LEDGER_EXAMPLE, PAYOUT_RUN_EXAMPLE];

function stableId(text) {
	// n8n workflow ids are 16 alphanumeric characters.
	const h = crypto
		.createHash('sha256')
		.update(text)
		.digest('base64')
		.replace(/[^A-Za-z0-9]/g, '');
	return `ex${h}`.slice(0, 16);
}

function sha(text) {
	return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** examples/*.json as { file, workflow, sha }; a file that is not a workflow is skipped with a message. */
function loadExamples() {
	const dir = path.join(ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	const out = [];
	for (const f of fs
		.readdirSync(dir)
		.filter((n) => n.endsWith('.json'))
		.sort()) {
		let wf;
		let text;
		try {
			text = fs.readFileSync(path.join(dir, f), 'utf8');
			wf = JSON.parse(text);
		} catch (e) {
			log(`skipping examples/${f}: ${e.message}`);
			continue;
		}
		if (!wf || !Array.isArray(wf.nodes)) {
			log(`skipping examples/${f}: not a workflow (no nodes array)`);
			continue;
		}
		wf = { ...wf, id: wf.id || stableId(f), name: wf.name || f.replace(/\.json$/, ''), active: false };
		wf.nodes = wf.nodes.map((n) => {
			const node = { ...n };
			const isOmno = typeof node.type === 'string' && node.type.startsWith('n8n-nodes-omno.');
			if ((node.credentials && node.credentials.omnoOAuth2Api) || (isOmno && !node.credentials)) {
				node.credentials = { ...(node.credentials || {}), omnoOAuth2Api: CREDENTIAL };
			}
			return node;
		});
		out.push({ file: f, workflow: wf, sha: sha(text) });
	}
	return out;
}

/**
 * After n8n is up: create the ledger Data Tables, point the just-imported examples at them, activate the ones
 * that need it, and record them as imported in the state (vs.imported).
 */
async function setUpImportedExamples(n8n, imported, vs) {
	let ledgerId;
	let journalId;
	try {
		ledgerId = await ensureDataTable(n8n, LEDGER_TABLE, LEDGER_COLUMNS);
		journalId = await ensureDataTable(n8n, JOURNAL_TABLE, LEDGER_COLUMNS);
	} catch (e) {
		log(
			`could not create the Data Table "${LEDGER_TABLE}" (${e.message.split('\n')[0]}); the payout examples need it`,
		);
	}
	for (const e of imported) {
		let wf = e.workflow;
		if (ledgerId && tablesReferenced(wf).includes(LEDGER_TABLE)) {
			wf = pointDataTables(wf, { [LEDGER_TABLE]: ledgerId, [JOURNAL_TABLE]: journalId });
			await n8n.request('PUT', `/api/v1/workflows/${wf.id}`, {
				body: {
					name: wf.name,
					nodes: wf.nodes,
					connections: wf.connections,
					settings: { executionOrder: 'v1' },
				},
				apiKey: true,
				cookie: false,
				expect: 200,
			});
		}
		if (ACTIVATE.includes(e.file)) {
			try {
				await n8n.activateWorkflow(wf.id);
			} catch (err) {
				log(`could not activate examples/${e.file}: ${err.message.split('\n')[0]}`);
			}
		}
		vs.imported[e.file] = { id: wf.id, sha: e.sha, at: new Date().toISOString() };
	}
}

module.exports = {
	CREDENTIAL,
	WEBHOOK_CREDENTIAL,
	WEBHOOK_HEADER,
	LEDGER_EXAMPLE,
	PAYOUT_RUN_EXAMPLE,
	loadExamples,
	setUpImportedExamples,
};
