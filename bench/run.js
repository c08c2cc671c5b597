#!/usr/bin/env node
'use strict';
/**
 * Payout-run benchmark (not part of CI): real n8n + the OMNO sandbox in its own process.
 *
 *   npm run bench                                   # 10,000 payouts, every contender, writes bench/RESULTS.md
 *   BENCH_ITEMS=1000 npm run bench                  # quick run
 *   BENCH_CONTENDERS=ours,fetch BENCH_N8N=2.41.1 BENCH_WRITE=0 node bench/run.js
 *
 * See bench/README.md for what is measured and how.
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8n, interpretExecuteResult, killGroup } = require('../e2e/lib/n8n');
const W = require('./workflows');

const ROOT = path.resolve(__dirname, '..');
const ITEMS = Number(process.env.BENCH_ITEMS || 10000);
const VERSION = process.env.BENCH_N8N || '2.41.1';
const WRITE = process.env.BENCH_WRITE !== '0';
const CONCURRENCY = 10;
// Extra n8n env for experiments, e.g. BENCH_N8N_ENV=N8N_EXPRESSION_ENGINE=legacy
const N8N_EXTRA_ENV = Object.fromEntries(
	(process.env.BENCH_N8N_ENV || '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const SANDBOX = {
	seed: process.env.BENCH_SEED || 'bench',
	latency: '20-80',
	rateLimit: 100,
	tokenLifetime: 30,
	businessErrorRate: 0.05,
};
const MEAN_LATENCY_S = 0.05;
const PREFIX = 'bench-';
const ALL = ['ours', 'http-default', 'http-tuned', 'fetch'];
const CONTENDERS = (process.env.BENCH_CONTENDERS || ALL.join(',')).split(',').map((s) => s.trim()).filter(Boolean);

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.cpus().length >= 2;
const pin = (cpu, cmd, args) => (hasTaskset ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args]);
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------------------------------------- sandbox

function startSandbox() {
	const [cmd, args] = pin(1, process.execPath, [
		path.join(ROOT, 'sandbox', 'cli.js'),
		'--port', '0', '--quiet',
		'--latency', SANDBOX.latency,
		'--rate-limit', String(SANDBOX.rateLimit),
		'--token-lifetime', String(SANDBOX.tokenLifetime),
		'--business-error-rate', String(SANDBOX.businessErrorRate),
		'--seed', SANDBOX.seed,
		'--log-limit', String(Math.max(100000, ITEMS * 20)),
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
	if (res.status !== 200) throw new Error(`control ${p}: ${res.status}`);
	return res.json();
}

/** The sandbox's own rule for business 4xx, to know in advance which orderIds may never be created. */
function businessRefused(orderId) {
	const h = crypto.createHash('sha256').update([SANDBOX.seed, 'business', 'payout', orderId].join('|')).digest();
	return h.readUInt32BE(0) / 2 ** 32 < SANDBOX.businessErrorRate;
}

// ---------------------------------------------------------------------------------------------- memory

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
function memorySampler(rootPid) {
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
				mainMb: (hwm.get(rootPid) ?? 0) / 1024,
				cpuS: [...cpu.values()].reduce((a, b) => a + b, 0),
				load: loads.length ? Math.max(...loads) : null,
			};
		},
	};
}

/**
 * Runs a command (pinned to CPU 0), sampling its memory; resolves { code, stdout, stderr, mem }. Output goes to
 * files, not pipes: n8n exits right after logging a run of many MB, and a pipe would lose the tail.
 */
function runMeasured(cmd, args, { env, cwd, timeoutMs = 45 * 60_000 } = {}) {
	const [c, a] = pin(0, cmd, args);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-bench-out-'));
	const outFile = path.join(dir, 'stdout');
	const errFile = path.join(dir, 'stderr');
	const outFd = fs.openSync(outFile, 'w');
	const errFd = fs.openSync(errFile, 'w');
	return new Promise((resolve, reject) => {
		const child = spawn(c, a, { env, cwd, detached: true, stdio: ['ignore', outFd, errFd] });
		fs.closeSync(outFd);
		fs.closeSync(errFd);
		const sampler = memorySampler(child.pid);
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			const res = { code, stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8'), mem: sampler.stop() };
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
	for (const e of pub) if (e.method === 'POST' && e.body?.orderId && e.status !== 429 && e.status !== 401) byOrder.set(e.body.orderId, (byOrder.get(e.body.orderId) ?? 0) + 1);
	return {
		wallS: pub.length ? (last - first) / 1000 : 0,
		publicRequests: pub.length,
		status401: pub.filter((e) => e.status === 401).length,
		resent: [...byOrder.values()].filter((n) => n > 1).length,
	};
}

/** Failed items as n8n reports them: [ok, business 4xx, other failures, items without any output]. */
function classifyN8n(run, contender) {
	const main = run.runData?.Payouts?.[0]?.data?.main;
	if (!main) return { ok: 0, business: 0, failed: 0, missing: ITEMS, nodeMs: null, note: run.error?.message ?? `exit ${run.code}, last node ${run.lastNode}: ${run.errorText.slice(-300)}` };
	const all = [...(main[0] || []), ...(main[1] || [])];
	let ok = 0;
	let business = 0;
	let failed = 0;
	for (const it of all) {
		const j = it.json;
		const code = Number(j.httpCode ?? j.error?.httpCode ?? /\b(4\d\d|5\d\d)\b/.exec(String(j.error?.message ?? j.error ?? ''))?.[1]);
		if (!j.error && (contender.startsWith('ours') ? j.payoutId || j.alreadyExists || j.dryRun : true)) ok++;
		else if (code === 422) business++;
		else failed++;
	}
	return {
		ok,
		business,
		failed,
		missing: ITEMS - all.length,
		nodeMs: run.runData.Payouts[0].executionTime ?? null,
		note: run.error?.message,
	};
}

async function measure(contender, url, runner) {
	await control(url, '/reset', { keepConfig: true });
	const t0 = Date.now();
	const r = await runner();
	const processS = (Date.now() - t0) / 1000;
	await new Promise((res) => setTimeout(res, 300));
	const stats = await control(url, '/stats');
	const win = await sandboxWindow(url);
	const bound = Math.max(ITEMS / SANDBOX.rateLimit, (ITEMS * MEAN_LATENCY_S) / CONCURRENCY);
	const expectedCreated = [...Array(ITEMS).keys()].filter((i) => !businessRefused(`${PREFIX}${String(i).padStart(6, '0')}`)).length;
	const row = {
		contender,
		items: ITEMS,
		wallS: win.wallS,
		itemsPerS: win.wallS ? ITEMS / win.wallS : 0,
		ratio: win.wallS / bound,
		boundS: bound,
		tokenRequests: stats.tokenRequests.ok + stats.tokenRequests.failed,
		status401: win.status401,
		rateLimited: stats.rateLimited,
		publicRequests: win.publicRequests,
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
	log(JSON.stringify(row));
	return row;
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
	log(`${ITEMS} items, n8n ${VERSION}, contenders ${CONTENDERS.join(', ')}, taskset ${hasTaskset ? 'sandbox CPU 1, clients CPU 0' : 'unavailable'}`);
	const { child: sb, url } = await startSandbox();
	process.on('exit', () => killGroup(sb.pid, 'SIGKILL'));
	log(`sandbox ${url}`);
	const rows = [];
	let n8n;
	try {
		const needN8n = CONTENDERS.some((c) => c !== 'fetch');
		const wfs = {};
		if (needN8n) {
			n8n = new N8n({ version: VERSION, packageDir: ROOT });
			await n8n.prepareUserFolder();
			// One credential per contender: each starts without a cached token.
			const creds = [];
			for (const c of CONTENDERS) {
				if (c === 'fetch') continue;
				const credId = `bench${c.replace(/[^a-z0-9]/gi, '')}`.padEnd(16, '0').slice(0, 16);
				const id = `wf${credId}`.slice(0, 16);
				if (c.startsWith('ours')) {
					// ours-c1 / ours-c20: other concurrency; ours-dry: dry run (cost of reading parameters only).
					const runOptions = { concurrency: Number(/-c(\d+)$/.exec(c)?.[1] ?? CONCURRENCY) };
					if (c === 'ours-dry') runOptions.dryRun = true;
					creds.push({ id: credId, name: `OMNO ${credId}`, type: 'omnoOAuth2Api', data: W.omnoCredentialData(url) });
					wfs[c] = W.omnoPayoutWorkflow({ id, name: `bench ${c}`, count: ITEMS, prefix: PREFIX, credId, runOptions, onError: 'continueRegularOutput' });
				} else {
					creds.push({ id: credId, name: `OAuth2 ${credId}`, type: 'oAuth2Api', data: W.genericOAuth2Data(url) });
					const tuned = c === 'http-tuned';
					wfs[c] = W.httpPayoutWorkflow({
						id,
						name: `bench ${c}`,
						count: ITEMS,
						prefix: PREFIX,
						credId,
						sandboxUrl: url,
						batching: tuned ? { batchSize: 10, batchInterval: 100 } : undefined,
						onError: tuned ? 'continueErrorOutput' : undefined,
					});
				}
			}
			await n8n.importCredentials(creds);
			await n8n.importWorkflows(Object.values(wfs));
		}
		for (const c of CONTENDERS) {
			log(`--- ${c}`);
			if (c === 'fetch') {
				rows.push(
					await measure(c, url, async () => {
						const r = await runMeasured(process.execPath, [path.join(__dirname, 'fetch-loop.js'), url, String(ITEMS), PREFIX, String(CONCURRENCY)]);
						const res = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
						return { ok: res.ok, business: res.business, failed: res.failed, missing: ITEMS - (res.items ?? 0), nodeMs: res.ms, rssMb: r.mem.treeMb, cpuS: r.mem.cpuS, load: r.mem.load };
					}),
				);
				continue;
			}
			rows.push(
				await measure(c, url, async () => {
					const env = { ...n8n.env(), ...N8N_EXTRA_ENV, N8N_LOG_LEVEL: 'info', N8N_LOG_FORMAT: 'json' };
					const r = await runMeasured(n8n.install.nodeBin, [n8n.install.n8nScript, 'execute', `--id=${wfs[c].id}`, '--rawOutput'], { env, cwd: n8n.userFolder });
					const run = interpretExecuteResult(r);
					const res = { ...classifyN8n(run, c), rssMb: r.mem.treeMb, n8nMainMb: r.mem.mainMb, cpuS: r.mem.cpuS, load: r.mem.load };
					if (!run.run) res.note = `exit ${r.code}, no run data: ${(r.stderr || r.stdout).slice(-300)}`;
					return res;
				}),
			);
		}
	} finally {
		if (n8n) await n8n.cleanup().catch(() => {});
		killGroup(sb.pid, 'SIGTERM');
	}
	const md = report(rows);
	process.stdout.write(`${md}\n`);
	if (WRITE) {
		fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
		log('wrote bench/RESULTS.md');
	}
	fs.writeFileSync(path.join(os.tmpdir(), `omno-bench-${ITEMS}-${CONTENDERS.join("+")}-${VERSION}.json`), JSON.stringify(rows, null, 2));
}

const LABEL = {
	ours: '(a) OMNO node, concurrency 10',
	'http-default': '(b) HTTP Request + OAuth2, defaults',
	'http-tuned': '(c) HTTP Request, batch 10 / 100 ms, error output (tuned)',
	fetch: '(d) bare fetch loop, concurrency 10 (lower bound)',
	'ours-dry': 'OMNO node, dry run (parameter reading only, no requests)',
	'ours-c1': 'OMNO node, concurrency 1',
	'ours-c20': 'OMNO node, concurrency 20',
};

function report(rows) {
	const f = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(d));
	const secs = (ms) => (ms === null || ms === undefined ? '–' : f(ms / 1000));
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const lines = [
		'# Payout-run benchmark results',
		'',
		`- Date: ${new Date().toISOString()}`,
		`- Command: \`${ITEMS === 10000 ? '' : `BENCH_ITEMS=${ITEMS} `}npm run bench\` (n8n ${VERSION}, \`n8n execute\`)`,
		`- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, bench on Node ${process.version}; ${hasTaskset ? 'sandbox pinned to CPU 1, n8n / fetch loop to CPU 0 (taskset)' : 'no taskset: sandbox and client share CPUs'}`,
		`- Sandbox: latency ${SANDBOX.latency} ms (mean ${MEAN_LATENCY_S * 1000} ms), rate limit ${SANDBOX.rateLimit}/s (burst ${SANDBOX.rateLimit}, 429 + Retry-After), token lifetime ${SANDBOX.tokenLifetime} s, business 422 for ${SANDBOX.businessErrorRate * 100} % of orderIds (deterministic, seed \`${SANDBOX.seed}\`), reset between contenders; same ${ITEMS} orderIds for every contender`,
		...(Object.keys(N8N_EXTRA_ENV).length ? [`- Extra n8n env: \`${process.env.BENCH_N8N_ENV}\``] : []),
		`- Bound: max(items / rate, items × mean latency / concurrency 10) = ${f(rows[0]?.boundS)} s`,
		'',
		'| Contender | Wall (s) | Items/s | × bound | Token req. | 401s | 429s | Created / expected | Failed (n8n output, excl. 422) | 422 | No output | Duplicate payouts | Re-sent orderIds (409s) | Peak in-flight | Peak RSS (MB) | CPU s (client, incl. start-up) | Node time (s) | Max load avg |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of rows) {
		lines.push(
			`| ${LABEL[r.contender] ?? r.contender} | ${f(r.wallS)} | ${f(r.itemsPerS)} | ${f(r.ratio, 2)} | ${r.tokenRequests} | ${r.status401} | ${r.rateLimited} | ${r.created} / ${r.expectedCreated} | ${r.failed} | ${r.business} | ${r.missing} | ${r.duplicatePayouts} | ${r.resentOrderIds} (${r.duplicateAttempts}) | ${r.maxInFlight} | ${f(r.rssMb, 0)} | ${f(r.cpuS)} | ${secs(r.nodeMs)} | ${f(r.load, 2)} |`,
		);
	}
	lines.push('');
	for (const r of rows) if (r.note && !r.note.startsWith('exit')) lines.push(`- ${LABEL[r.contender]}: n8n reported \`${String(r.note).slice(0, 200)}\``);
	return lines.join('\n');
}

if (process.argv[2] === '--report') {
	// Re-render RESULTS.md from saved rows: node bench/run.js --report rows.json [more-rows.json …] (later files win per contender)
	const byContender = new Map();
	for (const f of process.argv.slice(3)) for (const r of JSON.parse(fs.readFileSync(f, 'utf8'))) byContender.set(r.contender, r);
	const rows = [...byContender.values()].sort((a, b) => ALL.indexOf(a.contender) - ALL.indexOf(b.contender));
	const md = report(rows);
	process.stdout.write(`${md}\n`);
	if (WRITE) fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
} else {
	main().catch((e) => {
		console.error(e);
		process.exit(1);
	});
}
