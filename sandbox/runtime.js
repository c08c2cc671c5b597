'use strict';
/**
 * The one runtime object the sandbox's parts share (`rt`): config, stats, the store, tokens, webhooks, traffic
 * draws, the request log and the state file, with what changes them (config patches, resets, settling confirmed
 * payouts). Config and stats are replaced on reset/config change, so modules read them through `rt` each time
 * rather than keeping a copy.
 */
const { toJson } = require('./json');
const { DEFAULTS, applyConfig, RUNTIME_KEYS } = require('./config');
const { Store } = require('./store');
const { Webhooks } = require('./webhooks');
const v = require('./validate');
const { Traffic } = require('./draws');
const { Tokens } = require('./tokens');
const { newStats } = require('./stats');
const { StateFile } = require('./persistence');

/**
 * Options: the /_sandbox/config keys (see config.js), `webhooks` (initial list) and `stateFile` (path; see
 * persistence.js). `conflictStyle` defaults to the OMNO_SANDBOX_409 environment variable, then `bare`.
 */
function createRuntime({ webhooks: initialWebhooks, stateFile, ...rest } = {}) {
	if (rest.conflictStyle === undefined && process.env.OMNO_SANDBOX_409)
		rest.conflictStyle = process.env.OMNO_SANDBOX_409;
	const initialConfig = applyConfig({ ...DEFAULTS }, rest);

	const rt = {
		config: initialConfig,
		stats: newStats(),
		store: new Store(),
		requestLog: [],
		seq: 0,
		baseUrl: null,
		startedAt: Date.now(),
		settleTimers: new Set(),
		persisted: null,
		restored: undefined,
		base: () => rt.config.publicUrl ?? rt.baseUrl,
		changed: () => rt.persisted?.changed(),
	};
	rt.traffic = new Traffic(() => rt.config);
	rt.tokens = new Tokens(rt);
	rt.webhooks = new Webhooks({
		retryDelaysMs: rt.config.webhookRetryDelaysMs,
		maxAttempts: rt.config.webhookMaxAttempts ?? undefined,
		timeoutMs: rt.config.webhookTimeoutMs,
		concurrency: rt.config.webhookConcurrency,
		logLimit: rt.config.logLimit,
		onChange: () => rt.changed(),
	});
	const { store, webhooks, traffic } = rt;
	if (initialWebhooks) webhooks.setList(initialWebhooks);

	function configureWebhooks() {
		webhooks.configure({
			retryDelaysMs: rt.config.webhookRetryDelaysMs,
			maxAttempts: rt.config.webhookMaxAttempts,
			timeoutMs: rt.config.webhookTimeoutMs,
			concurrency: rt.config.webhookConcurrency,
		});
	}

	rt.setConfig = (patch) => {
		const before = rt.config;
		rt.config = applyConfig(rt.config, patch, RUNTIME_KEYS);
		traffic.configChanged(before, rt.config);
		configureWebhooks();
	};

	// A confirmed payout settles settleMs later; `settleAt` (internal) lets a reloaded sandbox finish the job.
	rt.scheduleSettle = (tx, delayMs = rt.config.settleMs) => {
		tx.settleAt = Date.now() + delayMs;
		const timer = setTimeout(() => {
			rt.settleTimers.delete(timer);
			delete tx.settleAt;
			store.settlePayout(tx);
		}, delayMs);
		rt.settleTimers.add(timer);
	};

	rt.completeStep = (tx, from, outcome) => {
		if (!['SUCCESS', 'DECLINED', 'FAILED'].includes(outcome))
			throw new v.ValidationError('outcome must be SUCCESS, DECLINED or FAILED');
		store.requireStatus(tx, from, 'completed');
		store.setStatus(tx, outcome);
	};

	rt.clearSettleTimers = () => {
		for (const t of rt.settleTimers) clearTimeout(t);
		rt.settleTimers.clear();
	};

	rt.reset = (opts = {}) => {
		rt.clearSettleTimers();
		store.reset();
		rt.tokens.clear();
		rt.requestLog = [];
		rt.seq = 0;
		webhooks.clearLog();
		if (opts.keepConfig === false) {
			rt.config = initialConfig;
			configureWebhooks();
		}
		if (opts.keepWebhooks === false) webhooks.setList(initialWebhooks ?? []);
		const inFlight = rt.stats.inFlight;
		rt.stats = newStats();
		rt.stats.inFlight = inFlight;
		traffic.reset();
		rt.changed();
	};

	// Every status change (CREATED and WAITING_FOR_CONFIRMATION included) → one delivery per matching webhook.
	store.on('status', ({ tx, status }) => {
		rt.stats.statusChanges++;
		rt.changed();
		const session = tx.sessionId ? store.sessions.get(tx.sessionId) : null;
		const extraUrls = [tx.webhookUrl, session?.webhookUrl].filter(Boolean);
		if (webhooks.list.length === 0 && extraUrls.length === 0) return;
		webhooks.dispatch({
			type: tx.type,
			status,
			payload: toJson({ ...store.view(tx), type: tx.type }),
			transactionId: tx.id,
			orderId: tx.orderId,
			extraUrls,
		});
	});

	if (stateFile) restoreFromStateFile(rt, stateFile, initialWebhooks);
	return rt;
}

/** Load what the state file holds (transactions, webhooks, outstanding deliveries) and keep it written. */
function restoreFromStateFile(rt, stateFile, initialWebhooks) {
	const { store, webhooks } = rt;
	rt.persisted = new StateFile(stateFile, () => ({
		store: store.toJSON(),
		webhooks: webhooks.list,
		deliveries: webhooks.snapshot(),
	}));
	const saved = rt.persisted.load();
	if (saved) {
		store.load(saved.store ?? {});
		if (saved.webhooks && !initialWebhooks) webhooks.setList(saved.webhooks);
		webhooks.restore(saved.deliveries ?? []);
		for (const tx of store.payouts.values()) {
			if (tx.settleAt !== undefined) rt.scheduleSettle(tx, Math.max(0, tx.settleAt - Date.now()));
		}
	}
	rt.restored = saved
		? { payins: store.payins.size, payouts: store.payouts.size, deliveries: webhooks.outstanding.size }
		: null;
}

module.exports = { createRuntime };
