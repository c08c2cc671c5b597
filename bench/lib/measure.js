'use strict';
/**
 * Measuring one run: the process tree's peak memory and CPU (from /proc), n8n's items per node, and what the
 * sandbox saw (wall time from first to last /public request, 429s, duplicates, re-sent orderIds).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { interpretExecuteResult, killGroup } = require('../../tools/n8n');
const { PREFIX, N8N_EXTRA_ENV, pin, log } = require('./settings');
const { control, businessRefused } = require('./sandbox');

function childrenOf(pid) {
	const out = [];
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) out.push(Number(d));
		} catch {}
	}
	return out;
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * Samples a process tree every `intervalMs`: VmHWM (peak = sum over the processes of each one's high-water mark),
 * CPU seconds (utime + stime, last value seen per process) and the machine's 1-minute load average (other work on
 * the box). `read()` gives the figures so far, `stop()` the final ones.
 */
function sampler(rootPid, intervalMs = 250) {
	const hwm = new Map();
	const cpu = new Map();
	const loads = [];
	const sample = () => {
		const stack = [rootPid];
		while (stack.length) {
			const pid = stack.pop();
			try {
				const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
				if (m) hwm.set(pid, Math.max(hwm.get(pid) ?? 0, Number(m[1])));
				const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
				const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				cpu.set(pid, (Number(f[11]) + Number(f[12])) / TICK);
			} catch {}
			stack.push(...childrenOf(pid));
		}
		try {
			loads.push(Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]));
		} catch {}
	};
	const timer = setInterval(sample, intervalMs);
	sample();
	const read = () => ({
		treeMb: [...hwm.values()].reduce((a, b) => a + b, 0) / 1024,
		cpuS: [...cpu.values()].reduce((a, b) => a + b, 0),
		load: loads.length ? Math.max(...loads) : null,
	});
	return {
		read,
		stop() {
			clearInterval(timer);
			return read();
		},
	};
}

/**
 * Runs a command (pinned to CPU 0), sampling it; resolves { code, stdout, stderr, mem }. Output goes to files,
 * not pipes: n8n exits right after logging a run of many MB, and a pipe would lose the tail.
 */
function runMeasured(cmd, args, { env: childEnv, cwd, timeoutMs = 45 * 60_000 } = {}) {
	const [c, a] = pin(0, cmd, args);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-bench-out-'));
	const outFile = path.join(dir, 'stdout');
	const errFile = path.join(dir, 'stderr');
	const outFd = fs.openSync(outFile, 'w');
	const errFd = fs.openSync(errFile, 'w');
	return new Promise((resolve, reject) => {
		const child = spawn(c, a, { env: childEnv, cwd, detached: true, stdio: ['ignore', outFd, errFd] });
		fs.closeSync(outFd);
		fs.closeSync(errFd);
		const s = sampler(child.pid);
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			const res = {
				code,
				stdout: fs.readFileSync(outFile, 'utf8'),
				stderr: fs.readFileSync(errFile, 'utf8'),
				mem: s.stop(),
			};
			fs.rmSync(dir, { recursive: true, force: true });
			resolve(res);
		});
	});
}

async function sandboxWindow(url) {
	const { requests } = await control(url, '/requests');
	const pub = requests.filter((e) => e.path.startsWith('/public'));
	const first = Math.min(...pub.map((e) => e.time));
	const last = Math.max(...pub.map((e) => e.time + (e.durationMs ?? 0)));
	const byOrder = new Map();
	// A request refused with 429 or 401 was not processed: re-sending it is fine, so it does not count.
	for (const e of pub)
		if (e.method === 'POST' && e.body?.orderId && e.status !== 429 && e.status !== 401)
			byOrder.set(e.body.orderId, (byOrder.get(e.body.orderId) ?? 0) + 1);
	const byKind = {};
	for (const e of pub) {
		const kind = `${e.method} ${e.path.replace(/\/(?:[^/]*\d[^/]*)(?=\/|$)/g, '/{id}')}`;
		byKind[kind] = (byKind[kind] ?? 0) + 1;
	}
	return {
		wallS: pub.length ? (last - first) / 1000 : 0,
		publicRequests: pub.length,
		status401: pub.filter((e) => e.status === 401).length,
		resent: [...byOrder.values()].filter((n) => n > 1).length,
		byKind,
	};
}

/** Items as n8n reports them for one node: [ok, business 4xx, other failures, items without any output]. */
function classifyNode(run, nodeName, items, { okWhen = () => true } = {}) {
	const main = run.runData?.[nodeName]?.[0]?.data?.main;
	if (!main)
		return {
			ok: 0,
			business: 0,
			failed: 0,
			missing: items,
			nodeMs: null,
			note:
				run.error?.message ??
				`exit ${run.code}, last node ${run.lastNode}: ${String(run.errorText ?? '').slice(-300)}`,
		};
	const all = [...(main[0] || []), ...(main[1] || [])];
	let ok = 0;
	let business = 0;
	let failed = 0;
	for (const it of all) {
		const j = it.json;
		const code = Number(
			j.httpCode ??
				j.error?.httpCode ??
				/\b(4\d\d|5\d\d)\b/.exec(String(j.error?.message ?? j.error ?? ''))?.[1],
		);
		if (!j.error && okWhen(j)) ok++;
		else if (code === 422) business++;
		else failed++;
	}
	return {
		ok,
		business,
		failed,
		missing: items - all.length,
		nodeMs: run.runData[nodeName][0].executionTime ?? null,
		note: run.error?.message,
	};
}

async function measure(row, url, runner) {
	await control(url, '/reset', { keepConfig: true });
	const t0 = Date.now();
	const r = await runner();
	const processS = (Date.now() - t0) / 1000;
	await new Promise((res) => setTimeout(res, 300));
	const stats = await control(url, '/stats');
	const win = await sandboxWindow(url);
	const expectedCreated = [...Array(row.items).keys()].filter(
		(i) => !businessRefused(`${PREFIX}${String(i).padStart(6, '0')}`),
	).length;
	// The lifecycle's bound: one create per row, one confirm and one status read per payout that can exist.
	if (row.contender === 'lifecycle') row.boundS = (row.items + 2 * expectedCreated) / row.rate;
	const out = {
		...row,
		wallS: win.wallS,
		itemsPerS: win.wallS ? row.items / win.wallS : 0,
		ratio: row.boundS ? win.wallS / row.boundS : null,
		tokenRequests: stats.tokenRequests.ok + stats.tokenRequests.failed,
		status401: win.status401,
		rateLimited: stats.rateLimited,
		publicRequests: win.publicRequests,
		share429: win.publicRequests ? stats.rateLimited / win.publicRequests : 0,
		byKind: win.byKind,
		created: stats.payoutsCreated,
		expectedCreated,
		lost: expectedCreated - stats.distinctOrderIds.payout,
		duplicatePayouts: stats.payoutsCreated - stats.distinctOrderIds.payout,
		duplicateAttempts: stats.duplicateOrderIds.payout,
		resentOrderIds: win.resent,
		maxInFlight: stats.maxInFlight,
		processS,
		...r,
	};
	log(JSON.stringify({ ...out, byKind: undefined }));
	return out;
}

/** The lifecycle: payouts created, confirmed and at a final status, from the last node's output. */
function classifyLifecycle(run, items) {
	const created = classifyNode(run, 'Payouts', items, { okWhen: (j) => Boolean(j.payoutId) });
	const confirmed = classifyNode(run, 'Confirm', items, { okWhen: (j) => !j.error });
	const final = classifyNode(run, 'Final status', items, {
		okWhen: (j) =>
			['SUCCESS', 'FAILED', 'REJECTED', 'CANCELLED', 'DECLINED'].includes(
				String(j.status ?? '').toUpperCase(),
			),
	});
	const ms = ['Payouts', 'Confirm', 'Final status'].map((n) => run.runData?.[n]?.[0]?.executionTime ?? null);
	return {
		ok: final.ok,
		business: created.business,
		failed: final.failed,
		missing: final.missing,
		nodeMs: ms.every((m) => m !== null) ? ms.reduce((a, b) => a + b, 0) : null,
		stages: { created: created.ok, confirmed: confirmed.ok, final: final.ok, nodeMs: ms },
		note: created.note ?? confirmed.note ?? final.note,
	};
}

async function runN8n(n8n, wf) {
	const childEnv = { ...n8n.env(), ...N8N_EXTRA_ENV, N8N_LOG_LEVEL: 'info', N8N_LOG_FORMAT: 'json' };
	const r = await runMeasured(
		n8n.install.nodeBin,
		[n8n.install.n8nScript, 'execute', `--id=${wf.id}`, '--rawOutput'],
		{ env: childEnv, cwd: n8n.userFolder },
	);
	return {
		run: interpretExecuteResult(r),
		mem: r.mem,
		code: r.code,
		tail: (r.stderr || r.stdout).slice(-300),
	};
}

module.exports = { sampler, runMeasured, runN8n, measure, classifyNode, classifyLifecycle };
