'use strict';
/** n8n for `npm start`: its user folder in the state folder, the sandbox credentials, the server and its owner. */
const path = require('node:path');
const { N8n } = require('../../tools/n8n');
const { n8nCredentialData } = require('../../sandbox/config');
const { log, seconds, lastLines } = require('./log');
const { webhookSecret } = require('./state');
const { CREDENTIAL, WEBHOOK_CREDENTIAL, WEBHOOK_HEADER } = require('./examples');

const ROOT = path.resolve(__dirname, '..', '..');

/** The user folder with the package refreshed (every start) and both sandbox credentials imported. */
async function prepareN8n(session, { version, port, saved, sandbox }) {
	const n8n = new N8n({ version, port, userFolder: saved.userFolder, packageDir: ROOT });
	session.n8n = n8n;
	await n8n.prepareUserFolder();
	const t = Date.now();
	await n8n.importCredentials([
		{ ...CREDENTIAL, type: 'omnoOAuth2Api', data: n8nCredentialData(sandbox.url) },
		// The header the sandbox's webhooks send (pointSandboxWebhooks), for the ledger and the trigger example.
		{
			...WEBHOOK_CREDENTIAL,
			type: 'omnoWebhookAuthApi',
			data: { authType: 'header', headerName: WEBHOOK_HEADER, headerSecret: webhookSecret(saved.state) },
		},
	]);
	log(`credential "${CREDENTIAL.name}" → ${sandbox.url} (${seconds(t)})`);
	return n8n;
}

/** Examples not imported into this state folder yet (n8n import:workflow, before the server starts). */
async function importNewExamples(n8n, examples, vs) {
	const fresh = examples.filter((e) => !vs.imported[e.file]);
	const changed = examples.filter((e) => vs.imported[e.file] && vs.imported[e.file].sha !== e.sha);
	if (fresh.length) {
		const t = Date.now();
		await n8n.importWorkflows(fresh.map((e) => e.workflow));
		log(
			`imported ${fresh.length} example workflow(s) (${seconds(t)}): ${fresh.map((e) => e.file).join(', ')}`,
		);
	}
	return { fresh, changed };
}

/** `n8n start` with its log in the state folder; the log file's path, or undefined when n8n did not start. */
async function startN8n(session, n8n, { version, port, stateDir }) {
	const logFile = path.join(stateDir, 'n8n.log');
	log(`starting n8n ${version} on http://127.0.0.1:${port} (log: ${logFile}) …`);
	const t = Date.now();
	try {
		await n8n.startServer({ timeoutMs: 180_000, logFile });
	} catch (e) {
		log(
			`n8n did not start. Is port ${port} in use? Then choose another: N8N_PORT=5680 npm start. ` +
				`Its last log lines:\n${lastLines(logFile)}`,
		);
		return undefined;
	}
	session.stopWhenEnds(n8n.server, {
		name: 'n8n',
		other: 'the sandbox',
		logFile,
		kept: 'your workflows, executions and data are kept',
	});
	log(`n8n ready in ${seconds(t)}`);
	return logFile;
}

/** Create the owner on the first start (saved in the state), then log in and make an API key. */
async function signInOwner(n8n, saved) {
	const { vs } = saved;
	if (!vs.ownerCreated) {
		vs.owner = { email: n8n.owner.email, password: process.env.N8N_OWNER_PASSWORD || n8n.owner.password };
		await n8n.setupOwner({ password: vs.owner.password });
		vs.ownerCreated = true;
		saved.save();
	}
	n8n.owner = { ...n8n.owner, ...vs.owner };
	await n8n.login();
	await n8n.createApiKey({ label: `npm start ${new Date().toISOString()}` });
}

module.exports = { prepareN8n, importNewExamples, startN8n, signInOwner };
