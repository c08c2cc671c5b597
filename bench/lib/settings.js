'use strict';
/** What one bench invocation runs, from its BENCH_* variables and --full (see bench/README.md), and small helpers. */
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const env = process.env;
const VERSION = env.BENCH_N8N || require('../../scripts/n8n-versions.json').default;
const WRITE = env.BENCH_WRITE !== '0';
/**
 * `--full` (npm run bench:full): the whole benchmark in one invocation — 5,000 payouts in every cell
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

module.exports = {
	ROOT,
	env,
	VERSION,
	WRITE,
	FULL,
	ITEMS,
	LIFECYCLE_ITEMS,
	LIFECYCLE_CELL,
	GRID,
	ALL,
	CONTENDERS,
	SANDBOX,
	PREFIX,
	N8N_EXTRA_ENV,
	hasTaskset,
	pin,
	log,
	latencyRange,
	itemsFor,
	fetchConcurrency,
};
