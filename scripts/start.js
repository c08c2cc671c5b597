#!/usr/bin/env node
'use strict';
/**
 * Run by scripts/start.sh (`npm start`) after the build and the n8n install.
 *
 *   npm start                 continue where the last `npm start` stopped (first run: set everything up)
 *   npm start -- --reset      delete the saved state and start over
 *   OMNO_START_WEBHOOKS=0     do not point the sandbox's webhooks at the ledger workflow
 *
 * State folder: $OMNO_START_STATE or ${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/start-state (kept across starts):
 *   n8n-<version>/      the n8n user folder: database (workflows, credential, executions, Data Tables), settings
 *   sandbox-state.json  the OMNO sandbox's transactions (when the sandbox supports --state-file)
 *   start.json          what this script set up (examples imported, owner login)
 *   n8n.log, sandbox.log
 *
 * First run: installs the built package into the user folder, imports the "OMNO Sandbox" credentials and every
 * examples/*.json (OMNO nodes pointed at the sandbox credential), starts n8n, creates the owner, creates the
 * ledger Data Table `omno_payouts`, activates the "OMNO payout ledger" workflow and the payout-run form, and
 * points the sandbox's webhooks at the ledger. Later runs refresh the package and the credential, import only
 * examples that are new, and keep everything else. Ctrl-C (or SIGTERM) stops n8n and the sandbox.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { N8n, cacheRoot, killGroup, sleep } = require('../tools/n8n');
const {
	LEDGER_EVENTS,
	LEDGER_TABLE,
	JOURNAL_TABLE,
	LEDGER_COLUMNS,
	ensureDataTable,
	pointDataTables,
	tablesReferenced,
} = require('../tools/n8n/data-tables');
const { n8nCredentialData } = require('../sandbox/config');

const ROOT = path.resolve(__dirname, '..');
const CREDENTIAL = { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' };
const WEBHOOK_CREDENTIAL = { id: 'omnoSandboxHook1', name: 'OMNO Sandbox webhook key' };
const WEBHOOK_HEADER = 'X-Omno-Key';
const LEDGER_EXAMPLE = 'omno-payout-ledger.json';
// Examples that only work while active (their trigger is a production webhook or form URL).
const ACTIVATE = [LEDGER_EXAMPLE, 'payout-run-with-approval.json'];
const STATE_VERSION = 1;

function log(msg) {
	process.stderr.write(`[start] ${msg}\n`);
}

const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Whether something already listens on 127.0.0.1:port (another `npm start`, another program). */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitFor(url, timeoutMs, isDead) {
	const t0 = Date.now();
	while (Date.now() - t0 < timeoutMs) {
		if (isDead && isDead()) return false;
		try {
			const r = await fetch(url);
			if (r.ok) return true;
		} catch {}
		await sleep(200);
	}
	return false;
}

/** How a child process ended, in words ("exited with status 1", "was killed (SIGKILL)"). */
function howItEnded(code, signal) {
	if (signal === 'SIGKILL')
		return 'was killed (SIGKILL: often the machine ran out of memory, or another program stopped it)';
	if (signal) return `was stopped by ${signal}`;
	return `exited with status ${code}`;
}

function lastLines(file, n = 15) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
	} catch {
		return '(no log)';
	}
}

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

function readState(file) {
	try {
		const s = JSON.parse(fs.readFileSync(file, 'utf8'));
		return s && s.stateVersion === STATE_VERSION ? s : undefined;
	} catch {
		return undefined;
	}
}

function writeState(file, state) {
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
	fs.renameSync(`${file}.tmp`, file);
}

let shutdownRef = async (code) => process.exit(code);

async function main() {
	const { values } = parseArgs({
		options: {
			n8n: { type: 'string', default: require('../tools/n8n/versions.json').default },
			reset: { type: 'boolean', default: false },
		},
		allowPositionals: false,
	});
	const version = values.n8n;
	const reset = values.reset || process.env.OMNO_START_RESET === '1';
	const port = Number(process.env.N8N_PORT || 5678);
	const sandboxPort = Number(process.env.OMNO_SANDBOX_PORT || 8787);
	if (port === 5679) throw new Error('N8N_PORT 5679 is the task broker port; choose another');
	const T0 = Date.now();

	// Before touching the state: another `npm start` may be using it (and a health check must not reach it).
	for (const [name, p, variable] of [
		['the OMNO sandbox', sandboxPort, 'OMNO_SANDBOX_PORT'],
		['n8n', port, 'N8N_PORT'],
	]) {
		if (await portInUse(p)) {
			log(
				`port ${p} (for ${name}) is already in use — is another \`npm start\` running? Stop it (Ctrl-C in its terminal), or use another port: ${variable}=${p + 3} npm start`,
			);
			process.exit(1);
		}
	}
	// 0. state folder: keep, or delete on --reset
	const stateDir = process.env.OMNO_START_STATE || path.join(cacheRoot(), 'start-state');
	const stateFile = path.join(stateDir, 'start.json');
	const userFolder = path.join(stateDir, `n8n-${version}`);
	const hadState = fs.existsSync(stateDir);
	if (reset) fs.rmSync(stateDir, { recursive: true, force: true });
	fs.mkdirSync(stateDir, { recursive: true });
	let state = readState(stateFile);
	const versionState = state?.n8n?.[version];
	const continuing = Boolean(
		versionState?.ownerCreated && fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite')),
	);
	if (!continuing) {
		// Nothing usable for this n8n version (first start, an interrupted first start, or an older layout).
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	state = state || { stateVersion: STATE_VERSION, createdAt: new Date().toISOString(), n8n: {} };
	state.n8n[version] = continuing ? versionState : { imported: {} };
	const vs = state.n8n[version];
	const mode = reset && hadState ? 'reset' : continuing ? 'continued' : 'fresh';
	log(
		mode === 'continued'
			? `continuing from the last start (state: ${stateDir}; \`npm start -- --reset\` starts over)`
			: mode === 'reset'
				? `--reset: deleted the saved state, starting over in ${stateDir}`
				: `first start: setting up ${stateDir}`,
	);

	let sandbox;
	let n8n;
	let stopping = false;
	const shutdown = (shutdownRef = async (code) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n and the sandbox …');
		try {
			if (n8n) await n8n.stop();
		} catch {}
		if (sandbox && sandbox.exitCode === null) {
			killGroup(sandbox.pid, 'SIGTERM');
			for (let i = 0; i < 20 && sandbox.exitCode === null; i++) await sleep(100);
			killGroup(sandbox.pid, 'SIGKILL');
		}
		log(code === 0 ? 'stopped; `npm start` continues from here next time' : 'stopped');
		process.exit(code);
	});
	process.on('SIGINT', () => shutdown(0));
	process.on('SIGTERM', () => shutdown(0));
	process.on('SIGHUP', () => shutdown(0));
	// `kill <npm's pid>` does not reach this process (npm does not forward SIGTERM): stop when the parent goes.
	const parent = process.ppid;
	setInterval(() => process.ppid !== parent && shutdown(0), 1000).unref();

	// 1. sandbox
	const sandboxLog = path.join(stateDir, 'sandbox.log');
	const sandboxStateFile = path.join(stateDir, 'sandbox-state.json');
	// Webhooks to the ledger go out two at a time with a patient timeout: every payout sends one per status
	// change, and a burst of them would starve the payout run that n8n is executing on the same machine.
	const sandboxArgs = [
		path.join(ROOT, 'sandbox', 'cli.js'),
		'--port',
		String(sandboxPort),
		'--state-file',
		sandboxStateFile,
		'--webhook-concurrency',
		'2',
		'--webhook-timeout-ms',
		'30000',
	];
	const sandboxOut = fs.openSync(sandboxLog, 'a');
	sandbox = spawn(process.execPath, sandboxArgs, {
		cwd: ROOT,
		detached: true,
		stdio: ['ignore', sandboxOut, sandboxOut],
	});
	const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
	log(`starting the OMNO sandbox on ${sandboxUrl} (log: ${sandboxLog})`);
	if (!(await waitFor(`${sandboxUrl}/_sandbox/health`, 15_000, () => sandbox.exitCode !== null))) {
		log(
			`the sandbox did not start. Is port ${sandboxPort} in use (another \`npm start\`)? Then stop that one, or ` +
				`choose another port: OMNO_SANDBOX_PORT=8790 npm start. Its last log lines:\n${lastLines(sandboxLog)}`,
		);
		return shutdown(1);
	}
	sandbox.on('exit', (code, signal) => {
		if (!stopping) {
			log(
				`the OMNO sandbox ${howItEnded(code, signal)}; stopping n8n too. Its last log lines:\n${lastLines(sandboxLog)}\nRun \`npm start\` again: your state is kept.`,
			);
			shutdown(1);
		}
	});

	// 2. n8n user folder (package refreshed every start), credentials, examples not imported yet
	n8n = new N8n({ version, port, userFolder, packageDir: ROOT });
	await n8n.prepareUserFolder();
	let t = Date.now();
	await n8n.importCredentials([
		{ ...CREDENTIAL, type: 'omnoOAuth2Api', data: n8nCredentialData(sandboxUrl) },
		// The header the sandbox's webhooks send (step 4), for the ledger and the trigger example.
		{
			...WEBHOOK_CREDENTIAL,
			type: 'omnoWebhookAuthApi',
			data: { authType: 'header', headerName: WEBHOOK_HEADER, headerSecret: webhookSecret(state) },
		},
	]);
	log(`credential "${CREDENTIAL.name}" → ${sandboxUrl} (${seconds(t)})`);
	const examples = loadExamples();
	const fresh = examples.filter((e) => !vs.imported[e.file]);
	const changed = examples.filter((e) => vs.imported[e.file] && vs.imported[e.file].sha !== e.sha);
	if (fresh.length) {
		t = Date.now();
		await n8n.importWorkflows(fresh.map((e) => e.workflow));
		log(
			`imported ${fresh.length} example workflow(s) (${seconds(t)}): ${fresh.map((e) => e.file).join(', ')}`,
		);
	}

	// 3. n8n server + owner
	const n8nLog = path.join(stateDir, 'n8n.log');
	log(`starting n8n ${version} on http://127.0.0.1:${port} (log: ${n8nLog}) …`);
	t = Date.now();
	try {
		await n8n.startServer({ timeoutMs: 180_000, logFile: n8nLog });
	} catch (e) {
		log(
			`n8n did not start. Is port ${port} in use? Then choose another: N8N_PORT=5680 npm start. ` +
				`Its last log lines:\n${lastLines(n8nLog)}`,
		);
		return shutdown(1);
	}
	const server = n8n.server;
	server.on('exit', (code, signal) => {
		if (!stopping) {
			log(
				`n8n ${howItEnded(code, signal)}; stopping the sandbox too. Its last log lines:\n${lastLines(n8nLog)}\nRun \`npm start\` again: your workflows, executions and data are kept.`,
			);
			shutdown(1);
		}
	});
	log(`n8n ready in ${seconds(t)}`);
	if (!vs.ownerCreated) {
		vs.owner = { email: n8n.owner.email, password: process.env.N8N_OWNER_PASSWORD || n8n.owner.password };
		await n8n.setupOwner({ password: vs.owner.password });
		vs.ownerCreated = true;
		writeState(stateFile, state);
	}
	n8n.owner = { ...n8n.owner, ...vs.owner };
	await n8n.login();
	await n8n.createApiKey({ label: `npm start ${new Date().toISOString()}` });

	// 4. the ledger Data Table, examples pointed at it, active examples, the sandbox's webhooks
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
	for (const e of fresh) {
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
	writeState(stateFile, state);

	const ledger = examples.find((e) => e.file === LEDGER_EXAMPLE)?.workflow;
	const ledgerTrigger = ledger?.nodes.find((n) => n.type === 'n8n-nodes-omno.omnoTrigger');
	let webhookNote = '  Sandbox webhooks: none (examples/omno-payout-ledger.json is not there yet)';
	if (ledgerTrigger?.webhookId && process.env.OMNO_START_WEBHOOKS === '0') {
		webhookNote = '  Sandbox webhooks: off (OMNO_START_WEBHOOKS=0); the ledger gets nothing';
	} else if (ledgerTrigger?.webhookId) {
		const url = `${n8n.baseUrl}/webhook/${ledgerTrigger.webhookId}/webhook`;
		const res = await fetch(`${sandboxUrl}/_sandbox/webhooks`, {
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
		webhookNote = res.ok
			? `  Sandbox webhooks → "${ledger.name}" (${url}): each payout's waiting and final status lands in Data Table "${LEDGER_TABLE}"`
			: `  Sandbox webhooks: could not be set (${res.status} ${await res.text()})`;
	}

	// The sandbox says what it restored from its state file ("restored 4 payouts, 0 pay-ins, …").
	const restoredLine = lastLines(sandboxLog, 40)
		.split('\n')
		.filter((l) => l.includes('state file:'))
		.pop();
	const restored = restoredLine?.match(/\((.*)\)\s*$/)?.[1];

	const line = '─'.repeat(72);
	const happened = {
		fresh: 'First start: everything was set up from scratch.',
		reset: 'Started over (--reset): the previous workflows, executions and sandbox data were deleted.',
		continued:
			"Continued from the last start: your workflows, credentials, executions and Data Tables are kept, and so are the sandbox's transactions.",
	}[mode];
	const form = examples.find((e) => e.file === 'payout-run-with-approval.json')?.workflow;
	const formPath = form?.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger')?.parameters?.options
		?.path;
	process.stdout.write(
		[
			'',
			line,
			`  n8n ${version} with n8n-nodes-omno is running (ready ${seconds(T0)} after this script started)`,
			`  ${happened}`,
			'',
			`  Editor:    http://127.0.0.1:${port}/`,
			`  Login:     ${n8n.owner.email}`,
			`  Password:  ${n8n.owner.password}`,
			formPath
				? `  Payout run form (upload a CSV/XLSX sheet): http://127.0.0.1:${port}/form/${formPath}`
				: '',
			'',
			`  Credential "${CREDENTIAL.name}" → OMNO sandbox at ${sandboxUrl}`,
			`  Sandbox transactions are saved in ${sandboxStateFile}${restored ? ` (${restored})` : ''}`,
			webhookNote,
			`  Example workflows: ${examples.map((e) => e.workflow.name).join(', ') || 'none'}`,
			...changed.map(
				(e) =>
					`  Note: examples/${e.file} changed since it was imported; your copy is kept (npm start -- --reset gets the new one)`,
			),
			'',
			`  State:  ${stateDir}   (kept; \`npm start -- --reset\` starts over)`,
			`  Logs:   ${n8nLog}`,
			`          ${sandboxLog}`,
			'  Press Ctrl-C to stop n8n and the sandbox.',
			line,
			'',
		]
			.filter((l, i, all) => l !== '' || all[i - 1] !== '')
			.join('\n'),
	);
}

/** The header secret shared by the sandbox's webhooks and the webhook credential; made once per state folder. */
function webhookSecret(state) {
	if (!state.webhookSecret) state.webhookSecret = crypto.randomBytes(24).toString('base64url');
	return state.webhookSecret;
}

main().catch((e) => {
	log(`failed: ${e.stack || e.message}`);
	shutdownRef(1);
});
