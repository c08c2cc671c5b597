#!/usr/bin/env node
'use strict';
/**
 * Payout-run benchmark (not part of CI): real n8n + the OMNO sandbox in its own process.
 *
 *   npm run bench:full                              # issue 15 exactly: the grid at 5,000 payouts in every cell and
 *                                                   # for every contender, then the 10,000-payout lifecycle; one RESULTS.md
 *   npm run bench                                   # the grid (rates × latencies), writes bench/RESULTS.md
 *   BENCH_GRID=100x50 BENCH_CONTENDERS=auto,fetch BENCH_WRITE=0 npm run bench   # one cell, some contenders
 *   BENCH_LIFECYCLE=1 npm run bench                 # create → confirm all → wait for final, 10,000 payouts
 *   node bench/run.js --report a.json b.json        # re-render RESULTS.md from saved rows
 *   node bench/run.js --full --plan                 # list the runs an invocation would make, and a time floor
 *
 * See bench/README.md for what is measured and how.
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8n, interpretExecuteResult, killGroup } = require('../tools/n8n');
const W = require('./workflows');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const VERSION = env.BENCH_N8N || require('../tools/n8n/versions.json').default;
const WRITE = env.BENCH_WRITE !== '0';
/**
 * `--full` (npm run bench:full): the issue's whole benchmark in one invocation — 5,000 payouts in every cell
 * for every contender (Fixed 1 too: 21 min at 250 ms), then the lifecycle. Any BENCH_* variable still wins.
 */
const FULL = process.argv.includes('--full') || env.BENCH_FULL === '1';
/** Payouts per grid cell; outside --full the 20 req/s cells (250 s of rate limit at 5,000) and Fixed 1 take fewer. */
const ITEMS = Number(env.BENCH_ITEMS || 5000);
const ITEMS_AT_20 = Number(env.BENCH_ITEMS_20 || (FULL ? ITEMS : 1000));
const FIXED1_ITEMS = Number(env.BENCH_FIXED1_ITEMS || (FULL ? ITEMS : 300));
/** Lifecycle payouts; 0 leaves the lifecycle out of --full. */
const LIFECYCLE_ITEMS = Number(env.BENCH_LIFECYCLE_ITEMS ?? 10000);
const LIFECYCLE_CELL = env.BENCH_LIFECYCLE_CELL || '100x50';
const GRID = (env.BENCH_GRID || '20,100,500x10,50,250').split(';').flatMap((part) => {
	const [rates, lats] = part.split('x').map((s) => s.split(',').map(Number));
	return rates.flatMap((rate) => lats.map((latency) => ({ rate, latency })));
});
const ALL = ['auto', 'columns', 'fixed1', 'fixed10', 'fixed20', 'http-tuned', 'fetch'];
const CONTENDERS = (env.BENCH_CONTENDERS || ALL.join(','))
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
const SANDBOX = {
	seed: env.BENCH_SEED || 'bench',
	tokenLifetime: 30,
	businessErrorRate: 0.05,
	settleMs: 100,
};
const PREFIX = 'bench-';
// Extra n8n env for experiments, e.g. BENCH_N8N_ENV=N8N_EXPRESSION_ENGINE=legacy
const N8N_EXTRA_ENV = Object.fromEntries(
	(env.BENCH_N8N_ENV || '')
		.split(',')
		.filter(Boolean)
		.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.cpus().length >= 2;
const pin = (cpu, cmd, args) => (hasTaskset ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args]);
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

/** Sandbox latency for a mean: uniform mean ± 50 %. */
const latencyRange = (mean) => `${Math.round(mean / 2)}-${Math.round(mean * 1.5)}`;
const itemsFor = (cell, contender) => {
	const base = cell.rate <= 20 ? Math.min(ITEMS, ITEMS_AT_20) : ITEMS;
	return contender === 'fixed1' ? Math.min(base, FIXED1_ITEMS) : base;
};
/** The fetch loop's concurrency: the window that fits the cell, rate × mean latency, + 25 % (it is told both). */
const fetchConcurrency = (cell) => Math.max(1, Math.ceil(((cell.rate * cell.latency) / 1000) * 1.25));

// ---------------------------------------------------------------------------------------------- sandbox

function startSandbox() {
	const [cmd, args] = pin(1, process.execPath, [
		path.join(ROOT, 'sandbox', 'cli.js'),
		'--port',
		'0',
		'--quiet',
		'--token-lifetime',
		String(SANDBOX.tokenLifetime),
		'--business-error-rate',
		String(SANDBOX.businessErrorRate),
		'--settle-ms',
		String(SANDBOX.settleMs),
		'--seed',
		SANDBOX.seed,
		'--log-limit',
		String(Math.max(200000, LIFECYCLE_ITEMS * 8)),
	]);
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

// ---------------------------------------------------------------------------------------------- memory / CPU

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
 * Samples a process tree: VmHWM (peak = sum over the processes of each one's high-water mark), CPU seconds
 * (utime + stime, last value seen per process) and the machine's 1-minute load average (other work on the box).
 */
function sampler(rootPid) {
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
	const timer = setInterval(sample, 250);
	sample();
	return {
		stop() {
			clearInterval(timer);
			return {
				treeMb: [...hwm.values()].reduce((a, b) => a + b, 0) / 1024,
				cpuS: [...cpu.values()].reduce((a, b) => a + b, 0),
				load: loads.length ? Math.max(...loads) : null,
			};
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

// ---------------------------------------------------------------------------------------------- measure

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

// ---------------------------------------------------------------------------------------------- main

const credIdFor = (key) => `b${crypto.createHash('sha256').update(key).digest('hex').slice(0, 15)}`;

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

/** Every run of this invocation: { key, cell, contender, items, workflow? }. */
function plan() {
	const runs = [];
	const lifecycle = () => {
		const [rate, latency] = LIFECYCLE_CELL.split('x').map(Number);
		const cell = { rate, latency };
		runs.push({
			key: `noop-life-${LIFECYCLE_ITEMS}`,
			cell,
			contender: 'noop-lifecycle',
			items: LIFECYCLE_ITEMS,
		});
		runs.push({
			key: `lifecycle-${rate}x${latency}-${LIFECYCLE_ITEMS}`,
			cell,
			contender: 'lifecycle',
			items: LIFECYCLE_ITEMS,
		});
	};
	if (env.BENCH_LIFECYCLE === '1') {
		lifecycle();
		return runs;
	}
	const noopSizes = new Set();
	for (const cell of GRID) {
		for (const contender of CONTENDERS) {
			const items = itemsFor(cell, contender);
			// The sheet-shaped rows get a no-op baseline of their own (the same rows, the same memory).
			if (contender === 'columns') noopSizes.add(`sheet:${items}`);
			else if (contender !== 'fetch') noopSizes.add(items);
			runs.push({ key: `${contender}-${cell.rate}x${cell.latency}-${items}`, cell, contender, items });
		}
	}
	if (env.BENCH_NOOP !== '0')
		for (const size of noopSizes) {
			const sheet = String(size).startsWith('sheet:');
			const items = Number(String(size).replace('sheet:', ''));
			const contender = sheet ? 'noop-sheet' : 'noop';
			runs.unshift({ key: `${contender}-${items}`, cell: null, contender, items });
		}
	if (FULL && LIFECYCLE_ITEMS > 0) lifecycle();
	return runs;
}

/** A rough floor for the invocation's length (rate limit or latency, + ~20 s to boot n8n per run). */
function estimateS(runs) {
	let total = 0;
	for (const run of runs) {
		const { cell, contender, items } = run;
		let s = 20;
		if (contender === 'lifecycle') s += (3 * items) / cell.rate;
		else if (cell) {
			s += items / cell.rate;
			if (contender === 'fixed1') s = Math.max(s, 20 + (items * cell.latency) / 1000);
		}
		total += s;
	}
	return total;
}

function workflowFor(run, url) {
	const id = `wf${credIdFor(run.key)}`.slice(0, 16);
	const credId = credIdFor(run.key);
	const base = { id, name: `bench ${run.key}`, count: run.items, prefix: PREFIX, credId };
	const c = run.contender;
	if (c === 'noop') return { workflow: W.noopWorkflow(base) };
	if (c === 'noop-sheet') return { workflow: W.noopWorkflow({ ...base, sheet: true }) };
	if (c === 'noop-lifecycle') return { workflow: W.noopWorkflow({ ...base, steps: 3 }) };
	if (c === 'lifecycle') {
		return {
			workflow: W.lifecycleWorkflow({ ...base, onError: 'continueRegularOutput' }),
			credential: {
				id: credId,
				name: `OMNO ${credId}`,
				type: 'omnoOAuth2Api',
				data: W.omnoCredentialData(url),
			},
		};
	}
	if (c === 'auto' || c === 'columns' || c === 'dry' || c.startsWith('fixed')) {
		// dry: Dry Run — reads and validates every row, sends nothing (the node's own cost without HTTP).
		const runOptions =
			c === 'auto' || c === 'columns'
				? undefined
				: c === 'dry'
					? { dryRun: true }
					: { concurrencyMode: 'fixed', concurrency: Number(c.slice(5)) };
		return {
			workflow: W.omnoPayoutWorkflow({
				...base,
				runOptions,
				onError: 'continueRegularOutput',
				sheet: c === 'columns',
			}),
			credential: {
				id: credId,
				name: `OMNO ${credId}`,
				type: 'omnoOAuth2Api',
				data: W.omnoCredentialData(url),
			},
		};
	}
	if (c === 'http-tuned') {
		// Tuned by someone who knows the limit: rate/10 requests every 100 ms, failures to the error output.
		const batchSize = Math.max(1, Math.round(run.cell.rate / 10));
		return {
			workflow: W.httpPayoutWorkflow({
				...base,
				sandboxUrl: url,
				batching: { batchSize, batchInterval: 100 },
				onError: 'continueErrorOutput',
			}),
			credential: { id: credId, name: `OAuth2 ${credId}`, type: 'oAuth2Api', data: W.genericOAuth2Data(url) },
		};
	}
	return {};
}

async function main() {
	const runs = plan();
	log(
		`n8n ${VERSION}, ${runs.length} runs${FULL ? ' (--full)' : ''}, at least ~${Math.round(estimateS(runs) / 60)} min on an idle machine, taskset ${hasTaskset ? 'sandbox CPU 1, clients CPU 0' : 'unavailable'}; load average now ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
	);
	const { child: sb, url } = await startSandbox();
	process.on('exit', () => killGroup(sb.pid, 'SIGKILL'));
	log(`sandbox ${url}`);
	const rows = [];
	const outFile = path.join(
		os.tmpdir(),
		`omno-bench-${env.BENCH_LIFECYCLE === '1' ? 'lifecycle' : FULL ? 'full' : 'grid'}-${VERSION}-${Date.now()}.json`,
	);
	let n8n;
	try {
		const prepared = runs.map((run) => ({ ...run, ...workflowFor(run, url) }));
		if (prepared.some((r) => r.workflow)) {
			n8n = new N8n({ version: VERSION, packageDir: ROOT });
			await n8n.prepareUserFolder();
			await n8n.importCredentials(prepared.filter((r) => r.credential).map((r) => r.credential));
			await n8n.importWorkflows(prepared.filter((r) => r.workflow).map((r) => r.workflow));
		}
		const noopByItems = new Map();
		for (const run of prepared) {
			const { cell, contender, items } = run;
			if (cell) await control(url, '/config', { rateLimit: cell.rate, latency: latencyRange(cell.latency) });
			else await control(url, '/config', { rateLimit: 0, latency: 0 });
			const row = {
				key: run.key,
				contender,
				items,
				rate: cell?.rate ?? null,
				latency: cell?.latency ?? null,
				boundS: cell ? items / cell.rate : null,
			};
			log(`--- ${run.key}`);
			let result;
			if (contender === 'fetch') {
				const concurrency = fetchConcurrency(cell);
				result = await measure({ ...row, concurrency }, url, async () => {
					const r = await runMeasured(process.execPath, [
						path.join(__dirname, 'fetch-loop.js'),
						url,
						String(items),
						PREFIX,
						String(concurrency),
					]);
					const res = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
					return {
						ok: res.ok,
						business: res.business,
						failed: res.failed,
						missing: items - (res.items ?? 0),
						nodeMs: res.ms,
						rssMb: r.mem.treeMb,
						cpuS: r.mem.cpuS,
						load: r.mem.load,
					};
				});
			} else {
				result = await measure(row, url, async () => {
					const { run: executed, mem, code, tail } = await runN8n(n8n, run.workflow);
					let res;
					if (contender.startsWith('noop'))
						res = { ok: items, business: 0, failed: 0, missing: 0, nodeMs: null };
					else if (contender === 'lifecycle') res = classifyLifecycle(executed, items);
					else
						res = classifyNode(executed, 'Payouts', items, {
							okWhen: (j) =>
								contender === 'http-tuned' ? true : Boolean(j.payoutId || j.alreadyExists || j.dryRun),
						});
					if (!executed.run) res.note = `exit ${code}, no run data: ${tail}`;
					return { ...res, rssMb: mem.treeMb, cpuS: mem.cpuS, load: mem.load };
				});
			}
			if (contender.startsWith('noop')) noopByItems.set(`${contender}-${items}`, result);
			const baseline = { lifecycle: 'noop-lifecycle', columns: 'noop-sheet' }[contender] ?? 'noop';
			const noop = noopByItems.get(`${baseline}-${items}`);
			if (noop && !contender.startsWith('noop') && contender !== 'fetch') {
				result.noopRssMb = noop.rssMb;
				result.rssVsNoop = result.rssMb / noop.rssMb;
				result.nodeCpuMsPerItem = ((result.cpuS - noop.cpuS) * 1000) / items;
			}
			rows.push(result);
			fs.writeFileSync(outFile, JSON.stringify(rows, null, 2));
		}
	} finally {
		if (n8n) await n8n.cleanup().catch(() => {});
		killGroup(sb.pid, 'SIGTERM');
	}
	log(`rows in ${outFile}`);
	const md = report(rows);
	process.stdout.write(`${md}\n`);
	if (WRITE) {
		fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
		log('wrote bench/RESULTS.md');
	}
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

// ---------------------------------------------------------------------------------------------- report

const LABEL = {
	auto: 'ours, no Run Options (Auto)',
	columns: 'ours, sheet columns matched automatically, no Run Options',
	fixed1: 'ours, Fixed 1',
	fixed10: 'ours, Fixed 10',
	fixed20: 'ours, Fixed 20',
	'http-tuned': 'HTTP Request, batch rate/10 per 100 ms (tuned)',
	fetch: 'bare fetch loop',
	dry: 'ours, Dry Run (no requests: reading + validating rows only)',
	noop: 'No-op node (memory/CPU baseline)',
	'noop-sheet': 'No-op node, sheet-shaped rows (baseline for the column-matched run)',
	'noop-lifecycle': 'No-op × 3 (lifecycle baseline)',
	lifecycle: 'ours, create → confirm → wait for final, defaults',
};

function report(rows, meta = {}) {
	const f = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(d));
	const pct = (n) => (n === null || n === undefined ? '–' : `${(n * 100).toFixed(1)} %`);
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const lines = [
		'# Payout-run benchmark results',
		'',
		`- Date: ${meta.date ?? new Date().toISOString()}`,
		`- n8n ${VERSION} (\`n8n execute\`, one process per run), bench on Node ${process.version}; package ${meta.build ?? gitRev()}`,
		`- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}; ${hasTaskset ? 'sandbox pinned to CPU 1, n8n / fetch loop to CPU 0 (taskset)' : 'no taskset: sandbox and client share CPUs'}; last column: the machine's highest 1-minute load average during the run (other engineers' jobs included)`,
		`- Sandbox: latency uniform mean ± 50 %, token bucket of one second's worth (burst = rate) answering 429 + Retry-After (whole seconds, ≥ 1) at once, token lifetime ${SANDBOX.tokenLifetime} s, business 422 for ${SANDBOX.businessErrorRate * 100} % of orderIds (deterministic, seed \`${SANDBOX.seed}\`), reset between runs; nobody but the fetch loop and the tuned HTTP Request is told the limit`,
		'- Bound: items / rate (lifecycle: (rows + 2 × payouts that can be created) / rate: a create, a confirm and one status read each). × bound = wall / bound, wall = first → last `/public` request at the sandbox',
		'',
		'| Rate/s × latency | Contender | Items | Wall (s) | × bound | 429 share | Created / expected | Failed | No output | Duplicates | Re-sent | Peak in-flight | Token req. | Node CPU ms/item | Peak RSS MB (× no-op) | Load |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of rows) {
		const cellLabel = r.rate ? `${r.rate} × ${r.latency} ms` : '–';
		const label = `${LABEL[r.contender] ?? r.contender}${r.contender === 'fetch' ? `, concurrency ${r.concurrency}` : ''}`;
		const rss = `${f(r.rssMb, 0)}${r.rssVsNoop ? ` (${f(r.rssVsNoop, 2)})` : ''}`;
		lines.push(
			`| ${cellLabel} | ${label} | ${r.items} | ${f(r.wallS)} | ${f(r.ratio, 2)} | ${r.rate ? pct(r.share429) : '–'} | ${r.rate ? `${r.created} / ${r.expectedCreated}` : '–'} | ${r.failed ?? '–'} | ${r.missing ?? '–'} | ${r.rate ? r.duplicatePayouts : '–'} | ${r.rate ? r.resentOrderIds : '–'} | ${r.rate ? r.maxInFlight : '–'} | ${r.rate ? r.tokenRequests : '–'} | ${f(r.nodeCpuMsPerItem, 2)} | ${rss} | ${f(r.load, 2)} |`,
		);
	}
	lines.push('');
	for (const r of rows)
		if (r.note && !String(r.note).startsWith('exit'))
			lines.push(`- ${r.key}: n8n reported \`${String(r.note).slice(0, 200)}\``);
	for (const r of rows)
		if (r.stages)
			lines.push(
				`- ${r.key}: created ${r.stages.created}, confirmed ${r.stages.confirmed}, final ${r.stages.final}; node time per stage ${r.stages.nodeMs.map((m) => f(m / 1000)).join(' / ')} s; requests ${JSON.stringify(r.byKind)}`,
			);
	return lines.join('\n');
}

function gitRev() {
	const r = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
	return r.status === 0 ? `build \`${r.stdout.toString().trim()}\`` : 'unknown build';
}

if (process.argv[2] === '--report') {
	// Re-render RESULTS.md from saved rows: node bench/run.js --report rows.json [more-rows.json …] (later files win per key)
	const byKey = new Map();
	for (const file of process.argv.slice(3))
		for (const r of JSON.parse(fs.readFileSync(file, 'utf8'))) byKey.set(r.key, r);
	const order = (r) => [r.rate ?? 0, r.latency ?? 0, ALL.indexOf(r.contender), r.items];
	const rows = [...byKey.values()].sort((a, b) => {
		const x = order(a);
		const y = order(b);
		for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
		return 0;
	});
	const md = report(rows);
	process.stdout.write(`${md}\n`);
	if (WRITE) fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
} else if (process.argv.includes('--plan')) {
	// What an invocation would run, without running it: node bench/run.js --full --plan
	const runs = plan();
	for (const r of runs)
		console.log(`${r.key.padEnd(34)} ${r.cell ? `${r.cell.rate}/s × ${r.cell.latency} ms` : '–'}`);
	console.log(`${runs.length} runs, at least ~${Math.round(estimateS(runs) / 60)} min on an idle machine`);
} else {
	main().catch((e) => {
		console.error(e);
		process.exit(1);
	});
}
