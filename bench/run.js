#!/usr/bin/env node
'use strict';
/**
 * Payout-run benchmark (not part of CI): real n8n + the OMNO sandbox in its own process.
 *
 *   npm run bench:full                              # the full benchmark: the grid at 5,000 payouts in every cell and
 *                                                   # for every contender, then the 10,000-payout lifecycle; one RESULTS.md
 *   npm run bench                                   # the grid (rates × latencies), writes bench/RESULTS.md
 *   BENCH_GRID=100x50 BENCH_CONTENDERS=auto,fetch BENCH_WRITE=0 npm run bench   # one cell, some contenders
 *   BENCH_LIFECYCLE=1 npm run bench                 # create → confirm all → wait for final, 10,000 payouts
 *   node bench/run.js --report a.json b.json        # re-render RESULTS.md from saved rows
 *   node bench/run.js --full --plan                 # list the runs an invocation would make, and a time floor
 *
 * See bench/README.md for what is measured and how. The parts are in bench/lib/: settings.js (the BENCH_* variables),
 * plan.js (the runs), sandbox.js, measure.js (memory, CPU, what the sandbox saw), run-one.js, report.js (RESULTS.md).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8n, killGroup } = require('../tools/n8n');
const { ROOT, env, VERSION, WRITE, FULL, hasTaskset, log } = require('./lib/settings');
const { startSandbox } = require('./lib/sandbox');
const { plan, estimateS, workflowFor } = require('./lib/plan');
const { runOne } = require('./lib/run-one');
const { report, rowsFromFiles } = require('./lib/report');

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
			rows.push(await runOne(run, { url, n8n, noopByItems }));
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

if (process.argv[2] === '--report') {
	// Re-render RESULTS.md from saved rows: node bench/run.js --report rows.json [more-rows.json …] (later files win per key)
	const md = report(rowsFromFiles(process.argv.slice(3)));
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
