#!/usr/bin/env node
'use strict';
/**
 * Run by scripts/start.sh (`npm start`) after the build and the n8n install.
 *
 *   npm start                 continue where the last `npm start` stopped (first run: set everything up)
 *   npm start -- --reset      delete the saved state and start over
 *   OMNO_START_WEBHOOKS=0     do not point the sandbox's webhooks at the ledger workflow
 *
 * State folder: $OMNO_START_STATE or ${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/start-state, kept across starts
 * (scripts/start/state.js says what is in it).
 *
 * First run: installs the built package into the user folder, imports the "OMNO Sandbox" credentials and every
 * examples/*.json (OMNO nodes pointed at the sandbox credential), starts n8n, creates the owner, creates the
 * ledger Data Table `omno_payouts`, activates the "OMNO payout ledger" workflow and the payout-run form, and
 * points the sandbox's webhooks at the ledger. Later runs refresh the package and the credential, import only
 * examples that are new, and keep everything else. Ctrl-C (or SIGTERM) stops n8n and the sandbox.
 *
 * The steps are in scripts/start/: state.js, session.js (both processes and stopping them), sandbox.js, n8n.js,
 * examples.js, banner.js.
 */
const { parseArgs } = require('node:util');
const { DEFAULT_VERSION } = require('../tools/n8n');
const { log } = require('./start/log');
const { openStateFolder } = require('./start/state');
const { StartSession, refuseBusyPorts } = require('./start/session');
const { startSandbox, pointSandboxWebhooks, restoredSummary } = require('./start/sandbox');
const { prepareN8n, importNewExamples, startN8n, signInOwner } = require('./start/n8n');
const { loadExamples, setUpImportedExamples } = require('./start/examples');
const { printReady } = require('./start/banner');

const session = new StartSession();

function readOptions() {
	const { values } = parseArgs({
		options: {
			n8n: { type: 'string', default: DEFAULT_VERSION },
			reset: { type: 'boolean', default: false },
		},
		allowPositionals: false,
	});
	const port = Number(process.env.N8N_PORT || 5678);
	if (port === 5679) throw new Error('N8N_PORT 5679 is the task broker port; choose another');
	return {
		version: values.n8n,
		reset: values.reset || process.env.OMNO_START_RESET === '1',
		port,
		sandboxPort: Number(process.env.OMNO_SANDBOX_PORT || 8787),
	};
}

async function main() {
	const options = readOptions();
	const T0 = Date.now();
	const { version, port } = options;
	await refuseBusyPorts(options);
	const saved = openStateFolder(options);
	session.stopOnSignals();

	const sandbox = await startSandbox(session, { ...options, stateDir: saved.dir });
	if (!sandbox) return session.stop(1);

	const n8n = await prepareN8n(session, { ...options, saved, sandbox });
	const examples = loadExamples();
	const { fresh, changed } = await importNewExamples(n8n, examples, saved.vs);
	const n8nLog = await startN8n(session, n8n, { ...options, stateDir: saved.dir });
	if (!n8nLog) return session.stop(1);
	await signInOwner(n8n, saved);

	await setUpImportedExamples(n8n, fresh, saved.vs);
	saved.save();
	const webhookNote = await pointSandboxWebhooks({ n8n, sandbox, examples, state: saved.state });

	printReady({
		T0,
		version,
		port,
		n8n,
		n8nLog,
		sandbox,
		restored: restoredSummary(sandbox.logFile),
		webhookNote,
		examples,
		changed,
		saved,
	});
}

main().catch((e) => {
	log(`failed: ${e.stack || e.message}`);
	session.stop(1);
});
