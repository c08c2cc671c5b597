'use strict';

// Counters the benchmark and the e2e suites read through GET /_sandbox/stats.

function newStats() {
	return {
		startedAt: Date.now(),
		firstRequestAt: null,
		lastRequestAt: null,
		lastResponseAt: null,
		requests: 0,
		byEndpoint: {},
		byStatus: {},
		tokenRequests: { ok: 0, failed: 0 },
		rateLimited: 0,
		faults: { before: 0, after: 0, afterDropped: 0, business: 0 },
		payinsCreated: 0,
		payoutsCreated: 0,
		cashierSessions: 0,
		duplicateOrderIds: { payin: 0, payout: 0 },
		statusChanges: 0,
		inFlight: 0,
		maxInFlight: 0,
	};
}

/** The stats object plus what is derived from the store, tokens, webhooks and log at read time. */
function statsView(rt) {
	const { stats, store } = rt;
	return {
		...stats,
		distinctOrderIds: { payin: store.orderIds.payin.size, payout: store.orderIds.payout.size },
		duplicateOrderIds: {
			...stats.duplicateOrderIds,
			total: stats.duplicateOrderIds.payin + stats.duplicateOrderIds.payout,
		},
		activeTokens: rt.tokens.size,
		webhooks: { ...rt.webhooks.counts, pending: rt.webhooks.pending },
		requestLogSize: rt.requestLog.length,
		seed: rt.config.seed,
	};
}

function bump(stats, name) {
	stats.byEndpoint[name] = (stats.byEndpoint[name] ?? 0) + 1;
}

module.exports = { newStats, statsView, bump };
