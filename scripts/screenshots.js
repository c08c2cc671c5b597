#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: PNGs of the real n8n editor with this package, for the README (docs/screenshots/).
 *
 *   npm run screenshots                      build, start sandbox + n8n 2.41.1, capture, stop
 *   node scripts/screenshots.js --no-build   use dist/ as it is
 *   node scripts/screenshots.js --keep       leave n8n and the sandbox running afterwards (Ctrl-C stops them)
 *   OMNO_N8N_VERSION=1.123.81 npm run screenshots
 *
 * Needs Debian's Chromium at /usr/bin/chromium (`apt-get install -y chromium`; this script runs that command
 * itself when it is missing and it runs as root) and the devDependency playwright-core (`npm ci`). It installs
 * nothing else. n8n comes from the cache filled by tools/n8n/install.sh (as for `npm start`).
 *
 * What it does, like `npm start` (scripts/start.js) but on free ports and a temporary n8n folder, so it can run
 * next to a running `npm start`: starts the OMNO sandbox in-process, imports the "OMNO Sandbox" credential and
 * every examples/*.json, starts n8n, creates the owner, logs the browser in and captures:
 *   credential.png      the OMNO OAuth2 API credential dialog
 *   node-actions.png    the nodes panel listing the OMNO node's actions (operations per resource)
 *   node-panel.png      the OMNO node's panel: Payout → Create with its fields and run options
 *   workflow.png        the payout-run example on the canvas
 * The payout run itself (form upload, approval, reconciliation, execution.png) is captured by the walkthrough.
 * Re-runnable: everything is recreated on each run and the PNGs are overwritten.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8n, sleep } = require('../tools/n8n');
const { createSandbox } = require('../sandbox/server');
const { CREDENTIAL, WEBHOOK_CREDENTIAL } = require('./start/examples');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const VERSION = process.env.OMNO_N8N_VERSION || require('../scripts/n8n-versions.json').default;
const PAYOUT_EXAMPLE = 'payout-run-with-approval.json';
const args = new Set(process.argv.slice(2));

function log(msg) {
	process.stderr.write(`[screenshots] ${msg}\n`);
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	if (process.getuid && process.getuid() !== 0) {
		throw new Error(`${CHROMIUM} is missing: run \`sudo apt-get install -y chromium\` and try again`);
	}
	log(`${CHROMIUM} is missing: apt-get install -y chromium`);
	// A new machine may have no package lists yet.
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
}

/** examples/*.json with their OMNO nodes pointed at the sandbox credential (as scripts/start.js does). */
function loadExamples() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const wf = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			wf.active = false;
			wf.nodes = wf.nodes.map((n) =>
				n.type.startsWith('n8n-nodes-omno.') && (!n.credentials || n.credentials.omnoOAuth2Api)
					? { ...n, credentials: { ...n.credentials, omnoOAuth2Api: CREDENTIAL } }
					: n,
			);
			return { file, workflow: wf };
		});
}

async function main() {
	ensureChromium();
	const { chromium } = require('playwright-core');
	if (!args.has('--no-build')) {
		log('npm run build');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	fs.mkdirSync(OUT, { recursive: true });

	const sandbox = createSandbox({ quiet: true, settleMs: 200 });
	const { url: sandboxUrl, tokenUrl } = await sandbox.start(0, '127.0.0.1');
	log(`sandbox on ${sandboxUrl}`);
	const n8n = new N8n({ version: VERSION, packageDir: ROOT });
	let browser;
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-chromium-'));
	const stopAll = async () => {
		if (browser) await browser.close().catch(() => {});
		await n8n.cleanup().catch(() => {});
		await sandbox.stop().catch(() => {});
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	try {
		await n8n.prepareUserFolder();
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'omnoOAuth2Api',
				data: {
					environment: 'custom',
					clientId: 'n8n-sandbox',
					clientSecret: 'sandbox-secret',
					apiBaseUrl: sandboxUrl,
					tokenUrl,
				},
			},
			{
				...WEBHOOK_CREDENTIAL,
				type: 'omnoWebhookAuthApi',
				data: { authType: 'header', headerName: 'X-Omno-Key', headerSecret: 'sandbox-webhook-secret' },
			},
		]);
		const examples = loadExamples();
		await n8n.importWorkflows(examples.map((e) => e.workflow));
		log(`imported ${examples.length} example(s): ${examples.map((e) => e.file).join(', ')}`);
		const payout = examples.find((e) => e.file === PAYOUT_EXAMPLE)?.workflow;
		if (!payout) throw new Error(`examples/${PAYOUT_EXAMPLE} is missing`);

		await n8n.startServer({ timeoutMs: 180_000 });
		await n8n.setupOwner();
		await n8n.login();
		log(`n8n ${VERSION} on ${n8n.baseUrl}`);

		browser = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30_000);
		await signIn(page, n8n);

		const shots = [
			['credential', () => shotCredential(page, n8n)],
			['node-actions', () => shotNodeActions(page, n8n, payout.id)],
			['node-panel', () => shotNodePanel(page, n8n, payout.id)],
			['workflow', () => shotWorkflow(page, n8n, payout.id)],
		];
		for (const [name, shoot] of shots) {
			try {
				await shoot();
			} catch (e) {
				// What the page showed when a step failed, for debugging (docs/screenshots/tmp is git-ignored).
				fs.mkdirSync(path.join(OUT, 'tmp'), { recursive: true });
				await page.screenshot({ path: path.join(OUT, 'tmp', `${name}-failed.png`) }).catch(() => {});
				throw new Error(`${name}.png: ${e.message} (page: docs/screenshots/tmp/${name}-failed.png)`);
			}
		}
		log(
			`done: ${fs
				.readdirSync(OUT)
				.filter((f) => f.endsWith('.png'))
				.map((f) => `docs/screenshots/${f}`)
				.join(', ')}`,
		);

		if (args.has('--keep')) {
			log(`kept running: ${n8n.baseUrl} (login ${n8n.owner.email} / ${n8n.owner.password}); Ctrl-C stops`);
			await browser.close();
			browser = undefined;
			await new Promise((resolve) => process.once('SIGINT', resolve));
		}
	} finally {
		await stopAll();
	}
}

async function signIn(page, n8n) {
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(n8n.owner.email);
	await page.locator('input[name="password"]').fill(n8n.owner.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
	await settle(page);
}

/** Let n8n finish rendering, and close whatever it pops up on a first visit. */
async function settle(page, ms = 800) {
	await page.waitForLoadState('networkidle').catch(() => {});
	await sleep(ms);
	for (const sel of [
		'[data-test-id="whats-new-modal"] button[aria-label="Close"]',
		'.el-message-box__close',
		'.el-notification__closeBtn',
	]) {
		for (const el of await page.locator(sel).all()) await el.click({ timeout: 1000 }).catch(() => {});
	}
}

async function save(page, name, target) {
	const file = path.join(OUT, name);
	await (target ?? page).screenshot({ path: file });
	log(`captured docs/screenshots/${name}`);
}

async function openWorkflow(page, n8n, id) {
	await page.goto(`${n8n.baseUrl}/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await settle(page);
}

function canvasNode(page, name) {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

async function shotCredential(page, n8n) {
	await page.goto(`${n8n.baseUrl}/home/credentials/${CREDENTIAL.id}`);
	await page.locator('[data-test-id="editCredential-modal"]').waitFor();
	await settle(page);
	await save(page, 'credential.png');
	await page.keyboard.press('Escape');
}

async function shotNodeActions(page, n8n, workflowId) {
	await openWorkflow(page, n8n, workflowId);
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').fill('OMNO');
	await sleep(600);
	const creator = page.locator('[data-test-id="node-creator"]');
	await creator.getByText('OMNO', { exact: true }).first().click();
	await creator.getByText('Create a payout', { exact: true }).waitFor();
	await settle(page, 500);
	await save(page, 'node-actions.png');
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
}

async function shotNodePanel(page, n8n, workflowId) {
	await openWorkflow(page, n8n, workflowId);
	await canvasNode(page, 'Create payouts').dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor();
	await settle(page, 500);
	await save(page, 'node-panel.png');
	await page.keyboard.press('Escape');
}

async function shotWorkflow(page, n8n, workflowId) {
	await openWorkflow(page, n8n, workflowId);
	await page.keyboard.press('1'); // zoom to fit
	await settle(page, 600);
	await save(page, 'workflow.png');
}

main().catch((e) => {
	log(`failed: ${e.stack || e.message}`);
	process.exit(1);
});
