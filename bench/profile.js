#!/usr/bin/env node
'use strict';
/**
 * Where the OMNO node's CPU goes, per item: one benchmark cell (`n8n execute` of payout → create over N rows, Run
 * Options untouched, against the local sandbox) with a V8 CPU profile of the n8n process
 * (bench/cpu-profile-preload.js), then the profile's samples from the node's first to its last sample, sorted into
 * what they were doing.
 *
 *   npm run bench:profile                               # 1,000 payouts at 500 req/s × 50 ms on n8n 2.41.1
 *   PROFILE_ITEMS=2000 PROFILE_CELL=100x50 PROFILE_N8N=1.123.81 npm run bench:profile
 *   node bench/profile.js --analyze /tmp/x.cpuprofile 1000   # the table again, from a saved profile
 *   PROFILE_MAPPING=columns npm run bench:profile       # sheet columns matched automatically (no expression per field)
 *   PROFILE_PACKAGE_DIR=/tmp/other-build npm run bench:profile   # another build of the package (e.g. an older
 *                                                              # commit's `git archive`, built), for before/after
 *
 * Needs `npm run build` and n8n in the cache (tools/n8n/install.sh). The profile is kept
 * ($TMPDIR/omno-profile-<version>-<time>.cpuprofile; open it in Chrome DevTools → Performance).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8n, interpretExecuteResult } = require('../tools/n8n');
const { createSandbox } = require('../sandbox/server');
const W = require('../tools/payout-workflows');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;

/**
 * What a sample was doing: the first category (in this order) with a frame anywhere on the sample's stack. The
 * order matters: n8n resolves the credential's own expressions (the token URL) with the expression engine, so the
 * credential comes before expressions; the node's own code is on the stack of everything it calls, so it comes last.
 */
const CATEGORIES = [
	{
		name: 'credential read (getCredentials → decrypt, defaults, expressions)',
		test: (f) =>
			/^(getDecrypted|applyDefaultsAndOverwrites|getCredentials|_getCredentials|getCredentialsProperties)$/.test(
				f.functionName,
			) || /credentials-helper|credentials-overwrites|encryption\/cipher|\/dist\/credentials\.js/.test(f.url),
	},
	{
		// During a node's run in `n8n execute` the database is read for the credential (its row, on each read).
		name: 'database queries (n8n reads the credential row)',
		test: (f) => /sqlite|typeorm/.test(f.url),
	},
	{
		name: 'OAuth2 token (client-oauth2, requestOAuth2)',
		test: (f) => /client-oauth2/.test(f.url) || /^(requestOAuth2|refreshOrFetchToken)$/.test(f.functionName),
	},
	{
		name: 'parameter expressions (getNodeParameter)',
		test: (f) =>
			/^(getNodeParameter|_getNodeParameter|getParameterValue|resolveSimpleParameterValue)$/.test(
				f.functionName,
			),
	},
	{
		name: 'HTTP request (n8n httpRequest helper, axios, sockets)',
		test: (f) =>
			/\/(axios|follow-redirects|form-data|proxy-from-env|@n8n\/backend-network)\//.test(f.url) ||
			/^node:(_http_|http|https|net|tls|stream|internal\/streams|_stream)/.test(f.url) ||
			/^(httpRequest|proxyRequestToAxios|invokeAxios|convertN8nRequestToAxios)$/.test(f.functionName),
	},
	{ name: 'garbage collection', test: (f) => f.functionName === '(garbage collector)' },
	{
		name: 'OMNO node (its own code)',
		test: (f) => /n8n-nodes-omno\/dist\//.test(f.url),
	},
];
const OTHER = 'n8n and Node.js, other (execution bookkeeping, timers, native)';

/** The process CPU (µs) spent between two profile times, from the preload's [time, cpu] series; null without one. */
function cpuBetween(series, from, to) {
	if (!Array.isArray(series) || series.length < 2) return null;
	// Both clocks are monotonic µs; a series that does not cover the window is not from this clock.
	if (series[0][0] > from || series[series.length - 1][0] < to) return null;
	const at = (t) => {
		let i = 1;
		while (i < series.length - 1 && series[i][0] < t) i++;
		const [t0, c0] = series[i - 1];
		const [t1, c1] = series[i];
		return t1 === t0 ? c1 : c0 + ((c1 - c0) * (t - t0)) / (t1 - t0);
	};
	return at(to) - at(from);
}

/** Self time per profile node, and each node's path to the root. */
function analyze(profile, items) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const stackOf = (id) => {
		const frames = [];
		for (let at = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at).callFrame);
		return frames;
	};
	const ours = (id) => stackOf(id).some((f) => /n8n-nodes-omno\/dist\//.test(f.url));
	// The node's run starts with its execute(); n8n loads (runs) the package's modules long before that.
	const running = (id) =>
		stackOf(id).some((f) => /n8n-nodes-omno\/dist\//.test(f.url) && f.functionName === 'execute');
	// Sample times: timeDeltas[i] is the gap before sample i; a sample's weight is the gap to the next one.
	const times = [];
	let t = profile.startTime;
	for (const d of profile.timeDeltas) times.push((t += d));
	const first = profile.samples.findIndex((id) => running(id));
	let last = -1;
	for (let i = profile.samples.length - 1; i >= 0 && last < 0; i--) if (ours(profile.samples[i])) last = i;
	if (first < 0) throw new Error('no sample inside the OMNO node: was the package loaded, and did it run?');
	const categoryOf = new Map();
	const totals = new Map();
	let busyUs = 0;
	let idleUs = 0;
	for (let i = first; i <= last; i++) {
		const id = profile.samples[i];
		const weight = (times[i + 1] ?? times[i]) - times[i];
		const leaf = byId.get(id).callFrame.functionName;
		if (leaf === '(idle)') {
			idleUs += weight;
			continue;
		}
		busyUs += weight;
		let category = categoryOf.get(id);
		if (category === undefined) {
			const frames = stackOf(id);
			category = CATEGORIES.find((c) => frames.some(c.test))?.name ?? OTHER;
			categoryOf.set(id, category);
		}
		totals.set(category, (totals.get(category) ?? 0) + weight);
	}
	// The process's real CPU in the window (every thread), when the preload recorded it: the samples' shares of it.
	const windowCpuUs = cpuBetween(profile.cpuSeries, times[first], times[last]);
	const scale = windowCpuUs === null || busyUs === 0 ? 1 : windowCpuUs / busyUs;
	const rows = [...CATEGORIES.map((c) => c.name), OTHER].map((name) => ({
		name,
		msPerItem: ((totals.get(name) ?? 0) * scale) / 1000 / items,
	}));
	return {
		windowS: (times[last] - times[first]) / 1e6,
		busyMsPerItem: (busyUs * scale) / 1000 / items,
		sampledMsPerItem: busyUs / 1000 / items,
		measuredCpu: windowCpuUs !== null,
		idleS: idleUs / 1e6,
		processCpuS: profile.processCpuUs === undefined ? null : profile.processCpuUs / 1e6,
		rows,
	};
}

function printTable(result, items, header) {
	const out = [];
	out.push(header);
	out.push('');
	out.push(`| Where the node's CPU goes (${items} items) | ms per item | share |`);
	out.push('|---|---|---|');
	for (const row of result.rows) {
		const share = result.busyMsPerItem ? (100 * row.msPerItem) / result.busyMsPerItem : 0;
		out.push(`| ${row.name} | ${row.msPerItem.toFixed(2)} | ${share.toFixed(0)} % |`);
	}
	out.push(
		result.measuredCpu
			? `| **n8n process CPU while the node ran** | **${result.busyMsPerItem.toFixed(2)}** | 100 % |`
			: `| **main thread busy while the node ran** | **${result.busyMsPerItem.toFixed(2)}** | 100 % |`,
	);
	out.push('');
	if (result.measuredCpu) {
		out.push(
			`Shares from the main thread's samples (${result.sampledMsPerItem.toFixed(2)} ms of busy samples per item), applied to the CPU the process really used in the node's window (all threads; samples also count time the process waited for a CPU).`,
		);
	}
	out.push(
		`Node window ${result.windowS.toFixed(1)} s (first to last sample in the node's code), idle in it ${result.idleS.toFixed(1)} s` +
			(result.processCpuS === null
				? ''
				: `; the n8n process used ${result.processCpuS.toFixed(1)} s of CPU in all`),
	);
	console.log(out.join('\n'));
}

async function main() {
	const analyzeAt = process.argv.indexOf('--analyze');
	if (analyzeAt >= 0) {
		const file = process.argv[analyzeAt + 1];
		const items = Number(process.argv[analyzeAt + 2] || 1000);
		printTable(analyze(JSON.parse(fs.readFileSync(file, 'utf8')), items), items, file);
		return;
	}
	const version = env.PROFILE_N8N || require('../scripts/n8n-versions.json').default;
	const items = Number(env.PROFILE_ITEMS || 1000);
	const [rate, latency] = (env.PROFILE_CELL || '500x50').split('x').map(Number);
	const out =
		env.PROFILE_OUT ||
		path.join(
			os.tmpdir(),
			`omno-profile-${version}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`,
		);
	const packageDir = path.resolve(env.PROFILE_PACKAGE_DIR || ROOT);
	if (!fs.existsSync(path.join(packageDir, 'dist')))
		throw new Error(`${packageDir}/dist is missing: build it first`);

	// The benchmark's sandbox: 30 s tokens, 5 % business 422s, latency uniform mean ± 50 %.
	const sandbox = createSandbox({
		quiet: true,
		seed: 'bench',
		tokenLifetime: 30,
		businessErrorRate: 0.05,
		settleMs: 100,
		rateLimit: rate,
		latency: `${Math.round(latency / 2)}-${Math.round(latency * 1.5)}`,
		logLimit: items * 4,
	});
	const { url } = await sandbox.start(0, '127.0.0.1');
	const n8n = new N8n({ version, packageDir });
	try {
		await n8n.prepareUserFolder();
		const credId = 'profileCred00001';
		await n8n.importCredentials([
			{ id: credId, name: `OMNO ${credId}`, type: 'omnoOAuth2Api', data: W.omnoCredentialData(url) },
		]);
		const wf = W.omnoPayoutWorkflow({
			id: 'profileWorkflow1',
			name: `profile ${items} payouts`,
			count: items,
			prefix: 'bench-',
			credId,
			onError: 'continueRegularOutput',
			sheet: env.PROFILE_MAPPING === 'columns',
		});
		await n8n.importWorkflows(wf);
		const loadBefore = os.loadavg()[0];
		const res = await n8n.cli(['execute', `--id=${wf.id}`, '--rawOutput'], {
			timeoutMs: 30 * 60_000,
			env: {
				N8N_LOG_LEVEL: 'info',
				N8N_LOG_FORMAT: 'json',
				NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile-preload.js')}`,
				OMNO_CPU_PROFILE: out,
				OMNO_CPU_PROFILE_MATCH: 'execute',
			},
		});
		const run = interpretExecuteResult(res);
		const stats = sandbox.state.stats;
		const outputItems = run.runData?.Payouts?.[0]?.data?.main?.[0]?.length ?? 0;
		const summary = {
			ok: run.ok,
			outputItems,
			created: stats.payoutsCreated,
			tokenRequests: stats.tokenRequests.ok + stats.tokenRequests.failed,
			answered401: sandbox.state.requestLog.filter((e) => e.status === 401).length,
			rateLimited: stats.rateLimited,
			load1: `${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}`,
		};
		console.error(`[profile] ${JSON.stringify(summary)}`);
		if (!run.ok || outputItems !== items)
			throw new Error(`the run failed: ${run.errorText ?? res.stderr.slice(-500)}`);
		const header = `${packageDir === ROOT ? 'this build' : packageDir}: n8n ${version}, ${items} payout creates at ${rate} req/s × ${latency} ms, ${summary.tokenRequests} token request(s), ${summary.answered401} 401(s), load ${summary.load1}; profile: ${out}`;
		printTable(analyze(JSON.parse(fs.readFileSync(out, 'utf8')), items), items, header);
	} finally {
		await n8n.cleanup();
		await sandbox.stop();
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}

module.exports = { analyze, CATEGORIES };
