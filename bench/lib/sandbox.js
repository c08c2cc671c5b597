'use strict';
/** The OMNO sandbox the bench runs against: its own process (pinned to CPU 1), its control API, its 422 rule. */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const { ROOT, SANDBOX, LIFECYCLE_ITEMS, pin } = require('./settings');

/** A sandbox process on a free port with these command-line options (sandbox/cli.js), pinned to `cpu` if given. */
function spawnSandbox(options, { cpu } = {}) {
	const command = [
		process.execPath,
		[path.join(ROOT, 'sandbox', 'cli.js'), '--port', '0', '--quiet', ...options],
	];
	const [cmd, args] = cpu === undefined ? command : pin(cpu, ...command);
	const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			const m = /listening on (\S+)/.exec(out);
			if (m) resolve({ child, url: m[1] });
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
	});
}

/** The grid's sandbox: pinned to CPU 1, the bench's token lifetime, 422 rule and seed. */
function startSandbox() {
	return spawnSandbox(
		[
			...['--token-lifetime', String(SANDBOX.tokenLifetime)],
			...['--business-error-rate', String(SANDBOX.businessErrorRate)],
			...['--settle-ms', String(SANDBOX.settleMs), '--seed', SANDBOX.seed],
			...['--log-limit', String(Math.max(200000, LIFECYCLE_ITEMS * 8))],
		],
		{ cpu: 1 },
	);
}

async function control(url, p, body) {
	const res = await fetch(`${url}/_sandbox${p}`, {
		method: body ? 'POST' : 'GET',
		headers: { 'content-type': 'application/json' },
		body: body ? JSON.stringify(body) : undefined,
	});
	if (res.status !== 200) throw new Error(`control ${p}: ${res.status} ${await res.text()}`);
	return res.json();
}

/** The sandbox's own rule for business 4xx, to know in advance which orderIds may never be created. */
function businessRefused(orderId) {
	const h = crypto
		.createHash('sha256')
		.update([SANDBOX.seed, 'business', 'payout', orderId].join('|'))
		.digest();
	return h.readUInt32BE(0) / 2 ** 32 < SANDBOX.businessErrorRate;
}

module.exports = { spawnSandbox, startSandbox, control, businessRefused };
