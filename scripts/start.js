#!/usr/bin/env node
'use strict';
/**
 * Run by scripts/start.sh (`npm start`) after the build and the n8n install:
 *   1. recreate the state folder ${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/start-state
 *   2. start the OMNO sandbox (node sandbox/cli.js) on OMNO_SANDBOX_PORT (default 8787)
 *   3. install the built package into a fresh n8n user folder, import the "OMNO Sandbox" credential and
 *      every examples/*.json workflow (their OMNO credential is pointed at the sandbox credential)
 *   4. start n8n on N8N_PORT (default 5678), create the owner account, print URL and login
 * Ctrl-C (or SIGTERM) stops n8n and the sandbox (their whole process groups).
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { N8n, cacheRoot, killGroup, sleep } = require('../e2e/lib/n8n');
const { n8nCredentialData } = require('../sandbox/config');

const ROOT = path.resolve(__dirname, '..');
const CREDENTIAL_ID = 'omnoSandboxCred1';
const CREDENTIAL_NAME = 'OMNO Sandbox';

function log(msg) {
	process.stderr.write(`[start] ${msg}\n`);
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

function stableId(text) {
	// n8n workflow ids are 16 alphanumeric characters.
	const h = crypto.createHash('sha256').update(text).digest('base64').replace(/[^A-Za-z0-9]/g, '');
	return `ex${h}`.slice(0, 16);
}

function loadExamples(credRef) {
	const dir = path.join(ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	const out = [];
	for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
		let wf;
		try {
			wf = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
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
				node.credentials = { ...(node.credentials || {}), omnoOAuth2Api: credRef };
			}
			return node;
		});
		out.push({ file: f, workflow: wf });
	}
	return out;
}

let shutdownRef = async (code) => process.exit(code);

async function main() {
	const { values } = parseArgs({ options: { n8n: { type: 'string', default: '2.41.1' } } });
	const version = values.n8n;
	const port = Number(process.env.N8N_PORT || 5678);
	const sandboxPort = Number(process.env.OMNO_SANDBOX_PORT || 8787);
	if (port === 5679) throw new Error('N8N_PORT 5679 is the task broker port; choose another');
	const state = path.join(cacheRoot(), 'start-state');
	fs.rmSync(state, { recursive: true, force: true });
	fs.mkdirSync(state, { recursive: true });

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
			await sleep(300);
			killGroup(sandbox.pid, 'SIGKILL');
		}
		log('stopped');
		process.exit(code);
	});
	process.on('SIGINT', () => shutdown(0));
	process.on('SIGTERM', () => shutdown(0));
	process.on('SIGHUP', () => shutdown(0));

	// 1. sandbox
	const sandboxLog = path.join(state, 'sandbox.log');
	const sandboxOut = fs.openSync(sandboxLog, 'a');
	sandbox = spawn(process.execPath, [path.join(ROOT, 'sandbox', 'cli.js'), '--port', String(sandboxPort)], {
		cwd: ROOT,
		detached: true,
		stdio: ['ignore', sandboxOut, sandboxOut],
	});
	const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
	log(`starting the OMNO sandbox on ${sandboxUrl} (log: ${sandboxLog})`);
	if (!(await waitFor(`${sandboxUrl}/_sandbox/health`, 15_000, () => sandbox.exitCode !== null))) {
		log(`the sandbox did not start:\n${fs.readFileSync(sandboxLog, 'utf8').slice(-2000)}`);
		return shutdown(1);
	}
	sandbox.on('exit', (code) => {
		if (!stopping) {
			log(`the sandbox exited (code ${code}); see ${sandboxLog}`);
			shutdown(1);
		}
	});

	// 2. n8n user folder, credential, examples
	n8n = new N8n({ version, port, userFolder: path.join(state, 'n8n'), packageDir: ROOT });
	await n8n.prepareUserFolder();
	log(`n8n ${version}: user folder ${n8n.userFolder}`);
	const credential = {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'omnoOAuth2Api',
		data: n8nCredentialData(sandboxUrl),
	};
	// For examples/trigger-route-by-status.json: the header OMNO (here: the sandbox's webhook config) must send.
	const webhookCredential = {
		id: 'omnoSandboxHook1',
		name: 'OMNO Sandbox webhook key',
		type: 'omnoWebhookAuthApi',
		data: { authType: 'header', headerName: 'X-Omno-Key', headerSecret: 'sandbox-webhook-secret' },
	};
	let t = Date.now();
	await n8n.importCredentials([credential, webhookCredential]);
	log(`imported credential "${CREDENTIAL_NAME}" (${((Date.now() - t) / 1000).toFixed(1)} s)`);
	const examples = loadExamples({ id: CREDENTIAL_ID, name: CREDENTIAL_NAME });
	if (examples.length) {
		t = Date.now();
		await n8n.importWorkflows(examples.map((e) => e.workflow));
		log(`imported ${examples.length} example workflow(s) (${((Date.now() - t) / 1000).toFixed(1)} s): ${examples.map((e) => e.file).join(', ')}`);
	}

	// 3. n8n server + owner
	const n8nLog = path.join(state, 'n8n.log');
	log(`starting n8n on http://127.0.0.1:${port} (log: ${n8nLog}) …`);
	t = Date.now();
	try {
		await n8n.startServer({ timeoutMs: 180_000, logFile: n8nLog });
	} catch (e) {
		log(e.message);
		return shutdown(1);
	}
	n8n.server.on('exit', (code) => {
		if (!stopping) {
			log(`n8n exited (code ${code}); see ${n8nLog}`);
			shutdown(1);
		}
	});
	log(`n8n ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	const password = process.env.N8N_OWNER_PASSWORD || n8n.owner.password;
	await n8n.setupOwner({ password });

	const line = '─'.repeat(64);
	process.stdout.write(
		[
			'',
			line,
			`  n8n ${version} with n8n-nodes-omno is running`,
			'',
			`  Editor:    http://127.0.0.1:${port}/`,
			`  Login:     ${n8n.owner.email}`,
			`  Password:  ${password}`,
			'',
			`  Credential "${CREDENTIAL_NAME}" → OMNO sandbox at ${sandboxUrl}`,
			`  Sandbox control API: ${sandboxUrl}/_sandbox/health, /_sandbox/requests, /_sandbox/stats`,
			examples.length ? `  Example workflows: ${examples.map((e) => e.workflow.name).join(', ')}` : '  Example workflows: none (examples/*.json)',
			'',
			`  Logs: ${n8nLog}`,
			`        ${sandboxLog}`,
			'  Press Ctrl-C to stop n8n and the sandbox.',
			line,
			'',
		].join('\n'),
	);
}

main().catch((e) => {
	log(`failed: ${e.stack || e.message}`);
	shutdownRef(1);
});
