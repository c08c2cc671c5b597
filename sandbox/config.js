'use strict';

const crypto = require('node:crypto');

const DEFAULTS = Object.freeze({
	clientId: 'n8n-sandbox',
	clientSecret: 'sandbox-secret',
	tokenLifetime: 300,
	rateLimit: 0,
	rateBurst: null,
	latency: Object.freeze({ min: 0, max: 0 }),
	faultRate: 0,
	faultAfterRate: 0,
	faultAfterMode: 'mixed',
	businessErrorRate: 0,
	settleMs: 100,
	seed: null,
	logLimit: 100000,
	webhookRetryDelaysMs: Object.freeze([50, 100, 200]),
	webhookTimeoutMs: 5000,
	// null = webhookRetryDelaysMs.length + 1; 0 = until a 2xx, as OMNO does.
	webhookMaxAttempts: null,
	// Delivery attempts in flight at once (0 = no limit).
	webhookConcurrency: 0,
	// 409 answer to a reused orderId: bare | with-id | nested | other-id (see public-api.js).
	conflictStyle: 'bare',
	publicUrl: null,
});

const CONFLICT_STYLES = ['bare', 'with-id', 'nested', 'other-id'];

class ConfigError extends Error {}

function bad(msg) {
	throw new ConfigError(msg);
}

function num(v, key, { min = 0, max = Infinity } = {}) {
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
		bad(`${key} must be a number between ${min} and ${max}`);
	}
	return n;
}

// "20-80", "50", 50 or { min, max } -> { min, max } in ms.
function parseLatency(v) {
	if (v && typeof v === 'object')
		return checkRange(num(v.min, 'latency.min'), num(v.max ?? v.min, 'latency.max'));
	if (typeof v === 'number') return checkRange(num(v, 'latency'), v);
	if (typeof v === 'string') {
		const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*(?:ms)?\s*$/.exec(v);
		if (!m) bad('latency must be "<ms>" or "<min>-<max>"');
		return checkRange(Number(m[1]), Number(m[2] ?? m[1]));
	}
	return bad('latency must be "<ms>" or "<min>-<max>"');
}

function checkRange(min, max) {
	if (max < min) bad('latency max must be >= min');
	return { min, max };
}

const APPLY = {
	clientId: (v) => (typeof v === 'string' && v ? v : bad('clientId must be a non-empty string')),
	clientSecret: (v) => (typeof v === 'string' && v ? v : bad('clientSecret must be a non-empty string')),
	tokenLifetime: (v) => num(v, 'tokenLifetime', { min: 0.001 }),
	rateLimit: (v) => num(v, 'rateLimit'),
	rateBurst: (v) => (v === null ? null : num(v, 'rateBurst', { min: 1 })),
	latency: parseLatency,
	faultRate: (v) => num(v, 'faultRate', { max: 1 }),
	faultAfterRate: (v) => num(v, 'faultAfterRate', { max: 1 }),
	faultAfterMode: (v) =>
		['503', 'drop', 'mixed'].includes(String(v))
			? String(v)
			: bad('faultAfterMode must be 503, drop or mixed'),
	businessErrorRate: (v) => num(v, 'businessErrorRate', { max: 1 }),
	settleMs: (v) => num(v, 'settleMs'),
	seed: (v) => (v === null ? null : String(v)),
	logLimit: (v) => Math.floor(num(v, 'logLimit', { min: 1 })),
	webhookRetryDelaysMs: (v) =>
		Array.isArray(v) && v.length <= 10
			? v.map((d, i) => num(d, `webhookRetryDelaysMs[${i}]`))
			: bad('webhookRetryDelaysMs must be an array'),
	webhookTimeoutMs: (v) => num(v, 'webhookTimeoutMs', { min: 1 }),
	webhookMaxAttempts: (v) => (v === null ? null : Math.floor(num(v, 'webhookMaxAttempts'))),
	webhookConcurrency: (v) => Math.floor(num(v, 'webhookConcurrency')),
	conflictStyle: (v) =>
		CONFLICT_STYLES.includes(String(v))
			? String(v)
			: bad(`conflictStyle must be ${CONFLICT_STYLES.join(', ')}`),
	publicUrl: (v) => (v === null ? null : String(v).replace(/\/+$/, '')),
};

const RUNTIME_KEYS = [
	'tokenLifetime',
	'rateLimit',
	'rateBurst',
	'latency',
	'faultRate',
	'faultAfterRate',
	'faultAfterMode',
	'businessErrorRate',
	'settleMs',
	'clientId',
	'clientSecret',
	'seed',
	'conflictStyle',
	'webhookRetryDelaysMs',
	'webhookMaxAttempts',
	'webhookTimeoutMs',
	'webhookConcurrency',
];

// Returns a new config: base + validated patch. Unknown keys are an error (typos must not pass silently).
function applyConfig(base, patch, allowed = Object.keys(APPLY)) {
	if (!patch || typeof patch !== 'object' || Array.isArray(patch)) bad('config must be an object');
	const next = { ...base };
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) continue;
		if (!allowed.includes(k)) bad(`unknown config key ${k}`);
		next[k] = APPLY[k](v);
	}
	if (next.seed === null) next.seed = crypto.randomBytes(4).toString('hex');
	return next;
}

function publicConfig(c) {
	return { ...c, clientSecret: '***' };
}

/**
 * What a user types into n8n's "OMNO OAuth2 API" credential (Environment: Custom) to use this sandbox.
 * One place for it: the start command, the e2e suites and the benchmark all import credentials this way.
 */
function n8nCredentialData(sandboxUrl, over = {}) {
	return {
		environment: 'custom',
		clientId: DEFAULTS.clientId,
		clientSecret: DEFAULTS.clientSecret,
		apiBaseUrl: sandboxUrl,
		tokenUrl: `${sandboxUrl}/realms/omno/protocol/openid-connect/token`,
		...over,
	};
}

module.exports = {
	CONFLICT_STYLES,
	DEFAULTS,
	ConfigError,
	applyConfig,
	parseLatency,
	publicConfig,
	RUNTIME_KEYS,
	n8nCredentialData,
};
