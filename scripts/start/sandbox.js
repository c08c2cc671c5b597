'use strict';
/** The OMNO sandbox for `npm start`: its own process, its transactions kept in the state folder. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { LEDGER_EVENTS, LEDGER_TABLE } = require('../../tools/n8n/data-tables');
const { log, lastLines } = require('./log');
const { waitFor } = require('./session');
const { webhookSecret } = require('./state');
const { WEBHOOK_HEADER, LEDGER_EXAMPLE } = require('./examples');

const ROOT = path.resolve(__dirname, '..', '..');

/** Start sandbox/cli.js on sandboxPort; false when it did not answer its health check. */
async function startSandbox(session, { sandboxPort, stateDir }) {
	const logFile = path.join(stateDir, 'sandbox.log');
	const stateFile = path.join(stateDir, 'sandbox-state.json');
	// Webhooks to the ledger go out two at a time with a patient timeout: every payout sends one per status
	// change, and a burst of them would starve the payout run that n8n is executing on the same machine.
	const args = [
		path.join(ROOT, 'sandbox', 'cli.js'),
		'--port',
		String(sandboxPort),
		'--state-file',
		stateFile,
		'--webhook-concurrency',
		'2',
		'--webhook-timeout-ms',
		'30000',
	];
	const out = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', out, out] });
	session.sandbox = child;
	const url = `http://127.0.0.1:${sandboxPort}`;
	log(`starting the OMNO sandbox on ${url} (log: ${logFile})`);
	if (!(await waitFor(`${url}/_sandbox/health`, 15_000, () => child.exitCode !== null))) {
		log(
			`the sandbox did not start. Is port ${sandboxPort} in use (another \`npm start\`)? Then stop that one, or ` +
				`choose another port: OMNO_SANDBOX_PORT=8790 npm start. Its last log lines:\n${lastLines(logFile)}`,
		);
		return undefined;
	}
	session.stopWhenEnds(child, {
		name: 'the OMNO sandbox',
		other: 'n8n',
		logFile,
		kept: 'your state is kept',
	});
	return { url, logFile, stateFile };
}

/**
 * Point the sandbox's webhooks at the ledger workflow's trigger (with the header the webhook credential checks).
 * Returns the line the banner prints about it.
 */
async function pointSandboxWebhooks({ n8n, sandbox, examples, state }) {
	const ledger = examples.find((e) => e.file === LEDGER_EXAMPLE)?.workflow;
	const ledgerTrigger = ledger?.nodes.find((n) => n.type === 'n8n-nodes-omno.omnoTrigger');
	if (!ledgerTrigger?.webhookId) {
		return '  Sandbox webhooks: none (examples/omno-payout-ledger.json is not there yet)';
	}
	if (process.env.OMNO_START_WEBHOOKS === '0') {
		return '  Sandbox webhooks: off (OMNO_START_WEBHOOKS=0); the ledger gets nothing';
	}
	const url = `${n8n.baseUrl}/webhook/${ledgerTrigger.webhookId}/webhook`;
	const res = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify([
			{
				id: 'ledger',
				name: ledger.name,
				url,
				events: LEDGER_EVENTS,
				types: ['payout'],
				auth: { type: 'header', name: WEBHOOK_HEADER, value: webhookSecret(state) },
			},
		]),
	});
	return res.ok
		? `  Sandbox webhooks → "${ledger.name}" (${url}): each payout's waiting and final status lands in Data Table "${LEDGER_TABLE}"`
		: `  Sandbox webhooks: could not be set (${res.status} ${await res.text()})`;
}

/** What the sandbox restored from its state file ("4 payouts, 0 pay-ins, …"), from its log. */
function restoredSummary(logFile) {
	const line = lastLines(logFile, 40)
		.split('\n')
		.filter((l) => l.includes('state file:'))
		.pop();
	return line?.match(/\((.*)\)\s*$/)?.[1];
}

module.exports = { startSandbox, pointSandboxWebhooks, restoredSummary };
