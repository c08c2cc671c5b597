'use strict';
/**
 * The walkthrough's (e2e/walkthrough.js) tools: its checklist (each step's wall time, each check's verdict, the
 * summary printed at the end), `npm start` on free ports and a throw-away state folder until its banner, and a
 * headless Chromium (Debian's, via playwright-core) with the screenshots the README shows.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { killGroup, sleep } = require('../../tools/n8n');

const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';

const results = [];
const times = [];
function log(msg) {
	process.stderr.write(`[walkthrough] ${msg}\n`);
}
function check(name, ok, detail = '') {
	results.push({ name, ok: Boolean(ok), detail });
	log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
	return Boolean(ok);
}
async function step(name, fn) {
	const t0 = Date.now();
	log(`--- ${name}`);
	try {
		return await fn();
	} finally {
		times.push({ name, seconds: (Date.now() - t0) / 1000 });
		log(`    ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	}
}

/** Prints the step times and the failed checks, then "N passed, N failed"; the number failed. */
function printSummary(title) {
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	process.stdout.write(`\n${title} — step times:\n`);
	for (const t of times)
		process.stdout.write(`  ${t.name.padEnd(42)} ${t.seconds.toFixed(1).padStart(6)} s\n`);
	process.stdout.write(
		`  ${'total'.padEnd(42)} ${times
			.reduce((a, t) => a + t.seconds, 0)
			.toFixed(1)
			.padStart(6)} s\n`,
	);
	for (const r of results.filter((x) => !x.ok))
		process.stdout.write(`  FAILED: ${r.name}${r.detail ? ` — ${r.detail}` : ''}\n`);
	process.stdout.write(`${passed} passed, ${failed} failed\n`);
	return failed;
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	if (process.getuid && process.getuid() !== 0)
		throw new Error(`${CHROMIUM} is missing: run \`sudo apt-get install -y chromium\``);
	log(`${CHROMIUM} is missing: apt-get install -y chromium`);
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' });
}

/**
 * `bash scripts/start.sh` (npm start) with `env`, until its banner. Returns { banner: { editor, email, password,
 * form }, output: () => everything it printed so far, stop() }.
 */
async function startNpmStart(env) {
	let out = '';
	const start = spawn('bash', ['scripts/start.sh'], {
		cwd: ROOT,
		detached: true,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stop = async () => {
		if (start.exitCode !== null) return;
		// Ctrl-C for npm start: it stops n8n and the sandbox itself.
		// (n8n gets 10 s to stop, then the sandbox 2 s: wait for both, or the sandbox would be left behind.)
		killGroup(start.pid, 'SIGINT');
		for (let i = 0; i < 300 && start.exitCode === null; i++) await sleep(100);
		killGroup(start.pid, 'SIGKILL');
	};
	start.stdout.on('data', (d) => (out += d));
	start.stderr.on('data', (d) => (out += d));
	const started = { output: () => out, stop };
	const t0 = Date.now();
	while (!out.includes('Press Ctrl-C')) {
		if (start.exitCode !== null) throw new Error(`npm start ended:\n${out.slice(-3000)}`);
		if (Date.now() - t0 > 900_000) {
			await stop();
			throw new Error(`npm start: no banner after 15 min:\n${out.slice(-3000)}`);
		}
		await sleep(250);
	}
	const field = (label) => out.match(new RegExp(`${label}:\\s+(\\S+)`))?.[1];
	started.banner = {
		editor: field('Editor'),
		email: field('Login'),
		password: field('Password'),
		form: out.match(/Payout run form[^:]*: (\S+)/)?.[1],
	};
	return started;
}

/**
 * Headless Chromium on `userDataDir`: { browser, page, shot(name), dismiss(), bodyText() }. `shot` captures into
 * docs/screenshots/ when `capture` (form pages: the card only).
 */
async function openBrowser(userDataDir, { capture }) {
	const { chromium } = require('playwright-core');
	const browser = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1440, height: 900 },
	});
	const page = browser.pages()[0] ?? (await browser.newPage());
	page.setDefaultTimeout(60_000);
	const shot = async (name) => {
		if (!capture) return;
		// Form pages: the card only (the rest of the page is empty).
		const card = name.startsWith('walkthrough-')
			? await page
					.locator('.card')
					.first()
					.boundingBox()
					.catch(() => null)
			: null;
		const clip = card
			? { x: 0, y: 0, width: 1440, height: Math.min(900, Math.ceil(card.y + card.height + 60)) }
			: undefined;
		await page.screenshot({ path: path.join(SHOTS, name), clip });
		log(`    captured docs/screenshots/${name}`);
	};
	// First-visit pop-ups (n8n 2.x "Production Checklist", notifications) would cover the canvas.
	const dismiss = async () => {
		const checklist = page.getByText('Production Checklist', { exact: true });
		if (await checklist.isVisible().catch(() => false)) {
			const box = await checklist.boundingBox();
			const closers = await page.locator('button, [role="button"], svg').all();
			for (const c of closers) {
				const b = await c.boundingBox().catch(() => null);
				if (b && box && Math.abs(b.y - box.y) < 25 && b.x > box.x + 150 && b.x < box.x + 400) {
					await c.click({ timeout: 1000 }).catch(() => {});
					break;
				}
			}
		}
		for (const sel of ['.el-message-box__close', '.el-notification__closeBtn']) {
			for (const el of await page.locator(sel).all()) await el.click({ timeout: 1000 }).catch(() => {});
		}
	};
	const bodyText = async () => (await page.locator('body').innerText()).replace(/\s+/g, ' ');
	return { browser, page, shot, dismiss, bodyText };
}

/** The page at a failure, into docs/screenshots/tmp/ (not a README screenshot). */
async function captureFailure(browser) {
	fs.mkdirSync(path.join(SHOTS, 'tmp'), { recursive: true });
	await browser
		.pages()[0]
		?.screenshot({ path: path.join(SHOTS, 'tmp', 'walkthrough-failed.png') })
		.catch(() => {});
	log('the page at the failure: docs/screenshots/tmp/walkthrough-failed.png');
}

module.exports = {
	log,
	check,
	step,
	printSummary,
	ensureChromium,
	startNpmStart,
	openBrowser,
	captureFailure,
};
