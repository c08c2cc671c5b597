'use strict';
/** The banner `npm start` prints when everything is ready: what to open, how to log in, where things are kept. */
const { seconds } = require('./log');
const { CREDENTIAL, PAYOUT_RUN_EXAMPLE } = require('./examples');

const HAPPENED = {
	fresh: 'First start: everything was set up from scratch.',
	reset: 'Started over (--reset): the previous workflows, executions and sandbox data were deleted.',
	continued:
		"Continued from the last start: your workflows, credentials, executions and Data Tables are kept, and so are the sandbox's transactions.",
};

function printReady({
	T0,
	version,
	port,
	n8n,
	n8nLog,
	sandbox,
	restored,
	webhookNote,
	examples,
	changed,
	saved,
}) {
	const line = '─'.repeat(72);
	const form = examples.find((e) => e.file === PAYOUT_RUN_EXAMPLE)?.workflow;
	const formPath = form?.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger')?.parameters?.options
		?.path;
	process.stdout.write(
		[
			'',
			line,
			`  n8n ${version} with n8n-nodes-omno is running (ready ${seconds(T0)} after this script started)`,
			`  ${HAPPENED[saved.mode]}`,
			'',
			`  Editor:    http://127.0.0.1:${port}/`,
			`  Login:     ${n8n.owner.email}`,
			`  Password:  ${n8n.owner.password}`,
			formPath
				? `  Payout run form (upload a CSV/XLSX sheet): http://127.0.0.1:${port}/form/${formPath}`
				: '',
			'',
			`  Credential "${CREDENTIAL.name}" → OMNO sandbox at ${sandbox.url}`,
			`  Sandbox transactions are saved in ${sandbox.stateFile}${restored ? ` (${restored})` : ''}`,
			webhookNote,
			`  Example workflows: ${examples.map((e) => e.workflow.name).join(', ') || 'none'}`,
			...changed.map(
				(e) =>
					`  Note: examples/${e.file} changed since it was imported; your copy is kept (npm start -- --reset gets the new one)`,
			),
			'',
			`  State:  ${saved.dir}   (kept; \`npm start -- --reset\` starts over)`,
			`  Logs:   ${n8nLog}`,
			`          ${sandbox.logFile}`,
			'  Press Ctrl-C to stop n8n and the sandbox.',
			line,
			'',
		]
			.filter((l, i, all) => l !== '' || all[i - 1] !== '')
			.join('\n'),
	);
}

module.exports = { printReady };
