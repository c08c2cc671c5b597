'use strict';
/**
 * The two processes `npm start` runs (the OMNO sandbox and n8n) and stopping both: on Ctrl-C, SIGTERM, SIGHUP,
 * when the parent goes, when either of them ends on its own, or when a step fails.
 */
const net = require('node:net');
const { killGroup, sleep } = require('../../tools/n8n');
const { log, howItEnded, lastLines } = require('./log');

class StartSession {
	constructor() {
		this.sandbox = undefined;
		this.n8n = undefined;
		this.stopping = false;
		this.started = false;
	}

	/** Stop n8n, then the sandbox (its whole process group), and exit with `code`. */
	async stop(code) {
		// Failing before anything started (a bad option): nothing to stop.
		if (!this.started) process.exit(code);
		if (this.stopping) return;
		this.stopping = true;
		log('stopping n8n and the sandbox …');
		try {
			if (this.n8n) await this.n8n.stop();
		} catch {}
		const sandbox = this.sandbox;
		if (sandbox && sandbox.exitCode === null) {
			killGroup(sandbox.pid, 'SIGTERM');
			for (let i = 0; i < 20 && sandbox.exitCode === null; i++) await sleep(100);
			killGroup(sandbox.pid, 'SIGKILL');
		}
		log(code === 0 ? 'stopped; `npm start` continues from here next time' : 'stopped');
		process.exit(code);
	}

	stopOnSignals() {
		this.started = true;
		process.on('SIGINT', () => this.stop(0));
		process.on('SIGTERM', () => this.stop(0));
		process.on('SIGHUP', () => this.stop(0));
		// `kill <npm's pid>` does not reach this process (npm does not forward SIGTERM): stop when the parent goes.
		const parent = process.ppid;
		setInterval(() => process.ppid !== parent && this.stop(0), 1000).unref();
	}

	/** When `child` ends while nobody is stopping: say so with its last log lines, and stop the other one too. */
	stopWhenEnds(child, { name, other, logFile, kept }) {
		child.on('exit', (code, signal) => {
			if (this.stopping) return;
			log(
				`${name} ${howItEnded(code, signal)}; stopping ${other} too. Its last log lines:\n${lastLines(logFile)}\nRun \`npm start\` again: ${kept}.`,
			);
			this.stop(1);
		});
	}
}

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

/** Before touching the state: another `npm start` may be using it (and a health check must not reach it). */
async function refuseBusyPorts({ port, sandboxPort }) {
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

module.exports = { StartSession, refuseBusyPorts, waitFor };
