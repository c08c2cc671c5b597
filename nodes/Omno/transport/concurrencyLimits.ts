// The numbers that bound and tune the concurrency controller (bench/controller-sim.js and tests change them).

export const CONCURRENCY_LIMITS = {
	/** Fixed mode's upper bound and the highest ceiling a user may set. */
	max: 500,
	/**
	 * Auto's default ceiling. n8n spends about 2–3 ms of CPU per request, so one process tops out near
	 * 400 requests/s; at 300 ms latency that needs 120 under way. Below the ceiling, latency and OMNO's
	 * limit decide the speed, not this number.
	 */
	defaultMax: 128,
};

export const CONTROLLER = {
	/** Where a credential's controller starts: low, so a strict limit costs few 429s. */
	initialLimit: 4,
	/**
	 * Below 1 the window is one request with a pause after it (latency × (1/limit − 1)): OMNO may allow
	 * fewer requests per second than one at a time would send.
	 */
	minLimit: 0.05,
	/** After a 429 the limit keeps at most this share of itself… */
	backoffRatio: 0.9,
	/** …and at least this share (one cut per congestion event). */
	minBackoffRatio: 0.3,
	/**
	 * Between those, it is cut to what OMNO let through since the last cut (successes per ms × mean latency:
	 * the window that just fits the rate), plus this margin. `null`: always `backoffRatio`.
	 */
	rateTargetMargin: 0.1 as number | null,
	/**
	 * After the first 429 the limit grows by this share of itself per second while its window is in use
	 * (time-based like CUBIC, so a 10 ms and a 250 ms API grow alike).
	 */
	growthPerSecond: 0.2,
	/**
	 * It grows only while the window is at most this multiple of what the answers need (success rate ×
	 * latency without queueing): a window beyond that only queues in a busy n8n process. `null`: no cap.
	 */
	growthCap: 1.5 as number | null,
	/**
	 * n8n counts as queueing answers when the last 250 ms's fastest answer took more than this multiple of
	 * the fastest seen (below that: OMNO's own spread, left alone).
	 */
	queueingRatio: 2,
	/** The fastest answer seen may rise by this share per second (OMNO itself may get slower). */
	baseLatencyDriftPerSecond: 0.02,
};
