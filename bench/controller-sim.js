#!/usr/bin/env node
'use strict';
/**
 * Simulates the Auto concurrency controller (the built dist/…/concurrency.js) against the sandbox's rate
 * limiter in virtual time: a token bucket (burst = one second of rate) answering 429 + Retry-After (whole
 * seconds, ≥ 1) at once, uniform latency mean ± 50 %, and a client that spends `cpu` ms of single-threaded
 * CPU per attempt (n8n's request helper). Used to choose the controller's parameters before the real
 * benchmark; not a test and not a substitute for it.
 *
 *   npm run build && node bench/controller-sim.js                 # the benchmark grid
 *   SIM_CPU=2.5 SIM_ITEMS=5000 SIM_SET='{"growthPerSecond":0.3}' node bench/controller-sim.js
 *   SIM_TRACE=100x50 node bench/controller-sim.js                 # limit over time for one cell
 *   SIM_CPU=12 SIM_SHARE=0.3 node bench/controller-sim.js         # a loaded machine (n8n gets 30 % of a core)
 *   SIM_SET='{"growthCap":null,"queueingRatio":1e9}' …            # the controller before the queue correction
 */
const path = require('node:path');
const C = require(path.join(__dirname, '..', 'dist', 'nodes', 'Omno', 'transport', 'concurrency.js'));

const ITEMS = Number(process.env.SIM_ITEMS || 5000);
// The benchmark's 20 req/s cells: 1,000 payouts by default, 5,000 in `npm run bench:full`.
const ITEMS_AT_20 = Number(process.env.SIM_ITEMS_20 || 1000);
const CPU_MS = Number(process.env.SIM_CPU ?? 2.5);
const LANES = Number(process.env.SIM_LANES || C.CONCURRENCY_LIMITS.defaultMax);
/** 429s answered after a full round trip instead of at once (an API that rate-limits behind its latency). */
const SLOW_429 = process.env.SIM_SLOW_429 === '1';
/**
 * A loaded machine: the client gets this share of one core, in slices of SIM_SLICE ms (the scheduler runs
 * it for a slice, then other processes for slice × (1/share − 1)). 1 = an idle core. With SIM_CPU=10
 * SIM_SHARE=0.35 a request costs ~30 ms of wall time in the client, as n8n did at load 15–23.
 */
const SHARE = Number(process.env.SIM_SHARE ?? 1);
const SLICE_MS = Number(process.env.SIM_SLICE ?? 4);
Object.assign(C.CONTROLLER, JSON.parse(process.env.SIM_SET || '{}'));

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Virtual time: a sorted timer list; promise chains settle between timers. */
function makeClock() {
	let now = 0;
	let timers = [];
	let seq = 0;
	const at = (t, fn) => {
		timers.push({ t, fn, s: seq++ });
	};
	return {
		now: () => now,
		sleep: (ms) => new Promise((resolve) => at(now + ms, resolve)),
		at,
		async run(until) {
			for (;;) {
				for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
				if (until()) return;
				if (!timers.length) throw new Error('deadlock');
				let best = 0;
				for (let i = 1; i < timers.length; i++)
					if (
						timers[i].t < timers[best].t ||
						(timers[i].t === timers[best].t && timers[i].s < timers[best].s)
					)
						best = i;
				const next = timers[best];
				timers.splice(best, 1);
				now = Math.max(now, next.t);
				next.fn();
			}
		},
	};
}

async function cell(rate, latencyMs, { fixed, items = ITEMS, trace } = {}) {
	const clock = makeClock();
	const limiter = new C.ConcurrencyLimiter(clock);
	const rng = mulberry32(rate * 1000 + latencyMs);
	let tokens = rate;
	let last = 0;
	let cpuFreeAt = 0;
	const period = SLICE_MS / SHARE;
	/** When `work` ms of CPU started at `start` are done, given the slices this client is granted. */
	const finish = (start, work) => {
		if (SHARE >= 1) return start + work;
		let k = Math.floor(start / period);
		let t = Math.max(start, k * period);
		for (;;) {
			const sliceEnd = k * period + SLICE_MS;
			if (t < sliceEnd) {
				if (work <= sliceEnd - t) return t + work;
				work -= sliceEnd - t;
			}
			k++;
			t = k * period;
		}
	};
	const cpu = (ms) => {
		cpuFreeAt = finish(Math.max(clock.now(), cpuFreeAt), ms);
		return clock.sleep(cpuFreeAt - clock.now());
	};
	let attempts = 0;
	let rateLimited = 0;
	let inFlight = 0;
	let peak = 0;
	let done = 0;
	let next = 0;
	let firstSend = null;
	let lastAnswer = 0;
	const samples = [];
	const adaptive = !fixed;
	const send = async () => {
		for (;;) {
			const slot = await limiter.acquire({ adaptive, ceiling: LANES });
			await cpu(CPU_MS / 2);
			attempts++;
			firstSend ??= clock.now();
			inFlight++;
			peak = Math.max(peak, inFlight);
			const now = clock.now();
			tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
			last = now;
			let status = 200;
			let retryAfterMs;
			if (tokens >= 1) tokens -= 1;
			else {
				status = 429;
				retryAfterMs = Math.max(1, Math.ceil((1 - tokens) / rate)) * 1000;
			}
			const lat = status === 429 && !SLOW_429 ? 0.3 : latencyMs * (0.5 + rng());
			await clock.sleep(lat);
			inFlight--;
			lastAnswer = clock.now();
			await cpu(CPU_MS / 2);
			if (status === 429) {
				rateLimited++;
				limiter.release(slot, 'rateLimited', retryAfterMs);
				continue;
			}
			limiter.release(slot, 'ok');
			return;
		}
	};
	const lanes = Array.from({ length: fixed ?? LANES }, async () => {
		while (next < items) {
			next++;
			await send();
			done++;
		}
	});
	let lastTrace = -1000;
	await clock.run(() => {
		if (trace && clock.now() - lastTrace >= 250) {
			lastTrace = clock.now();
			samples.push(
				`${(clock.now() / 1000).toFixed(2)}s limit=${limiter.limit} inflight=${inFlight} 429s=${rateLimited}`,
			);
		}
		return done >= items;
	});
	await Promise.all(lanes);
	const wallS = (lastAnswer - firstSend) / 1000;
	const bound = Math.max(items / rate, (items * CPU_MS) / SHARE / 1000);
	if (trace) console.log(samples.join('\n'));
	return {
		rate,
		latencyMs,
		items,
		wallS,
		bound: items / rate,
		ratio: wallS / (items / rate),
		cpuBound: bound,
		share429: rateLimited / attempts,
		peak,
		limit: limiter.limit,
		cuts: limiter.cuts,
	};
}

(async () => {
	if (process.env.SIM_TRACE) {
		const [r, l] = process.env.SIM_TRACE.split('x').map(Number);
		console.log(await cell(r, l, { trace: true }));
		return;
	}
	const rows = [];
	for (const rate of [20, 100, 500]) {
		for (const lat of [10, 50, 250]) {
			const items = rate === 20 ? Math.min(ITEMS, ITEMS_AT_20) : ITEMS;
			rows.push(await cell(rate, lat, { items }));
		}
	}
	console.log(
		`controller ${JSON.stringify(C.CONTROLLER)} cpu ${CPU_MS} ms share ${SHARE} lanes ${LANES}${SLOW_429 ? ' slow-429' : ''}`,
	);
	console.log('rate  lat  items  wall(s)  ×bound(rate)  ×max(rate,cpu)  429%   peak  limit  cuts');
	for (const r of rows) {
		console.log(
			`${String(r.rate).padStart(4)} ${String(r.latencyMs).padStart(4)} ${String(r.items).padStart(6)} ${r.wallS.toFixed(1).padStart(8)} ${r.ratio.toFixed(2).padStart(12)} ${(r.wallS / Math.max(r.bound, r.cpuBound)).toFixed(2).padStart(14)} ${(r.share429 * 100).toFixed(1).padStart(6)} ${String(r.peak).padStart(5)} ${String(r.limit).padStart(6)} ${String(r.cuts).padStart(5)}`,
		);
	}
})();
