'use strict';

// Deterministic randomness and traffic shaping for /public/*: the rate-limit bucket, added latency and the
// fault draws. Decisions depend on (seed, orderId, attempt), not on request interleaving, so every benchmark
// contender meets the same faults for the same orderIds.

const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');

// Uniform [0, 1) from a string key.
function unitHash(...parts) {
	return crypto.createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

function mulberry32(seedText) {
	let a = crypto.createHash('sha256').update(String(seedText)).digest().readUInt32BE(0);
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function safeEqual(a, b) {
	const ha = crypto.createHash('sha256').update(String(a)).digest();
	const hb = crypto.createHash('sha256').update(String(b)).digest();
	return crypto.timingSafeEqual(ha, hb);
}

/** Rate bucket, latency and fault draws over a live config (`getConfig()` is read on every call). */
class Traffic {
	constructor(getConfig) {
		this.getConfig = getConfig;
		this.reset();
	}

	burst() {
		const c = this.getConfig();
		return c.rateBurst ?? Math.max(1, c.rateLimit);
	}

	resetBucket() {
		this.bucket = this.getConfig().rateLimit > 0 ? { tokens: this.burst(), last: performance.now() } : null;
	}

	reseed() {
		this.latencyRng = mulberry32(`${this.getConfig().seed}|latency`);
	}

	reset() {
		this.resetBucket();
		this.reseed();
		this.attempts = new Map();
	}

	/** After a config change: only what the change touched restarts. */
	configChanged(before, after) {
		if (after.rateLimit !== before.rateLimit || after.rateBurst !== before.rateBurst) this.resetBucket();
		if (after.seed !== before.seed) this.reseed();
	}

	// Token bucket over /public/*. Returns 0 when allowed, else seconds to wait.
	takeToken() {
		const bucket = this.bucket;
		if (!bucket) return 0;
		const { rateLimit } = this.getConfig();
		const now = performance.now();
		bucket.tokens = Math.min(this.burst(), bucket.tokens + ((now - bucket.last) / 1000) * rateLimit);
		bucket.last = now;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / rateLimit));
	}

	/** Added delay for one /public call, in ms. */
	latencyMs() {
		const { min, max } = this.getConfig().latency;
		return max > 0 ? min + this.latencyRng() * (max - min) : 0;
	}

	// nth attempt for this (mode, kind, key) -> deterministic draw.
	draw(mode, kind, key) {
		const k = `${mode}|${kind}|${key}`;
		const n = (this.attempts.get(k) ?? 0) + 1;
		this.attempts.set(k, n);
		return unitHash(this.getConfig().seed, k, n);
	}
}

module.exports = { unitHash, mulberry32, safeEqual, Traffic };
