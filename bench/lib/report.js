'use strict';
/** RESULTS.md: one table row per run, and the notes n8n reported. */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const { ROOT, VERSION, ALL, SANDBOX, hasTaskset } = require('./settings');

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

/** Rows saved by earlier invocations (later files win per key), in grid order. */
function rowsFromFiles(files) {
	const byKey = new Map();
	for (const file of files) for (const r of JSON.parse(fs.readFileSync(file, 'utf8'))) byKey.set(r.key, r);
	const order = (r) => [r.rate ?? 0, r.latency ?? 0, ALL.indexOf(r.contender), r.items];
	return [...byKey.values()].sort((a, b) => {
		const x = order(a);
		const y = order(b);
		for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
		return 0;
	});
}

module.exports = { report, rowsFromFiles };
